"""Build bench/qa/seed.jsonl: questions about the seed article with gold passages.

The questions and the words that answer them are written here; their offsets are found by
searching the article's text, so the set follows the article if it is ever re-saved.

    .venv/bin/python bench/qa/build_seed_qa.py
"""
from __future__ import annotations

import json
import os
from pathlib import Path

HERE = Path(__file__).resolve().parent
ARTICLE = HERE.parent.parent / "seeds" / "2025-03-12-ukraine-ceasefire-talks.txt"

# (question, passages that answer it, as they appear in the article)
QUESTIONS = [
    ("What did Peskov say?", ["We will carefully evaluate the proposal after receiving all necessary details."]),
    ("What did Peskov say about the proposal?", ["We will carefully evaluate the proposal after receiving all necessary details."]),
    ("What did Zelensky say about security guarantees?", ["We must move toward peace. We need security guarantees,"]),
    ("What did Trump say about Putin?", ["I hope President Putin will agree to the ceasefire."]),
    ("What did Baerbock say?", ["Now it is up to Russia to put an end to its aggression."]),
    ("What did Syrskyj say about soldiers?", ["The priorities are saving our soldiers' lives,"]),
    ("What did Rubio say about sanctions?", ["European sanctions will be part of the negotiations. Their decisions will influence the outcome."]),
    ("What did Heinemann-Grüder warn about?", ["We should not rush to delude ourselves; the likelihood of the ceasefire being breached remains high,"]),
    ("What did Bühler say about the Russian reaction?", ["The Russian reaction remains unpredictable"]),
    ("How much territory did Russia claim to have recaptured?", ["recaptured over 1,100 square kilometers from Ukrainian forces"]),
    ("How many Ukrainian soldiers were captured?", ["the capture of 430 Ukrainian soldiers"]),
    ("Is US military aid flowing again to Ukraine?", ["military supplies are flowing again via key transport routes"]),
    ("Who urged Russia to accept the ceasefire?", ["British Prime Minister Keir Starmer and German Foreign Minister Annalena Baerbock have urged Russia to accept the ceasefire"]),
    ("When did Zelenskyy say Ukraine was ready for ceasefire talks?", ["On March 12, 2025, Ukrainian President Volodymyr Zelenskyy indicated his nation's readiness for discussions on a ceasefire"]),
    ("Where did Zelenskyy give his evening address?", ["during his evening address from Kyiv"]),
    ("Where are Russian forces trying to eliminate Ukrainian troops?", ["eliminating the remaining Ukrainian troops in the Kursk region"]),
    ("What are Ukrainian military officials shifting toward?", ["a shift toward more defensible positions amid increasing Russian pressure"]),
    ("What role does Europe play in the peace talks?", ["Trump’s administration emphasizes the importance of Europe’s role"]),
]


def build(article: Path = ARTICLE, out: Path = HERE / "seed.jsonl") -> int:
    text = article.read_text(encoding="utf-8")
    source = os.path.relpath(article, out.parent)
    rows = []
    for question, passages in QUESTIONS:
        gold = []
        for passage in passages:
            start = text.find(passage)
            if start < 0 or text.find(passage, start + 1) >= 0:
                raise SystemExit(f"{article}: {passage!r} must occur exactly once")
            gold.append({"source": source, "start": start, "end": start + len(passage)})
        rows.append({"question": question, "gold": gold})
    out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return len(rows)


if __name__ == "__main__":
    print(f"{build()} questions -> {HERE / 'seed.jsonl'}")
