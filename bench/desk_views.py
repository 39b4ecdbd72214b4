"""How long the desk's views take on an index, against a plain question as baseline:
`Assistant.compare(topic, parties)` (the Compare tab), `speaker_view(assistant, name,
topic)` (the speaker page's data: the person, their quotes with article dates) and
`reader_view(assistant, source)` (the Article tab's marked text and legend), beside
`Assistant.ask("What did A and B say about T?")` on the same index in the same run.

    .venv/bin/python bench/desk_views.py --index DIR [--repeats 5] [--json]

The people are the index's most quoted (or --people "A,B,C"); the topics --topics. Each call
is made once untimed first (the model and the index's search files load then), then timed
`--repeats` times; p50/p95 in milliseconds, and each view's p50 over the baseline's p50.
"""
from __future__ import annotations

import argparse
import json
import time

from common import percentile, table

DEFAULT_TOPICS = ["taxes", "security", "the economy"]


def _timed(call, repeats: int) -> list[float]:
    """Milliseconds of each of `repeats` calls, after one untimed call."""
    call()
    spent = []
    for _ in range(repeats):
        started = time.perf_counter()
        call()
        spent.append(1000 * (time.perf_counter() - started))
    return spent


def _people(assistant, named: str | None) -> list[str]:
    """The people to compare: those named, or the three most quoted whose names have a
    first name (a single word may be a description)."""
    if named:
        return [n.strip() for n in named.split(",") if n.strip()]
    people = [p.name for p in assistant.speakers() if len(p.name.split()) > 1]
    if len(people) < 2:
        raise SystemExit("the index quotes fewer than two people by full name")
    return people[:3]


def measure(assistant, people: list[str], topics: list[str], repeats: int) -> dict:
    """Timings (ms) by view, each over every topic (and for the speaker page every person)."""
    from assistant.web.reader_tab import reader_view
    from assistant.web.speaker_page import speaker_view

    who = f"{', '.join(people[:-1])} and {people[-1]}"
    times: dict[str, list[float]] = {"ask (baseline)": [], "compare": [], "speaker page": [],
                                     "article reader": []}
    # The reader on the articles that quote the first person most, one per topic.
    quoted = [q.source for q in assistant.quotes(people[0])]
    for source in sorted(set(quoted), key=lambda s: -quoted.count(s))[: len(topics)]:
        times["article reader"] += _timed(lambda: reader_view(assistant, source), repeats)
    for topic in topics:
        times["ask (baseline)"] += _timed(
            lambda: assistant.ask(f"What did {who} say about {topic}?"), repeats)
        times["compare"] += _timed(lambda: assistant.compare(topic, people), repeats)
        for name in people:
            times["speaker page"] += _timed(lambda: speaker_view(assistant, name, topic), repeats)
    return times


def summary(times: dict[str, list[float]]) -> dict[str, dict]:
    base = percentile(times["ask (baseline)"], 50)
    return {view: {"calls": len(spent), "p50_ms": round(percentile(spent, 50), 1),
                   "p95_ms": round(percentile(spent, 95), 1),
                   "vs_ask_p50": round(percentile(spent, 50) / base, 2) if base else None}
            for view, spent in times.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--index", required=True, help="an index folder (keep it small)")
    parser.add_argument("--people", help="comma-separated names (default: the most quoted)")
    parser.add_argument("--topics", default=",".join(DEFAULT_TOPICS))
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    args = parser.parse_args()
    from assistant import Assistant

    assistant = Assistant(args.index)
    people = _people(assistant, args.people)
    topics = [t.strip() for t in args.topics.split(",") if t.strip()]
    result = summary(measure(assistant, people, topics, max(1, args.repeats)))
    if args.json:
        print(json.dumps({"people": people, "topics": topics, "views": result}, indent=2))
        return
    print(f"people: {', '.join(people)}; topics: {', '.join(topics)}")
    rows = [[view, r["calls"], r["p50_ms"], r["p95_ms"], r["vs_ask_p50"]] for view, r in result.items()]
    print(table(rows, ["view", "calls", "p50 ms", "p95 ms", "p50 / ask p50"]))


if __name__ == "__main__":
    main()
