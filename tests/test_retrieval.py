"""Retrieval modes, speaker names and near-duplicate collapse, on the real model and Chroma."""
from __future__ import annotations

from pathlib import Path

import pytest

from assistant import Assistant
from assistant.errors import AssistantError
from assistant.evaluation.qa import load_questions, score_mode
from assistant.models.embedder import shared_embedder
from assistant.search.duplicates import near_duplicate
from assistant.search.quote_index import QuoteIndex
from assistant.search.retriever import Retriever
from assistant.search.snapshot import Snapshots
from assistant.store.chroma import Store
from assistant.text.sentences import sentence_spans

ROOT = Path(__file__).resolve().parent.parent
SEED_QA = ROOT / "bench" / "qa" / "seed.jsonl"
BBC = ROOT.parent / "shared" / "data" / "bbc-news" / "bbc" / "politics"


def _retriever(index) -> Retriever:
    store, embedder = Store(index), shared_embedder()
    snapshots = Snapshots(store, embedder.dimensions)
    return Retriever(store, embedder, snapshots, quotes=QuoteIndex(store, embedder, snapshots))


def test_each_mode_searches_the_same_index(seed):
    retriever = _retriever(seed.path)
    dense, _ = retriever.search("What did Rubio say about sanctions?", k=5, mode="dense")
    bm25, _ = retriever.search("What did Rubio say about sanctions?", k=5, mode="bm25")
    hybrid, _ = retriever.search("What did Rubio say about sanctions?", k=5, mode="hybrid")
    assert len(dense) == 5  # the seed has 5 chunks: dense ranks them all
    assert [h.dense for h in dense] == sorted((h.dense for h in dense), reverse=True)
    assert "Rubio" in bm25[0].text and [h.score for h in bm25] == sorted((h.score for h in bm25), reverse=True)
    assert "European sanctions" in hybrid[0].text
    with pytest.raises(AssistantError, match="unknown retrieval mode 'sparse'"):
        retriever.search("sanctions", mode="sparse")


def test_speaker_names_reach_the_spelling_the_article_uses(seed):
    retriever = _retriever(seed.path)
    names = retriever.speaker_names("What did Peskov say about the proposal?")
    assert "peskow" in names  # the article writes "Peskow"
    assert retriever.speaker_names("How many soldiers were captured?") == set()


def test_hybrid_beats_dense_and_bm25_on_the_seed_set(seed):
    items = load_questions(SEED_QA)
    # k=1: the seed has only five chunks, so any ranking finds the gold within five.
    scores = {m: score_mode(seed, items, m, k=1, answers=False) for m in ("hybrid", "dense", "bm25")}
    assert scores["hybrid"].hits_at_k >= max(scores["dense"].hits_at_k, scores["bm25"].hits_at_k)
    assert scores["hybrid"].hits_at_k > 0.9
    assert scores["hybrid"].mrr > max(scores["dense"].mrr, scores["bm25"].mrr)


def _edited_copy(text: str) -> str:
    """A syndicated copy: new headline, one phrase reworded, an agency credit."""
    lines = text.split("\n")
    lines[0] = "Maternity pay set to rise, says Labour"
    copy = "\n".join(lines).replace("told GMTV's Sunday programme", "told GMTV on Sunday")
    assert copy != text
    return copy + "\nAdditional reporting by agencies.\n"


@pytest.fixture(scope="module")
def syndicated(tmp_path_factory):
    folder = tmp_path_factory.mktemp("bbc")
    original = (BBC / "001.txt").read_text(encoding="utf-8")
    (folder / "a-original.txt").write_text(original, encoding="utf-8")
    (folder / "b-copy.txt").write_text(_edited_copy(original), encoding="utf-8")
    (folder / "c-other.txt").write_text((BBC / "002.txt").read_text(encoding="utf-8"), encoding="utf-8")
    assistant = Assistant(folder / "index")
    assert len(assistant.index([folder]).added) == 3
    return assistant, str((folder / "a-original.txt").resolve()), str((folder / "b-copy.txt").resolve())


def test_near_duplicate_threshold_on_real_sentences():
    text = (BBC / "001.txt").read_text(encoding="utf-8")
    sentence = "It would mean paid leave would be increased to nine months by 2007, Ms Hewitt told GMTV's Sunday programme."
    assert sentence in text
    assert near_duplicate(sentence, sentence.replace("GMTV's Sunday programme", "GMTV on Sunday"))
    other = "Other plans include letting maternity pay be given to fathers and extending rights to parents of older children."
    assert not near_duplicate(sentence, other)
    assert not near_duplicate("He said no.", "She said no.")  # short: only exact copies count


