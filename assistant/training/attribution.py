"""Training the attribution model (quotes/learned/) on PolNeAR train, and measuring it
there by cross-validation.

A candidate attribution (learned/cues.py) is a positive example for the cue scorer when
its verb lies in an annotated cue whose content it shares. Each rules' quote, and each
positive candidate's, is matched with the annotators' attribution it stands for (the one whose
cue it shares, else the one holding most of its content). Each edge of the quote then
gives one example per candidate position: positive where the annotators drew that edge.
One logistic regression per edge kind learns to score positions; the model picks the
best-scoring one. Another scores candidates; those above THRESHOLD are kept. Only the train split is read: dev is for choosing, and the test split's
annotations are never read by training.

    assistant train attribution [--out FILE] [--limit N] [--folds K]
"""
from __future__ import annotations

import copy
import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from assistant.errors import AssistantError
from assistant.evaluation.polnear import GoldAttribution, Scores, _chars, load_split
from assistant.quotes.extract import draft_quotes, finish_quotes, get_nlp
from assistant.quotes.learned.edges import KINDS, EdgeChoice, edge_choices
from assistant.quotes.learned.model import CUE, DEFAULT_PATH, AttributionModel, apply_choices
from assistant.quotes.model import Quote

__all__ = ["DEFAULT_PATH", "cross_validate", "fit", "read_articles", "refuse_other_splits", "train"]

TRAINING_SPLIT = "train"
SEED = 13
C = 1.0                  # inverse regularisation strength, chosen by cross-validation on train
THRESHOLD = 0.0         # cue score (log-odds) a candidate must pass, chosen by cross-validation
MIN_WEIGHT = 1e-3        # smaller weights are left out of the artefact
DATA = "PolNeAR v1.0.0 (networkdynamics/PolNeAR@c3eee833c035bf7b8c84f55b58c0bf7346cfae76)"


@dataclass
class Article:
    """One training article: its text and gold attributions; `quotes`, the rules' draft
    quotes (the first `rules` of them) followed by the quotes of each candidate
    attribution; `candidates`, each candidate's features, the indexes of its quotes and
    whether annotators marked it; `choices`, the edge choices of all these quotes, each
    with the position the annotators chose (or None) in `answers`."""

    name: str
    text: str
    gold: list[GoldAttribution]
    quotes: list[Quote]
    rules: int
    candidates: list[tuple[list[str], list[int], bool]]
    choices: list[EdgeChoice]
    answers: list[int | None]

    def kept(self, model: AttributionModel | None) -> list[int]:
        """Indexes of the quotes extraction gives with `model` (the rules' alone when None)."""
        out = list(range(self.rules))
        if model is not None:
            out += [i for feats, ids, _ in self.candidates if model.keeps(feats) for i in ids]
        return out


def refuse_other_splits(split: str) -> None:
    if split != TRAINING_SPLIT:
        raise AssistantError(f"the attribution model is trained on PolNeAR {TRAINING_SPLIT} "
                             f"only, not {split!r}: dev is for choosing and test for the "
                             "final measurement")


def align(quote: Quote, gold: list[GoldAttribution]) -> GoldAttribution | None:
    """The annotators' attribution a rules' quote stands for: the one sharing its cue
    (most content shared first), else the one holding over half its content."""
    content = _chars((s.start, s.end) for s in quote.contents)
    if quote.cue is not None:
        cue = _chars([(quote.cue.start, quote.cue.end)])
        sharing = [g for g in gold if _chars(g.cues) & cue]
        if sharing:
            return max(sharing, key=lambda g: len(_chars(g.contents) & content))
    best = max(gold, key=lambda g: len(_chars(g.contents) & content), default=None)
    if best is not None and 2 * len(_chars(best.contents) & content) > len(content):
        return best
    return None


def _marked(quote: Quote, gold: list[GoldAttribution]) -> bool:
    """The candidate's verb lies in an annotated cue whose content it shares."""
    cue = _chars([(quote.cue.start, quote.cue.end)])
    content = _chars((s.start, s.end) for s in quote.contents)
    return any(_chars(g.cues) & cue and _chars(g.contents) & content for g in gold)


def _gold_edge(kind: str, g: GoldAttribution) -> int | None:
    spans = sorted(g.contents if kind.startswith("content") else g.sources)
    if not spans:
        return None
    return spans[0][0] if kind.endswith("start") else spans[-1][1]


