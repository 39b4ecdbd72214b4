"""Questions about people who are not in the articles: made-up names built from real ones.

* invented_surname: the first name of a real speaker (PolNeAR dev: a person named in an
  attribution's Source span; BBC: a speaker the assistant's quote extraction finds, also
  tagged PERSON by spaCy) with a surname generated from syllables (fixed seed) that is
  neither a word of the corpora (PolNeAR train and dev texts, all of BBC, seeds/) nor one
  edit away from one.
* wrong_first_name: a real speaker's surname (one that no other person of the corpora
  bears) with another speaker's first name that is not theirs, a prefix of theirs or one
  edit from it; "real" is the real person's name.

Topics come from the real speaker's longest attribution, as in build_polnear_qa.py. The
BBC speakers are those of the first 150 articles of bbc/politics (sorted), the subset
bench/identity_eval.py indexes. Each row: question, name, kind, real, corpus
("polnear-dev" or "bbc": where the real person is), topic (or null).

    .venv/bin/python bench/qa/build_made_up_names.py   # -> bench/qa/made_up_names.jsonl
"""
from __future__ import annotations

import argparse
import math
import random
import re
from collections import Counter
from pathlib import Path

from polnear_people import _WORD, _topic, load, write_jsonl
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from assistant.evaluation.polnear import _split_dir, default_data_dir
from assistant.quotes.lexicon import TITLES
from assistant.quotes.names import name_tokens
from assistant.quotes.speakers import has_first_name, same_person

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
BBC = ROOT.parent / "shared" / "data" / "bbc-news" / "bbc"
BBC_SUBSET = 150
SEED = 20250312
TEMPLATES = ["What did {x} say?", "What did {x} say about {y}?", "What has {x} claimed about {y}?",
             "Did {x} comment on {y}?", "{x}'s comments on {y}", "How did {x} respond to {y}?"]
_ONSETS = "b br d dr f g gr h k kr l m n p pr r s st t tr v w z".split()
_VOWELS = "a e i o u ai ou ei".split()
_CODAS = ["", "n", "r", "l", "s", "m", "nd", "rt", "x"]
_NOT_FIRST = {"rabbi", "reverend", "rev", "father", "imam", "lib", "de", "van", "von", "le", "la"}
_ENDINGS = "ley ton wick berg stein ard ell ani ovic sen quist mere by hurst".split()


def bbc_subset() -> list[Path]:
    return sorted((BBC / "politics").glob("*.txt"))[:BBC_SUBSET]


def _split_name(name: str) -> tuple[str, str] | None:
    words = [w for w in re.sub(r"[’']s$", "", name).split() if w.lower().strip(".") not in TITLES]
    if len(words) < 2 or words[0].lower() in _NOT_FIRST or not all(re.fullmatch(r"[A-Z][a-z]+(?:-[A-Z][a-z]+)?", w) for w in (words[0], words[-1])):
        return None
    return words[0], words[-1]


def polnear_speakers(data_dir: Path) -> list[dict]:
    articles, idf, _ = load("dev", data_dir)
    found = []
    for article in articles:
        for person in article.people:
            if not has_first_name(person.name) or not (parts := _split_name(person.name)):
                continue
            longest = max(person.attributions, key=lambda a: sum(e - s for s, e in a.contents))
            found.append({"name": " ".join(parts), "first": parts[0], "surname": parts[1],
                          "topic": _topic(article.doc, longest.contents, idf), "corpus": "polnear-dev"})
    return found, [e.text for a in articles for e in a.doc.ents if e.label_ == "PERSON"]


def bbc_speakers() -> tuple[list[dict], list[str]]:
    import spacy

    from assistant.quotes.extract import MODEL, extract_quotes

    nlp = spacy.load(MODEL)
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in bbc_subset()]
    df = Counter(w for t in texts for w in {w.lower() for w in _WORD.findall(t)})
    idf = {w: math.log(len(texts) / n) for w, n in df.items() if n >= 2}
    found, persons = [], []
    for text in texts:
        doc = nlp(text)
        names = [e.text for e in doc.ents if e.label_ == "PERSON"]
        persons += names
        for quote in extract_quotes(text, nlp):
            speaker = quote.speaker or ""
            if not any(same_person(speaker, n) and has_first_name(n) for n in names):
                continue
            if parts := _split_name(speaker):
                spans = [(c.start, c.end) for c in quote.contents]
                found.append({"name": " ".join(parts), "first": parts[0], "surname": parts[1],
                              "topic": _topic(doc, spans, idf), "corpus": "bbc"})
    return found, persons


