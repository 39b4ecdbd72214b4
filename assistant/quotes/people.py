"""Name resolution within one article: surnames, pronouns and roles resolved to the
fullest name the article gives (the last stage of quote extraction).
"""
from __future__ import annotations

import bisect
import re

from assistant.quotes.lexicon import (FEMALE_FIRST_NAMES, FEMALE_TITLES, MALE_TITLES, NOT_PERSON,
                                      PRONOUNS_FEMALE, PRONOUNS_MALE, ROLE_NOUNS, TITLES)
from assistant.quotes.names import fold_role, has_first_name, name_tokens, same_person
from assistant.text.folding import ascii_lower


def name_runs(doc):
    """Person-name candidates without NER: runs of proper nouns that are not
    organisations, places or dates (cheap stand-in for PERSON entities)."""
    out, i, n = [], 0, len(doc)
    while i < n:
        if doc[i].tag_ not in ("NNP", "NNPS"):
            i += 1
            continue
        j = i
        while j < n and (doc[j].tag_ in ("NNP", "NNPS") and doc[j].text != "’s" or (
                doc[j].text == "-" and not doc[j - 1].whitespace_ and j + 1 < n
                and doc[j + 1].tag_ == "NNP")):  # Heinemann-Grüder
            j += 1
        words = [t.lower_.rstrip(".") for t in doc[i:j]]
        core = [w for w in words if w not in TITLES]
        if core and not any(w in NOT_PERSON for w in core) and not any(
                t.is_upper and len(t) > 1 for t in doc[i:j] if t.lower_.rstrip(".") in core):
            out.append(doc[i:j])
        i = max(j, i + 1)
    return out


def _modifier(tok, parsed: bool) -> bool:
    """A noun or adjective modifying the next word (by tag where there is no parse)."""
    if parsed:
        return tok.dep_ in ("compound", "amod", "nmod")
    return tok.tag_[:2] in ("NN", "JJ")


