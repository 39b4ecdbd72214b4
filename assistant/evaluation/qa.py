"""Scores of retrieval and answers on a question set with gold passages (`assistant eval qa`).

A question set is JSONL, one object per line:
    {"question": "...", "gold": [{"source": "...", "start": 0, "end": 10}, ...], ...}
with, optionally, "own": spans in the same form that are the words of the party asked about
elsewhere (a speaker's content spans in other articles): citing them is not citing the wrong
party, though they do not answer this question. A `source` is the indexed article's source;
a relative one is read against the folder of the JSONL file, so a set can ship beside the
articles it points into.

* search Hits@k: share of questions with a gold-overlapping passage among the first k that
  search() retrieves.
* MRR@10: mean of 1/rank of the first gold-overlapping passage within the first 10 (0 if none).
* answer Hits@k: share of questions whose answer has a gold-overlapping citation among its
  first k.
* citation precision: share of all answers' citations that overlap a gold or own span (micro).
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

from assistant.api import Assistant
from assistant.config import RETRIEVAL_MODES as MODES
from assistant.errors import AssistantError

MRR_CUTOFF = 10


@dataclass(frozen=True)
class Gold:
    source: str
    start: int
    end: int


@dataclass
class QAItem:
    question: str
    gold: list[Gold]
    own: list[Gold] = field(default_factory=list)


@dataclass
class ModeScores:
    mode: str
    questions: int
    hits_at_k: float  # search Hits@k
    mrr: float
    answer_hits_at_k: float | None  # None when answers were not asked for
    answered: int  # questions whose answer cites something
    citations: int
    citation_precision: float | None  # None when no answer cites anything


def _source(raw: str, folder: Path) -> str:
    path, sep, key = raw.partition("#")
    if not Path(path).is_absolute():
        path = str((folder / path).resolve())
    return path + sep + key


def load_questions(path: str | Path) -> list[QAItem]:
    """Read a question set; a malformed line is an error naming the file, line and field."""
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise AssistantError(f"{path}: cannot read the question set ({exc})") from None
    items = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise AssistantError(f"{where}: not JSON ({exc.msg})") from None
        if not isinstance(row, dict) or not isinstance(row.get("question"), str) or not row["question"].strip():
            raise AssistantError(f"{where}: field 'question' must be a non-empty string")
        gold = row.get("gold")
        if not isinstance(gold, list) or not gold:
            raise AssistantError(f"{where}: field 'gold' must be a non-empty list of spans")
        own = row.get("own", [])
        if not isinstance(own, list):
            raise AssistantError(f"{where}: field 'own' must be a list of spans")
        items.append(QAItem(row["question"], _spans(gold, "gold", where, path.parent),
                            _spans(own, "own", where, path.parent)))
    if not items:
        raise AssistantError(f"{path}: no questions in the file")
    return items


def _spans(raw: list, name: str, where: str, folder: Path) -> list[Gold]:
    spans = []
    for i, g in enumerate(raw):
        ok = isinstance(g, dict) and isinstance(g.get("source"), str) and all(
            isinstance(g.get(f), int) and not isinstance(g.get(f), bool) for f in ("start", "end"))
        if not ok or not 0 <= g["start"] < g["end"]:
            raise AssistantError(
                f"{where}: {name}[{i}] needs 'source' (string) and 'start' < 'end' (integers >= 0)")
        spans.append(Gold(_source(g["source"], folder), g["start"], g["end"]))
    return spans


def overlaps(source: str, start: int, end: int, gold: list[Gold]) -> bool:
    return any(g.source == source and start < g.end and g.start < end for g in gold)


def hit_at(relevant: list[bool], k: int) -> float:
    return 1.0 if any(relevant[:k]) else 0.0


def reciprocal_rank(relevant: list[bool], cutoff: int = MRR_CUTOFF) -> float:
    return next((1.0 / rank for rank, r in enumerate(relevant[:cutoff], 1) if r), 0.0)


def score_mode(assistant, items: list[QAItem], mode: str, k: int = 5, answers: bool = True) -> ModeScores:
    """Retrieve and (unless not `answers`) answer every question with retrieval `mode`, on
    the index `assistant` opens."""
    if mode not in MODES:
        raise AssistantError(f"unknown retrieval mode {mode!r}; use one of {', '.join(MODES)}")
    # Answers go through the same retrieval as the ranking measured.
    in_mode = Assistant(settings=replace(assistant.settings, retrieval=mode))
    hits_total = rr_total = answer_hits = 0.0
    answered = cited = correct = 0
    for item in items:
        hits = in_mode.search(item.question, k=max(k, MRR_CUTOFF))
        relevant = [overlaps(h.source, h.start, h.end, item.gold) for h in hits]
        hits_total += hit_at(relevant, k)
        rr_total += reciprocal_rank(relevant)
        if not answers:
            continue
        answer = in_mode.ask(item.question)
        answered += bool(answer.citations)
        cited += len(answer.citations)
        answer_hits += hit_at([overlaps(c.source, c.start, c.end, item.gold) for c in answer.citations], k)
        correct += sum(overlaps(c.source, c.start, c.end, item.gold + item.own) for c in answer.citations)
    n = len(items)
    return ModeScores(mode, n, hits_total / n, rr_total / n, answer_hits / n if answers else None,
                      answered, cited, correct / cited if cited else None)


def evaluate(assistant, items: list[QAItem], modes: list[str], k: int = 5) -> list[ModeScores]:
    return [score_mode(assistant, items, mode, k) for mode in modes]


def format_table(scores: list[ModeScores], k: int) -> str:
    rows = [("", *[s.mode for s in scores]),
            ("questions", *[str(s.questions) for s in scores]),
            (f"search Hits@{k}", *[f"{s.hits_at_k:.3f}" for s in scores]),
            (f"search MRR@{MRR_CUTOFF}", *[f"{s.mrr:.3f}" for s in scores]),
            (f"answer Hits@{k}", *["-" if s.answer_hits_at_k is None
                                   else f"{s.answer_hits_at_k:.3f}" for s in scores]),
            ("answered", *[str(s.answered) for s in scores]),
            ("citations", *[str(s.citations) for s in scores]),
            ("citation precision", *["-" if s.citation_precision is None
                                     else f"{s.citation_precision:.3f}" for s in scores])]
    width = max(len(r[0]) for r in rows)
    return "\n".join(f"{r[0]:<{width}}  " + "  ".join(f"{c:>8}" for c in r[1:]) for r in rows)


def to_json(scores: list[ModeScores], k: int) -> dict:
    return {"k": k, "mrr_cutoff": MRR_CUTOFF, "modes": {s.mode: asdict(s) for s in scores}}