def vocabulary(data_dir: Path) -> list[str]:
    words = set()
    paths = [p for split in ("train", "dev") for p in (_split_dir(data_dir, split) / "text").glob("*.txt")]
    paths += list(BBC.glob("*/*.txt")) + list((ROOT / "seeds").glob("*.txt"))
    for p in paths:
        words.update(" ".join(name_tokens(w)) for w in set(_WORD.findall(p.read_text(errors="replace"))))
    return sorted(words - {""})


def invented_surnames(rng: random.Random, vocab: list[str], n: int) -> list[str]:
    known, out = set(vocab), []
    while len(out) < n:
        s = (rng.choice(_ONSETS) + rng.choice(_VOWELS) + rng.choice(_CODAS) + rng.choice(_ENDINGS)).capitalize()
        key = " ".join(name_tokens(s))
        if key in known or s in out:
            continue
        if process.extractOne(key, vocab, scorer=Levenshtein.distance, score_cutoff=1) is None:
            out.append(s)
    return out


def _other_first(a: str, b: str) -> bool:
    """Two first names that cannot be one: neither a prefix of the other, over one edit apart."""
    a, b = a.lower(), b.lower()
    return not (a.startswith(b) or b.startswith(a)) and Levenshtein.distance(a, b) > 1


def _unique(speakers: list[dict]) -> list[dict]:
    seen, out = set(), []
    for s in speakers:
        if s["name"] not in seen and s["topic"]:
            seen.add(s["name"])
            out.append(s)
    return out


def build(data_dir: Path, out: Path, invented: int = 44, wrong: int = 22) -> int:
    rng = random.Random(SEED)
    dev, dev_persons = polnear_speakers(data_dir)
    bbc, bbc_persons = bbc_speakers()
    dev, bbc = _unique(dev), _unique(bbc)
    persons = [p for p in dev_persons + bbc_persons if has_first_name(p)]
    surnames = invented_surnames(rng, vocabulary(data_dir), invented)
    rows = []

    def row(name, kind, real, source):
        template = TEMPLATES[len(rows) % len(TEMPLATES)]
        topic = source["topic"] if "{y}" in template else None
        rows.append({"question": template.format(x=name, y=topic), "name": name, "kind": kind,
                     "real": real, "corpus": source["corpus"], "topic": topic})

    firsts = [s for pair in zip(rng.sample(dev, len(dev)), rng.sample(bbc, len(bbc))) for s in pair]
    used = set()
    for source in firsts:
        if len(used) == invented:
            break
        if source["first"] not in used:
            row(f"{source['first']} {surnames[len(used)]}", "invented_surname", None, source)
            used.add(source["first"])
    pool = sorted({s["first"] for s in dev + bbc})
    reals = [s for pair in zip(rng.sample(dev, len(dev)), rng.sample(bbc, len(bbc))) for s in pair]
    taken = set()
    for real in reals:
        if len(taken) == wrong:
            break
        namesakes = {p for p in persons if same_person(real["surname"], p)}
        if real["surname"] in taken or any(not same_person(real["name"], p) for p in namesakes):
            continue  # another person of the corpora has this surname
        firsts_ok = [f for f in pool if _other_first(f, real["first"])]
        name = f"{rng.choice(firsts_ok)} {real['surname']}"
        if same_person(name, real["name"]):
            continue
        row(name, "wrong_first_name", real["name"], real)
        taken.add(real["surname"])
    write_jsonl(rows, out)
    return len(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=None, help="PolNeAR folder")
    parser.add_argument("--out", type=Path, default=HERE / "made_up_names.jsonl")
    args = parser.parse_args()
    print(f"{build(args.data or default_data_dir(), args.out.resolve())} names -> {args.out}")


if __name__ == "__main__":
    main()
