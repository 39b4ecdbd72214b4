"""The attribution model: a linear scorer that keeps candidate attributions (cues.py)
and one per edge kind (edges.py), trained on PolNeAR train
(assistant/training/attribution.py), stored as JSON beside this file and applied to the
draft quotes after the rules have made them.

A linear model over named features keeps the artefact small, readable and free of any
pickled code; scoring is a sum of weights, so the learned step costs next to nothing
beside the parse the rules already needed.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import repeat
from pathlib import Path

from assistant.errors import AssistantError
from assistant.quotes.learned.cues import CueCandidate
from assistant.quotes.learned.edges import KINDS, EdgeChoice, edge_choices
from assistant.quotes.model import Quote, Span

DEFAULT_PATH = Path(__file__).with_name("attribution.json")
FORMAT = 2
CUE = "cue"  # the scorer of candidate attributions, beside the edge KINDS


@dataclass
class AttributionModel:
    """weights[kind][feature] and bias[kind] for "cue" and each edge kind; a candidate
    attribution is kept when its cue score is above `threshold`; `about` records how the
    model was made (command, data, seed, figures)."""

    weights: dict[str, dict[str, float]]
    bias: dict[str, float]
    threshold: float = 0.0
    about: dict = field(default_factory=dict)

    def keeps(self, features: list[str]) -> bool:
        """Whether a candidate attribution with these features is kept."""
        return CUE in self.weights and self.score(CUE, features) > self.threshold

    def kept(self, candidates: list[tuple[CueCandidate, list[Quote]]]) -> list[Quote]:
        """The quotes of the candidate attributions the model keeps."""
        return [q for c, quotes in candidates if self.keeps(c.features) for q in quotes]

    def score(self, kind: str, features: list[str]) -> float:
        w = self.weights.get(kind, {})
        return self.bias.get(kind, 0.0) + sum(map(w.get, features, repeat(0.0)))

    def choose(self, choice: EdgeChoice) -> int:
        """The best-scoring position; the rules' own edge wins ties."""
        if choice.kind not in self.weights:
            return choice.rule
        scores = [self.score(choice.kind, f) for f in choice.features]
        best = max(range(len(scores)), key=lambda k: (scores[k], k == 0))
        return choice.positions[best]

    def adjust(self, quotes: list[Quote], docs, text: str) -> None:
        """Move the edges of `quotes` (draft quotes made by the rules from `docs`, the
        parsed runs of `text`) to where the model puts them."""
        apply_choices(quotes, edge_choices(quotes, docs), self.choose, text)

    def save(self, path: Path) -> None:
        data = {"format": FORMAT, "about": self.about, "bias": self.bias,
                "threshold": self.threshold,
                "weights": {k: dict(sorted(v.items())) for k, v in self.weights.items()}}
        Path(path).write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> AttributionModel:
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, ValueError) as e:
            raise AssistantError(f"cannot read the attribution model {path}: {e}") from e
        if data.get("format") != FORMAT or set(data.get("weights", {})) - {CUE, *KINDS}:
            raise AssistantError(f"{path} is not an attribution model of format {FORMAT}; "
                                 "retrain it with `assistant train attribution`")
        return cls(data["weights"], data["bias"], data.get("threshold", 0.0),
                   data.get("about", {}))


@lru_cache(maxsize=1)
def default_model() -> AttributionModel:
    """The model committed with the package, loaded once."""
    return AttributionModel.load(DEFAULT_PATH)


def _balanced(text: str) -> bool:
    """Every quotation mark of `text` closed within it."""
    return text.count("“") == text.count("”") and text.count('"') % 2 == 0


def _meet(a: Span, b: Span) -> bool:
    return a.start < b.end and b.start < a.end


def _nested_in_another(q: Quote, quotes: list[Quote]) -> bool:
    """The quote's cue lies in the content of another speaker's quote."""
    return q.cue is not None and any(
        o is not q and o.speaker != q.speaker and any(c.start <= q.cue.start < c.end for c in o.contents)
        for o in quotes)


def apply_choices(quotes: list[Quote], choices: list[EdgeChoice], choose, text: str) -> None:
    """Set each chosen edge where `choose(choice)` puts it, keeping every span non-empty,
    every source on the words the rules named, and every quoted passage whole: a content
    edge never moves into or out of quotation marks the rules' span kept closed, nor over
    the cue or speaker of a quote nested in another person's words (what Mook asserted
    holds "Trump tells ...", which is not Trump's words)."""
    for c in choices:
        pos = choose(c)
        if pos == c.rule:
            continue
        q = quotes[c.quote]
        if c.kind.startswith("content"):
            spans = sorted(q.contents, key=lambda s: s.start)
            first = c.kind == "content_start"
            span = spans[0] if first else spans[-1]
            new = Span(pos, span.end) if first else Span(span.start, pos)
            if new.start >= new.end or (_balanced(text[span.start:span.end])
                                        and not _balanced(text[new.start:new.end])):
                continue
            # (the scan of every other quote only when the edge would take in a cue or speaker)
            if any(_meet(s, new) and not _meet(s, span) for s in (q.cue, q.speaker_span) if s) \
                    and _nested_in_another(q, quotes):
                continue  # "Mook asserted that Trump tells ...": not Trump's words
            q.contents = [new, *spans[1:]] if first else [*spans[:-1], new]
        elif c.kind == "source_start" and q.speaker_span and pos < q.speaker_span.end:
            q.speaker_span = Span(pos, q.speaker_span.end)
        elif c.kind == "source_end" and q.speaker_span and pos > q.speaker_span.start:
            q.speaker_span = Span(q.speaker_span.start, pos)
