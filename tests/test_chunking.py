"""Chunks keep exact offsets and stay within the model's window."""
import pytest

from assistant.indexing.chunking import Chunker
from assistant.models.embedder import shared_embedder
from conftest import SEED_ARTICLE


@pytest.fixture(scope="module")
def embedder():
    return shared_embedder()


@pytest.fixture(scope="module")
def chunker(embedder):
    return Chunker(embedder.tokenizer, 200, 20)


TEXTS = {
    "seed": SEED_ARTICLE.read_text(encoding="utf-8"),
    "crlf and odd spaces": "First  line.\r\n\r\nSecond\u00a0paragraph here.  Third   one.\r\n" * 60,
    "no sentences": "word " * 2000,
    "one long token": "x" * 5000,
    "emoji and cjk": "新闻 😀 " * 800,
}


@pytest.mark.parametrize("name", list(TEXTS))
def test_chunks_are_exact_spans_under_the_window(chunker, embedder, name):
    text = TEXTS[name]
    chunks = chunker.chunks(text)
    assert chunks
    for c in chunks:
        assert text[c.start : c.end] == c.text
        assert embedder.count_tokens(c.text) <= 256
    covered = set()
    for c in chunks:
        covered.update(range(c.start, c.end))
    # Every non-space character of the text is in some chunk.
    assert all(i in covered for i, ch in enumerate(text) if not ch.isspace())


def test_seed_chunks_keep_sentences_whole(chunker):
    text = TEXTS["seed"]
    for c in chunker.chunks(text):
        assert c.text[0].isupper() or c.text[0] in "“\""
        assert c.text.rstrip()[-1] in ".”\"!?"


class _EachPieceAlone(Chunker):
    """The splitter as it is configured, counting every piece by tokenising it alone."""

    def chunks(self, text):
        self._article = None
        return self._chunks(text)


@pytest.mark.parametrize("name", list(TEXTS))
def test_counting_from_one_tokenisation_gives_the_same_chunks(chunker, embedder, name):
    embedder.encode(["The model sets truncation on its tokenizer. " * 60])
    alone = _EachPieceAlone(embedder.tokenizer, 200, 20)
    assert chunker.chunks(TEXTS[name]) == alone.chunks(TEXTS[name])


def test_counting_from_one_tokenisation_on_real_articles(chunker, embedder, tmp_path):
    from conftest import bbc_sample

    embedder.encode(["The model sets truncation on its tokenizer. " * 60])
    alone = _EachPieceAlone(embedder.tokenizer, 200, 20)
    files = bbc_sample(tmp_path / "bbc", 40, "business")
    texts = [f.read_text(encoding="utf-8") for f in files]
    ours = [chunker.chunks(t) for t in texts]
    assert ours == [alone.chunks(t) for t in texts]
    assert sum(len(c) for c in ours) > len(texts)  # long enough to be cut
