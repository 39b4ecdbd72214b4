"""Is the speaker the right person? Name accuracy of extraction on PolNeAR.

`assistant eval polnear` counts a direct quote's speaker right when its speaker span overlaps
the annotated source, so "he" is right whoever "he" is resolved to. Here a quote counts only
when the person it names is the one the annotation names:
- the name in the gold source phrase ("Sanders campaign manager Jeff Weaver" -> Jeff Weaver);
- for a pronoun, the nearest earlier annotated source that names someone (as the evaluation
  reads it).
It covers every annotated attribution whose source names someone and whose content is at
least half held by one extracted quote. The results are split into direct quotes and all
others. A source that names no person (a poll, "the Clinton campaign") yields a word that
no speaker matches, so the figures are a floor.

    .venv/bin/python bench/speaker_names.py --split train --limit 400   # tune here
    .venv/bin/python bench/speaker_names.py --split dev --limit 100     # measure here
    .venv/bin/python bench/speaker_names.py --split dev --rules         # without the model

Only train and dev are accepted: the test split's annotations are never read here.
"""
from __future__ import annotations

import argparse
import os
from collections import Counter

os.environ.setdefault("HF_HUB_OFFLINE", "1")

from assistant.evaluation.polnear import _chars, _gold_names, head_name, is_direct, load_split  # noqa: E402
from assistant.quotes.extract import extract_quotes, get_nlp  # noqa: E402
from assistant.quotes.speakers import same_person  # noqa: E402


def score(split: str, limit: int | None, learned: bool) -> Counter:
    nlp = get_nlp()
    counts: Counter = Counter()
    for _name, text, gold in load_split(split, limit=limit):
        quotes = extract_quotes(text, nlp, learned=learned)
        held = [_chars((s.start, s.end) for s in q.contents) for q in quotes]
        for g in gold:
            names = _gold_names(text, g, gold) if g.sources else []
            if not names:
                continue
            phrase = " ".join(text[a:b] for a, b in sorted(g.sources))
            names += [n for n in [head_name(phrase, words=None)] if n and phrase.lower() not in ("he", "she")]
            content = _chars(g.contents)
            best = max(range(len(quotes)), key=lambda k: len(held[k] & content), default=None)
            if best is None or 2 * len(held[best] & content) < len(content):
                counts["not extracted"] += 1
                continue
            kind = "direct" if is_direct(text, g.contents) else "other"
            speaker = quotes[best].speaker
            counts[kind, bool(speaker) and any(same_person(speaker, n) for n in names)] += 1
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=["train", "dev"], default="dev")
    parser.add_argument("--limit", type=int, default=None, help="first N articles only")
    parser.add_argument("--rules", action="store_true", help="the rules alone, without the attribution model")
    args = parser.parse_args()
    c = score(args.split, args.limit, learned=not args.rules)
    print(f"PolNeAR {args.split}{f', first {args.limit} articles' if args.limit else ''}"
          f"{', rules alone' if args.rules else ''}: speaker names the annotated person")
    for kind in ("direct", "other"):
        right, wrong = c[kind, True], c[kind, False]
        print(f"  {kind:<7} {right / max(1, right + wrong):.3f}  ({right} of {right + wrong})")
    print(f"  annotated attributions no quote holds: {c['not extracted']}")


if __name__ == "__main__":
    main()
