"""Every citation of every answer is its article's text at its offsets: on the seed and on
PolNeAR dev articles (curly quotes, dashes, long attributions), for each retrieval mode."""
from __future__ import annotations

import json
from dataclasses import replace
import shutil
from pathlib import Path

import pytest

from assistant import Assistant
from assistant.evaluation.qa import load_questions

ROOT = Path(__file__).resolve().parent.parent
SEED_QA = ROOT / "bench" / "qa" / "seed.jsonl"
POLNEAR_QA = ROOT / "bench" / "qa" / "polnear_dev_speakers.jsonl"
DEV_TEXT = ROOT.parent / "shared" / "data" / "polnear" / "data" / "dev" / "text"
ARTICLES = 6

GENERAL = [
    "What happened?", "Who said what about the ceasefire?", "security guarantees",
    "Why is the situation complicated?", "What did the experts warn?", "sanctions and negotiations",
    "What did he say about Russia?", "What did Peskov say most recently?", "Kursk",
]


def _exact(assistant: Assistant, question: str) -> int:
    answer = assistant.ask(question)
    texts = {}
    for c in answer.citations:
        if c.source not in texts:
            texts[c.source] = assistant.document(c.source).text
        assert texts[c.source][c.start : c.end] == c.text, (question, c.n)
        assert c.text.strip() and f"[{c.n}]" in answer.text
    return len(answer.citations)


def test_seed_citations_are_exact(seed):
    questions = [item.question for item in load_questions(SEED_QA)] + GENERAL
    cited = [_exact(seed, q) for q in questions]
    assert sum(n > 0 for n in cited) >= len(questions) - 2  # not vacuous: nearly all answered


@pytest.fixture(scope="module")
def polnear(tmp_path_factory):
    rows = [json.loads(line) for line in POLNEAR_QA.read_text(encoding="utf-8").splitlines()]
    names = sorted({r["article"] for r in rows})[:: 84 // ARTICLES][:ARTICLES]  # across publishers
    folder = tmp_path_factory.mktemp("polnear")
    for name in names:
        shutil.copy(DEV_TEXT / f"{name}.txt", folder / f"{name}.txt")
    assistant = Assistant(folder / "index")
    assert len(assistant.index([folder]).added) == ARTICLES
    return assistant, [r for r in rows if r["article"] in names]


def test_polnear_citations_are_exact(polnear):
    assistant, rows = polnear
    assert len({r["article"] for r in rows}) == ARTICLES
    questions = [r["question"] for r in rows]
    words = [r["topic"] for r in rows[:: max(1, len(rows) // 6)]]  # general questions too
    cited = [_exact(assistant, q) for q in questions + words]
    assert sum(n > 0 for n in cited) >= 0.8 * len(cited)


def test_citations_are_exact_in_every_retrieval_mode(polnear):
    assistant, rows = polnear
    for mode in ("dense", "bm25"):
        in_mode = Assistant(settings=replace(assistant.settings, retrieval=mode))
        assert sum(_exact(in_mode, r["topic"]) > 0 for r in rows[:8]) >= 6
