"""Checks a model's answer against the numbered passages it was given, before it is shown.

A sentence is kept only when it cites a passage it was given ([n], 1 <= n <= k), every
quotation in it is in a passage it cites word for word, every link in it appears there too,
and at least half of its content words do. Markers outside 1..k are dropped; what remains is
renumbered 1..m in order of first citation. The checker takes growing text, so a streamed
answer is shown sentence by sentence, each one already checked.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from rapidfuzz import fuzz

from assistant.quotes.lexicon import REPORTING_WORDS
from assistant.text.folding import ascii_lower
from assistant.text.sentences import sentence_spans
from assistant.text.stopwords import STOP_WORDS

_NUMBERS = r"\d{1,3}(?:\s*[-–]\s*\d{1,3})?(?:\s*[,;]\s*\d{1,3}(?:\s*[-–]\s*\d{1,3})?)*"
MARKER = re.compile(rf"\[\s*({_NUMBERS})\s*\]")
_LEADING_MARKERS = re.compile(rf"\s*(?:\[\s*{_NUMBERS}\s*\]\s*)+")
# Quotations in any of the usual styles; single quotes only where they cannot be apostrophes.
_QUOTED = re.compile(
    r"“([^“”]+)”|„([^“”]+)[“”]|«([^«»]+)»|\"([^\"]+)\"|(?<!\w)‘([^‘’]+)’(?!\w)|(?<!\w)'([^']+)'(?!\w)"
)
# An ellipsis or an editor's [insertion] inside a quotation joins two separate fragments.
_OMISSION = re.compile(r"\.\s*\.\s*\.|…|\[[^\]]*\]")
_URL = re.compile(
    r"\b(?:https?://|www\.)[^\s\])>\"”]+|\b[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|io|ru|info|xyz|ly)\b",
    re.IGNORECASE,
)
_TOKEN = re.compile(r"\w+")
_MIN_SUPPORT = 0.5  # share of a sentence's content words its passages must hold
_REPORTING = REPORTING_WORDS


def words(text: str) -> list[str]:
    """Words as compared: ASCII, lower case, punctuation and quote style gone."""
    return _TOKEN.findall(ascii_lower(text))


def _variant(a: str, b: str) -> bool:
    """Another spelling of the same word (Peskov/Peskow, recognise/recognize), not another
    word: same first letters, about the same length, and close."""
    return (
        min(len(a), len(b)) >= 5 and a[:2] == b[:2] and abs(len(a) - len(b)) <= 1
        and fuzz.ratio(a, b) >= 80
    )


def _contains(fragment: list[str], passage: list[str]) -> bool:
    n = len(fragment)
    if " ".join(fragment) in " ".join(passage):
        return True
    return any(
        all(a == b or _variant(a, b) for a, b in zip(fragment, passage[i : i + n]))
        for i in range(len(passage) - n + 1)
    )


_SUFFIXES = ("ations", "ation", "ings", "ing", "ions", "ion", "ed", "es", "s", "ly")


def _stem(word: str) -> str:
    """Light stemming, so that negotiate ~ negotiations but sign !~ significant."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def _numbers(group: str) -> list[int]:
    found = []
    for part in re.split(r"[,;]", group):
        low, _, high = part.partition("-") if "-" in part else part.partition("–")
        low, high = int(low), int(high or low)
        found.extend(range(low, min(high, low + 20) + 1))
    return found


_ENDS_LINE = re.compile(r"[.!?:;”\"’»)\]]$")
_STARTS_ITEM = re.compile(r"[ \t]*(?:\n|[-*•#]\s|\d{1,2}[.)]\s)")


def _line_ends_unit(text: str, at: int, final: bool) -> bool | None:
    """Whether the line break at `at` ends a paragraph or list item rather than wrapping a
    sentence; None while too little of the next line is known."""
    if _ENDS_LINE.search(text[:at].rstrip(" \t")):
        return True
    after = text[at + 1 : at + 6]
    if _STARTS_ITEM.match(after):
        return True
    if not final and len(after) < 5 and "\n" not in after:
        return None
    return False


