"""Evaluation of quote extraction on PolNeAR (Newell, Margolin, Ruths, LREC 2018).

Data layout: <data_dir>/data/<split>/text/<name>.txt and
<data_dir>/data/<split>/attributions/<name>_<annotator>.ann (brat standoff).
Only the first annotator's file (sorted) of each article is scored.
Tune on ``train``, measure on ``dev``; the ``test`` split is for a final
measurement only.

Scoring follows BBC citron's metrics:

* exact: a predicted span (list) equals a gold one -> P/R/F1 over counts.
* overlap: shared characters / predicted characters (precision) and
  shared characters / gold characters (recall), summed over the corpus.
  Citron sums the overlap over all (predicted, gold) pairs; PolNeAR nests
  attributions inside each other, which would count the same characters
  twice, so each predicted quote is credited with its best-overlapping gold
  attribution and each gold attribution with its best predicted quote.
* direct: attributions whose content is mostly inside quotation marks
  (is_direct, the same test for gold and predicted quotes), scored with
  content overlap.
* speaker accuracy (direct quotes only): a gold direct quote is correct when
  one predicted quote covers at least half of its content characters and
  names the gold source: its speaker_span overlaps the gold Source span, or
  same_person(predicted speaker, name in the gold source), where the name is
  the head name of the source phrase ("Sanders campaign manager Jeff Weaver"
  -> "Jeff Weaver"). The corpus leaves pronouns unresolved; a gold "he",
  "she" or "who" is named by the nearest earlier gold source that names
  someone (within 2,500 characters). The report also gives the figure
  without these two steps ("gold source as written": the whole phrase is
  compared, a pronoun source is only matched by span). Gold sources that are empty or other non-names
  ("the spokesman", "a reporter") are only matched by span.
* given to someone else (direct quotes only): the share of gold direct quotes that
  some covering predicted quote gives to a speaker who does not match as above, even
  when another predicted quote names the right one: the words put in a wrong mouth.
"""
from __future__ import annotations

import copy
import os
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from assistant.quotes.extract import complete_quotes, draft_quotes, extract_quotes, get_nlp
from assistant.quotes.learned.model import default_model
from assistant.quotes.lexicon import TITLES
from assistant.quotes.names import same_person

QUOTE_CHARS = "\"“”«»„‘’"


@dataclass
class GoldAttribution:
    contents: list[tuple[int, int]]
    sources: list[tuple[int, int]] = field(default_factory=list)
    cues: list[tuple[int, int]] = field(default_factory=list)


def default_data_dir() -> Path:
    return Path(os.environ.get("ASSISTANT_POLNEAR", "../shared/data/polnear"))


def _split_dir(data_dir: Path, split: str) -> Path:
    data_dir = Path(data_dir)
    for cand in (data_dir / "data" / split, data_dir / split):
        if (cand / "text").is_dir():
            return cand
    raise FileNotFoundError(
        f"PolNeAR split {split!r} not found under {data_dir} "
        "(expected data/<split>/text and data/<split>/attributions; "
        "set ASSISTANT_POLNEAR or pass data_dir)")


def parse_ann(ann: str) -> list[GoldAttribution]:
    """Read the attributions (E lines) of a brat standoff file."""
    spans: dict[str, list[tuple[int, int]]] = {}
    events: list[dict[str, str]] = []
    for line in ann.splitlines():
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 2:
            label_offsets = parts[1].split(" ", 1)
            if len(label_offsets) < 2:
                continue
            try:
                spans[parts[0]] = [(int(a), int(b)) for a, b in
                                   (p.split() for p in label_offsets[1].split(";"))]
            except ValueError:
                continue
        elif line.startswith("E") and len(parts) >= 2:
            roles = {}
            for arg in parts[1].split():
                role, _, tid = arg.partition(":")
                roles[role.rstrip("0123456789")] = tid
            events.append(roles)
    out = []
    for roles in events:
        if "Content" not in roles or roles["Content"] not in spans:
            continue
        out.append(GoldAttribution(
            contents=spans[roles["Content"]],
            sources=spans.get(roles.get("Source", ""), []),
            cues=spans.get(roles.get("Cue", ""), [])))
    return out


def load_split(split: str = "dev", data_dir: Path | str | None = None,
               limit: int | None = None) -> list[tuple[str, str, list[GoldAttribution]]]:
    """Return (name, text, gold attributions) per article, first annotator only."""
    d = _split_dir(Path(data_dir) if data_dir else default_data_dir(), split)
    first: dict[str, Path] = {}
    for ann in sorted((d / "attributions").glob("*.ann")):
        name = ann.stem.rsplit("_", 1)[0]
        first.setdefault(name, ann)
    docs = []
    for name in sorted(first):
        txt = d / "text" / f"{name}.txt"
        if not txt.exists():
            continue
        docs.append((name, txt.read_text(encoding="utf-8"),
                     parse_ann(first[name].read_text(encoding="utf-8"))))
        if limit and len(docs) >= limit:
            break
    return docs


