"""Speaker questions in other wordings, about what a person said in reported speech.

One question per (article, named person with an indirect attribution): the person is found
as in build_polnear_qa.py; the topic is the two most specific nouns of their longest
attribution whose content is not in quotation marks, so a passage answering it is reported
speech rather than a quote. Gold = every content span of that person in the article;
"own" = every content span of the same person (same_person) anywhere in the split.
Wordings rotate over forms that assistant/search/intent.py reads as a speaker question
("How did X respond to Y?", "Did X comment on Y?", "What has X claimed about Y?", "What were
X's views on Y?") and a few it does not read or reads with a wrong name ("What was X's view
on Y?", "What did X have to say about Y?", "Where does X stand on Y?"); each row records
`parsed`, the name intent.py takes from the question (null when it reads none).

    .venv/bin/python bench/qa/build_polnear_qa_indirect.py   # -> bench/qa/polnear_dev_speakers_indirect.jsonl
"""
from __future__ import annotations

from pathlib import Path

from build_polnear_qa import run
from polnear_people import _topic, indirect, load, own_spans, spans_json, write_jsonl

from assistant.search.intent import speaker_question

TEMPLATES = [
    "How did {x} respond to {y}?",
    "Did {x} comment on {y}?",
    "What has {x} claimed about {y}?",
    "What were {x}'s views on {y}?",
    "How did {x} respond to {y}?",
    "Did {x} comment on {y}?",
    "What has {x} claimed about {y}?",
    "What was {x}'s view on {y}?",
    "What did {x} have to say about {y}?",
    "Where does {x} stand on {y}?",
]


def build(split: str, data_dir: Path, out: Path, limit: int | None = None) -> int:
    articles, idf, text_dir = load(split, data_dir, limit)
    rows = []
    for article in articles:
        for person in article.people:
            reported = [a for a in person.attributions if indirect(article, a)]
            if not reported:
                continue
            longest = max(reported, key=lambda a: sum(e - s for s, e in a.contents))
            topic = _topic(article.doc, longest.contents, idf)
            if not topic:
                continue
            speaker = person.name
            question = TEMPLATES[len(rows) % len(TEMPLATES)].format(x=speaker, y=topic)
            asked = speaker_question(question)
            rows.append({
                "question": question,
                "gold": spans_json(text_dir, out, article.name, person.spans()),
                "own": own_spans(speaker, articles, text_dir, out),
                "speaker": speaker, "topic": topic, "article": article.name,
                "parsed": asked.name if asked else None,
            })
    write_jsonl(rows, out)
    return len(rows)


if __name__ == "__main__":
    run(build, "speakers_indirect", __doc__.splitlines()[0])
