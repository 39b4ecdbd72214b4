"""Whose words does the assistant answer with? One table over four question sets.

(a) bench/qa/made_up_names.jsonl, asked of every index given: "answered with words" counts
    answers that have a citation whose kind is not "mention", or that name a speaker
    (answer.speaker); the right figure is 0. For wrong_first_name names asked of the index
    holding the real person (dev rows of the PolNeAR dev index, bbc rows of --bbc-index),
    "real suggested" counts answers offering the real person in answer.suggestions.
(b) bench/qa/polnear_dev_institutions.jsonl: answer Hits@5 and citation precision (a
    citation overlapping a gold or own span), as assistant/evaluation/qa.py scores them.
(c) the speaker sets polnear_dev_speakers_own.jsonl (polnear_dev_speakers.jsonl with "own"
    spans added) and polnear_dev_speakers_indirect.jsonl, scored by qa.py; beside every
    PolNeAR set, the plain llama-index hybrid retriever of bench/llama_hybrid.py (Hits@5 and
    precision of its 5 chunks).

Before a field of the answer API exists, it is read as absent (no kind, no suggestions).

    .venv/bin/assistant index ../shared/data/polnear/data/dev/text --index /tmp/ix/dev
    .venv/bin/assistant index $(ls -d ../shared/data/bbc-news/bbc/politics/*.txt | sort | head -150) \\
        --index /tmp/evalix/bbc
    .venv/bin/python bench/qa/build_made_up_names.py
    .venv/bin/python bench/qa/build_institution_qa.py
    .venv/bin/python bench/qa/build_polnear_qa_indirect.py
    .venv/bin/python bench/qa/add_own_spans.py
    HF_HUB_OFFLINE=1 .venv/bin/python bench/identity_eval.py --index /tmp/ix/dev --seed-index /tmp/ix/seed \\
        --bbc-index /tmp/evalix/bbc [--json FILE] [--no-baseline] [--skip-speakers]
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
ROOT = Path(__file__).resolve().parent.parent
QA = ROOT / "bench" / "qa"
NAMES = QA / "made_up_names.jsonl"
SETS = {"institutions": QA / "polnear_dev_institutions.jsonl",
        "speakers": QA / "polnear_dev_speakers_own.jsonl",
        "speakers indirect": QA / "polnear_dev_speakers_indirect.jsonl"}
K = 5


def with_words(answer) -> bool:
    cited = any(getattr(c, "kind", None) != "mention" for c in answer.citations)
    return cited or bool(getattr(answer, "speaker", None))


def made_up(assistant, rows: list[dict], corpus: str | None) -> dict:
    """`corpus` is where the index's real people are from (None: no real person here)."""
    from assistant.quotes.speakers import same_person

    words, suggested, wrong, wrong_words, examples = 0, 0, 0, 0, []
    for row in rows:
        answer = assistant.ask(row["question"])
        hit = with_words(answer)
        words += hit
        if hit and len(examples) < 5:
            examples.append({"question": row["question"], "speaker": getattr(answer, "speaker", None),
                             "cited": [getattr(c, "speaker", None) for c in answer.citations][:3]})
        if row["kind"] == "wrong_first_name" and row["corpus"] == corpus:
            wrong += 1
            wrong_words += hit
            offered = getattr(answer, "suggestions", None) or []
            suggested += any(same_person(row["real"], name) for name in offered)
    return {"questions": len(rows), "answered_with_words": words, "wrong_first_name_here": wrong,
            "wrong_first_name_answered": wrong_words, "real_suggested": suggested, "examples": examples}


def scored(assistant, path: Path, baseline) -> dict:
    from assistant.evaluation.qa import load_questions, score_mode

    items = load_questions(path)
    s = score_mode(assistant, items, "hybrid", k=K)
    out = {"questions": s.questions, "search_hits_at_5": s.hits_at_k, "answer_hits_at_5": s.answer_hits_at_k,
           "citations": s.citations, "citation_precision": s.citation_precision}
    if baseline is not None:
        from llama_hybrid import score

        out["llama_hybrid"] = score(baseline, items)
    return out


def _f(x) -> str:
    return "-" if x is None else f"{x:.3f}" if isinstance(x, float) else str(x)


def table(figures: dict) -> str:
    lines = []
    for where, f in figures["made_up"].items():
        lines.append(f"made-up names @ {where:<5}  {f['questions']:>4} asked, {f['answered_with_words']:>3} answered "
                     f"with words; wrong first name: {f['wrong_first_name_answered']}/{f['wrong_first_name_here']} "
                     f"answered, real person suggested {f['real_suggested']}/{f['wrong_first_name_here']}")
    head = f"{'set':<18} {'n':>4} {'search H@5':>10} {'answer H@5':>10} {'cites':>6} {'precision':>9}" \
           f" | {'llama H@5':>9} {'llama prec':>10}"
    lines += ["", head, "-" * len(head)]
    for name, f in figures["sets"].items():
        b = f.get("llama_hybrid", {})
        lines.append(f"{name:<18} {f['questions']:>4} {_f(f['search_hits_at_5']):>10} {_f(f['answer_hits_at_5']):>10}"
                     f" {f['citations']:>6} {_f(f['citation_precision']):>9} | {_f(b.get('hits_at_5')):>9}"
                     f" {_f(b.get('citation_precision')):>10}")
    lines += ["", "seconds: " + ", ".join(f"{k} {v:.0f}" for k, v in figures["seconds"].items())]
    return "\n".join(lines)


def main() -> None:
    from assistant import Assistant

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path, required=True, help="an index of PolNeAR dev")
    parser.add_argument("--seed-index", type=Path, default=None, help="an index of seeds/")
    parser.add_argument("--bbc-index", type=Path, default=None, help="an index of the BBC subset")
    parser.add_argument("--json", type=Path, default=None, help="also write the figures here")
    parser.add_argument("--no-baseline", action="store_true", help="leave out the llama-index baseline")
    parser.add_argument("--skip-speakers", action="store_true", help="only (a) and (b)")
    args = parser.parse_args()
    rows = [json.loads(line) for line in NAMES.read_text(encoding="utf-8").splitlines() if line.strip()]
    figures, seconds = {"made_up": {}, "sets": {}}, {}
    indexes = {"dev": (args.index, "polnear-dev"), "seed": (args.seed_index, None),
               "bbc": (args.bbc_index, "bbc")}
    for where, (path, corpus) in indexes.items():
        if path:
            t = time.perf_counter()
            figures["made_up"][where] = made_up(Assistant(path), rows, corpus)
            seconds[f"names@{where}"] = time.perf_counter() - t
    baseline = None
    if not args.no_baseline:
        sys.path.insert(0, str(ROOT / "bench"))
        from llama_hybrid import LlamaHybrid

        t = time.perf_counter()
        baseline = LlamaHybrid()
        seconds["llama build"] = time.perf_counter() - t
    dev = Assistant(args.index)
    for name, path in SETS.items():
        if args.skip_speakers and name != "institutions":
            continue
        t = time.perf_counter()
        figures["sets"][name] = scored(dev, path, baseline)
        seconds[name] = time.perf_counter() - t
    figures["seconds"] = seconds
    print(table(figures))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
