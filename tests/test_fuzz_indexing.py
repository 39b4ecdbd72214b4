"""Fuzzed article text through chunking, quote extraction and a real index: offsets stay
exact, and a file is indexed or reported failed with its reason."""
from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from assistant import Assistant, AssistantError
from assistant.indexing.chunking import Chunker
from assistant.models.embedder import shared_embedder
from assistant.quotes.extract import extract_quotes
from fuzz_support import AWKWARD, TEXT, fuzz

# Prose with quotation marks, names and cue words among the awkward characters.
WORDS = st.sampled_from([
    "Peskov", "said", "told", "“", "”", "\"", "«", "»", "‘", "’", ",", ".", ":", "\n", "\n\n",
    "Mr", "U.S.", "Zelensky", "warned", "the", "ceasefire", "he", "she", "according to", " ",
])
PROSE = st.lists(st.one_of(WORDS, WORDS, AWKWARD, TEXT), min_size=1, max_size=300).map(" ".join)


@fuzz(40)
@given(text=PROSE.filter(str.strip))  # blank articles are refused before chunking
def test_chunks_are_exact_slices(text):
    embedder = shared_embedder()
    chunker = Chunker(embedder.tokenizer, 200, 20)
    for c in chunker.chunks(text):
        assert text[c.start:c.end] == c.text
        assert 0 <= c.start < c.end <= len(text)


@fuzz(40)
@given(text=PROSE)
def test_quote_spans_lie_inside_the_text(text):
    for q in extract_quotes(text):
        spans = [*q.contents, q.speaker_span, q.cue]
        for span in [s for s in spans if s is not None]:
            assert 0 <= span.start <= span.end <= len(text)
        if q.speaker_span:
            assert text[q.speaker_span.start:q.speaker_span.end].strip()


@fuzz(4)
@given(texts=st.lists(PROSE, min_size=3, max_size=3))
def test_fuzzed_files_are_indexed_or_reported(tmp_path_factory, texts):
    folder = tmp_path_factory.mktemp("fuzzed")
    articles = folder / "articles"
    articles.mkdir()
    texts = [t.replace("\x00", "") for t in texts]  # NUL marks a binary file: fuzzed elsewhere
    for i, text in enumerate(texts):
        (articles / f"a{i}.txt").write_text(text, encoding="utf-8", errors="surrogatepass")
    a = Assistant(folder / "index")
    report = a.index([articles])
    assert len(report.added) + len(report.failed) == 3, report.summary()
    for path, reason in report.failed:
        assert path in reason and reason.split(": ", 1)[1], reason
    for question in ("What did Peskov say?", texts[0][:200]):
        try:
            answer = a.ask(question)
        except AssistantError as exc:
            assert "question" in str(exc)
            continue
        for c in answer.citations:
            assert a.document(c.source).text[c.start:c.end] == c.text
