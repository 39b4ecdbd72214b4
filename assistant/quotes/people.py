"""Name resolution within one article: surnames, pronouns and roles resolved to the
fullest name the article gives (the last stage of quote extraction).
"""
from __future__ import annotations

import bisect
import re

from assistant.quotes.lexicon import (CUE_FORMS, FEMALE_TITLES, FORMS_OF_ADDRESS, MALE_TITLES,
                                      NEW_PLACE_WORDS, NEWSPAPER_HEADS, NOT_PERSON, OFFICE_ROLES, PARTY_WORDS,
                                      PRONOUNS_FEMALE, PRONOUNS_MALE, ROLE_NOUNS, SURNAME_TITLES,
                                      TIME_WORDS, TITLES)
from assistant.quotes.first_names import first_name_gender, is_first_name
from assistant.quotes.names import fold_role, has_first_name, name_tokens, same_person
from assistant.quotes.parse import FULL_NAME
from assistant.quotes.parties import ORG_HEADS, gazetteer
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
        run = doc[i:j]
        # "Senate Majority Leader Mitch McConnell", "Charlotte Mayor Jennifer Roberts": a
        # place's or an organisation's words and a title before the name; the name is what
        # follows the title ("Pope Francis", all title before, stays whole)
        last_title = max((t.i for t in run[:-1] if _title(t)), default=-1)
        if last_title >= 0 and any(not _title(t) for t in doc[i:last_title]):
            run = doc[last_title + 1:j]
        if _person_run(run):
            out.append(run)
        i = max(j, i + 1)
    return out


def _title(tok) -> bool:
    """A title word before a name ("Sen.", "President", "New" in "New Home Secretary"), not
    the first word of a place's name ("the New York Times", "New Jersey Gov. Chris
    Christie": "York Times" was taken for a name)."""
    low = tok.lower_.rstrip(".")
    if low not in TITLES:
        return False
    return not (low == "new" and tok.i + 1 < len(tok.doc)
                and tok.doc[tok.i + 1].lower_ in NEW_PLACE_WORDS)


def _proper_run_before(tok) -> list:
    """The proper nouns of `tok`'s phrase that run up to it unbroken ("AFL-CIO", "Chicago
    Sun-Times" whole): "Tory Party co-chairman Liam Fox" ends in "Liam Fox"."""
    doc, subtree = tok.doc, set(tok.subtree)
    run = [tok]
    while run[0].i > 0:
        prev = doc[run[0].i - 1]
        before = doc[prev.i - 1] if prev.i > 0 else prev
        glued = prev.text == "-" and before.tag_ in ("NNP", "NNPS")
        # "the British Bankers' Association": a plural possessive inside an organisation's name
        glued = glued or (tok.lower_ in ORG_HEADS and prev.text in ("'", "’")
                          and before.tag_ in ("NNP", "NNPS") and before.lower_.endswith("s"))
        if prev not in subtree or not (prev.tag_ in ("NNP", "NNPS") or glued):
            break
        run.insert(0, prev)
    return run


def _person_run(run) -> bool:
    """A run of proper nouns that can be a person's name: some word besides titles, none
    of an organisation or place, nor an acronym, and no organisation's head word last."""
    if len(run) and run[-1].lower_ in ORG_HEADS:
        return False  # "the Foreign Office" was a person "Office", and "he asked" his
    core = [w for w in (t.lower_.rstrip(".") for t in run) if w not in TITLES]
    return bool(core) and not any(w in NOT_PERSON for w in core) and not any(
        t.is_upper and len(t.text.rstrip(".")) > 1  # an acronym, not an initial ("S.")
        for t in run if t.lower_.rstrip(".") in core) and not _a_party(run, core)


def _a_party(run, core: list[str]) -> bool:
    """"Labour", "Old Labour", "Conservative Christians": a political party or its people,
    with no first name, no form of address ("Mr Green" is a man) and not before a name of
    two words ("Democrat Zephyr Teachout")."""
    last = max((k for k, w in enumerate(core) if w in PARTY_WORDS), default=-1)
    return last >= 0 and len(core) - last - 1 < 2 and not any(
        t.lower_.rstrip(".") in FORMS_OF_ADDRESS or is_first_name(t.text) for t in run)


def _portfolio(doc, k: int) -> bool:
    """A common noun between a role noun and the capitalised words before it: the office's
    field ("Liberal Democrat transport spokesman", "Tory health spokesman")."""
    return (doc[k].tag_ == "NN" and k > 0 and doc[k - 1].text[:1].isupper()
            and doc[k - 1].tag_[:2] in ("NN", "JJ") and k + 1 < len(doc)
            and doc[k + 1].lower_ in ROLE_NOUNS)