def _surname(name: str | None) -> str | None:
    """The last word of a speaker's name, as `words` writes it."""
    found = words(name or "")
    return found[-1] if found else None


def quotations(text: str) -> list[str]:
    return [next(g for g in m.groups() if g is not None) for m in _QUOTED.finditer(text)]


@dataclass
class Checked:
    text: str
    cited: list[int]  # the passages cited (0-based), in the order of their new numbers
    notes: list[str]
    said_not_found: bool


class AnswerChecker:
    """Feed it the model's text as it grows; `text` is what passed the checks so far."""

    def __init__(self, passages: list[str], not_found: str, context: list[str] | None = None,
                 speakers: list[str | None] | None = None):
        """`context[i]` (a title, the person quoted) also counts as support for passage i,
        though quotations must still be in the passage itself. `speakers[i]` is the person
        passage i is a recorded quotation of, or None: a sentence quoting it may name no
        one else as the speaker."""
        self.passages = passages
        self._speakers = [_surname(s) for s in (speakers or [None] * len(passages))]
        self._lower = [p.lower() for p in passages]
        self._words = [words(p) for p in passages]
        context = context or [""] * len(passages)
        self._vocab = [set(w) | set(words(c)) for w, c in zip(self._words, context)]
        self._not_found = " ".join(words(not_found))
        self._done = 0  # the model's text up to here has been checked
        self._pending_sep = ""
        self._kept: list[str] = []
        self.order: list[int] = []
        self.removed: Counter = Counter()
        self.invented: set[int] = set()
        self.said_not_found = False

    @property
    def text(self) -> str:
        return "".join(self._kept)

    def feed(self, raw: str) -> bool:
        """Check the sentences of `raw` that are complete; True when any was kept."""
        before = len(self._kept)
        for sep, sentence in self._complete(raw, final=False):
            self._check(sep, sentence)
        return len(self._kept) > before

    def finish(self, raw: str) -> Checked:
        for sep, sentence in self._complete(raw, final=True):
            self._check(sep, sentence)
        return Checked(self.text, list(self.order), self._notes(), self.said_not_found)

    # -- splitting -----------------------------------------------------------------------

    def _spans(self, tail: str, start: int, end: int) -> list[list[int]]:
        """Sentence spans of tail[start:end]; markers after a full stop join the sentence before."""
        spans: list[list[int]] = []
        for s, e in sentence_spans(tail[start:end], start):
            s += len(tail[s:e]) - len(tail[s:e].lstrip())
            lead = _LEADING_MARKERS.match(tail, s, e)
            if spans and lead:
                spans[-1][1] = s + len(tail[s : lead.end()].rstrip())
                s = lead.end()
            if tail[s:e].strip():
                spans.append([s, e])
        return spans

    def _complete(self, raw: str, final: bool) -> list[tuple[str, str]]:
        """(whitespace before, sentence) of each sentence of `raw` now complete, in order."""
        tail = raw[self._done :]
        cuts = [0]
        for m in re.finditer(r"\n", tail):
            verdict = _line_ends_unit(tail, m.start(), final)
            if verdict is None:  # too little of the next line has arrived to tell
                break
            if verdict:
                cuts.append(m.start())
        if final:
            cuts.append(len(tail))
        spans = [sp for a, b in zip(cuts, cuts[1:]) for sp in self._spans(tail, a, b)]
        if not final:
            growing = self._spans(tail, cuts[-1], len(tail))
            # The last sentence may still grow; the one before it is done once the last has
            # begun with words (not with a marker still being written).
            if len(growing) >= 2 and tail[growing[-1][0]] != "[":
                spans += growing[:-1]
        out, pos = [], 0
        for s, e in spans:
            out.append((tail[pos:s], tail[s:e]))
            pos = e
        self._done += pos
        return out

    # -- checking ------------------------------------------------------------------------

    def _check(self, sep: str, sentence: str) -> None:
        k = len(self.passages)
        cited: list[int] = []
        for m in MARKER.finditer(sentence):
            for n in _numbers(m.group(1)):
                if 1 <= n <= k:
                    cited.append(n)
                else:
                    self.invented.add(n)
        cited = list(dict.fromkeys(cited))
        body = MARKER.sub(" ", sentence)
        lines = sep.count("\n")
        if lines > self._pending_sep.count("\n"):
            self._pending_sep = "\n" * min(lines, 2)
        if not cited:
            if self._not_found and self._not_found in " ".join(words(body)):
                self.said_not_found = True
            elif any(not w.isdigit() for w in words(body)):  # not a bare list number
                self.removed["cited no passage it was given"] += 1
            return
        reason = self._fault(body, [n - 1 for n in cited])
        if reason:
            self.removed[reason] += 1
            return
        for n in cited:
            if n - 1 not in self.order:
                self.order.append(n - 1)

        def renumber(m: re.Match) -> str:
            keep = dict.fromkeys(n for n in _numbers(m.group(1)) if 1 <= n <= k)
            return "".join(f"[{self.order.index(n - 1) + 1}]" for n in keep)

        text = re.sub(r"[ \t]{2,}", " ", MARKER.sub(renumber, sentence)).strip()
        text = re.sub(r"\s+([.,;:!?])", r"\1", text)
        if self._kept:
            text = (self._pending_sep or " ") + text
        self._kept.append(text)
        self._pending_sep = ""

    def _fault(self, body: str, cited: list[int]) -> str | None:
        """Why a sentence citing `cited` may not be shown, or None."""
        sources = [self._words[i] for i in cited]
        for quote in quotations(body):
            for fragment in _OMISSION.split(quote):
                frag = words(fragment)
                if frag and not any(_contains(frag, source) for source in sources):
                    return "quoted words that are not in the passage they cite"
            if self._misattributed(body, quote, cited):
                return "gave a quotation to someone other than the person who said it"
        for url in _URL.findall(body):
            if not any(url.lower().rstrip(".,;:") in self._lower[i] for i in cited):
                return "gave a link that is not in the passage they cite"
        content = [w for w in words(body)
                   if w not in STOP_WORDS and w not in _REPORTING and (len(w) > 2 or w.isdigit())]
        if content:
            vocab = set().union(*(self._vocab[i] for i in cited))
            held = sum(1 for w in content if self._holds(w, vocab))
            if held / len(content) < _MIN_SUPPORT:
                return "said what the passage they cite does not"
        return None

    def _misattributed(self, body: str, quote: str, cited: list[int]) -> bool:
        """The quotation comes from recorded quotes of some people, and the sentence names
        another speaker of the passages given but none of them."""
        frag = words(quote)
        said_by = {self._speakers[i] for i in cited
                   if self._speakers[i] and _contains(frag, self._words[i])}
        if not said_by:
            return False
        outside = set(words(_QUOTED.sub(" ", body)))
        named = {s for s in self._speakers if s and s in outside}
        return bool(named) and not named & said_by

    @staticmethod
    def _holds(word: str, vocab: set[str]) -> bool:
        if word in vocab:
            return True
        if word.isdigit():
            return False
        mine = _stem(word)
        for v in vocab:
            theirs = _stem(v)
            short, long = sorted((mine, theirs), key=len)
            if (len(short) >= 5 and long.startswith(short)) or short == long or _variant(word, v):
                return True
        return False

    def _notes(self) -> list[str]:
        notes = []
        if self.invented:
            shown = ", ".join(f"[{n}]" for n in sorted(self.invented))
            notes.append(
                f"Dropped citation {shown}: only passages [1]–[{len(self.passages)}] were given."
            )
        for reason, count in self.removed.items():
            notes.append(f"Removed {count} sentence{'s' if count != 1 else ''} that {reason}.")
        return notes
