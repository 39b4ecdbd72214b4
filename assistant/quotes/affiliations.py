"""Who a speaker speaks for: the countries and organisations of each quote's speaker (the
last stage of quote extraction).

They come from the role phrase first ("German Foreign Minister", "Kremlin spokesman",
"a Clinton surrogate"); for an office holder whose role names no one ("Spokesperson Dmitri
Peskow"), from the sentence naming them outside the quoted words, then from the sentence
before it in the same paragraph ("Yet, the Russian government remains
ambivalent."), where articles usually say whose office it is. Only the first party of that
sentence is taken: it is the one the sentence is about. A past office ("former", "ex-")
and a posting ("ambassador to Russia") give no party (parties.Gazetteer.in_role). A source
that is itself a country or an institution ("China", "the Kremlin") speaks for itself alone,
and for the institution that houses it ("the Tax Policy Center at the Urban Institute").
"""
from __future__ import annotations

import re

from assistant.quotes.lexicon import NOT_GOVERNMENT_ROLES, OFFICE_ROLES
from assistant.quotes.model import Quote
from assistant.quotes.parties import Gazetteer, gazetteer, out_of_office
from assistant.text.sentences import sentence_bounds


def holds_office(role: str | None) -> bool:
    """A role that speaks for an institution ("spokesperson", "foreign minister", "army
    chief"), not one that comments on it ("analyst", "expert", "nominee")."""
    return bool(role) and any(w in OFFICE_ROLES for w in role.lower().replace(".", " ").split())


# A local council named after its place ("Brent Council", "Devon County Council"), not a
# national or international one ("the National Security Council", "the Security Council").
_LOCAL_COUNCIL = re.compile(
    r"\b(?!(?:National|Security|European|Privy|Legislative|Executive|Human|Atlantic|Arctic|"
    r"Economic|Supreme|State|Federal)\b)[A-Z][a-z]+(?: (?:Borough|County|City|District|Town|"
    r"Parish|Metropolitan))? Council\b")


def outside_government(role: str) -> bool:
    """An office of a party, a campaign, the opposition, a city, a council or a state ("the
    Lib Dem environment spokesman", "Tory shadow chancellor", "London mayor", "the service
    director for registrations of marriages at Brent Council"), not of a country's
    government: the sentence around it does not say whose government it speaks for."""
    return any(w in NOT_GOVERNMENT_ROLES for w in re.findall(r"[a-z]+", role.lower())) or bool(
        _LOCAL_COUNCIL.search(role))


def _outside(text: str, lo: int, hi: int, quote: Quote) -> str:
    """text[lo:hi] with the quote's own words blanked (what was said is not who said it)."""
    chars = list(text[lo:hi])
    for span in quote.contents:
        for i in range(max(span.start, lo), min(span.end, hi)):
            chars[i - lo] = " "
    return "".join(chars)


def _parties_of(quote: Quote, text: str, places: Gazetteer, people: tuple[str, ...]) -> list[str]:
    own = places.asked(quote.speaker or "")
    if own is not None:
        # a source that is itself a country or an institution speaks for itself alone
        # ("China, Pyongyang's only ally" is not North Korea's voice), or with the others
        # its phrase joins it to ("Britain and France")
        span = quote.speaker_span
        joined = (_with_hosts(places, places.asked_all(text[span.start:span.end]))
                  if span is not None else [])
        found = joined if own in joined else [own]
        return list(dict.fromkeys(k for p in found for k in (p.key, p.country) if k))
    # "London mayor", "the Lib Dem environment spokesman": the city's or the party's voice,
    # not the country's, whatever their sentence names
    outside = bool(quote.role) and outside_government(quote.role)
    # A role that names parties but holds none of them now ("the former U.S. ambassador to
    # Russia") is not looked up further.
    found, named = places.role_parties(quote.role, people) if quote.role else ([], [])
    if not named and quote.speaker_span is not None:
        span = quote.speaker_span
        found, named = places.role_parties(text[span.start:span.end], people)
        if not named and holds_office(quote.role) and not out_of_office(quote.role) and not outside:
            lo, hi = sentence_bounds(text, span.start, span.end)
            # up to the quote's end: a sentence bound after a closing mark may run on
            hi = min(hi, max(quote.end, span.end))
            # what follows the verb is what they speak of ("he said, referring to ...
            # the Democratic People's Republic of Korea", "he urged North Korea to resume
            # talks" gave Kerry North Korea's voice), not whom they speak for
            cue = quote.cue
            verb = cue.start if cue is not None and span.end <= cue.start < hi else hi
            found = places.in_text(_outside(text, lo, verb, quote))
            if not found and lo > 1 and text[lo - 1] != "\n" and not (
                    verb < hi and places.in_text(_outside(text, verb, hi, quote))):
                # the sentence before, unless this one names parties after the verb: it
                # is about them, and the one before says no better whose the speaker is
                # (lo is the space after the previous sentence's last mark)
                before_lo, before_hi = sentence_bounds(text, lo - 1, lo - 1)
                found = places.in_text(_outside(text, before_lo, before_hi, quote))[:1]
    if outside:
        return list(dict.fromkeys(p.key for p in found if p.key != p.country))
    # an institution's country too: who speaks for the Kremlin speaks for Russia
    return list(dict.fromkeys(k for p in found for k in (p.key, p.country) if k))


def _with_hosts(places: Gazetteer, parties: list) -> list:
    """Each party, and for an institution named as housed in another ("the Tax Policy
    Center at the Urban Institute") both the institution and its host, in that order."""
    out = []
    for party in parties:
        name = party.label.removeprefix("the ")
        parts = re.split(r"\s+at\s+", name, maxsplit=1, flags=re.IGNORECASE)
        housed = [places.asked(p) for p in parts] if len(parts) == 2 else []
        out += [p for p in housed if p is not None] if housed and all(housed) else [party]
    return list(dict.fromkeys(out))


def add_affiliations(quotes: list[Quote], text: str, places: Gazetteer | None = None) -> None:
    """Set each quote's `parties` (party keys, see parties.py) where its speaker is known."""
    places = places or gazetteer()
    # the article's speakers: "Clinton spokesman" is her campaign's, "Microsoft spokesman" Microsoft's
    people = tuple(dict.fromkeys(q.speaker for q in quotes if q.speaker))
    for quote in quotes:
        if quote.speaker:
            quote.parties = _parties_of(quote, text, places, people)