class ArticlePeople:
    """People named in one article, for resolving surnames, pronouns and roles.

    Built from the article's runs of sentences [(offset, doc)]: PERSON entities where
    the pipeline ran NER, else runs of proper nouns (name_runs). A person is an index
    into the parallel lists below.
    """

    WINDOW = 2500  # how far back a pronoun or role may refer, in characters

    def __init__(self, text: str, docs):
        self.text = text
        self.names: list[list[str]] = []      # per person: surface names
        self.roles: list[list[str]] = []
        self.gender: list[int] = []           # >0 male, <0 female
        self.mentions: list[tuple[int, int, int, bool]] = []  # start, end, person, is_subject
        self._last: list[int] = []            # per person: where they were last mentioned
        self._start_cache: list[int] = []
        self._index: dict[str, set[int]] = {}  # folded name word -> people
        for off, doc in docs:
            if doc.has_annotation("ENT_IOB"):
                names = [e for e in doc.ents if e.label_ == "PERSON"]
            else:
                names = name_runs(doc)
            parsed = doc.has_annotation("DEP")  # runs that only name people are tagged, not parsed
            for ent in names:
                self._add_mention(ent, off, single_ok=bool(doc.ents) or (
                    parsed and ent.root.dep_ == "nsubj"), parsed=parsed)

    def _add_mention(self, ent, off, single_ok=True, parsed=True):
        """Record the name span `ent` (in a doc starting at `off`) as a mention of a known
        person or a new one, with the role words around it (titles, an apposition). A
        lone word that matches nobody counts only when `single_ok`."""
        toks = list(ent)
        role = []
        while toks and toks[0].lower_.rstrip(".") in TITLES:
            role.append(toks.pop(0))
        while toks and toks[-1].tag_ == "POS":
            toks.pop()
        if not toks or toks[0].tag_ in ("PRP", "PRP$"):
            return
        s, e = off + toks[0].idx, off + toks[-1].idx + len(toks[-1])
        name = self.text[s:e]
        if not name_tokens(name):
            return
        role_words = [t.text for t in role]
        # title words left of the entity: "Army Chief Oleksandr Syrskyj"
        left = ent.start - 1
        doc = ent.doc
        while left >= 0 and (_modifier(doc[left], parsed) and (
                doc[left].text[:1].isupper() or doc[left].lower_ in ROLE_NOUNS) or (
                doc[left].lower_ == "of" and left > 0 and doc[left - 1].lower_ in TITLES)):
            role_words.insert(0, doc[left].text)  # "Secretary of State Marco Rubio"
            left -= 1
        # (a token's children are undefined without a parse)
        root = ent.root if parsed else None
        for c in root.children if parsed else ():
            if c.dep_ == "appos" and c.tag_ not in ("NNP", "NNPS"):
                role_words = [t.text for t in c.subtree if t.dep_ != "punct"] or role_words
        pid = self.find(name, s)
        if pid < 0 and not single_ok and not has_first_name(name):
            return  # a lone capitalised word is only a name if it matches one
        if pid < 0:
            pid = len(self.names)
            self.names.append([])
            self.roles.append([])
            self.gender.append(0)
            self._last.append(s)
        # unique names and roles only: repeated mentions must not grow the lists
        if name not in self.names[pid]:
            self.names[pid].append(name)
            for w in name_tokens(name):
                self._index.setdefault(w, set()).add(pid)
        role = " ".join(role_words)
        if role_words and role not in self.roles[pid] and len(self.roles[pid]) < 20:
            self.roles[pid].append(role)
        self._last[pid] = s
        self.gender[pid] += self._gender_hint(name, s, e)
        self.mentions.append((s, e, pid, parsed and root.dep_ in ("nsubj", "nsubjpass")))

    def find(self, name, pos) -> int:
        """The person `name` names (the one mentioned last, of several), or -1."""
        full = has_first_name(name)
        best, best_pos = -1, -1
        toks = name_tokens(name)
        if len(self.names) > 200:
            # many people (very long texts): only those sharing a name word
            cands = sorted(self._index.get(toks[-1], set()) | self._index.get(toks[0], set()))
        else:
            cands = range(len(self.names))
        for pid in cands:
            names = self.names[pid]
            fulls = [n for n in names if has_first_name(n)]
            if full:
                ok = (all(same_person(name, n) for n in fulls) if fulls
                      else any(same_person(name, n) for n in names))
            else:
                key = name_tokens(name)[0]
                ok = any(same_person(name, n) for n in names) or any(
                    name_tokens(n)[0] == key for n in fulls)
            if ok and self._last[pid] > best_pos:
                best, best_pos = pid, self._last[pid]
        return best

    def _gender_hint(self, name, s, e) -> int:
        before = self.text[max(0, s - 6):s].lower().split()
        if before and before[-1] in MALE_TITLES:
            return 3
        if before and before[-1] in FEMALE_TITLES:
            return -3
        first = ascii_lower(name.split()[0])
        if has_first_name(name) and first in FEMALE_FIRST_NAMES:
            return -3
        m = re.search(r"\b(he|his|him|she|her|hers)\b", self.text[e:e + 200], re.I)
        if m:
            return 1 if m.group(1).lower() in ("he", "his", "him") else -1
        return 0

    def canonical(self, pid: int) -> str:
        """The person's fullest name: the one with most name words, then the longest."""
        return max(self.names[pid], key=lambda n: (len(name_tokens(n)), len(n)))

    def role_of(self, pid: int) -> str | None:
        """The person's longest role in the article, or None."""
        return max(self.roles[pid], key=len) if self.roles[pid] else None

    def _person_at(self, s, e) -> int:
        """The person a mention overlapping [s, e) names (among the 8 before e), or -1."""
        k = bisect.bisect_left(self._starts, e)
        for ms, me, pid, _ in self.mentions[max(0, k - 8):k]:
            if ms < e and s < me:
                return pid
        return -1

    @property
    def _starts(self) -> list[int]:
        if len(self._start_cache) != len(self.mentions):
            self._start_cache = [m[0] for m in self.mentions]
        return self._start_cache

    def name_at(self, s, e) -> str | None:
        """The full name of the person mentioned at [s, e), or None."""
        pid = self._person_at(s, e)
        return self.canonical(pid) if pid >= 0 else None

    def role_at(self, s, e) -> str | None:
        """The role of the person mentioned at [s, e), or None."""
        pid = self._person_at(s, e)
        return self.role_of(pid) if pid >= 0 else None

    def _preceding(self, pos, want_gender=0, roles=None) -> int:
        """The person a pronoun or role noun at `pos` refers to: the nearest earlier
        mention (within WINDOW) of the wanted gender or holding one of `roles`, a subject
        mention preferred; -1 if none."""
        best = -1
        k = bisect.bisect_left(self._starts, pos)
        for i in range(k - 1, -1, -1):
            ms, _me, pid, subj = self.mentions[i]
            if pos - ms > self.WINDOW:
                break
            g = self.gender[pid]
            if want_gender and g * want_gender < 0:
                continue
            if roles is not None and not any(roles & set(fold_role(r).split())
                                             for r in self.roles[pid]):
                continue
            if subj or roles is not None:
                return pid
            if best < 0:
                best = pid
        return best

    def resolve(self, tok, off, span):
        """(speaker name, role) for a subject token (in a doc starting at `off`) and its
        phrase span: a person of the article when the token, a pronoun, a role noun or a
        surname refers to one, else the phrase as written (None for bare pronouns)."""
        if tok is None or span is None:
            return None, None
        s, e = span
        hs, he_ = off + tok.idx, off + tok.idx + len(tok)
        pid = self._person_at(hs, he_)
        if pid < 0:
            # "officials, like Secretary of State Marco Rubio" / "including General X"
            for c in tok.children:
                if c.lower_ in ("like", "including") or c.dep_ == "appos":
                    sub = list(c.subtree)
                    pid = self._person_at(off + sub[0].idx, off + sub[-1].idx + len(sub[-1]))
                    if pid >= 0:
                        break
        if pid < 0 and tok.lower_ in ("who", "that") and tok.head.dep_ == "relcl":
            noun = tok.head.head
            pid = self._person_at(off + noun.idx, off + noun.idx + len(noun))
        low = tok.lower_
        if pid < 0 and low in PRONOUNS_MALE | PRONOUNS_FEMALE:
            pid = self._preceding(s, 1 if low in PRONOUNS_MALE else -1)
            if pid < 0:
                return None, None
        if pid < 0 and low in ROLE_NOUNS:
            pid = self._preceding(s, 0, set(fold_role(low).split()))
            if pid < 0:
                return self.text[s:e], None
        if pid < 0 and tok.tag_ in ("NNP", "NNPS"):
            # a name the NER missed ("Baerbock emphasized"): match it by surname
            name = " ".join(t.text for t in tok.subtree
                            if t.i <= tok.i and t.tag_ in ("NNP", "NNPS") and t.lower_ not in TITLES)
            if name and name_tokens(name):
                pid = self.find(name, s)
                titled = any(t.lower_ in TITLES - {"the", "of", "state"} for t in tok.subtree
                             if t.i < tok.i)
                if pid < 0 and (titled or tok.ent_type_ not in ("ORG", "GPE", "NORP", "FAC")):
                    return name, None
        if pid >= 0:
            return self.canonical(pid), self.role_of(pid)
        if tok.tag_ in ("PRP", "WP", "WDT", "DT", "EX"):
            return None, None
        for ent in tok.doc.ents:
            if ent.label_ in ("ORG", "NORP", "GPE") and ent.start <= tok.i < ent.end:
                return ent.text, None
        return self.text[s:e], None

    def conjoined(self, span) -> list[tuple[str, tuple[int, int], str | None]]:
        """"Starmer and Baerbock": (name, mention span, role) of each person mentioned
        inside a speaker span joined by "and"; [] when there is no "and"."""
        s, e = span.start, span.end
        if " and " not in self.text[s:e]:
            return []
        out, seen = [], set()
        lo, hi = bisect.bisect_left(self._starts, s), bisect.bisect_left(self._starts, e)
        for ms, me, pid, _ in self.mentions[lo:hi]:
            if s <= ms and me <= e and pid not in seen:
                seen.add(pid)
                out.append((self.canonical(pid), (ms, me), self.role_of(pid)))
        return out
