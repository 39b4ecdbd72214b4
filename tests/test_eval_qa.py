"""`assistant eval qa`: the scoring on hand-checkable cases, the question file's errors, the CLI."""
from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from assistant import Assistant
from assistant.cli import main
from assistant.evaluation.qa import (
    hit_at, load_questions, overlaps, reciprocal_rank, score_mode, Gold, QAItem,
)
from assistant.errors import AssistantError

ROOT = Path(__file__).resolve().parent.parent
SEED_QA = ROOT / "bench" / "qa" / "seed.jsonl"
SEED_ARTICLE = ROOT / "seeds" / "2025-03-12-ukraine-ceasefire-talks.txt"


def test_rank_metrics_by_hand():
    assert reciprocal_rank([False, False, True, True]) == pytest.approx(1 / 3)
    assert reciprocal_rank([False] * 10 + [True]) == 0.0  # past the cutoff of 10
    assert hit_at([False, False, True], 2) == 0.0 and hit_at([False, False, True], 3) == 1.0
    gold = [Gold("a.txt", 10, 20)]
    assert overlaps("a.txt", 19, 30, gold) and not overlaps("a.txt", 20, 30, gold)
    assert not overlaps("b.txt", 10, 20, gold)


def test_scores_on_the_seed_index(seed):
    source = str(SEED_ARTICLE.resolve())
    text = SEED_ARTICLE.read_text(encoding="utf-8")
    question = "What did Rubio say about sanctions?"
    rubio = text.index("European sanctions will be part")
    everything = QAItem(question, [Gold(source, 0, len(text))])
    nowhere = QAItem(question, [Gold("/nowhere/else.txt", 0, len(text))])
    only_rubio = QAItem(question, [Gold(source, rubio, rubio + 40)])

    whole = score_mode(seed, [everything], "hybrid", k=1)
    assert (whole.hits_at_k, whole.mrr, whole.citation_precision) == (1.0, 1.0, 1.0)
    assert whole.answer_hits_at_k == 1.0
    assert whole.answered == 1 and whole.citations >= 1
    none = score_mode(seed, [nowhere], "hybrid", k=5)
    assert (none.hits_at_k, none.mrr, none.citation_precision, none.answer_hits_at_k) == (0.0,) * 4
    both = score_mode(seed, [everything, nowhere], "hybrid", k=5)
    assert (both.hits_at_k, both.mrr, both.citation_precision) == (0.5, 0.5, 0.5)
    assert both.answer_hits_at_k == 0.5

    # The speaker's words elsewhere ("own") make a citation correct, not the answer a hit.
    elsewhere = QAItem(question, nowhere.gold, own=everything.gold)
    own = score_mode(seed, [elsewhere], "hybrid", k=5)
    assert (own.citation_precision, own.answer_hits_at_k, own.hits_at_k) == (1.0, 0.0, 0.0)
    assert score_mode(seed, [everything], "hybrid", answers=False).answer_hits_at_k is None

    # One span: its rank is where the passage holding it comes in the dense list.
    dense_only = Assistant(settings=replace(seed.settings, retrieval="dense"))
    hits = dense_only.search(question, k=10)
    rank = next(i for i, h in enumerate(hits, 1) if h.start <= rubio < h.end)
    dense = score_mode(seed, [only_rubio], "dense", k=5, answers=False)
    assert dense.mrr == pytest.approx(1 / rank) and dense.hits_at_k == float(rank <= 5)
    answer = seed.ask(question)  # Rubio's quote is the answer: cited first, inside the gold
    assert answer.citations[0].start <= rubio < answer.citations[0].end


def test_bad_question_files_name_the_line_and_field(tmp_path):
    path = tmp_path / "set.jsonl"
    good = json.dumps({"question": "Q?", "gold": [{"source": "a.txt", "start": 0, "end": 5}]})
    cases = {
        "{not json": "set.jsonl:2: not JSON",
        json.dumps({"gold": []}): "set.jsonl:2: field 'question'",
        json.dumps({"question": "Q?"}): "set.jsonl:2: field 'gold'",
        json.dumps({"question": "Q?", "gold": [{"source": "a.txt", "start": 5, "end": 5}]}): "gold[0]",
        json.dumps({"question": "Q?", "gold": [{"source": "a.txt", "start": 0, "end": 5}],
                    "own": {"source": "a.txt"}}): "field 'own'",
        json.dumps({"question": "Q?", "gold": [{"source": "a.txt", "start": 0, "end": 5}],
                    "own": [{"source": "a.txt", "start": 0}]}): "own[0]",
    }
    for line, message in cases.items():
        path.write_text(good + "\n" + line + "\n", encoding="utf-8")
        with pytest.raises(AssistantError, match=message.replace("[", r"\[").replace("]", r"\]")):
            load_questions(path)
    path.write_text(good + "\n", encoding="utf-8")
    item = load_questions(path)[0]
    assert item.gold[0].source == str((tmp_path / "a.txt").resolve())  # read against the file's folder
    assert item.own == []
    with_own = json.dumps({"question": "Q?", "gold": [{"source": "a.txt", "start": 0, "end": 5}],
                           "own": [{"source": "../b.txt", "start": 3, "end": 9}]})
    path.write_text(with_own + "\n", encoding="utf-8")
    assert load_questions(path)[0].own == [Gold(str((tmp_path.parent / "b.txt").resolve()), 3, 9)]


def test_eval_qa_command_on_the_seed_set(seed_index, capsys):
    assert main(["eval", "qa", str(SEED_QA), "--index", str(seed_index), "--mode", "all", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    modes = report["modes"]
    assert set(modes) == {"hybrid", "dense", "bm25"} and report["k"] == 5
    questions = len(load_questions(SEED_QA))
    for scores in modes.values():
        assert scores["questions"] == questions
        assert scores["answered"] == questions  # every seed question is answered with citations
        assert 0.0 < scores["citation_precision"] <= 1.0
        assert 0.0 < scores["answer_hits_at_k"] <= 1.0
    assert modes["hybrid"]["hits_at_k"] == 1.0
    assert modes["hybrid"]["mrr"] > max(modes["dense"]["mrr"], modes["bm25"]["mrr"])

    assert main(["eval", "qa", str(SEED_QA), "--index", str(seed_index), "--mode", "bm25", "--k", "1"]) == 0
    table = capsys.readouterr().out
    assert "search Hits@1" in table and "answer Hits@1" in table and "MRR@10" in table and "bm25" in table and "hybrid" not in table


def test_eval_qa_errors_are_one_line(seed_index, tmp_path, capsys):
    assert main(["eval", "qa", "--index", str(seed_index)]) == 2
    assert "needs FILE" in capsys.readouterr().err
    assert main(["eval", "qa", str(tmp_path / "missing.jsonl"), "--index", str(seed_index)]) == 2
    assert "missing.jsonl: cannot read" in capsys.readouterr().err
