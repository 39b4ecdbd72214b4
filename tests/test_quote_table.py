"""The in-memory quote table speaker questions choose from, and the registry's lookup."""
import numpy as np

from assistant.models.embedder import shared_embedder
from assistant.quotes.speakers import SpeakerRegistry, has_first_name, same_person
from assistant.search.quote_index import QuoteIndex
from assistant.search.snapshot import Snapshots
from assistant.store.chroma import Store
from assistant.store.filters import Filters
from assistant.store.quote_table import QuoteTable
from assistant.store.records import article_id


def _quote_index(index):
    store = Store(index)
    embedder = shared_embedder()
    return QuoteIndex(store, embedder, Snapshots(store, embedder.dimensions))


def test_table_from_chunks_matches_the_quotes_collection(seed_index):
    """The table built from the entries chunk records carry holds every quote record, with
    its speaker and its vector (up to the 8-bit rounding)."""
    store = Store(seed_index)
    table = QuoteTable.from_chunks(store.chunks(), shared_embedder().dimensions)
    quotes, vectors = store.all_quotes(), store.vectors("quotes")
    assert len(table) == len(quotes) == store.counts()["quotes"] > 10
    assert sorted(table.ids) == sorted(quotes)
    for row, qid in enumerate(table.ids):
        assert table.speakers[row] == (quotes[qid].speaker or "")
        restored = table.codes[row] * table.scales[row]
        assert abs(float(restored @ np.asarray(vectors[qid])) - 1) < 0.01


def test_choose_ranks_by_topic_and_keeps_article_order_otherwise(seed):
    quotes = _quote_index(seed.path)
    table = quotes.snapshots.current().quotes
    people = quotes.people("Zelensky")
    rows = table.rows(set(people[0].aliases), Filters())
    assert len(rows) >= 3
    in_order = table.choose(rows, None, None, False)
    starts = [int(i.rsplit(":q", 1)[1]) for i in in_order]
    assert starts == sorted(starts)  # one article: quotes in the order they were found
    vector = shared_embedder().encode_query("security guarantees")
    ranked = table.choose(rows, vector, 2, False)
    assert len(ranked) == 2 and set(ranked) <= set(in_order)
    top = seed.quotes("Zelensky", about="security guarantees")[0]
    assert "security guarantees" in top.text


def test_filters_and_bounds_reach_the_table(seed):
    quotes = _quote_index(seed.path)
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


def test_quote_records_hold_their_text_in_one_field(seed_index, seed):
    """A quote record is its article id and one JSON field (Chroma writes a row per field);
    the quote read back is exactly the article's span."""
    store = Store(seed_index)
    quotes = store.all_quotes()
    assert quotes
    for qid, quote in quotes.items():
        assert qid.startswith(article_id(quote.source) + ":q")
        assert quote.text and quote.text == seed.document(quote.source).text[quote.start : quote.end]
        assert all(quote.start <= c.start < c.end <= quote.end for c in quote.contents)
