"""Who the PolNeAR attributions of a split name: people (by spaCy PERSON inside the Source
span, merged within an article by same_person) and their content spans, for the question
builders of this folder. A pronoun source ("he said") is the person of the nearest earlier
source that names someone spaCy tags as a person, as `assistant eval polnear` reads it (the
corpus leaves pronouns unresolved; without this, "own words" would leave out every "she
said"). Only train and dev are read; the test split never is."""
from __future__ import annotations

import math
import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from build_polnear_qa import _WORD, _person, _topic, write_jsonl  # noqa: F401  (re-exported for the builders)

from assistant.evaluation.polnear import _gold_names, _PRONOUNS, _split_dir, is_direct, load_split
from assistant.quotes.extract import MODEL
from assistant.quotes.speakers import has_first_name, same_person


@dataclass
class Person:
    names: list[str] = field(default_factory=list)
    attributions: list = field(default_factory=list)

    @property
    def name(self) -> str:
        """The longest name with a first name, else the longest."""
        full = [n for n in self.names if has_first_name(n)]
        return max(full or self.names, key=len)

    def spans(self) -> list[tuple[int, int]]:
        return sorted({(s, e) for a in self.attributions for s, e in a.contents})


@dataclass
class Article:
    name: str
    text: str
    gold: list
    doc: object
    people: list[Person]


def load(split: str, data_dir: Path, limit: int | None = None):
    """(articles, idf, text folder) of a split, every article parsed by spaCy once."""
    if split not in ("train", "dev"):
        raise SystemExit("only train and dev: the test split is kept for a final measurement")
    import spacy

    docs = load_split(split, data_dir, limit=limit)
    df = Counter()
    for _, text, _ in docs:
        df.update({w.lower() for w in _WORD.findall(text)})
    idf = {w: math.log(len(docs) / n) for w, n in df.items() if n >= 2}
    nlp = spacy.load(MODEL, disable=["lemmatizer"])
    articles = []
    for (name, text, gold), doc in zip(docs, nlp.pipe(text for _, text, _ in docs)):
        people: list[Person] = []
        persons = {e.text for e in doc.ents if e.label_ == "PERSON"}
        for att in gold:
            source = _person(doc, att.sources)
            phrase = " ".join(text[a:b] for a, b in sorted(att.sources)).strip().lower()
            if not source and phrase in _PRONOUNS:
                # the name the pronoun stands for, when it is a person's: the nearest
                # earlier source may be "Republicans", "Wednesday" or "The New York Times"
                source = next((n for n in _gold_names(text, att, gold)
                               if any(same_person(n, p) for p in persons)), None)
            if not source:
                continue
            person = next((p for p in people if any(same_person(source, n) for n in p.names)), None)
            if person is None:
                person = Person()
                people.append(person)
            person.names.append(source)
            person.attributions.append(att)
        articles.append(Article(name, text, gold, doc, people))
    return articles, idf, _split_dir(data_dir, split) / "text"


def indirect(article: Article, att) -> bool:
    return not is_direct(article.text, att.contents)


def is_person(speaker: str, person: Person) -> bool:
    """`person` (of some article) is `speaker`: a full name of theirs matches, or, when the
    article never gives their first name, their surname does."""
    full = [n for n in person.names if has_first_name(n)]
    return any(same_person(speaker, n) for n in (full or person.names))


def spans_json(text_dir: Path, out: Path, name: str, spans) -> list[dict]:
    source = os.path.relpath(text_dir / f"{name}.txt", out.parent)
    return [{"source": source, "start": s, "end": e} for s, e in spans]


def own_spans(speaker: str, articles: list[Article], text_dir: Path, out: Path) -> list[dict]:
    """Every content span the split attributes to `speaker`, in any article."""
    own = []
    for article in articles:
        spans = sorted({s for p in article.people if is_person(speaker, p) for s in p.spans()})
        own += spans_json(text_dir, out, article.name, spans)
    return own