@pytest.mark.parametrize("question", ["How much will maternity pay rise?", "What did Theresa May say?"])
def test_syndicated_copies_are_cited_once(syndicated, question):
    assistant, original, copy = syndicated
    answer = assistant.ask(question)
    assert answer.citations
    for i, c in enumerate(answer.citations):
        assert assistant.document(c.source).text[c.start : c.end] == c.text
        for other in answer.citations[i + 1 :]:
            assert not near_duplicate(c.text, other.text)
    pairs = {(c.source, tuple(c.also)) for c in answer.citations if c.also}
    assert pairs and pairs <= {(original, (copy,)), (copy, (original,))}
    # each citation listing a copy: a sentence of that copy (as its chunks split it) or one
    # of its quotes is a near-duplicate of the cited text
    chunks = Store(assistant.path).chunks()
    for c in answer.citations:
        for also in c.also:
            passages = [k.text[s:e] for k in chunks if k.article.source == also
                        for s, e in sentence_spans(k.text)]
            passages += [q.text for q in assistant.quotes() if q.source == also]
            assert any(near_duplicate(c.text, p) for p in passages)


def _edited(text: str, rng, share: float) -> str:
    """`text` with about `share` of its words dropped or doubled (a syndication's edits)."""
    words = text.split()
    out = []
    for w in words:
        roll = rng.random()
        if roll < share / 2:
            continue
        out.append(w)
        if roll > 1 - share / 2:
            out.append(w)
    return " ".join(out)


def test_collapse_folds_exactly_the_near_duplicates_pairwise_comparison_finds():
    """`collapse` compares only the pairs its character counts leave: on real BBC
    paragraphs and edited copies of them (from a little to too much), it keeps and folds
    exactly what comparing every pair with `near_duplicate` does."""
    import random

    from assistant.search.duplicates import collapse
    from assistant.search.retriever import Hit

    rng = random.Random(7)
    paragraphs = [p for f in sorted(BBC.glob("*.txt"))[:30]
                  for p in f.read_text(encoding="utf-8").split("\n\n")[1:4] if len(p) > 60]
    texts = [(f"a{i}", p) for i, p in enumerate(paragraphs)]
    for i, p in enumerate(paragraphs[:40]):
        texts.append((f"copy{i}", _edited(p, rng, rng.choice([0.02, 0.06, 0.12, 0.3]))))
    texts += [(f"short{i}", w) for i, w in enumerate(["He said no.", "She said no.", "He said no."])]
    rng.shuffle(texts)

    def hits():
        return [Hit(f"{a}:{n}", a, a, a, 0, len(t), t, 1.0) for n, (a, t) in enumerate(texts)]

    expected_kept, expected_copies = [], {}
    for hit in hits():
        same = next((k for k in expected_kept
                     if k.article != hit.article and near_duplicate(k.text, hit.text)), None)
        if same is None:
            expected_kept.append(hit)
        else:
            expected_copies.setdefault(same.id, []).append(hit.id)
    kept = collapse(hits())
    assert [h.id for h in kept] == [h.id for h in expected_kept]
    assert {h.id: [c.id for c in h.copies] for h in kept if h.copies} == expected_copies
    assert 10 <= sum(len(v) for v in expected_copies.values()) < 40  # both outcomes occur


def test_sentence_words_find_the_terms_trying_every_word_finds():
    """The bisection `SentenceWords` uses answers as trying every word does, on every
    sentence of real BBC articles and terms taken from them (stems of 4+ letters)."""
    from assistant.answer.extractive import SentenceWords, term_stem

    def mentions_term(term, words):
        return term in words or any(w.startswith(term_stem(term)) for w in words)

    text = " ".join(f.read_text(encoding="utf-8") for f in sorted(BBC.glob("*.txt"))[:5])
    sentences = [text[s:e] for s, e in sentence_spans(text)]
    terms = sorted({w for s in sentences[:40] for w in SentenceWords(s).words if len(w) > 3})
    terms += ["negotiate", "ceasefire", "zz", "blai", "labours"]
    agree = found = 0
    for sentence in sentences:
        words = SentenceWords(sentence)
        for term in terms:
            expected = mentions_term(term, words.words)
            agree += words.mentions(term) == expected
            found += expected
    assert agree == len(sentences) * len(terms) and found > 100
