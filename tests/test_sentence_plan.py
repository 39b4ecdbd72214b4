"""Sentence vectors made at index time: what is stored with each chunk, and that a search
re-ranks with them instead of calling the model."""
import numpy as np
import pytest

from assistant.indexing.chunking import Chunk
from assistant.quotes.extract import Quote, Span
from assistant.store.sentence_vectors import (
    META_KEY, SPANS_KEY, mean_unit, pack, plan, spans_from_text, unpack, unpack_codes,
)
from assistant.text.sentences import sentence_spans
from assistant.store.chroma import Store


def test_pack_keeps_cosines(seed):
    texts = ["The Kremlin will study the proposal.", "Oil prices rose sharply on Monday.",
             "“We must move toward peace,” he said.", "Arsenal won 2-0."]
    vectors = seed._embedder().encode(texts)
    back = unpack(pack(vectors), vectors.shape[1])
    assert back.shape == vectors.shape
    exact, packed = vectors @ vectors.T, back @ vectors.T
    assert np.abs(exact - packed).max() < 0.01
    codes, scales = unpack_codes(pack(vectors), vectors.shape[1])
    assert codes.dtype == np.int8 and scales.shape == (4,)


@pytest.mark.parametrize("raw", ["", "not base64!", "AAAA", pack(np.ones((2, 5)) / 5 ** 0.5)])
def test_unpack_refuses_what_is_not_rows_of_that_width(raw):
    assert unpack(raw, 384) is None


def test_plan_embeds_each_sentence_once_and_covers_chunks_and_quotes():
    text = ("First sentence here. Second one follows. “Third is a quote,” she said. "
            "Fourth closes it.")
    spans = sentence_spans(text)
    # Two overlapping chunks sharing the third sentence.
    a = Chunk(0, spans[2][1], text[: spans[2][1]])
    b = Chunk(spans[2][0], len(text), text[spans[2][0]:])
    quote = Quote("she", None, None, [Span(spans[2][0] + 1, spans[2][0] + 18)], "direct")
    got = plan(text, [a, b], [quote])
    assert len(got.spans) == len(set(got.spans)) == len(spans)
    assert [got.spans[i] for i in got.chunks[0]] == spans[:3]
    assert [got.spans[i] for i in got.chunks[1]] == spans[2:]
    assert [got.spans[i] for i in got.quotes[0]] == [spans[2]]
    assert got.texts(text)[2].startswith("“Third")


def test_chunk_records_hold_their_sentences(seed_index, seed):
    got = Store(seed_index).chunks.get(include=["documents", "metadatas", "embeddings"])
    dims = seed._embedder().dimensions
    assert got["ids"]
    for text, meta, vector in zip(got["documents"], got["metadatas"], got["embeddings"]):
        spans = spans_from_text(meta[SPANS_KEY], meta["start"])
        assert spans == sentence_spans(text, meta["start"])
        sentences = unpack(meta[META_KEY], dims)
        assert sentences.shape == (len(spans), dims)
        # The chunk's own vector is the mean of its sentences'.
        assert float(mean_unit(sentences) @ np.asarray(vector)) > 0.999
        # And each stored sentence vector is that sentence embedded alone.
        fresh = seed._embedder().encode([text[s - meta["start"]: e - meta["start"]] for s, e in spans])
        assert np.min(np.sum(fresh * sentences, axis=1)) > 0.99


def test_search_reranks_without_embedding_sentences(seed):
    retriever = seed._retrieval()
    hits, _ = retriever.search("What did the Kremlin spokesman say about the proposal?")
    assert hits and any("Peskow" in h.text for h in hits[:2])
    # Nothing had to be embedded at question time: the vectors came from the records.
    assert retriever.keyword()._sentence_vectors == {}
    assert all(h.sentences for h in hits)


def test_chunks_written_without_sentence_vectors_are_embedded_once(seed_index, seed):
    """An index written before chunks carried their sentences still re-ranks."""
    from assistant.search.retriever import KeywordIndex

    got = Store(seed_index).chunks.get(include=["documents", "metadatas"])
    stored = {i: unpack(m[META_KEY], 384) for i, m in zip(got["ids"], got["metadatas"])}
    old = [{k: v for k, v in m.items() if k != META_KEY} for m in got["metadatas"]]
    keyword = KeywordIndex(got["ids"], got["documents"], old)
    vectors = keyword.sentence_vectors(got["ids"][:2], seed._embedder())
    for cid in got["ids"][:2]:
        assert vectors[cid].shape == stored[cid].shape
        assert np.min(np.sum(vectors[cid] * stored[cid], axis=1)) > 0.99
    assert set(keyword._sentence_vectors) == set(got["ids"][:2])  # kept for the next question