def _chars(spans) -> set[int]:
    out: set[int] = set()
    for a, b in spans:
        out.update(range(a, b))
    return out


def is_direct(text: str, spans: list[tuple[int, int]]) -> bool:
    """Content mostly (over half its characters) inside quotation marks.

    A content that merely starts or ends with a quoted phrase ("that only 1
    percent ... had been involved in what lawmakers called “fraud”") is
    indirect speech with a quoted word, not a direct quote. An opener left
    open runs to the end of the content (a paragraph of a multi-paragraph
    quote has no closer); a paragraph opened with a closing mark counts as
    opened, and so does a content whose first mark closes. brat lists a discontinuous span's fragments in annotation order,
    so they are sorted first.
    """
    s = " ".join(text[a:b] for a, b in sorted(spans)).strip()
    if not s:
        return False
    if s[0] == "”":
        s = "“" + s[1:]
    marks = [c for c in s if c in "\"“”«»„"]
    if marks and (marks[0] in "”»" or (marks[-1] == s[-1] == "\"" and len(marks) % 2)):
        s = "“" + s  # the annotator left the opening mark out
    inside = sum(len(m) for m in re.findall(r"[\"“«„][^\"”»“]*(?:[\"”»“]|$)", s))
    return inside > 0.5 * len(s)


_NON_NAMES = {"he", "she", "they", "i", "we", "you", "it", "who", "which", "that",
              "his", "her", "their", "him", "them", "this", "whom", "one"}


def _is_name(s: str) -> bool:
    words = s.split()
    return bool(words) and s.lower() not in _NON_NAMES and any(
        w[:1].isupper() for w in words if w.lower() not in {"the", "a", "an"})


_PRONOUNS = {"he", "she", "him", "her", "his", "hers", "who"}
_CUT = re.compile(r",|\(|\bof\b|\bwho\b|\bwhich\b")
_RUN = re.compile(r"[A-Z][\w’'.\-]*(?:\s+[A-Z][\w’'.\-]*)*")


def head_name(phrase: str, words: int | None = 2) -> str | None:
    """The person a source phrase names, in its last `words` name words (all of them when
    None): "Sanders campaign manager Jeff Weaver" -> "Jeff Weaver", "Speaker of the House
    Rep. Paul Ryan (R-WI)" -> "Paul Ryan", "Mark S. Mellman" -> "S. Mellman" (words=None:
    "Mark S. Mellman")."""
    for part in _CUT.split(phrase):
        runs = [[w for w in r.split() if w.lower().rstrip(".") not in TITLES]
                for r in _RUN.findall(part)]
        runs = [r for r in runs if r]
        if runs:
            return " ".join(runs[-1][-words:] if words else runs[-1])
    return None


def _gold_names(text: str, g: GoldAttribution, gold: list[GoldAttribution]) -> list[str]:
    """Names for a gold source: its head name, or for a pronoun ("he", "she", "who")
    the head name of the nearest earlier gold source that names someone (the corpus
    leaves pronouns unresolved; the issue counts a quote right when it "names the
    same person")."""
    phrase = " ".join(text[a:b] for a, b in sorted(g.sources)).strip()
    if not phrase:
        return []
    if phrase.lower() not in _PRONOUNS:
        name = head_name(phrase)
        return [name] if name else []
    pos = min(a for a, _ in g.sources)
    best, best_pos = None, -1
    for other in gold:
        if not other.sources:
            continue
        a = min(x for x, _ in other.sources)
        if best_pos < a < pos and pos - a < 2500:
            name = head_name(" ".join(text[x:y] for x, y in sorted(other.sources)))
            if name and " ".join(text[x:y] for x, y in other.sources).lower() not in _PRONOUNS:
                best, best_pos = name, a
    return [best] if best else []


class _PRF:
    def __init__(self):
        self.tp = self.fp = self.fn = 0  # exact counts
        self.shared_p = self.shared_r = self.pred = self.gold = 0  # overlap chars

    def exact(self):
        return _f(self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0,
                  self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0)

    def overlap(self):
        return _f(self.shared_p / self.pred if self.pred else 0.0,
                  self.shared_r / self.gold if self.gold else 0.0)


