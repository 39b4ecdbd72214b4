"""Sentence vectors made at index time: what is stored with each chunk, and that a search
re-ranks with them instead of calling the model."""
import numpy as np
import pytest

from assistant.indexing.chunking import Chunk
from assistant.indexing.sentence_plan import mean_unit, plan
from assistant.models.embedder import shared_embedder
from assistant.quotes.extract import Quote, Span
from assistant.store.chroma import Store
from assistant.store.packing import pack, unpack, unpack_codes
from assistant.text.sentences import sentence_spans


def test_pack_keeps_cosines():
    texts = ["The Kremlin will study the proposal.", "Oil prices rose sharply on Monday.",
             "“We must move toward peace,” he said.", "Arsenal won 2-0."]
    vectors = shared_embedder().encode(texts)
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
    assert got.chunk_spans(0) == spans[:3]
    assert got.chunk_spans(1) == spans[2:]
    assert [got.spans[i] for i in got.quotes[0]] == [spans[2]]
    assert got.texts(text)[2].startswith("“Third")


def test_chunk_records_hold_their_sentences(seed_index):
    store = Store(seed_index)
    chunks = store.chunks()
    vectors = store.vectors("chunks")
    embedder = shared_embedder()
    dims = embedder.dimensions
    assert chunks
    for chunk in chunks:
        assert chunk.sentence_spans == sentence_spans(chunk.text, chunk.start)
        sentences = unpack(chunk.sentence_vectors, dims)
        assert sentences.shape == (len(chunk.sentence_spans), dims)
        # The chunk's own vector is the mean of its sentences'.
        assert float(mean_unit(sentences) @ np.asarray(vectors[chunk.id])) > 0.999
        # And each stored sentence vector is that sentence embedded alone.
        fresh = embedder.encode([chunk.text[s - chunk.start: e - chunk.start]
                                 for s, e in chunk.sentence_spans])
        assert np.min(np.sum(fresh * sentences, axis=1)) > 0.99


def test_search_reranks_with_the_stored_sentences(seed):
    hits = seed.search("What did the Kremlin spokesman say about the proposal?")
    assert hits and any("Peskow" in h.text for h in hits[:2])
    # Every hit carries its sentences' spans, read from its record.
    assert all(h.sentences and h.sentences[0][0] >= h.start for h in hits)