def read_articles(split: str = TRAINING_SPLIT, data_dir=None, limit: int | None = None,
                  progress: Callable[[int, int], None] | None = None) -> list[Article]:
    """Parse the split's articles once: drafts, edge choices and the gold answers."""
    refuse_other_splits(split)
    nlp = get_nlp()
    docs = load_split(split, data_dir, limit)
    out = []
    for n, (name, text, gold) in enumerate(docs):
        draft = draft_quotes(text, nlp, candidates=True)
        quotes, candidates = list(draft.quotes), []
        for cand, made in draft.candidates:
            ids = list(range(len(quotes), len(quotes) + len(made)))
            quotes += made
            candidates.append((cand.features, ids, _marked(cand.quote, gold)))
        choices = edge_choices(quotes, draft.docs)
        matched = [align(q, gold) for q in quotes]
        answers = []
        for c in choices:
            g = matched[c.quote]
            edge = _gold_edge(c.kind, g) if g is not None else None
            answers.append(edge if edge in c.positions else None)
        out.append(Article(name, text, gold, quotes, len(draft.quotes), candidates, choices,
                           answers))
        if progress:
            progress(n + 1, len(docs))
    return out


def _logistic(rows: list[list[str]], labels: list[int], c: float, seed: int):
    """(weights, bias) of a logistic regression over binary features."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vec = DictVectorizer()
    x = vec.fit_transform([dict.fromkeys(r, 1.0) for r in rows])
    lr = LogisticRegression(C=c, max_iter=2000, random_state=seed)
    lr.fit(x, labels)
    weights = {str(f): round(float(w), 4) for f, w in zip(vec.get_feature_names_out(), lr.coef_[0])
               if abs(w) >= MIN_WEIGHT}
    return weights, round(float(lr.intercept_[0]), 4)


def fit(articles: list[Article], c: float = C, seed: int = SEED,
        threshold: float = THRESHOLD) -> AttributionModel:
    """The cue scorer over all candidates, and one edge scorer per kind over the
    candidates of every choice whose annotated edge is among them (of the rules' quotes
    and the marked candidates', the quotes extraction can give)."""
    weights, bias = {}, {}
    rows = [feats for a in articles for feats, _, _ in a.candidates]
    labels = [int(marked) for a in articles for _, _, marked in a.candidates]
    if len(set(labels)) == 2:
        weights[CUE], bias[CUE] = _logistic(rows, labels, c, seed)
    for kind in KINDS:
        rows, labels = [], []
        for a in articles:
            given = set(range(a.rules)) | {i for _, ids, marked in a.candidates if marked for i in ids}
            for choice, answer in zip(a.choices, a.answers):
                if choice.kind != kind or answer is None or choice.quote not in given:
                    continue
                for pos, feats in zip(choice.positions, choice.features):
                    rows.append(feats)
                    labels.append(int(pos == answer))
        if len(set(labels)) == 2:
            weights[kind], bias[kind] = _logistic(rows, labels, c, seed)
    return AttributionModel(weights, bias, threshold)


def score(articles: list[Article], model: AttributionModel | None, scores: Scores) -> None:
    """Add the articles' quotes as extraction gives them with `model` (the rules' alone
    when None) to `scores`."""
    for a in articles:
        quotes = copy.deepcopy(a.quotes)
        if model is not None:
            apply_choices(quotes, a.choices, model.choose, a.text)
        scores.add(a.text, a.gold, finish_quotes([quotes[i] for i in a.kept(model)], a.text))


def cross_validate(articles: list[Article], folds: int = 5, c: float = C,
                   seed: int = SEED, threshold: float = THRESHOLD) -> dict[str, dict]:
    """Rules and model on every article, the model trained on the other folds only."""
    order = list(range(len(articles)))
    random.Random(seed).shuffle(order)
    rules, learned = Scores(), Scores()
    for k in range(folds):
        held = {i for n, i in enumerate(order) if n % folds == k}
        model = fit([a for i, a in enumerate(articles) if i not in held], c, seed, threshold)
        part = [a for i, a in enumerate(articles) if i in held]
        score(part, None, rules)
        score(part, model, learned)
    label = f"{TRAINING_SPLIT}, {folds}-fold"
    return {"rules": rules.metrics(label), "rules + model": learned.metrics(label)}


def train(out: Path, data_dir=None, limit: int | None = None, c: float = C,
          seed: int = SEED, command: str = "", progress=None) -> AttributionModel:
    """Fit on the whole training split (or its first `limit` articles) and write the
    model to `out`, with how it was made."""
    articles = read_articles(TRAINING_SPLIT, data_dir, limit, progress)
    model = fit(articles, c, seed)
    model.about = {
        "command": command or "assistant train attribution",
        "data": f"{DATA}, split {TRAINING_SPLIT}, first annotator per article",
        "articles": len(articles), "seed": seed, "C": c, "threshold": model.threshold,
        "candidates": {"all": sum(len(a.candidates) for a in articles),
                       "marked": sum(m for a in articles for _, _, m in a.candidates)},
        "examples": {k: sum(1 for a in articles for ch, ans in zip(a.choices, a.answers)
                            if ch.kind == k and ans is not None) for k in KINDS},
    }
    model.save(Path(out))
    return model