def _f(p, r):
    return {"p": p, "r": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


def score_document(text: str, gold: list[GoldAttribution], quotes, acc: dict) -> None:
    """Add one article's counts to the accumulators in ``acc``."""
    content, source, direct = acc["content"], acc["source"], acc["direct"]
    pred_sets = [_chars((s.start, s.end) for s in q.contents) for q in quotes]
    gold_sets = [_chars(g.contents) for g in gold]
    gold_keys = {tuple(sorted(g.contents)) for g in gold}
    pred_keys = [tuple(sorted((s.start, s.end) for s in q.contents)) for q in quotes]
    # content, exact
    content.tp += sum(1 for k in pred_keys if k in gold_keys)
    content.fp += sum(1 for k in pred_keys if k not in gold_keys)
    content.fn += sum(1 for k in gold_keys if k not in set(pred_keys))
    # content, overlap (best match each way)
    best_gold = []
    for ps in pred_sets:
        ov = [len(ps & gs) for gs in gold_sets]
        j = max(range(len(ov)), key=ov.__getitem__) if ov else -1
        best_gold.append(j if j >= 0 and ov[j] > 0 else -1)
        content.shared_p += ov[j] if j >= 0 else 0
        content.pred += len(ps)
    for gs in gold_sets:
        content.shared_r += max((len(ps & gs) for ps in pred_sets), default=0)
        content.gold += len(gs)
    # source spans, matched through the content match
    for q, j in zip(quotes, best_gold):
        if q.speaker_span is None:
            continue
        sp = (q.speaker_span.start, q.speaker_span.end)
        src = gold[j].sources if j >= 0 else []
        source.pred += sp[1] - sp[0]
        if sp in src:
            source.tp += 1
        else:
            source.fp += 1
        source.shared_p += len(_chars([sp]) & _chars(src))
    for i, g in enumerate(gold):
        if not g.sources:
            continue
        gsrc = _chars(g.sources)
        source.gold += len(gsrc)
        cands = [(q, len(pred_sets[k] & gold_sets[i])) for k, q in enumerate(quotes)]
        cands = [q for q, ov in cands if ov > 0 and q.speaker_span is not None]
        spans = [(q.speaker_span.start, q.speaker_span.end) for q in cands]
        if not any(sp in g.sources for sp in spans):
            source.fn += 1
        source.shared_r += max((len(_chars([sp]) & gsrc) for sp in spans), default=0)
    # direct quotes
    # the same test decides which predicted and which gold quotes are direct
    direct_pred = [k for k, q in enumerate(quotes)
                   if is_direct(text, [(s.start, s.end) for s in q.contents])]
    for k in direct_pred:
        direct.pred += len(pred_sets[k])
    for i, g in enumerate(gold):
        if not is_direct(text, g.contents):
            continue
        gs = gold_sets[i]
        direct.gold += len(gs)
        direct.shared_r += max((len(ps & gs) for ps in pred_sets), default=0)
        acc["speaker_total"] += 1
        gsrc = _chars(g.sources)
        gtext = " ".join(text[a:b] for a, b in g.sources)
        names = _gold_names(text, g, gold)
        strict = resolved = wrong = False
        for k, q in enumerate(quotes):
            if len(pred_sets[k] & gs) * 2 < len(gs):
                continue
            sp = _chars([(q.speaker_span.start, q.speaker_span.end)]) if q.speaker_span else set()
            named = bool(q.speaker) and _is_name(gtext) and same_person(q.speaker, gtext)
            right = bool(sp & gsrc) or named or (bool(q.speaker) and any(
                same_person(q.speaker, n) for n in names))
            strict = strict or bool(sp & gsrc) or named
            resolved = resolved or right
            wrong = wrong or (bool(q.speaker) and not right)
        acc["speaker_strict"] += strict
        acc["speaker_correct"] += resolved
        acc["speaker_wrong"] += wrong
    for k in direct_pred:
        direct.shared_p += max((len(pred_sets[k] & gold_sets[i]) for i, g in enumerate(gold)
                                if is_direct(text, g.contents)), default=0)


class Scores:
    """The counts of one extractor over a run of articles; `metrics()` reports them."""

    def __init__(self):
        self.acc = {"content": _PRF(), "source": _PRF(), "direct": _PRF(),
                    "speaker_correct": 0, "speaker_strict": 0, "speaker_wrong": 0,
                    "speaker_total": 0}
        self.articles = self.gold = self.predicted = 0

    def add(self, text: str, gold: list[GoldAttribution], quotes) -> None:
        self.articles += 1
        self.gold += len(gold)
        self.predicted += len(quotes)
        score_document(text, gold, quotes, self.acc)

    def metrics(self, split: str) -> dict:
        acc = self.acc
        total = acc["speaker_total"]
        return {
            "split": split, "articles": self.articles, "gold": self.gold,
            "predicted": self.predicted,
            "content_exact": acc["content"].exact(),
            "content_overlap": acc["content"].overlap(),
            "source_exact": acc["source"].exact(),
            "source_overlap": acc["source"].overlap(),
            "direct_overlap": acc["direct"].overlap(),
            "speaker_accuracy": acc["speaker_correct"] / total if total else 0.0,
            "speaker_accuracy_strict": acc["speaker_strict"] / total if total else 0.0,
            "speaker_wrong": acc["speaker_wrong"] / total if total else 0.0,
            "direct_gold": total,
        }


def evaluate(split: str = "dev", data_dir: Path | str | None = None,
             limit: int | None = None, extractor=None) -> dict:
    """Run the extractor (the rules and the committed attribution model when not given) on a
    PolNeAR split and return the metrics."""
    extract = extractor or (lambda t: extract_quotes(t, get_nlp()))
    scores = Scores()
    for _name, text, gold in load_split(split, data_dir, limit):
        scores.add(text, gold, extract(text))
    return scores.metrics(split)


def compare(split: str = "dev", data_dir: Path | str | None = None, limit: int | None = None,
            models: dict | None = None) -> dict[str, dict]:
    """Metrics of several variants of extraction from one parse per article: `models`
    maps a label to an attribution model, or to None for the rules alone (default: "rules" and
    "rules + model", the committed model)."""
    if models is None:
        models = {"rules": None, "rules + model": default_model()}
    scores = {label: Scores() for label in models}
    nlp = get_nlp()
    for _name, text, gold in load_split(split, data_dir, limit):
        draft = draft_quotes(text, nlp, candidates=True)
        for label, model in models.items():
            # each variant changes its own copy of the quotes (the parse is shared)
            own = replace(draft, quotes=copy.deepcopy(draft.quotes),
                                      candidates=copy.deepcopy(draft.candidates))
            scores[label].add(text, gold, complete_quotes(own, text, model))
    return {label: s.metrics(split) for label, s in scores.items()}


_ROWS = [("content_exact", "content spans, exact"),
         ("content_overlap", "content spans, overlap"),
         ("source_exact", "source spans, exact"),
         ("source_overlap", "source spans, overlap"),
         ("direct_overlap", "direct quotes, overlap")]


def format_comparison(results: dict[str, dict]) -> str:
    """Variants side by side: F1 of each metric, then speaker accuracy."""
    labels = list(results)
    first = results[labels[0]]
    width = max(14, *(len(x) + 2 for x in labels))
    lines = [f"PolNeAR {first['split']}: {first['articles']} articles, "
             f"{first['gold']} gold attributions; predicted quotes: "
             + ", ".join(f"{x} {results[x]['predicted']}" for x in labels),
             f"{'F1':<28}" + "".join(f"{x:>{width}}" for x in labels)]
    for key, label in _ROWS:
        lines.append(f"{label:<28}" + "".join(f"{results[x][key]['f1']:>{width}.3f}" for x in labels))
    lines.append(f"{'speaker accuracy (direct)':<28}"
                 + "".join(f"{results[x]['speaker_accuracy']:>{width}.3f}" for x in labels)
                 + f"  (of {first['direct_gold']})")
    lines.append(f"{'  gold source as written':<28}"
                 + "".join(f"{results[x]['speaker_accuracy_strict']:>{width}.3f}" for x in labels))
    lines.append(f"{'given to someone else':<28}"
                 + "".join(f"{results[x]['speaker_wrong']:>{width}.3f}" for x in labels))
    return "\n".join(lines)


def format_report(m: dict) -> str:
    lines = [f"PolNeAR {m['split']}: {m['articles']} articles, "
             f"{m['gold']} gold attributions, {m['predicted']} predicted quotes",
             f"{'metric':<28}{'P':>8}{'R':>8}{'F1':>8}"]
    for key, label in _ROWS:
        v = m[key]
        lines.append(f"{label:<28}{v['p']:>8.3f}{v['r']:>8.3f}{v['f1']:>8.3f}")
    lines.append(f"{'speaker accuracy (direct)':<28}{m['speaker_accuracy']:>24.3f}"
                 f"  (of {m['direct_gold']})")
    lines.append(f"{'  gold source as written':<28}{m['speaker_accuracy_strict']:>24.3f}")
    lines.append(f"{'given to someone else':<28}{m['speaker_wrong']:>24.3f}")
    return "\n".join(lines)


if __name__ == "__main__":
    import sys
    print(format_report(evaluate(sys.argv[1] if len(sys.argv) > 1 else "dev")))
