"""Clients that ask the web API questions in a loop, recording answers and latencies."""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field


def comparable(result: dict) -> tuple:
    """What must not change between two answers: the text and each citation's place and
    words (scores shift when the keyword statistics of the whole index change)."""
    return (result["answer"], tuple((c["source"], c["start"], c["end"], c["text"])
                                    for c in result["citations"]))


@dataclass
class Record:
    answers: dict[str, list[tuple]] = field(default_factory=dict)  # question -> comparables
    latencies: list[float] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, question: str, result, seconds: float) -> None:
        with self.lock:
            self.latencies.append(seconds)
            if not isinstance(result, dict) or result.get("error"):
                self.failures.append(f"{question!r}: {result!r}")
                return
            self.answers.setdefault(question, []).append(comparable(result))


def ask_until(url: str, questions: list[str], offset: int, stop: threading.Event, record: Record):
    """One client: ask the questions in turn (starting at `offset`) until `stop` is set."""
    from gradio_client import Client

    try:
        client = Client(url, verbose=False)
    except Exception as exc:  # a client that cannot connect is a failed request too
        record.failures.append(f"connect: {type(exc).__name__}: {exc}")
        return
    i = offset
    while not stop.is_set():
        question = questions[i % len(questions)]
        i += 1
        began = time.monotonic()
        try:
            result = client.predict(question, api_name="/ask")
        except Exception as exc:
            result = f"{type(exc).__name__}: {exc}"
        record.add(question, result, time.monotonic() - began)


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    at = min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))
    return ordered[at]