def _modifier(tok, parsed: bool) -> bool:
    """A noun or adjective modifying the next word (by tag where there is no parse)."""
    if parsed:
        return tok.dep_ in ("compound", "amod", "nmod")
    return tok.tag_[:2] in ("NN", "JJ")


_LONG_WORD = re.compile(r"[^\W\d_][\w’'-]{3,}")


HEADLINE_CHARS = 250  # a longer line is running text, whatever its capitals


def _full_form_of(name: str, body: list[str]) -> bool:
    """`name` (read in a headline) is a first name and a surname the text writes alone:
    "Hillary Clinton" for "Clinton", not "Offensive Things Donald Trump"."""
    words = name.split()
    return len(words) == 2 and is_first_name(words[0]) and any(
        b.split()[-1] == words[-1] for b in body)


def _described(name: str, names: list[str]) -> bool:
    """`name` is another of `names` (a first name and a surname) after one more word that is
    neither a first name nor an initial: "Rival Hillary Clinton", "Comedian Sarah
    Silverman", not "C. Boyden Gray"."""
    first, _, rest = name.partition(" ")
    return (rest in names and has_first_name(rest) and len(first.rstrip(".")) > 1
            and not is_first_name(first) and first[:1].isupper())


def _title_case(text: str, pos: int) -> bool:
    """The line holding `pos` is a headline in title case: short, and nearly all its words
    of four letters or more are capitalised."""
    lo = max(0, pos - HEADLINE_CHARS)
    start = text.rfind("\n", lo, pos) + 1
    if start == 0 and lo > 0:
        return False
    end = text.find("\n", pos, pos + HEADLINE_CHARS)
    if end < 0:
        end = len(text) if len(text) - pos <= HEADLINE_CHARS else -1
    if end < 0 or end - start > HEADLINE_CHARS:
        return False
    words = _LONG_WORD.findall(text[start:end])
    return len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.8 * len(words)


def _is_subject(ent, parsed: bool) -> bool:
    """The name is the subject of its clause: by the parse, or where the sentence was only
    tagged, by a verb right after it ("Cornell Belcher picked up", "Walsh said")."""
    if parsed:
        verb = ent.root.head
        return ent.root.dep_ in ("nsubj", "nsubjpass") and (
            verb.dep_ in ("ROOT", "conj") or verb.lower_ in CUE_FORMS)
    k = ent.end
    if k < len(ent.doc) and ent.doc[k].lower_ in ("himself", "herself"):
        k += 1  # "Edwards himself kept Idowu off top spot"
    after = ent.doc[k] if k < len(ent.doc) else None
    return after is not None and (after.tag_ in ("VBD", "VBZ", "VBP", "MD"))


def _named_alongside(tok):
    """"officials, like Secretary of State Marco Rubio", "including General X", "the
    minister, Annalena Baerbock": the words that say who `tok` is. Only their heads: a
    person named further inside ("a pollster who is not involved with the Clinton
    campaign") is someone else."""
    bare = not any(c.dep_ in ("det", "poss", "nummod") for c in tok.children)
    for c in tok.children:
        if c.dep_ == "appos":
            yield c
        elif c.lower_ in ("like", "including"):
            yield from (g for g in c.children if g.dep_ == "pobj")
        elif bare and c.dep_ == "conj" and c.tag_ in ("NNP", "NNPS") and any(
                g.dep_ == "compound" and g.tag_ == "NN" for g in c.children):
            # "World triple jump record holder and BBC pundit Jonathan Edwards believes":
            # two roles before one name, which the parse joined as two subjects
            yield c


def _introduced(ent) -> bool:
    """"Ban Ki-moon, the secretary general of the United Nations, sat ...": the name
    opens its sentence and an apposition follows."""
    doc = ent.doc
    opens = ent.start == 0 or doc[ent.start - 1].text in (".", "!", "?")
    return opens and ent.end < len(doc) and doc[ent.end].text == ","


_INDEFINITE = frozenset({"a", "an", "one", "another", "some", "several", "many", "other"})


def _given_name(tok) -> bool:
    """A first name or an initial, as a proper noun: a part of the name that follows."""
    if re.fullmatch(r"[A-Z]\.", tok.text):
        return True  # an initial, whatever its tag
    if tok.tag_ != "NNP" or not tok.text[:1].isupper():
        return False
    low = tok.lower_
    return low not in TITLES and low not in ROLE_NOUNS and is_first_name(tok.text)


def _has_letter(word: str) -> bool:
    return any(c.isalpha() for c in word)


def _addressed(tok) -> bool:
    """A capitalised word right after a form of address is a surname ("Mr. King"), even
    when it is also a role noun."""
    prev = tok.nbor(-1) if tok.i > 0 else None
    return (tok.text[:1].isupper() and prev is not None
            and prev.lower_.rstrip(".") in FORMS_OF_ADDRESS)


