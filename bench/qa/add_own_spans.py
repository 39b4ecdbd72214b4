"""Add "own" spans to a PolNeAR speaker question set: every content span the split
attributes to the row's speaker in any article (people found and matched as in
polnear_people.py), so that citing the speaker's words from another article counts as
citing the right person.

    .venv/bin/python bench/qa/add_own_spans.py   # polnear_dev_speakers.jsonl -> polnear_dev_speakers_own.jsonl
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

from polnear_people import load, own_spans, write_jsonl

from assistant.evaluation.polnear import default_data_dir

HERE = Path(__file__).resolve().parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=["train", "dev"], default="dev")
    parser.add_argument("--data", type=Path, default=None, help="PolNeAR folder")
    parser.add_argument("--questions", type=Path, default=HERE / "polnear_dev_speakers.jsonl")
    parser.add_argument("--out", type=Path, default=HERE / "polnear_dev_speakers_own.jsonl")
    args = parser.parse_args()
    out = args.out.resolve()
    articles, _, text_dir = load(args.split, args.data or default_data_dir())
    rows = [json.loads(line) for line in args.questions.read_text(encoding="utf-8").splitlines() if line.strip()]
    for row in rows:
        row["own"] = own_spans(row["speaker"], articles, text_dir, out)
    write_jsonl(rows, out)
    print(f"{len(rows)} questions -> {out}")


if __name__ == "__main__":
    main()
