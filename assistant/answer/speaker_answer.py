"""Answers to "what did X say (about Y)?".

Who X is comes first (search/identity.py): a name nobody quoted goes by is answered with
"X is not quoted", never with somebody else's words; a near miss ("Mike Rendell" for Ed
Rendell) is offered as a suggestion. Then X's recorded quotes, ranked by topic Y, are fused
with passages that report X's words without a recorded quote ("according to X", reported
speech the extraction missed) and, labelled as mentions, passages on Y that name X without
giving X's words. Several parties ("Moscow and Kyiv") are answered side by
side, one section each.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from assistant.answer.extractive import (NOT_FOUND, Answer, Citation, Section, attributed,
                                         SentenceWords, cited_sentences, reports_speech,
                                         shortest_role, topic_terms)
from assistant.quotes.lexicon import CUE_FORMS, TITLES
from assistant.quotes.first_names import is_first_name
from assistant.quotes.model import Quote
from assistant.quotes.names import (first_names_compatible, has_first_name,
                                    last_names_compatible, name_tokens)
from assistant.quotes.speakers import Person, same_person
from assistant.search.duplicates import near_duplicate
from assistant.search.identity import Identity, split_parties, unnamed_source
from assistant.search.intent import SpeakerQuestion
from assistant.search.keyword import WORD
from assistant.search.quote_index import QuoteIndex
from assistant.search.retriever import Retriever
from assistant.store.filters import Filters
from assistant.text.folding import fold_word

_MARKER = re.compile(r"\[(\d+)\]")
# How many passages naming a person, not giving their words, an answer about them cites.
MENTIONS = 2
# How many words after a person's name a verb of saying is still theirs.
AFTER_NAME = 12
# How a source the articles describe without naming ("Experts", "Officials") is labelled.
UNNAMED = "unnamed source"


def not_quoted(name: str) -> str:
    return f"{name} is not quoted in the indexed articles."


def within(quote: Quote, spans: set) -> bool:
    """The quote lies inside a passage already shown."""
    return any(src == quote.source and s <= quote.start and quote.end <= e for src, s, e in spans)


def _overlaps(c: Citation, quotes: list[Quote]) -> bool:
    return any(q.source == c.source and q.start < c.end and c.start < q.end for q in quotes)


def _described(person: Person) -> str:
    """"Dmitri Peskow (Kremlin spokesman)"."""
    role = shortest_role(person)
    return f"{person.name} ({role})" if role else person.name


class SpeakerAnswerer:
    """Answers one speaker question from the quote index, and from the passages the
    retriever finds when the quotes fall short. `titles(sources)` gives article titles by
    source."""

    def __init__(self, quotes: QuoteIndex, retriever: Retriever,
                 titles: Callable[[set[str]], dict[str, str]]):
        self.quotes = quotes
        self.retriever = retriever
        self.titles = titles
        self._hits: list | None = None  # what the question retrieves, searched once for all its parties

    def _search(self, question: str, filters: Filters) -> list:
        if self._hits is None:
            self._hits, _ = self.retriever.search(question, filters=filters)
        return self._hits

    def answer(self, question: str, asked: SpeakerQuestion, exclude: set, filters: Filters,
               top_k: int, latest: bool) -> Answer:
        answer = self._answer(question, asked, exclude, filters, top_k, latest)
        answer.topic = asked.topic
        return answer

    def _answer(self, question: str, asked: SpeakerQuestion, exclude: set, filters: Filters,
                top_k: int, latest: bool) -> Answer:
        identity = self.quotes.identify(asked.name)
        names = split_parties(asked.name)
        # "Moscow and Kyiv" side by side, but not an organisation whose own name joins two
        # ("the Center for Media and Public Affairs"), quoted as itself
        if len(names) > 1 and all(n[:1].isupper() for n in names) and not identity.itself:
            identities = [self.quotes.identify(n) for n in names]
            if any(i.people or i.suggestions for i in identities):
                return self._side_by_side(question, asked.topic, identities, exclude, filters,
                                          top_k, latest)
        return self._one(question, identity, asked.topic, exclude, filters, top_k, latest)

    # ------------------------------------------------------------------ one party
    def _one(self, question: str, identity: Identity, topic: str | None, exclude: set,
             filters: Filters, top_k: int, latest: bool) -> Answer:
        if identity.people:
            return self._quoted(question, identity, topic, exclude, filters, top_k, latest)
        if identity.suggestions:
            # mentions only of the full name asked: "Donald" alone would find Donald Trump
            full = len(name_tokens(identity.asked)) > 1
            mentioned = self._mentions(question, identity.asked, exclude, filters, top_k) if full \
                else Answer(question, not_quoted(identity.asked))
            return did_you_mean(question, identity, mentioned)
        if identity.party is not None:
            return Answer(question, f"No one speaking for {_party_label(identity)} is quoted in "
                                    "the indexed articles.")
        return self._mentions(question, identity.asked, exclude, filters, top_k)

    def _quoted(self, question: str, identity: Identity, topic: str | None, exclude: set,
                filters: Filters, top_k: int, latest: bool) -> Answer:
        people = identity.people if identity.party else identity.people[:1]
        people, unsure = self._full_name_quotes(identity, people, filters)
        # Enough to fill the answer when some were shown already or are copies of one
        # another, without reading every quote of a much-quoted person.
        limit = 4 * top_k + len(exclude)
        if topic:
            self.retriever.prepare(question, topic)
        found = self.quotes.find(people, topic, k=limit, filters=filters, latest=latest)
        if identity.itself and not topic:
            # "What did Downing Street say?": its own statements before its people's
            own = {id(p) for p in identity.itself}
            first = self.quotes.find([p for p in people if id(p) in own], None, k=limit,
                                     filters=filters, latest=latest)
            found = list({(q.source, q.start): q for q in first + found}.values())[:limit]
        hits = self._search(question, filters)
        if topic and not latest:  # the passages the question finds hold quotes the topic's vector misses
            found = _fused(found, self.quotes.within(hits, people, limit))
        quotes = [q for q in found if not within(q, exclude)]
        passages = self._passages(question, hits, identity, people, found, exclude, top_k, topic)
        if not quotes and not passages:
            return Answer(question, NOT_FOUND, speaker=people[0].name)
        # The same count the Speakers tab gives (`QuoteIndex` counts one set of quotes).
        total = self.quotes.count(people, filters)
        titles = self.titles({q.source for q in quotes})
        answer = compose_quotes(question, identity, people, quotes, passages, titles, top_k,
                                topic, total)
        if unsure:
            answer.text += f"\n\n{unsure}"
        namesakes = _namesakes(identity, people)
        if namesakes:
            listed = ", ".join(_described(p) for p in namesakes)
            answer.text += (f"\n\nOthers named {identity.asked} are quoted too: {listed}. "
                            "Ask by full name for one of them.")
            answer.suggestions = [p.name for p in namesakes]
        return answer

    def _full_name_quotes(self, identity: Identity, people: list[Person],
                          filters: Filters) -> tuple[list[Person], str]:
        """A question naming someone in full ("Des Browne") is answered with the quotes of
        articles that name them so, and the rest is said, not shown: "Browne" alone in an
        article that gives no first name may be someone else (BP's Lord Browne). Returns
        the people to answer for and that sentence ("" when nothing was left out)."""
        if identity.party is not None or identity.surname_only or not has_first_name(identity.asked):
            return people, ""
        person = people[0]
        named = {a for a in person.aliases if has_first_name(a)}
        loose = person.aliases - named
        if not named or not loose:
            return people, ""
        left = self.quotes.count([replace(person, aliases=loose)], filters)
        if not left:
            return people, ""
        spelled = " or ".join(f"“{a}”" for a in sorted(loose))
        return [replace(person, aliases=named)], (
            f"Not counted: {left} quote{'s' if left != 1 else ''} given to {spelled} alone, in "
            f"articles that give no first name; they may be someone else's.")

    def _spellings(self, surnames: set[str]) -> list[str]:
        """How the articles spell these surnames: transliterations and variants of the
        same name (Peskov, Peskow), not merely similar words."""
        keyword = self.retriever.keyword()
        found = []
        for surname in surnames:
            key = name_tokens(surname)
            # a short or common surname ("May") is not expanded: it is found as written
            written = keyword.names.get(fold_word(surname))
            for spelling in [*([written] if written else []), *keyword.expand(surname, any_case=True)]:
                folded = name_tokens(spelling)
                if key and folded and last_names_compatible(folded[-1], key[-1]):
                    found.append(spelling)
        return list(dict.fromkeys(found))

    def _passages(self, question: str, hits: list, identity: Identity, people: list[Person],
                  quotes: list[Quote], exclude: set, top_k: int,
                  topic: str | None = None) -> list[Citation]:
        """Passages naming the person (the institution) that report what they said and are
        nobody else's recorded quote, beyond the quotes found; and, cited as mentions, not
        as their words, passages naming a person on the topic asked about without a verb
        of saying ("Clinton ... has been a consistent supporter of NATO and of its allies"):
        where they stand, when no quote says it."""
        if identity.party is not None and identity.role is None:  # "the Kremlin said": its name as written
            named = {w for w in WORD.findall(f"{identity.asked} {identity.party.label}") if w[:1].isupper()}
            spellings = [w for w in named if fold_word(w) in self.retriever.keyword().names]
        else:
            # a person, or the holders of a role ("the Ukrainian president"): passages that
            # name the country are not theirs
            holders = people if identity.role is not None else people[:1]
            names = [WORD.findall(a) for person in holders for a in person.aliases | {person.name}]
            spellings = self._spellings({words[-1] for words in names if words})
        if not spellings:
            return []
        wanted = topic_terms(topic) if topic else set()
        found = cited_sentences(question, hits, spellings, 2 * top_k, exclude,
                                speaker_at=self.quotes.speaker_at)
        if wanted:  # ranked by the topic's words alone, which the question's name outweighs
            seen = {(c.source, c.start) for c in found}
            on_topic = [c for c in cited_sentences(topic, hits, spellings, 10 * top_k, exclude,
                                                   speaker_at=self.quotes.speaker_at)
                        if (c.source, c.start) not in seen and _on_topic(c.text, wanted)]
            found += on_topic[:top_k]
        if identity.party is None:
            quoted_in = self.quotes.sources_of(people[:1])
            found = [c for c in found
                     if _names_them(c.text, people[0], spellings, c.source in quoted_in)]
        # the spellings a full-name question leaves out (a surname alone) are nobody's here
        left_out = {a for p in identity.people for a in p.aliases} - {
            a for p in people for a in p.aliases}
        kept = []
        for c in found:
            if c.kind == "quote" and (c.speaker in left_out or not any(
                    same_person(c.speaker, p.name) for p in people)):
                continue  # another person's words, whoever they name
            if _overlaps(c, quotes):
                continue  # cited as a quote already
            if not (c.kind == "quote" or _reports(c.text, spellings)):
                if not _on_topic(c.text, wanted):
                    continue  # naming them without their words, nor where they stand
                c.kind = "mention"
            kept.append(c)
        return kept

    def _mentions(self, question: str, name: str, exclude: set, filters: Filters,
                  top_k: int) -> Answer:
        """"X is not quoted", with the passages that mention X (as mentions)."""
        words = WORD.findall(name)
        spellings = self._spellings({words[-1]}) if words else []
        if not spellings:
            return Answer(question, not_quoted(name))
        hits = self._search(question, filters)
        found = cited_sentences(question, hits, spellings, top_k, exclude)
        tokens = name_tokens(name)
        cited = [c for c in found
                 if len(tokens) < 2 or _named_in_full(c.text, tokens[0], spellings)]
        if not cited:
            return Answer(question, not_quoted(name))
        for n, c in enumerate(cited, 1):
            c.n, c.kind = n, "mention"
        head = f"{not_quoted(name)[:-1]}; the articles mention {name} here:"
        lines = [f"{c.text.strip()} [{c.n}]" for c in cited]
        return Answer(question, "\n\n".join([head, *lines]), cited)

    # ------------------------------------------------------------------ several parties
    def _side_by_side(self, question: str, topic: str | None, identities: list[Identity],
                      exclude: set, filters: Filters, top_k: int, latest: bool) -> Answer:
        each = max(2, -(-top_k // len(identities)))
        citations: list[Citation] = []
        sections: list[Section] = []
        blocks: list[str] = []
        for identity in identities:
            part = self._one(question, identity, topic, exclude, filters, each, latest)
            shift = len(citations)
            for c in part.citations:
                c.n += shift
            citations.extend(part.citations)
            text = _MARKER.sub(lambda m: f"[{int(m.group(1)) + shift}]", part.text)
            speakers = list(dict.fromkeys(c.speaker for c in part.citations
                                          if c.kind == "quote" and c.speaker))
            found = any(c.kind != "mention" for c in part.citations)
            sections.append(Section(identity.asked, speakers, [c.n for c in part.citations], found))
            blocks.append(f"**{identity.asked}**\n\n{text}")
        if topic and not any(s.found for s in sections):
            head = f"None of them is quoted on {topic} in the indexed articles."
            blocks.insert(0, head)
        answer = Answer(question, "\n\n".join(blocks), citations)
        answer.sections = sections
        answer.suggestions = [s for i in identities for s in (p.name for p in i.suggestions)]
        return answer


def _namesakes(identity: Identity, people: list[Person], most: int = 3) -> list[Person]:
    """Other people a surname alone may mean ("King": Charlie King, and Larry King too):
    the answer is about the most quoted, and says who else the name fits."""
    if identity.party is not None or has_first_name(identity.asked):
        return []
    answered = {id(p) for p in people}
    return [p for p in identity.people if id(p) not in answered
            and is_first_name(p.name.split()[0])][:most]


def _reports(text: str, spellings: list[str]) -> bool:
    """The passage reports what the person named by `spellings` said or thinks: a verb of
    saying or believing ("insisted", "suggested"), a quotation mark or "said" in the words
    right after their name ("McConnell, now the majority leader, who in 2010 said"),
    "according to" them, or a verb done by them ("decided by the Supreme Court"). A verb
    elsewhere in the sentence is someone else's as often as not ("DuVernay's “13th”
    documents how ...")."""
    for spelling in spellings:
        # as names are written: "Court" is not "the appeals court"; "PENCE" is Pence
        for m in re.finditer(rf"\b(?:{re.escape(spelling)}|{re.escape(spelling.upper())})\b", text):
            window = " ".join(_own_words(text[m.end():].split()[:AFTER_NAME]))
            if reports_speech(window) or any(w.lower() in CUE_FORMS for w in WORD.findall(window)):
                return True
            before = text[:m.start()]
            if re.search(r"\baccording to\s+(?:\S+\s+){0,3}$", before, re.IGNORECASE):
                return True
            passive = re.search(r"\b(\w+)\s+by\s+(?:the\s+)?$", before, re.IGNORECASE)
            if passive and passive.group(1).lower() in CUE_FORMS:  # "decided by the Supreme Court"
                return True
    return False


def _own_words(words: list[str]) -> list[str]:
    """The words after a name up to the next person's name ("activists like Angela Davis
    and author Michelle Alexander, among others ― explains": the verb is not Davis's)."""
    for k, (w, after) in enumerate(zip(words, words[1:])):
        if w[:1].isupper() and after[:1].isupper() and is_first_name(w.strip(".,")):
            return words[:k]
    return words


def _on_topic(text: str, wanted: set[str]) -> bool:
    """The passage uses every word of the topic asked about (and there is one)."""
    return bool(wanted) and _topic_hits(text, wanted) == len(wanted)


def _fused(by_vector: list[Quote], by_passage: list[Quote], k: int = 60) -> list[Quote]:
    """Reciprocal-rank fusion of the quotes nearest the topic and the quotes lying in the
    passages the whole question retrieves (which also weighs its words and names)."""
    score: dict[tuple[str, int], float] = {}
    quotes: dict[tuple[str, int], Quote] = {}
    for ranked in (by_vector, by_passage):
        for rank, q in enumerate(ranked):
            key = (q.source, q.start)
            quotes.setdefault(key, q)
            score[key] = score.get(key, 0.0) + 1.0 / (k + rank)
    return [quotes[key] for key in sorted(score, key=lambda key: -score[key])]


def _names_them(text: str, person: Person, spellings: list[str], quoted_here: bool) -> bool:
    """The passage names the person: their surname as they are spelled (folded: Peskov is
    Peskow), or a variant of it, after a first name of theirs. A surname after another
    first name is someone else ("Julie Hirschfeld Davis" is not Angela Davis); a surname
    alone is theirs only in an article that quotes them (`quoted_here`) or after a title
    they hold ("President Obama"): elsewhere "Cruz" is as likely Ted Cruz as Veronica
    Cruz. A variant alone ("Brown" for Des Browne) is somebody else as often as not."""
    surnames = {t[-1] for a in person.aliases | {person.name} if (t := name_tokens(a))}
    firsts = {g[-1] for g in person.given_names() if g}
    for spelling in spellings:
        folded = name_tokens(spelling)
        exact = bool(folded) and folded[-1] in surnames
        # the capitalised words right before the surname: "Sen. Jon Tester", not "said Tester"
        for m in re.finditer(rf"((?:[A-Z][\w.’'-]*\s+){{0,3}})(?i:{re.escape(spelling)})\b", text):
            given = [name_tokens(w)[0] for w in m.group(1).split()
                     if w.lower().rstrip(".") not in TITLES and is_first_name(w.rstrip("."))]
            if any(first_names_compatible(f, w) for f in firsts for w in given):
                return True
            if given and firsts:
                continue  # another first name: another person of that surname
            if exact and (quoted_here or not firsts or _titled(m.group(1), person)):
                return True
    return False


def _titled(before: str, person: Person) -> bool:
    """The words before a surname hold a title of the person's own roles ("President
    Obama" for Barack Obama, President)."""
    words = {w.lower().rstrip(".") for w in before.split()} & TITLES
    held = {w.rstrip(".") for role in person.roles for w in fold_word(role).split()}
    return bool(words & held)


def _named_in_full(text: str, first: str, spellings: list[str]) -> bool:
    """The passage writes the asked first name (or its initial) within three words before
    the surname: a bare "Roberts" may be any Roberts."""
    for spelling in spellings:
        for m in re.finditer(rf"((?:[\w.’'-]+\s+){{1,3}}){re.escape(spelling)}\b", text):
            if any(first_names_compatible(first, w) for w in name_tokens(m.group(1))):
                return True
    return False


def did_you_mean(question: str, identity: Identity, mentioned: Answer) -> Answer:
    """"Mike Rendell is not quoted in the indexed articles. Did you mean Ed Rendell,
    Pennsylvania governor?": a suggestion, never an answer; the passages that mention the
    person asked about by their full name follow, as mentions."""
    offered = " or ".join(_described(p) for p in identity.suggestions)
    text = mentioned.text if mentioned.citations else not_quoted(identity.asked)
    head, _, rest = text.partition("\n\n")
    text = f"{head} Did you mean {offered}?" + (f"\n\n{rest}" if rest else "")
    return Answer(question, text, mentioned.citations,
                  suggestions=[p.name for p in identity.suggestions])


def _distinct(quotes: list[Quote]) -> tuple[list[Quote], dict[int, list[str]]]:
    """Quotes that say something new: not lying inside another quote of the same article
    (a cue phrase read as reported speech repeats part of the direct quote it introduces),
    and not nearly the same words again (a story syndicated twice is cited once). Also
    returns, by id of each kept quote, the other sources of its near-duplicates."""
    kept, copies = [], {}
    for q in quotes:
        inside = any(
            o is not q and o.source == q.source and o.start <= q.start and q.end <= o.end
            and (o.start, o.end) != (q.start, q.end)
            for o in quotes
        )
        if inside:
            continue
        same = next((k for k in kept if near_duplicate(k.text, q.text)), None)
        if same is None:
            kept.append(q)
            copies[id(q)] = []
        elif q.source != same.source and q.source not in copies[id(same)]:
            copies[id(same)].append(q.source)
    return kept, copies


def _topic_hits(text: str, wanted: set[str]) -> int:
    said = SentenceWords.of(text)
    return sum(said.mentions(t) for t in wanted)


def compose_quotes(
    question: str, identity: Identity, people: list[Person], quotes: list[Quote],
    passages: list[Citation], titles: dict[str, str], top_k: int, topic: str | None,
    total: int | None = None,
) -> Answer:
    """Answer with the people's quotes, each cited to its exact span, and the passages
    reporting their words.

    With a `topic` the quotes come ranked by it, and whatever uses the topic's words leads
    (quotes before passages among equals); otherwise direct quotes lead and passages follow.
    When nothing touches the topic, the answer says so before the closest. `total` is how
    many quotes the people have (`QuoteIndex.count`); without it, the quotes given are all.
    """
    quotes, copies = _distinct(quotes)
    by_spelling = {a: p for p in people for a in p.aliases | {p.name}}
    items: list[tuple[int, int, Quote | Citation]] = []
    wanted = topic_terms(topic) if topic else set()
    if not topic:
        quotes = sorted(quotes, key=lambda q: q.kind == "indirect")
    for q in quotes:
        items.append((_topic_hits(q.text, wanted), 0, q))
    for c in passages:
        if c.kind != "mention":
            items.append((_topic_hits(c.text, wanted), 1, c))
    off_topic = bool(wanted) and not any(hits for hits, _, _ in items)
    # Where they stand, from passages that only name them: after their words on the topic
    # ("Mr Blair also made a surprise trip to Iraq" is no answer beside what he said of
    # Iraq), before their words off it; one when some of their words use the topic's
    mentions = [c for c in passages if c.kind == "mention"][:MENTIONS if off_topic else 1]
    items += [(_topic_hits(c.text, wanted), 2, c) for c in mentions]

    def rank(item):
        hits, tier, _ = item
        return (0 if hits and tier < 2 else 1 if tier == 2 else 2, -hits, tier)

    items.sort(key=rank)  # stable: vector order among equals
    citations = []
    for n, (_, _, item) in enumerate(items[:top_k], 1):
        if isinstance(item, Citation):
            item.n, item.score = n, round(1.0 / n, 4)
            citations.append(item)
            continue
        person = by_spelling.get(item.speaker or "", people[0])
        # a surname alone, in an article giving no first name, is cited as written: the
        # reader sees that "Browne" may not be Des Browne
        speaker = item.speaker if item.speaker and not has_first_name(item.speaker) and (
            has_first_name(person.name)) else person.name
        citations.append(Citation(
            n, item.source, titles.get(item.source, ""), item.start, item.end, item.text,
            round(1.0 / n, 4), also=sorted(copies[id(item)]), kind="quote",
            speaker=speaker, role=item.role or _role(person)))
    head = _head(identity, people, citations, len(quotes) if total is None else total, topic,
                 off_topic)
    several = len({c.speaker for c in citations if c.kind == "quote"}) > 1
    whom = _party_label(identity) if identity.party is not None else people[0].name
    lines = [f"Mentions {whom}, not their words: {c.text.strip()} [{c.n}]"
             if c.kind == "mention" else attributed(c) if several else f"{c.text.strip()} [{c.n}]"
             for c in citations]
    return Answer(question, "\n\n".join([head, *lines]), citations, speaker=people[0].name)


def _role(person: Person) -> str | None:
    """The role a quotation is labelled with; "unnamed source" for a source the articles
    describe without naming ("Experts")."""
    if unnamed_source(person.name):
        return UNNAMED
    return shortest_role(person)


def _party_label(identity: Identity) -> str:
    """"the Kremlin" as the gazetteer writes it; a place or a country as asked ("Moscow")."""
    party = identity.party
    return party.label if party and party.key.startswith("org:") else identity.asked


def _head(identity: Identity, people: list[Person], citations: list[Citation], total: int,
          topic: str | None, off_topic: bool) -> str:
    """The answer's first line: who, how many quotes, and whether the topic was found."""
    count = f"{total} quote{'s' if total != 1 else ''} in the indexed articles"
    shown = sum(c.kind == "quote" for c in citations)
    if total > shown:
        count += f", the {shown} most relevant shown"
    if identity.party is not None:
        voices = list(dict.fromkeys(c.speaker for c in citations if c.speaker))
        named = {p.name: p for p in people}
        # Quotes written as the institution itself ("the FBI decided") are not "through" it.
        own = {a for p in identity.itself for a in p.aliases | {p.name}}
        itself = [v for v in voices if v in own]
        through = " and ".join(_described(named[v]) for v in voices
                               if v in named and v not in itself)
        label = _party_label(identity)
        label = f"{label[:1].upper()}{label[1:]}"
        # "The Kremlin, through Dmitri Peskow (...)"; a role is its holders themselves:
        # "Ukrainian president, Volodymyr Zelenskyy (...)"
        if identity.role:
            who = f"{label}, {through or 'its people'}"
        elif itself:
            who = f"{label}, itself and through {through}" if through else label
        else:
            who = f"{label}, through {through or 'its people'}"
    elif unnamed_source(people[0].name):
        # Not a person: a description of people the articles do not name.
        who = f"“{people[0].name}” names no one: the articles quote them as an {UNNAMED}"
    else:
        person = people[0]
        roles = sorted((r for r in person.roles if len(r.strip(".")) > 3),
                       key=lambda r: (len(r), r))[:2]
        who = f"{person.name} ({', '.join(roles)})" if roles else person.name
        if identity.surname_only:
            who += f" — the articles give no first name, so this may not be {identity.asked}"
    if off_topic:  # by its words: a quote may still be on the topic in other words
        words = re.sub(r"^(?:the|a|an)\s+", "", topic, flags=re.IGNORECASE)
        return f"{who} — no quote uses the words “{words}”; the closest of {count}:"
    return f"{who} — {count}:"