_RELATIVE = re.compile(r"\s(?:that|who|whom|whose|which|where)\s.*", re.S)


# Words a role does not begin with ("of Mrs.", from "the campaign of Mrs. Clinton"), and
# words that alone make no role ("all" of "all three senators", "25" of "Quina Jones, 25,").
_ROLE_LEADS = frozenset({"of", "for", "to", "at", "in", "on", "with", "by", "from", "and", "or",
                         # what opens a sentence before the role ("Earlier Foreign Secretary")
                         "earlier", "later", "meanwhile", "yesterday", "today", "tonight",
                         "but", "however", "also"})
# a form of address is no role: "Mr." says a man, not what he does ("Ban Ki-moon (Mr.)")
_NO_ROLE = _ROLE_LEADS | frozenset({"all", "both", "each", "the", "a", "an", "mr", "mr.", "mrs",
                                    "mrs.", "ms", "ms.", "miss", "mx", "mx.", "messrs", "messrs.",
                                    "himself", "herself", "itself", "themselves"})


def _role_kept(words: list[str]) -> list[str]:
    """The words of a role worth keeping: none when they hold nothing but an age, a number,
    small words or a form of address."""
    while words and words[0].lower() in _ROLE_LEADS:
        words = words[1:]
    if len(words) > 1 and words[-1].lower() in _HONOURS:
        words = words[:-1]  # "Manchester United manager Sir Alex Ferguson": the office
    if words and words[-1].lower().rstrip(".") in _COURTESY:
        # "On Wednesday Mr Blair", "In Harrogate Mr Kennedy": a word before the form of
        # address is a role only with a title or office in it ("Labour spokesman Mr Smith")
        words = words[:-1] if any(_role_word(w) for w in words[:-1]) else []
    if all(w.lower() in _NO_ROLE or w.lower() in _ROLE_PREFIXES or not any(c.isalpha() for c in w)
           for w in words):
        return []  # ("former" or "senior" alone says no office either)
    return words


# forms of address that say nothing of what someone does ("Sen.", "Gov.", "Dr." do)
_COURTESY = frozenset({"mr", "mrs", "ms", "miss", "mx", "messrs"})
# honours written between an office and the name, which are no part of the office
_HONOURS = frozenset({"sir", "dame"})
# title words that name no office ("the New York ...", "St")
_NOT_OFFICES = frozenset({"the", "of", "us", "u.s", "new", "then", "former", "late", "acting",
                          "sr", "jr", "ii", "iii", "st"})


# lower-case words that qualify an office before it ("Tory shadow chancellor Oliver Letwin")
_ROLE_PREFIXES = frozenset({"shadow", "deputy", "acting", "interim", "former", "junior", "senior"})


# words that make an office another one: "the prime minister" is not the deputy prime
# minister, "the chancellor" not the shadow chancellor
_QUALIFIERS = frozenset({"deputy", "vice", "shadow", "former", "acting", "interim", "junior",
                         "assistant", "associate", "ex"})
_PAST = frozenset({"former", "ex"})


def _role_asked(tok) -> set[str]:
    """The folded words of the office a role noun names, with its title words and names
    ("the prime minister" -> prime, minister; "the Florida senator" -> florida, senator)."""
    # a place or a body named before it too: "the Florida senator" is not Texas's
    words = [t.lower_ for t in tok.children if t.dep_ in ("amod", "compound") and t.i < tok.i
             and (_role_word(t.text) or t.lower_ in _QUALIFIERS or t.tag_ in ("NNP", "NNPS"))]
    return set(fold_role(" ".join([*words, tok.lower_])).split())


def _holds(asked: set[str], role: str) -> bool:
    """Someone with `role` holds the office `asked` names: all its words, and no word that
    makes it another office ("Deputy Prime Minister" does not answer "the prime minister").
    A past office is the office as written then ("the former president" is "President
    Clinton")."""
    held = set(fold_role(role_head(role)).split())
    return asked - _PAST <= held and not (held & _QUALIFIERS) - asked


def _party_before_name(toks) -> bool:
    """"Lib Dem Norman Baker", "Fellow Lib Dem Norman Baker": a party (or "fellow") before
    a first name is what they are, not part of their name ("Democratic National
    Committee" holds no first name)."""
    return (len(toks) > 2 and toks[0].lower_ in PARTY_WORDS | {"fellow"}
            and any(is_first_name(t.text) for t in toks[1:-1]))


def _party_cut(toks) -> int:
    """How many words of a name run are a place and a party before a first name ("New York
    Democrat Jerry Nadler", "Florida Republican Marco Rubio"): 0 when none are."""
    for k in range(len(toks) - 3, 0, -1):  # a first name and a surname after the party
        if toks[k].lower_ in PARTY_WORDS and is_first_name(toks[k + 1].text):
            return k + 1
    return 0


