"""Questions about what an organisation, a country or a group said, from PolNeAR attributions.

An institution is a Source span that is itself an organisation or place: a spaCy ORG or
GPE entity, a plural NORP ("Republicans"), or "the X campaign" ("Donald Trump's presidential
campaign" -> "the Trump campaign"), with no person named in the span. Entities that are the
name of a person of the article ("Trump" tagged ORG) do not count, nor pronouns or bare
nouns ("the campaign"). One question per (article, institution), with the topic chosen as in
build_polnear_qa.py from its longest attribution. Gold = the content spans of every
attribution of the article whose source names the institution, including a person speaking
for it ("FBI Director James Comey" for the FBI); "own" = the same over the whole split.

    .venv/bin/python bench/qa/build_institution_qa.py   # -> bench/qa/polnear_dev_institutions.jsonl
"""
from __future__ import annotations

import re
from pathlib import Path

from build_polnear_qa import run
from polnear_people import _topic, load, spans_json, write_jsonl

from assistant.quotes.speakers import same_person

TEMPLATES = ["What did {x} say about {y}?", "How did {x} respond to {y}?",
             "What has {x} claimed about {y}?", "Did {x} comment on {y}?"]
_CAMPAIGN = re.compile(r"\b(?!(?:The|Her|His|Their|Its|This|That)\b)([A-Z][\w-]+)(?:['’]s)?(?:\s+presidential)?\s+campaign\b")


def _norm(s: str) -> str:
    s = re.sub(r"['’]s\b|\bpresidential\s+", "", s)
    return " ".join(re.sub(r"^the\s+", "", s.strip(), flags=re.I).split()).lower()


def _names(article, att, people: set[str]) -> list[tuple[str, str]]:
    """(key, name as asked) of each institution the source span is, in the span's order; an
    entity that is a name in `people`, the first part of a longer name ("New York" in
    "New York Times") or a modifier ("The Indiana governor") is not one."""
    text = " ".join(article.text[s:e] for s, e in att.sources)
    inside = [e for e in article.doc.ents if any(s <= e.start_char and e.end_char <= t for s, t in att.sources)]
    if not text or any(e.label_ == "PERSON" for e in inside):
        return []
    found = [(_norm(m.group(1)) + " campaign", f"the {m.group(1)} campaign") for m in _CAMPAIGN.finditer(text)]
    for e in inside:
        plural_group = e.label_ == "NORP" and e.text.endswith("s")
        if e.label_ not in ("ORG", "GPE") and not plural_group or any(same_person(e.text, p) for p in people):
            continue
        if re.match(r"\s*[A-Z]", article.text[e.end_char:e.end_char + 2]) or e.root.dep_ in ("compound", "amod", "nmod"):
            continue  # a modifier: "The New York businessman", "House panel"
        if f"{_norm(e.text)} campaign" in {k for k, _ in found}:
            continue
        before = article.text[max(0, e.start_char - 4):e.start_char].lower()
        the = "the " if e.label_ == "ORG" and before.endswith("the ") and not e.text.lower().startswith("the ") else ""
        found.append((_norm(e.text), the + re.sub(r"^The ", "the ", re.sub(r"['’]s?$", "", e.text))))
    return [(k, n) for k, n in found if len(k) >= 2]


def _speaks_for(key: str, article, att) -> bool:
    source = _norm(" ".join(article.text[s:e] for s, e in att.sources))
    return bool(re.search(rf"(?<!\w){re.escape(key)}(?!\w)", source))


def _spans(key: str, article) -> list[tuple[int, int]]:
    return sorted({c for att in article.gold if _speaks_for(key, article, att) for c in att.contents})


def build(split: str, data_dir: Path, out: Path, limit: int | None = None) -> int:
    articles, idf, text_dir = load(split, data_dir, limit)
    people = {e.text for a in articles for e in a.doc.ents if e.label_ == "PERSON"}
    rows = []
    for article in articles:
        seen: dict[str, tuple[str, list]] = {}
        for att in article.gold:
            for key, name in _names(article, att, people):
                seen.setdefault(key, (name, []))[1].append(att)
        for key, (name, own_atts) in seen.items():
            longest = max(own_atts, key=lambda a: sum(e - s for s, e in a.contents))
            topic = _topic(article.doc, longest.contents, idf)
            gold = _spans(key, article)
            if not topic or not gold:
                continue
            question = TEMPLATES[len(rows) % len(TEMPLATES)].format(x=name, y=topic)
            own = [g for other in articles for g in spans_json(text_dir, out, other.name, _spans(key, other))]
            rows.append({
                "question": question[0].upper() + question[1:],
                "gold": spans_json(text_dir, out, article.name, gold),
                "own": own, "speaker": name, "topic": topic, "article": article.name,
            })
    write_jsonl(rows, out)
    return len(rows)


if __name__ == "__main__":
    run(build, "institutions", __doc__.splitlines()[0])
