"""The search files beside an index (keyword index, chunk records, quote table): written by
the index run, opened by readers without reading the chunks back from Chroma, rebuilt with
one line on stderr when missing or stale, and never kept for a read that overlapped a write."""
from __future__ import annotations

import json
import shutil
import sqlite3
from concurrent.futures import ThreadPoolExecutor

from assistant import Assistant
from assistant.models.embedder import shared_embedder
from assistant.search import keyword
from assistant.search.chunk_files import FILE, ChunkFiles
from assistant.search.keyword import KeywordIndex
from assistant.search.snapshot import FILES_VERSION, FOLDER, Snapshots
from assistant.store.chroma import Store

QUESTIONS = ["What did Peskov say?", "What did Zelensky say about security guarantees?",
             "ceasefire proposal talks in Riyadh", "Who is Gerasimov?"]
BUILDING = "building the search files"


def answers(index) -> list[tuple]:
    a = Assistant(index)
    return [(r.text, [(c.source, c.start, c.end, c.speaker) for c in r.citations])
            for r in (a.ask(q) for q in QUESTIONS)]


def generation_folders(index) -> list[str]:
    return sorted(p.name for p in (index / FOLDER).iterdir() if p.name.startswith("g-"))


def test_the_index_run_writes_them_and_a_reader_opens_them_as_they_are(seed_index, tmp_path, capfd):
    index = tmp_path / "index"
    shutil.copytree(seed_index, index)
    generation = Store(index).generation()
    assert generation_folders(index) == [f"g-{generation}"]
    stamp = json.loads((index / FOLDER / f"g-{generation}" / "stamp.json").read_text())
    assert stamp["generation"] == generation
    capfd.readouterr()
    expected = answers(index)
    assert BUILDING not in capfd.readouterr().err
    assert any(c[3] for _, cited in expected for c in cited)  # quotes with their speakers

    # Missing files: rebuilt from Chroma, said in one line, the same answers.
    shutil.rmtree(index / FOLDER)
    assert answers(index) == expected
    assert capfd.readouterr().err.count(BUILDING) == 1
    assert generation_folders(index) == [f"g-{generation}"]

    # Files of another layout or schema are stale: rebuilt, not read.
    stamp_file = index / FOLDER / f"g-{generation}" / "stamp.json"
    stamp_file.write_text(json.dumps({**stamp, "schema": -1}))
    assert answers(index) == expected
    assert capfd.readouterr().err.count(BUILDING) == 1
    assert json.loads(stamp_file.read_text()) == stamp


def test_files_of_the_previous_layout_are_rebuilt(seed_index, tmp_path, capfd):
    index = tmp_path / "index"
    shutil.copytree(seed_index, index)
    store = Store(index)
    stamp_file = index / FOLDER / f"g-{store.generation()}" / "stamp.json"
    stamp = json.loads(stamp_file.read_text())
    assert stamp["files"] == FILES_VERSION
    stamp_file.write_text(json.dumps({**stamp, "files": FILES_VERSION - 1}))
    capfd.readouterr()
    snapshot = Snapshots(store, shared_embedder().dimensions).current()
    assert capfd.readouterr().err.count(BUILDING) == 1
    assert json.loads(stamp_file.read_text()) == stamp
    stored = store.all_quotes()
    assert snapshot.keyword.chunks.quotes(list(stored)) == stored


def test_a_new_generation_replaces_the_old_files(seed_index, tmp_path, corpus):
    index = tmp_path / "index"
    shutil.copytree(seed_index, index)
    before = generation_folders(index)
    article = corpus / "extra.txt"
    article.write_text("Extra report\n\nThe mayor, Anna Lindqvist, said: \"The bridge opens "
                       "in May, whatever the weather.\"\n", encoding="utf-8")
    Assistant(index).index([article])
    after = generation_folders(index)
    assert after != before and len(after) == 1
    assert after == [f"g-{Store(index).generation()}"]
    reply = Assistant(index).ask("What did Lindqvist say?")
    assert any("bridge opens" in c.text and c.speaker == "Anna Lindqvist" for c in reply.citations)


def test_a_read_during_a_write_is_answered_but_not_kept(seed_index, tmp_path, capfd):
    index = tmp_path / "index"
    shutil.copytree(seed_index, index)
    expected = answers(index)
    shutil.rmtree(index / FOLDER)
    store = Store(index, create=True)
    store.save_settings({"writing": "another process"})  # a run under way
    try:
        capfd.readouterr()
        assert answers(index) == expected
        assert capfd.readouterr().err.count(BUILDING) == 1
        assert generation_folders(index) == []  # may hold half a run: not the generation's
    finally:
        store.save_settings({"writing": ""})
    assert answers(index) == expected
    assert generation_folders(index) == [f"g-{store.generation()}"]