def _role_word(word: str) -> bool:
    w = word.lower().rstrip(".")
    return (w in TITLES and w not in _NOT_OFFICES) or w in ROLE_NOUNS or w in OFFICE_ROLES


# what joins an organisation's head word to the rest of its name ("Chambers of Commerce")
_ORG_JOINERS = frozenset({"of", "for", "to", "on"})
# lower-case words an organisation's name may hold ("Committee for a Responsible ...")
_ORG_SMALL_WORDS = frozenset({"a", "an", "the", "and", "of", "for", "on", "to", "&"})


def _organisation_name(tok, off: int, text: str) -> str | None:
    """The whole name of an organisation whose head word a cue's subject is, when the name
    runs on past it ("The British Chambers of Commerce (BCC) said", "The Committee for a
    Responsible Federal Budget estimates"): read as a person, it was "Chambers" (role
    "British") or "Committee". Only when the head is an organisation's word or an acronym
    of the name follows it, and the name holds no first name ("Mike Pence of Indiana")."""
    doc = tok.doc
    if tok.tag_ not in ("NNP", "NNPS") or tok.i + 1 >= len(doc):
        return None
    joiner = doc[tok.i + 1]
    objects = [c for c in joiner.children if c.dep_ == "pobj"]
    if joiner.lower_ not in _ORG_JOINERS or joiner.head.i != tok.i or not objects:
        return None
    head = [t for t in doc[tok.left_edge.i:tok.i + 1] if t.lower_ not in _ORG_SMALL_WORDS]
    tail = [t for t in objects[0].subtree if t.i > joiner.i]
    cut = next((k for k, t in enumerate(tail) if t.text in "(,"), len(tail))
    tail = tail[:cut]
    words = [t for t in tail if not t.is_punct]
    if any(t.lower_ in ROLE_NOUNS or t.lower_ in OFFICE_ROLES for t in words):
        return None  # "... on American-Islamic Relations National Executive Director Nihad Awad"
    if any(t.lower_ in TIME_WORDS for t in words):
        return None  # "the Times on Saturday wrote": when, not part of the name
    if not head or not words or not all(t.text[:1].isupper() or t.lower_ in _ORG_SMALL_WORDS
                                        for t in [*head, *words]):
        return None
    if len(head) > 1 and head[0].tag_ == "NNP" and is_first_name(head[0].text):
        return None
    start, end = off + head[0].idx, off + tail[-1].idx + len(tail[-1])
    name = text[start:end]
    capitals = "".join(w[0] for w in name.split() if w[:1].isupper())
    after = text[end:end + len(capitals) + 4]
    acronym = after.lstrip().startswith(f"({capitals})")
    if not acronym and tok.lower_ not in ORG_HEADS:
        return None
    return name


def role_head(role: str) -> str:
    """A role without its relative clause: "the production company that owns Mr. King's
    programme" is a company, not a king."""
    return _RELATIVE.sub("", role)


# what may follow a joined name: the phrase's end, another conjunct, a state or a party
# ("Ted Cruz of Texas and ...", "Bernie Sanders (Vt.) and ...")
_AFTER_CONJUNCT = re.compile(r"\s*(?:of(?:\s+[A-Z][\w.’'-]*)+|\([^)]*\))?\s*"
                             r"(?:$|[,;]|and\b|&|both\b|all\b|as well as\b|--|[—–])")


def _conjunct(before: str, name: str, after: str) -> bool:
    """Whether `name`, with the words `before` and `after` it in a speaker phrase, is one
    more of the people the phrase joins ("Jason Dana, Robyn Dawes and Nathanial Peterson",
    "Ms. Toretti, Mrs. Rao and ..."), rather than a name inside someone's role ("an adviser
    to Mr. Clinton", "a senior fellow at the Hoover Institution and ...", "Mitt Romney's
    chief strategist", "Morgan Stanley executives")."""
    words = before.split()
    addressed = bool(words) and words[-1].lower().rstrip(".") in FORMS_OF_ADDRESS
    while words and words[-1] not in ("and", "&") and not words[-1].endswith(",") and (
            words[-1].lower().rstrip(".") in TITLES or words[-1].lower() in ROLE_NOUNS
            or words[-1][:1].isupper()):
        words.pop()  # "and Gov. John Kasich", "and former Maryland governor Martin O'Malley"
    joined = bool(words) and (words[-1] in ("and", "&") or words[-1].endswith(",")
                              or words[-3:] == ["as", "well", "as"])
    words_of_name = name.split()  # a surname alone, or a name with a first name
    person = addressed or len(words_of_name) == 1 or any(map(is_first_name, words_of_name[:-1]))
    return joined and person and bool(_AFTER_CONJUNCT.match(after))


