"""Build "What did X say about Y?" questions from PolNeAR's attribution annotations.

One question per (article, named source): a source counts when spaCy tags a person's name
inside its span ("Spokeswoman Jessica Ditto" -> "Jessica Ditto"; "he", "Politifact" do not
count); X is the longest name of that person in the article, Y the two most specific nouns
(highest IDF over the split, seen in at least two articles) of X's longest attribution content. Gold = every content
span the annotations attribute to X in that article. Sources are written relative to the
output file's folder, as `assistant eval qa` resolves them.

    .venv/bin/python bench/qa/build_polnear_qa.py --split dev   # -> bench/qa/polnear_dev_speakers.jsonl
    .venv/bin/python bench/qa/build_polnear_qa.py --split train --limit 150 --out /tmp/polnear_train.jsonl

Only train and dev are accepted: the test split's annotations are never read here.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import re
from collections import Counter
from pathlib import Path

from assistant.evaluation.polnear import _split_dir, default_data_dir, load_split
from assistant.quotes.extract import MODEL
from assistant.quotes.speakers import has_first_name, same_person
from assistant.text.stopwords import STOP_WORDS

HERE = Path(__file__).resolve().parent
_WORD = re.compile(r"[A-Za-z][a-z]+(?:-[a-z]+)*")
# Words of a content span that say nothing about its topic.
_VAGUE = {"said", "says", "would", "could", "going", "people", "think", "know", "really",
          "things", "thing", "great", "there", "their", "about", "which", "being", "make"}


def _text(text: str, spans) -> str:
    return " ".join(text[a:b] for a, b in spans)


def _topic(doc, spans, idf: dict[str, float]) -> str | None:
    words = [t.text for t in doc if t.pos_ == "NOUN" and t.text.islower()
             and any(s <= t.idx < e for s, e in spans)]
    cands = {w for w in words if len(w) >= 4 and w not in STOP_WORDS and w not in _VAGUE
             and w in idf}
    best = sorted(cands, key=lambda w: (-idf[w], w))[:2]
    # In the order they appear in the content, so "Y" reads like the passage.
    return " ".join(sorted(best, key=words.index)) or None


def _person(doc, spans) -> str | None:
    """The person's name spaCy finds inside a source span, when the span is that person:
    not one who owns or qualifies the source ("Hillary Clinton's campaign manager Robby
    Mook" is Mook; "Obama's aides", "the Obama administration" are nobody's own words)."""
    def inside(start: int, end: int) -> bool:
        return any(s <= start and end <= e for s, e in spans)

    for ent in doc.ents:
        if ent.label_ != "PERSON" or not inside(ent.start_char, ent.end_char):
            continue
        head = ent.root.head
        # what the name owns or qualifies is the source only when it lies in the span:
        # a source annotated as "Donald Trump's" alone (his claim) is Trump
        if not ent.start <= head.i < ent.end and inside(head.idx, head.idx + len(head)):
            possessive = ent.root.dep_ == "poss" or re.search(r"[’']s?$", ent.text)
            if possessive or (ent.root.dep_ in ("compound", "amod", "nmod") and head.pos_ != "PROPN"):
                continue
        name = re.sub(r"[’']s?$", "", ent.text)
        name = re.sub(r"[^\w.]+$", "", name).strip()  # 'Marcia "' of 'Marcia "Cia" Price'
        if name:
            return name
    return None


def build(split: str, data_dir: Path, out: Path, limit: int | None = None) -> int:
    if split not in ("train", "dev"):
        raise SystemExit("only train and dev: the test split is kept for a final measurement")
    docs = load_split(split, data_dir, limit=limit)
    text_dir = _split_dir(data_dir, split) / "text"
    df = Counter()
    for _, text, _ in docs:
        df.update({w.lower() for w in _WORD.findall(text)})
    idf = {w: math.log(len(docs) / n) for w, n in df.items() if n >= 2}
    import spacy

    nlp = spacy.load(MODEL, disable=["lemmatizer"])  # NER finds names, POS the topic nouns
    rows = []
    for name, text, gold in docs:
        doc = nlp(text)
        people: list[dict] = []  # {"names": [...], "attributions": [...]}
        for att in gold:
            source = _person(doc, att.sources)
            if not source:
                continue
            person = next((p for p in people if any(same_person(source, n) for n in p["names"])), None)
            if person is None:
                person = {"names": [], "attributions": []}
                people.append(person)
            person["names"].append(source)
            person["attributions"].append(att)
        for person in people:
            full = [n for n in person["names"] if has_first_name(n)]
            speaker = max(full or person["names"], key=len)
            longest = max(person["attributions"], key=lambda a: sum(b - s for s, b in a.contents))
            topic = _topic(doc, longest.contents, idf)
            if not topic:
                continue
            source = os.path.relpath(text_dir / f"{name}.txt", out.parent)
            spans = sorted({(s, e) for a in person["attributions"] for s, e in a.contents})
            rows.append({
                "question": f"What did {speaker} say about {topic}?",
                "gold": [{"source": source, "start": s, "end": e} for s, e in spans],
                "speaker": speaker, "topic": topic, "article": name,
            })
    write_jsonl(rows, out)
    return len(rows)


def write_jsonl(rows: list[dict], out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")


def run(build, what: str, description: str) -> None:
    """The command line every PolNeAR question builder shares: `build(split, data, out,
    limit)` writes bench/qa/polnear_<split>_<what>.jsonl unless --out says otherwise."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--split", choices=["train", "dev"], default="dev")
    parser.add_argument("--data", type=Path, default=None, help="PolNeAR folder")
    parser.add_argument("--limit", type=int, default=None, help="first N articles only")
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    out = (args.out or HERE / f"polnear_{args.split}_{what}.jsonl").resolve()
    count = build(args.split, args.data or default_data_dir(), out, args.limit)
    print(f"{count} questions -> {out}")


if __name__ == "__main__":
    run(build, "speakers", __doc__.splitlines()[0])