def test_keyword_search_ranks_as_llama_index_bm25(seed_index, tmp_path):
    """The files' BM25 (bm25s, memory-mapped) ranks and scores chunks exactly as
    llama-index's BM25 retriever over the same chunks."""
    from llama_index.core.schema import TextNode
    from llama_index.retrievers.bm25 import BM25Retriever

    chunks = Store(seed_index).chunks()
    keyword.build(chunks, tmp_path)
    ours = KeywordIndex(tmp_path)
    theirs = BM25Retriever(nodes=[TextNode(id_=c.id, text=c.text) for c in chunks],
                           similarity_top_k=5)
    for query in ["ceasefire Riyadh talks", "Peskov Kremlin proposal", "security guarantees Europe"]:
        expected = [(n.node.node_id, round(n.score, 4)) for n in theirs.retrieve(query) if n.score > 0]
        got = [(cid, round(score, 4)) for cid, score in ours.search(query, 5)]
        assert got == expected and got
    assert ours.search("the of and", 5) == []  # stop words only
    assert len(ours.chunks) == len(chunks)
    first = chunks[0]
    assert ours.chunks[first.id].text == first.text
    assert ours.chunks[first.id].sentence_spans == first.sentence_spans
    assert first.id in ours.chunks and "nope:0" not in ours.chunks


def test_quote_table_saved_and_memory_mapped_is_the_same_table(seed_index, tmp_path):
    from assistant.store.filters import Filters
    from assistant.store.quote_table import QuoteTable

    dimensions = shared_embedder().dimensions
    built = QuoteTable.from_chunks(Store(seed_index).chunks(), dimensions)
    built.save(tmp_path / "quotes")
    loaded = QuoteTable.load(tmp_path / "quotes")
    assert len(loaded) == len(built) > 10
    assert list(loaded.ids) == list(built.ids)
    assert list(loaded.speakers) == list(built.speakers)
    assert list(loaded.roles) == list(built.roles)
    assert [a.source for a in loaded.articles] == [a.source for a in built.articles]
    vector = shared_embedder().encode_query("security guarantees")
    everyone = loaded.rows(None, Filters())
    assert loaded.choose(everyone, vector, 3, False) == built.choose(everyone, vector, 3, False)
    speaker = next(s for s in built.speakers if s)
    assert list(loaded.rows({speaker}, Filters())) == list(built.rows({speaker}, Filters()))


def test_a_read_only_index_is_answered_from_files_kept_elsewhere(seed_index, tmp_path):
    from assistant.store.filters import Filters

    index = tmp_path / "index"
    shutil.copytree(seed_index, index)
    expected = answers(index)
    shutil.rmtree(index / FOLDER)
    store = Store(index)
    # A place no folder can be made in (a file stands where its parent should be).
    (tmp_path / "taken").write_text("not a folder")
    snapshots = Snapshots(store, shared_embedder().dimensions, folder=tmp_path / "taken" / "x")
    snapshot = snapshots.current()
    assert len(snapshot.keyword.chunks) == store.counts()["chunks"]
    vector = shared_embedder().encode_query("security guarantees")
    assert snapshot.quotes.choose(snapshot.quotes.rows(None, Filters()), vector, 1, False)
    assert answers(index) == expected


def test_quote_records_are_read_from_the_files_as_chroma_holds_them(seed_index):
    store = Store(seed_index)
    snapshot = Snapshots(store, shared_embedder().dimensions).current()
    stored = store.all_quotes()
    assert len(stored) > 10
    assert snapshot.keyword.chunks.quotes(list(stored)) == stored
    assert snapshot.keyword.chunks.quotes(["nope:q0"]) == {}
    # Each kept as the one field that holds the whole quote, not as Chroma's metadata.
    db = sqlite3.connect(seed_index / FOLDER / f"g-{store.generation()}" / FILE)
    try:
        kept = dict(db.execute("SELECT id, record FROM quotes"))
    finally:
        db.close()
    assert kept == {qid: meta["record"] for qid, meta in store.quote_metadata()}


def test_chunk_records_read_again_outlive_the_others(seed_index, tmp_path):
    chunks = Store(seed_index).chunks()
    keyword.build(chunks, tmp_path)
    files = ChunkFiles(tmp_path, cached=3)
    a, b, c, d = (chunk.id for chunk in chunks[:4])
    first, second = files[a], files[b]
    files.many([c])
    assert files[a] is first  # kept decoded, and now the most recently used
    files.many([d])  # one too many: the least recently used (b) goes
    assert files[a] is first
    again = files[b]
    assert again is not second and again == second  # read anew from the file


def test_chunk_records_are_read_right_from_many_threads(seed_index, tmp_path):
    chunks = Store(seed_index).chunks()
    keyword.build(chunks, tmp_path)
    files = ChunkFiles(tmp_path, cached=3)  # hits and evictions on almost every read
    expected = {c.id: c.text for c in chunks}
    ids = list(expected)
    assert len(ids) > 3

    def wrong(offset: int) -> list[str]:
        found = []
        for step in range(200):
            picked = [ids[(offset + step + j) % len(ids)] for j in range(3)]
            got = files.many(picked)
            found += [i for i in picked if got[i].text != expected[i]]
        return found

    with ThreadPoolExecutor(6) as pool:
        assert [f.result() for f in [pool.submit(wrong, n) for n in range(6)]] == [[]] * 6