def _indefinite(tok) -> bool:
    """The noun is introduced as someone not yet named ("a spokesman", "one aide",
    "two officials")."""
    return any(c.dep_ == "nummod" or c.dep_ in ("det", "amod") and c.lower_ in _INDEFINITE
               for c in tok.children)


# head words of organisations that an article shortens its name to ("the Association",
# "the Commission"): the same word names other organisations in other articles
_GENERIC_ORG_HEADS = frozenset({
    "association", "commission", "committee", "department", "council", "institute",
    "foundation", "agency", "bureau", "authority", "board", "union", "federation", "league",
    "ministry", "office", "centre", "center", "court", "company", "corporation", "bank",
    "fund", "trust", "group", "service", "coalition", "alliance", "institution", "society",
}) | NEWSPAPER_HEADS


class ArticlePeople:
    """People named in one article, for resolving surnames, pronouns and roles.

    Built from the article's runs of sentences [(offset, doc)]: PERSON entities where
    the pipeline ran NER, else runs of proper nouns (name_runs). A person is an index
    into the parallel lists below.
    """

    WINDOW = 2500  # how far back a pronoun or role may refer, in characters

    def __init__(self, text: str, docs, quoted: list[tuple[int, int]] = ()):
        self.text = text
        # quoted passages (start, end): a person named inside someone's quote is not the
        # one a following "she said" points back to
        self._quoted = sorted(quoted)
        self._quoted_starts = [a for a, _ in self._quoted]
        self.names: list[list[str]] = []      # per person: surface names
        self.roles: list[list[str]] = []
        self.gender: list[int] = []           # >0 male, <0 female
        self.mentions: list[tuple[int, int, int, bool]] = []  # start, end, person, is_subject
        self._last: list[int] = []            # per person: where they were last mentioned
        self._start_cache: list[int] = []
        self._index: dict[str, set[int]] = {}  # folded name word -> people
        self._headline_names: set[str] = set()  # spellings seen only in title-case lines
        self._headline_mentions: set[int] = set()  # where mentions in such lines start
        self._acting: set[int] = set()  # people seen as a subject or with a role
        # per person, where each mention starts: made once all are read
        self._read: list[list[int]] | None = None
        self._places: dict[int, bool] = {}  # per person: whether the name is a place's
        for off, doc in docs:
            if doc.has_annotation("ENT_IOB"):
                names = [e for e in doc.ents if e.label_ == "PERSON"]
            else:
                names = name_runs(doc)
            parsed = doc.has_annotation("DEP")  # runs that only name people are tagged, not parsed
            for ent in names:
                self._add_mention(ent, off, single_ok=bool(doc.ents) or (
                    parsed and ent.root.dep_ == "nsubj"), parsed=parsed)
        self._add_untagged_mentions([(off, off + len(doc.text)) for off, doc in docs],
                                    {off + t.idx for off, doc in docs for t in doc
                                     if t.tag_ in ("NNP", "NNPS")})
        # from here on a name is matched to whom the text has named by then (`_near`)
        self._read = [[] for _ in self.names]
        for ms, _, pid, _ in self.mentions:
            self._read[pid].append(ms)

    def _add_mention(self, ent, off, single_ok=True, parsed=True):
        """Record the name span `ent` (in a doc starting at `off`) as a mention of a known
        person or a new one, with the role words around it (titles, an apposition). A
        lone word that matches nobody counts only when `single_ok`."""
        toks = list(ent)
        while toks and not _has_letter(toks[0].text):  # "”― Pamela Padilla": marks, no name
            toks.pop(0)
        while toks and not _has_letter(toks[-1].text):
            toks.pop()
        role = []
        while toks and (_title(toks[0]) or _party_before_name(toks)):
            role.append(toks.pop(0))
        cut = _party_cut(toks)
        role, toks = role + toks[:cut], toks[cut:]
        while toks and toks[-1].tag_ == "POS":
            toks.pop()
        doc = ent.doc
        while not role and toks and toks[0].i > 0 and _given_name(doc[toks[0].i - 1]):
            toks.insert(0, doc[toks[0].i - 1])  # "Julie A. Diaz Martinez" tagged from "Diaz"
        if not toks or toks[0].tag_ in ("PRP", "PRP$"):
            return
        s, e = off + toks[0].idx, off + toks[-1].idx + len(toks[-1])
        name = self.text[s:e]
        if not name_tokens(name):
            return
        role_words = [t.text for t in role]
        # title words left of the entity: "Army Chief Oleksandr Syrskyj"
        left = min(ent.start, toks[0].i) - 1
        while left >= 0 and (_modifier(doc[left], parsed) and (
                doc[left].text[:1].isupper() or doc[left].lower_ in ROLE_NOUNS
                or doc[left].lower_ in _ROLE_PREFIXES or _portfolio(doc, left)) or (
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
        headline = _title_case(self.text, s)
        if headline:
            self._headline_mentions.add(s)
            if name not in self.names[pid]:
                self._headline_names.add(name)
        else:
            self._headline_names.discard(name)
        # unique names and roles only: repeated mentions must not grow the lists
        if name not in self.names[pid]:
            self.names[pid].append(name)
            for w in name_tokens(name):
                self._index.setdefault(w, set()).add(pid)
        role = " ".join(_role_kept(role_words))
        if role and role not in self.roles[pid] and len(self.roles[pid]) < 20:
            self.roles[pid].append(role)
        self._last[pid] = s
        self.gender[pid] += self._gender_hint(name, s, e)
        subject = _is_subject(ent, parsed)
        if subject or role_words or _introduced(ent):
            self._acting.add(pid)
        self.mentions.append((s, e, pid, subject))

    def _add_untagged_mentions(self, read: list[tuple[int, int]], proper: set[int]) -> None:
        """Surnames of known people in sentences that were never tagged ("Calderon, 35,
        grew up in Bogotá."), or where the tagger took them for another word ("Trump has
        also commented on ..." opening a sentence; `proper` holds where the tagger saw
        proper nouns): without them a later "she" would skip back past her to whoever was
        named before. A surname two people share is left out."""
        owners: dict[str, set[int]] = {}
        for pid, names in enumerate(self.names):
            full = has_first_name(self.canonical(pid))
            for name in names:
                words = name.split()
                if len(words) > 1 or full:
                    owners.setdefault(words[-1], set()).add(pid)
        surnames = {w: next(iter(p)) for w, p in owners.items()
                    if len(p) == 1 and len(w) > 2 and w[:1].isupper()}
        if not surnames:
            return
        starts = [a for a, _ in read]
        pattern = re.compile(r"\b(?:" + "|".join(map(re.escape, sorted(surnames, key=len, reverse=True)))
                             + r")\b")
        added = False
        for m in pattern.finditer(self.text):
            pid = surnames[m.group()]
            # "Mr. King" says he is a man even where the tagger saw no name
            self.gender[pid] += self._title_gender(m.start())
            k = bisect.bisect_right(starts, m.start()) - 1
            if k >= 0 and m.start() < read[k][1] and m.start() in proper:
                continue  # a proper noun of a run that was read: its mentions are there already
            lo = max(0, m.start() - 80)
            before = self.text[lo:m.start()].rpartition("\n")[2].rstrip()
            # a subject when it opens its sentence ("Calderon said", "Ms. Calderon, 35,")
            opens = not before or before[-1] in ".!?”\"" or before.split()[-1].lower() in TITLES
            self.mentions.append((m.start(), m.end(), pid, opens))
            added = True
        if added:
            self.mentions.sort()

    def find(self, name, pos) -> int:
        """The person `name` names at `pos` (of several, the one named last before it), or -1."""
        full = has_first_name(name)
        best = -1
        toks = name_tokens(name)
        if len(self.names) > 200:
            # many people (very long texts): only those sharing a name word
            cands = sorted(self._index.get(toks[-1], set()) | self._index.get(toks[0], set()))
        else:
            cands = range(len(self.names))
        # A lone word is a surname first ("Trump" is not "Trump Tower Grill"); only when
        # no one has it as a surname may it be a family name written first ("Ban Ki-moon"),
        # and then only of someone who acts as a person (a subject, or with a role).
        first, first_pos = -1, float("-inf")
        best_rank = (False, float("-inf"))
        # "Mr. Obama" is not Michelle Obama, nor she the "Mr. Obama" named before her
        sex = first_name_gender(ascii_lower(name.split()[0])) if full else \
            self._title_gender(pos) // 3
        for pid in cands:
            names = self.names[pid]
            fulls = [n for n in names if has_first_name(n)]
            if sex and sex * self.gender[pid] <= -3:
                continue
            near = self._near(pid, pos)
            if full:
                ok = (all(same_person(name, n) for n in fulls) if fulls
                      else any(same_person(name, n) for n in names))
            else:
                ok = any(same_person(name, n) for n in names)
                if not ok and near > first_pos and pid in self._acting and any(
                        name_tokens(n)[0] == toks[0] for n in fulls):
                    first, first_pos = pid, near
            # A surname alone is whom the article already calls by it alone: "Clinton
            # said" after "Clinton and her husband, former President Bill Clinton" is
            # Hillary, named nearer or not
            if not ok:
                continue
            rank = (full or any(not has_first_name(n) and same_person(name, n) for n in names),
                    near)
            if rank > best_rank:
                best, best_rank = pid, rank
        return best if best >= 0 else first

    def _near(self, pid: int, pos: int) -> float:
        """How near before `pos` the person was last named: the start of that mention, or,
        when the text names them only after `pos`, minus the distance to the first of
        those. While the mentions are read, the last one read (all lie before `pos`); once
        all are read, "Clinton said" is the Clinton named before it, not the one the
        article names last ("Hillary Clinton ... Clinton said ... former President Bill
        Clinton")."""
        if self._read is None:
            return self._last[pid]
        starts = self._read[pid]
        k = bisect.bisect_right(starts, pos) - 1
        if k >= 0:
            return starts[k]
        return -(starts[0] - pos) - 1 if starts else float("-inf")

    def _title_gender(self, s) -> int:
        """3 after "Mr."/"Sir" and the like, -3 after "Mrs."/"Ms.", else 0."""
        before = self.text[max(0, s - 6):s].lower().split()
        if before and before[-1] in MALE_TITLES:
            return 3
        if before and before[-1] in FEMALE_TITLES:
            return -3
        return 0

    def _gender_hint(self, name, s, e) -> int:
        titled = self._title_gender(s)
        if titled:
            return titled
        if has_first_name(name):
            by_name = first_name_gender(ascii_lower(name.split()[0]))
            if by_name:
                return 3 * by_name
        after = self.text[e:e + 200]
        other = FULL_NAME.search(after)  # a pronoun past the next name is likelier theirs
        m = re.search(r"\b(he|his|him|she|her|hers)\b", after[:other.start()] if other else after, re.I)
        if m:
            return 1 if m.group(1).lower() in ("he", "his", "him") else -1
        return 0

    def canonical(self, pid: int) -> str:
        """The person's fullest name: the one with most name words, then the longest; a
        spelling read only from a headline counts when there is no other, since title case
        runs names into the words around them ("Offensive Things Donald Trump"), or when it
        is a first name and the surname the text gives ("Hillary Clinton Goes After ..."
        over a text that writes "Clinton" alone). A word the text also leaves out before a
        full name is no part of it ("Activist Angela Davis", elsewhere "Angela Davis")."""
        body = [n for n in self.names[pid] if n not in self._headline_names]
        names = [n for n in self.names[pid] if n in body or _full_form_of(n, body)] or self.names[pid]
        names = [n for n in names if not _described(n, names)] or names
        return max(names, key=lambda n: (len(name_tokens(n)), len(n)))

    def named_outside(self, pid: int, start: int, end: int) -> bool:
        """Whether the text names the person outside [start, end) (a label's name is a
        speaker only when the article names them elsewhere too)."""
        return any(not start <= ms < end for ms in self._read[pid])

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
        best, other_subject = -1, False
        k = bisect.bisect_left(self._starts, pos)
        for i in range(k - 1, -1, -1):
            ms, _me, pid, subj = self.mentions[i]
            if pos - ms > self.WINDOW:
                break
            if self._inside_quote(ms) or ms in self._headline_mentions:
                continue  # named in a quotation or a headline: not whom a pronoun means
            g = self.gender[pid]
            if want_gender and g * want_gender < 0:
                continue
            if want_gender and self.a_place(pid):
                continue  # "he" is not "Russia", however the tagger filed it
            if roles is not None and not any(_holds(roles, r) for r in self.roles[pid]):
                # "Cruz defends ... , the senator says": someone whose office the article
                # never gives, the subject since the last holder was named, may be the
                # senator meant; "the senator" then stays as written
                other_subject = other_subject or (subj and not self.roles[pid]
                                                  and not self.a_place(pid))
                continue
            if roles is not None:
                return -1 if other_subject else pid
            if subj:
                return pid
            if "\n" in self.text[ms:pos] and self._in_passing(i, want_gender):
                continue
            if best < 0 or (want_gender and g * want_gender > 0 >= self.gender[best] * want_gender):
                best = pid  # the nearest, or the nearest known to be a "she" for "she"
        return best

    def _in_passing(self, k: int, want_gender: int) -> bool:
        """Mention k, not a subject, names its person only in passing for a pronoun of
        another paragraph: as an owner ("... against Sir Alex Ferguson's side"), or
        without a first name and sex the pronoun agrees with ("the Affordable Care Act",
        "Sandy Hook")."""
        _ms, me, pid, _ = self.mentions[k]
        if self.text[me:me + 2] in ("'s", "’s"):
            return True
        return not (has_first_name(self.canonical(pid)) and self.gender[pid] * want_gender > 0)

    def a_place(self, pid: int) -> bool:
        """Every name of the "person" is a country, a capital or an institution ("Russia",
        "the Kremlin"): the tagger took a place for a person."""
        if pid not in self._places:
            places = gazetteer()
            self._places[pid] = all(not has_first_name(n) and places.asked(n) is not None
                                    for n in self.names[pid])
        return self._places[pid]

    def _inside_quote(self, pos: int) -> bool:
        k = bisect.bisect_right(self._quoted_starts, pos) - 1
        return k >= 0 and pos < self._quoted[k][1]

    def resolve(self, tok, off, span):
        """(speaker name, role) for a subject token (in a doc starting at `off`) and its
        phrase span: a person of the article when the token, a pronoun, a role noun or a
        surname refers to one, else the phrase as written (None for bare pronouns)."""
        if tok is None or span is None:
            return None, None
        s, e = span
        hs, he_ = off + tok.idx, off + tok.idx + len(tok)
        organisation = _organisation_name(tok, off, self.text)
        if organisation is not None:
            return organisation, None
        pid = self._person_at(hs, he_)
        if pid < 0 and tok.tag_ not in ("NNP", "NNPS"):
            for head in _named_alongside(tok):
                pid = self._person_at(off + head.idx, off + head.idx + len(head))
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
        if pid < 0 and low in ROLE_NOUNS and not _addressed(tok):
            if _indefinite(tok):  # "one Clinton aide", "a senior official": someone unnamed
                return self.text[s:e], None
            pid = self._preceding(s, 0, _role_asked(tok))
            if pid < 0:
                return self.text[s:e], None
        if pid < 0 and tok.tag_ in ("NNP", "NNPS"):
            # a name the NER missed ("Baerbock emphasized"): match it by surname
            # the proper nouns right before it: "Tory Party co-chairman Liam Fox" is Liam Fox
            run = _proper_run_before(tok)
            run = run[_party_cut(run):]
            # an organisation keeps the words a person's name drops as titles ("the State
            # Department", "the Justice Department" were "Department")
            organisation = tok.lower_ in ORG_HEADS
            name = " ".join(t.text for t in run if t.tag_ in ("NNP", "NNPS", "POS") and (
                not _title(t) or (t.i == tok.i and t.lower_ in SURNAME_TITLES)
                or (organisation and t.lower_ != "the"))).replace(" ’", "’").replace(" '", "'")
            if name and name_tokens(name):
                pid = self.find(name, s)
                titled = any(t.lower_ in TITLES - {"the", "of", "state"} for t in tok.subtree
                             if t.i < tok.i)
                if pid < 0 and (titled or tok.ent_type_ not in ("ORG", "GPE", "NORP", "FAC")):
                    return (self._organisation_named_before(name, s) or name), None
        if pid >= 0:
            return self.canonical(pid), self.role_of(pid)
        if tok.tag_ in ("PRP", "WP", "WDT", "DT", "EX"):
            return None, None
        for ent in tok.doc.ents:
            if ent.label_ in ("ORG", "NORP", "GPE") and ent.start <= tok.i < ent.end:
                return ent.text, None
        return self.text[s:e], None

    def _organisation_named_before(self, head: str, pos: int) -> str | None:
        """"the Association stressed ...": the full name the article gave the organisation
        last before `pos` ("the Association of British Insurers", "the Football
        Association"); None when `head` is not a bare generic head word or no name has it.
        Without it, every article's "Association" was one source across the collection."""
        if head.lower() not in _GENERIC_ORG_HEADS:
            return None
        word = re.escape(head)
        named = list(re.finditer(
            rf"\b((?:[A-Z][\w’'&-]*[ \t]+){{0,5}}{word}"
            rf"(?:[ \t]+(?:of|for|on)[ \t]+(?:the[ \t]+)?(?:[A-Z][\w’'&-]*[ \t]*){{1,5}})?)",
            self.text[:pos]))
        for match in reversed(named):
            name = re.sub(r"^(?:The|A|An)\s+", "", match.group(1).strip())
            joined = re.match(rf"(.*?{word})\s+(?:of|for|on)\s+(?:the\s+)?(\w+)", name)
            if joined and joined.group(2).lower() in TIME_WORDS:
                name = joined.group(1)  # "The Times on Saturday wrote": when, not its name
            if name != head:
                return name
        return None

    def conjoined(self, span) -> list[tuple[str, tuple[int, int], str | None]]:
        """"Starmer and Baerbock": (name, mention span, role) of each person mentioned
        inside a speaker span joined by "and"; [] when there is no "and"."""
        s, e = span.start, span.end
        if " and " not in self.text[s:e]:
            return []
        out, seen = [], set()
        lo, hi = bisect.bisect_left(self._starts, s), bisect.bisect_left(self._starts, e)
        for ms, me, pid, _ in self.mentions[lo:hi]:
            if s <= ms and me <= e and pid not in seen and (
                    not out or _conjunct(self.text[s:ms], self.canonical(pid), self.text[me:e])):
                seen.add(pid)
                out.append((self.canonical(pid), (ms, me), self.role_of(pid)))
        return out
