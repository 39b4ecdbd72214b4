"""The in-memory quote table speaker questions choose from, and the registry's lookup."""
import numpy as np

from assistant.search.filters import Filters
from assistant.store.quote_table import QuoteTable
from assistant.quotes.speakers import SpeakerRegistry, has_first_name, same_person
from assistant.store.chroma import Store


def test_table_from_chunks_matches_the_quotes_collection(seed_index, seed):
    dims = seed._embedder().dimensions
    store = Store(seed_index)
    metas = store.chunks.get(include=["metadatas"])["metadatas"]
    carried = QuoteTable.from_chunks(metas, dims)
    stored = QuoteTable.from_collection(store.quotes, dims)
    assert len(carried) == len(stored) == store.quotes.count() > 10
    order = sorted(range(len(carried)), key=lambda r: carried.ids[r])
    again = sorted(range(len(stored)), key=lambda r: stored.ids[r])
    assert [carried.ids[r] for r in order] == [stored.ids[r] for r in again]
    assert [carried.speakers[r] for r in order] == [stored.speakers[r] for r in again]
    # Same vectors up to the 8-bit rounding.
    a = carried.codes[order] * carried.scales[order, None]
    b = stored.codes[again] * stored.scales[again, None]
    assert np.abs(np.sum(a * b, axis=1) - 1).max() < 0.01


def test_choose_ranks_by_topic_and_keeps_article_order_otherwise(seed):
    quotes = seed._quote_index()
    table = quotes._load()
    people = quotes.people("Zelensky")
    rows = table.rows(set(people[0].aliases), Filters())
    assert len(rows) >= 3
    in_order = table.choose(rows, None, None, False)
    starts = [int(i.rsplit(":q", 1)[1]) for i in in_order]
    assert starts == sorted(starts)  # one article: quotes in the order they were found
    vector = seed._embedder().encode_query("security guarantees")
    ranked = table.choose(rows, vector, 2, False)
    assert len(ranked) == 2 and set(ranked) <= set(in_order)
    top = seed.quotes("Zelensky", about="security guarantees")[0]
    assert "security guarantees" in top.text


def test_filters_and_bounds_reach_the_table(seed):
    quotes = seed._quote_index()
    assert quotes.count("Zelensky") == len(seed.quotes("Zelensky")) >= 3
    assert quotes.count("Zelensky", Filters.build(source="no such publisher")) == 0
    assert seed.quotes("Zelensky", filters=Filters.build(since="2030-01-01")) == []
    assert len(quotes.find("Zelensky", "peace", k=1)) == 1
    assert quotes.find("Nobody Atall") == [] and quotes.count("Nobody Atall") == 0


def test_registry_lookup_finds_exactly_the_compatible_people():
    names = ["Dmitri Peskow", "Peskov", "Dmitry Peskov", "Sergei Lavrov", "Lavrov",
             "Hillary Clinton", "Bill Clinton", "Clinton", "Andreas Heinemann-Grüder",
             "Grüder", "Volodymyr Zelenskyy", "Zelensky", "Oleksandr Syrskyj", "Syrsky",
             "Valery Gerasimov", "Gerassimov", "Marco Rubio", "Rubio", "Annalena Baerbock"]
    reg = SpeakerRegistry()
    for i, name in enumerate(names):
        reg.add(name, None, i + 1)
    for query in [*names, "Peskow", "Heinemann-Gruder", "Clintons", "Mr Lavrov"]:
        found = reg.resolve(query)
        expected = [p for p in reg.people() if any(same_person(query, a) for a in p.aliases | {p.name})]
        assert found, query
        if has_first_name(query):
            # A full name: only people it fits, never a namesake with another first name.
            assert all(p.matches(query) for p in found), query
        else:
            # A surname: everyone who goes by it, however spelled.
            assert {id(p) for p in expected} <= {id(p) for p in found}, query
    assert [p.name for p in reg.resolve("Peskow")] == ["Dmitri Peskow"]
    assert {p.name for p in reg.resolve("Clinton")} >= {"Hillary Clinton", "Bill Clinton"}
    assert [p.name for p in reg.resolve("What did Rubio say")] == ["Marco Rubio"]


def test_quote_records_read_the_same_packed_or_one_field_each(seed_index, seed):
    """Quote records are written packed (one JSON field); an index written before kept one
    Chroma field per value and the text as the document. Both read as the same Quote."""
    import json

    from assistant.search.quote_index import from_record
    from assistant.store.quote_table import RECORD_KEY, record_fields

    got = Store(seed_index).quotes.get(include=["metadatas", "documents"])
    assert got["metadatas"] and all(set(m) == {"article", RECORD_KEY} for m in got["metadatas"])
    assert not any(got["documents"])  # the text travels in the record
    for meta in got["metadatas"]:
        packed = from_record(None, meta)
        fields = record_fields(meta)
        older = {k: v for k, v in fields.items() if k != "text"}
        older.update(speaker_span=json.dumps(fields["speaker_span"]) if fields["speaker_span"] else "",
                     cue=json.dumps(fields["cue"]) if fields["cue"] else "",
                     contents=json.dumps(fields["contents"]))
        assert from_record(fields["text"], older) == packed
        assert packed.text and packed.text == seed.document(packed.source).text[packed.start : packed.end]
