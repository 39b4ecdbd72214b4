"""Which countries and institutions a phrase names: the parties a speaker may speak for.

Countries, their other names, demonyms and capitals come from the ``countryinfo`` package;
the tables below hold only what it lacks: seats of power used as metonyms ("the Kremlin",
"Downing Street"), well-known agencies and alliances, current or common spellings
("Kiev", "U.S.", "Britain", "Washington"), and the names that need care because they are
also people, US states or common words.

Choices about ambiguous names (each is a data row below, easy to revisit):

* "Georgia"/"Georgian" are mostly the US state in US news: the country is taken only next
  to a national-government word ("Georgia's president", "the Georgian parliament") or in
  a list with another country ("Georgia and Ukraine"); "Tbilisi" always counts.
* "Jordan" and "Chad" are also first names and surnames: taken with such a word, in such a
  list, or after a place preposition ("in Jordan"); "Jordanian" and "Amman" always count.
* A country or capital directly before or after another capitalised word is part of a
  longer name: "Washington Post", "Paris Hilton", "Moscow Mitch", "Berlin Wall",
  "China Moses", "Michael Jordan", "Latin America", "Bank of America". Titles and
  government words are the exception ("U.S. President", "Russian Foreign Ministry").
* Capitals that are common first names or places elsewhere ("Victoria", "Hamilton",
  "Kingston", "Santiago", "Sofia", "Jerusalem", ...) are left out; "Brussels" is the EU.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import lru_cache

from unidecode import unidecode

from assistant.quotes.lexicon import GROUP_HEADS, ROLE_NOUNS, TIME_WORDS, TITLES
from assistant.text.folding import ascii_lower

# --- data: what countryinfo lacks or gets wrong for news text -------------------------

# Other names for countries, as news writes them (codes are not taken from the library:
# "IN", "IT", "TO", "ME", "AS" are words).
EXTRA_NAMES = {
    "United States": ("US", "USA", "America"),
    "United Kingdom": ("UK", "Britain"),
    "United Arab Emirates": ("UAE",),
    "Democratic Republic of the Congo": ("DRC",),
    "Netherlands": ("Holland",),
    "Vatican City State": ("Vatican", "Holy See"),
}
# Capitals or seats of government the library lacks or spells otherwise.
EXTRA_CAPITALS = {
    "Ukraine": ("Kiev",),
    "United States": ("Washington", "Washington, D.C."),
    "Kazakhstan": ("Astana",),
    "Myanmar": ("Naypyitaw", "Nay Pyi Taw"),
}
# Demonyms and peoples the library lacks ("Turkish" is there, "Turks" is not).
EXTRA_DEMONYMS = {
    "United Kingdom": ("Briton", "Brit"),
    "Turkey": ("Turk",),
    "Saudi Arabia": ("Saudi",),
    "Kazakhstan": ("Kazakh",),
    "Kyrgyzstan": ("Kyrgyz",),
    "Tajikistan": ("Tajik",),
    "Uzbekistan": ("Uzbek",),
    "Argentina": ("Argentine", "Argentinian"),
    "Ecuador": ("Ecuadorian",),
    "Slovenia": ("Slovenian",),
    "Scotland": ("Scot",),
}
# Countries the library lacks: name -> (capital, demonym).
EXTRA_COUNTRIES = {"Kosovo": ("Pristina", "Kosovar")}
# Entries of the library that no longer exist as countries.
DEFUNCT = frozenset({"Serbia and Montenegro", "Antilles néerlandaises"})
# Capitals that are more often a person, a US place or a word than the capital itself.
DROPPED_CAPITALS = frozenset({
    "Victoria", "City of Victoria", "Hamilton", "Douglas", "Stanley", "Kingston",
    "Georgetown", "Plymouth", "Jamestown", "Santiago", "Sofia", "Male", "Moroni", "Colombo",
    "Jerusalem", "The Valley", "The Bottom", "West Island", "Saint John's", "San Jose",
    "Panama City", "Nassau", "Saint-Denis", "Brussels", "Kralendijk / Oranjestad / The Bottom",
})
# Other spellings of the library that are words or names in English text.
DROPPED_NAMES = frozenset({"Dominique", "Thai", "Togolese", "Montenegrin", "Lao", "Reunion"})
# Names that are a country only in a context that says so (see the module docstring):
# name -> whether a place preposition ("in Jordan") is enough.
CONTEXT_ONLY = {"Georgia": False, "Georgian": False, "Jersey": False, "Jordan": True, "Chad": True}
# Lower-case words after a place that make it something else: "Washington state".
BLOCKED_NEXT = {"Washington": frozenset({"state"})}

# Seats of power, agencies and alliances: (label, country or None, seat, aliases, guarded).
# A guarded alias is checked like a place name: "Congress" is no party in
# "Indian National Congress", nor "Brussels" in "Brussels Airlines".
INSTITUTIONS = (
    ("the Kremlin", "Russia", "executive", ("Kremlin",), False),
    ("the White House", "United States", "executive", ("White House",), False),
    ("Downing Street", "United Kingdom", "executive",
     ("Downing Street", "Number 10", "No 10", "No. 10", "Number Ten"), True),
    ("the Élysée", "France", "executive", ("Élysée", "Élysée Palace"), False),
    ("Zhongnanhai", "China", "executive", ("Zhongnanhai",), False),
    ("the Chancellery", "Germany", "executive",
     ("Bundeskanzleramt", "German Chancellery", "Federal Chancellery"), False),
    ("Bankova", "Ukraine", "executive", ("Bankova",), True),
    ("the Blue House", "South Korea", "executive", ("Blue House",), False),
    ("Palazzo Chigi", "Italy", "executive", ("Palazzo Chigi",), False),
    ("La Moncloa", "Spain", "executive", ("Moncloa",), True),
    ("the Pentagon", "United States", "military", ("Pentagon",), False),
    ("the Defense Department", "United States", "military",
     ("Defense Department", "Department of Defense", "DoD"), False),
    ("the Bundeswehr", "Germany", "military", ("Bundeswehr",), False),
    ("the IDF", "Israel", "military", ("IDF", "Israel Defense Forces"), False),
    ("the State Department", "United States", None,
     ("State Department", "State Dept", "Department of State", "Foggy Bottom"), False),
    ("the Justice Department", "United States", None,
     ("Justice Department", "Department of Justice", "DOJ"), False),
    ("the Department of Homeland Security", "United States", None,
     ("Department of Homeland Security", "Homeland Security Department", "DHS"), False),
    ("the Treasury Department", "United States", None,
     ("Treasury Department", "Department of the Treasury"), False),
    ("the FBI", "United States", None, ("FBI", "Federal Bureau of Investigation"), False),
    ("the CIA", "United States", None, ("CIA", "Central Intelligence Agency"), False),
    ("the NSA", "United States", None, ("NSA", "National Security Agency"), False),
    ("the Federal Reserve", "United States", None, ("Federal Reserve",), False),
    ("the Secret Service", "United States", None, ("Secret Service",), False),
    ("Congress", "United States", "legislature", ("Congress", "Capitol Hill"), True),
    ("Whitehall", "United Kingdom", "government", ("Whitehall",), True),
    ("the Home Office", "United Kingdom", None, ("Home Office",), False),
    ("MI5", "United Kingdom", None, ("MI5",), False),
    ("MI6", "United Kingdom", None, ("MI6",), False),
    ("GCHQ", "United Kingdom", None, ("GCHQ",), False),
    ("the Quai d'Orsay", "France", None, ("Quai d'Orsay",), False),
    ("the FSB", "Russia", None, ("FSB",), False),
    ("the State Duma", "Russia", "legislature", ("State Duma", "Duma"), True),
    ("the SBU", "Ukraine", None, ("SBU",), False),
    ("the Verkhovna Rada", "Ukraine", "legislature", ("Verkhovna Rada", "Rada"), True),
    ("the Bundestag", "Germany", "legislature", ("Bundestag",), False),
    ("the Knesset", "Israel", "legislature", ("Knesset",), False),
    ("Mossad", "Israel", None, ("Mossad",), False),
    ("the Palestinian Authority", "Palestine", "government", ("Palestinian Authority",), False),
    ("NATO", None, None, ("NATO", "North Atlantic Treaty Organization", "Nato"), False),
    ("the EU", None, None, ("EU", "European Union"), False),
    ("the EU", None, None, ("Brussels",), True),
    ("the European Commission", None, None, ("European Commission",), False),
    ("the European Parliament", None, None, ("European Parliament",), False),
    ("the UN", None, None, ("UN", "United Nations"), False),
    ("the UN Security Council", None, None,
     ("UN Security Council", "United Nations Security Council", "Security Council"), False),
    ("the IMF", None, None, ("IMF", "International Monetary Fund"), False),
    ("the World Bank", None, None, ("World Bank",), False),
    ("the WHO", None, None, ("World Health Organization", "World Health Organisation"), False),
    ("the WTO", None, None, ("WTO", "World Trade Organization"), False),
    ("the OSCE", None, None, ("OSCE",), False),
    ("the IAEA", None, None, ("IAEA", "International Atomic Energy Agency"), False),
    ("the ICC", None, None, ("International Criminal Court",), False),
    ("Interpol", None, None, ("Interpol",), False),
    ("OPEC", None, None, ("OPEC",), False),
    ("the G7", None, None, ("G7", "G-7"), False),
    ("the G20", None, None, ("G20", "G-20"), False),
    ("the Red Cross", None, None, ("Red Cross", "ICRC"), False),
    ("the African Union", None, None, ("African Union",), False),
    ("the Arab League", None, None, ("Arab League",), False),
    ("ASEAN", None, None, ("ASEAN",), False),
)
# Political parties: (label, aliases, guarded), never a country's voice. They speak through
# the people their roles tie to them ("Tory leader Michael Howard", "the Lib Dem environment
# spokesman", "Republican strategist Ryan Ellis"). A word alone ("Labour", "Tory",
# "Republican") is guarded: "Scottish Labour", "Democratic Unionist Party" are other
# parties. "Democrats" and "Republicans" are not among the aliases: the articles quote them
# as a group of their own ("Republicans say ..."), which a question about them means; nor
# are the national committees, bodies with staff of their own ("the RNC").
POLITICAL_PARTIES = (
    ("the Labour Party", ("Labour Party", "New Labour"), False),
    ("the Labour Party", ("Labour",), True),
    ("the Conservative Party", ("Conservative Party", "Conservatives", "Tories", "Tory Party"), False),
    ("the Conservative Party", ("Conservative", "Tory"), True),
    ("the Liberal Democrats", ("Liberal Democrats", "Lib Dems", "Liberal Democrat Party"), False),
    ("the Liberal Democrats", ("Liberal Democrat", "Lib Dem"), True),
    ("the SNP", ("SNP", "Scottish National Party"), False),
    ("UKIP", ("UKIP", "Ukip", "UK Independence Party"), False),
    ("Plaid Cymru", ("Plaid Cymru",), False),
    ("the Green Party", ("Green Party",), False),
    ("the Democratic Party", ("Democratic Party",), False),
    ("the Democratic Party", ("Democrat", "Democratic"), True),
    ("the Republican Party", ("Republican Party", "GOP"), False),
    ("the Republican Party", ("Republican",), True),
)

# The words after a country or demonym that tell which part of the state is meant.
EXECUTIVE_WORDS = frozenset(
    "president presidential presidency prime premier chancellor king queen crown monarch "
    "leader leadership administration".split())
MILITARY_WORDS = frozenset(
    "military army navy air force forces troops soldiers marines defence defense general "
    "generals commander commanders command armed".split())
GOVERNMENT_WORDS = frozenset(
    "government officials official authorities ministry ministries minister ministers "
    "foreign interior embassy consulate ambassador envoy diplomat diplomats delegation "
    "negotiator negotiators cabinet regime side parliament senate house congress lawmakers "
    "spokesman spokeswoman spokesperson secretary department agency office intelligence "
    "security national federal central supreme court treasury justice finance trade "
    "health economy energy police border customs state".split())
# The lexicon's titles, less the place words it also strips from names: "American" must
# not let "American Indian" or "Mexican American" through as titles.
_ROLE_TITLES = TITLES - {"german", "russian", "ukrainian", "british", "american", "polish",
                         "french", "kremlin", "nato", "us", "u.s", "the", "of", "new"}
# A word that follows a place or demonym without making a longer proper name of it.
FOLLOWERS = EXECUTIVE_WORDS | MILITARY_WORDS | GOVERNMENT_WORDS | ROLE_NOUNS | _ROLE_TITLES
# Capitalised words that may follow a party's name in a role ("Labour MP", "Tory Leader").
_PARTY_FOLLOWERS = ROLE_NOUNS | _ROLE_TITLES
# Words that make a country of "Georgia" or "Jordan".
NATIONAL_WORDS = EXECUTIVE_WORDS | MILITARY_WORDS | frozenset(
    "government parliament foreign embassy ambassador authorities minister regime".split())
# Capitalised words that may stand before a place without being part of its name.
STARTERS = TIME_WORDS | frozenset("""
the a an in on at to from for and but or nor of with without by as if when while after
before since until unlike like both neither either even only meanwhile yet so then now still
also why how what where who whose which that this these those does did do will would can
could should shall may might must is are was were has have had be been said says told
against between across inside outside within under over toward towards through beyond
including among amid whether although though because once however moreover nevertheless
furthermore indeed instead thus there here all every each some many most no not let last
next per via about around near into upon despite during following regarding versus than
whereas unless perhaps just already again especially particularly mainly mostly
""".split())
# Starters that do make a name after a place: "Russia Today" is a broadcaster.
_NAME_ENDINGS = frozenset({"today", "tonight", "tomorrow", "yesterday"})
# Prefixes that turn a country into an attitude towards it: "pro-Russian", "anti-American".
HYPHEN_PREFIXES = frozenset("pro anti non ex post pre neo un mid pan trans".split())
# Place prepositions that make "Jordan" or "Chad" a place.
PLACE_PREPOSITIONS = frozenset(
    "in to from into with and against visit visited visiting neighbouring neighboring "
    "between across via toward towards".split())

# Staff words after a person's surname that make a campaign of them ("a Clinton surrogate").
CAMP_WORDS = frozenset(
    "campaign surrogate surrogates aide aides adviser advisers advisor advisors staffer "
    "staffers loyalist loyalists ally allies confidant pollster operative operatives "
    "supporter supporters backer backers".split())
# Staff words that also serve companies: a campaign only when the word before is a
# surname the caller knows ("Clinton spokesman" yes, "Microsoft spokeswoman" no).
SHARED_STAFF_WORDS = frozenset(
    "spokesman spokeswoman spokesperson spokesmen manager strategist".split())
# Role nouns that may follow an organisation's name ("Goldman Sachs analyst").
ORG_ROLE_NOUNS = ROLE_NOUNS | CAMP_WORDS | SHARED_STAFF_WORDS | frozenset(
    "reporter correspondent editor columnist economist researcher scientist executive "
    "employee engineer representative source insider negotiator member staff worker "
    "chief head fellow scholar partner".split())
# Words that belong to a role, not an organisation's name ("Press Secretary", "Democratic
# strategist"), so a run of capitalised words stops at them.
ROLE_MODIFIERS = TITLES | ROLE_NOUNS | frozenset(
    "senior top longtime executive managing press communications assistant associate "
    "interim principal special policy political economic chief lead head campaign "
    "democratic democrat republican gop conservative labour liberal tory independent "
    "green".split())
# "New" starts place names ("New York Senator") though the lexicon counts it a title.
_RUN_STOPPERS = ROLE_MODIFIERS - {"new"}
# US states: a role like "New York Senator" names a place, not an organisation.
US_STATES = frozenset("""
Alabama|Alaska|Arizona|Arkansas|California|Colorado|Connecticut|Delaware|Florida|Georgia|
Hawaii|Idaho|Illinois|Indiana|Iowa|Kansas|Kentucky|Louisiana|Maine|Maryland|Massachusetts|
Michigan|Minnesota|Mississippi|Missouri|Montana|Nebraska|Nevada|New Hampshire|New Jersey|
New Mexico|New York|North Carolina|North Dakota|Ohio|Oklahoma|Oregon|Pennsylvania|
Rhode Island|South Carolina|South Dakota|Tennessee|Texas|Utah|Vermont|Virginia|Washington|
West Virginia|Wisconsin|Wyoming""".replace("\n", "").split("|"))
# Last words of a question's name slot that make an institution of it.
ASK_ORG_WORDS = frozenset(
    "party ministry department agency commission council committee office bureau service "
    "inc corp corporation ltd company group university institute foundation association "
    "union bank court parliament police embassy".split())
# Last words that make an organisation of capitalised words a role puts after a
# preposition ("an economist at the Tax Foundation", "director of the Tax Policy Center").
ORG_NAME_WORDS = ASK_ORG_WORDS | frozenset(
    "center centre coalition board forum institution alliance network".split())
# Head words of organisations' names, in questions and in articles ("the Bank of ...",
# "the Committee for ...").
ORG_HEADS = GROUP_HEADS | ORG_NAME_WORDS
# Prepositions that put the organisation after the role noun ("strategist for ...").
_ROLE_PREPOSITIONS = frozenset({"at", "of", "for", "with", "from"})
# Roles posted to a place or body they report to or on, not for: "ambassador to Russia",
# "envoy to Syria", "correspondent in Moscow" speak for whoever sent them.
_POSTING_NOUNS = frozenset(
    "ambassador ambassadors envoy envoys emissary emissaries consul attache representative "
    "delegate correspondent correspondents reporter".split())
_POSTING_PREPOSITIONS = frozenset({"to", "in", "at"})
# Words that put a role in the past: a "former Russian foreign minister" no longer speaks
# for Russia, an "ex-Kremlin adviser" not for the Kremlin.
# ("who served as U.S. ambassador to Burma" too.)
FORMER_WORDS = frozenset({"former", "ex", "onetime", "erstwhile", "retired", "past", "served"})
# Words after which a role is current again ("a former Marine and Arizona senator", "the
# former mayor of New York City who has become a close Trump adviser").
_ROLE_BREAKS = frozenset({"and", "now", "but", "who", "which", "whose", "that", ",", ";", "/"})
# Small words inside an organisation's name ("Center for Federal Tax Policy").
_NAME_JOINERS = frozenset({"of", "for", "on", "and", "&"})
# Party words that begin organisations' names ("Republican National Committee") though a
# run of capitalised words before a role noun stops at them ("Republican strategist").
_PARTY_WORDS = frozenset(
    "republican democratic democrat conservative labour liberal tory independent green".split())
ASK_SEAT_WORDS = EXECUTIVE_WORDS | MILITARY_WORDS | frozenset(
    "government authorities officials leadership regime side delegation ministry "
    "embassy".split())
# Words that name a kind of institution, not one: "Ministry" alone is nobody's.
_GENERIC_ORG_WORDS = GOVERNMENT_WORDS | MILITARY_WORDS | EXECUTIVE_WORDS | ASK_ORG_WORDS

_TOKEN = re.compile(r"(?:[A-Za-z]\.){2,}|(?:[A-Za-z]\.)+[A-Za-z]\b|\w+(?:'\w+)*|[^\w\s]")


@dataclass(frozen=True)
class Party:
    """A country or institution a speaker may speak for."""
    key: str             # folded and stable: "country:russia", "org:kremlin", "org:fbi"
    label: str           # for display: "Russia", "the Kremlin", "the FBI"
    country: str | None  # the country key it belongs to; None for NATO, a company
    seat: str | None = None  # "executive", "military", "government", "legislature" or None


@dataclass(frozen=True)
class _Entry:
    """What one alias names, and how carefully it must be read."""
    party: Party
    kind: str              # "name", "capital", "demonym", "people", "institution" or "party"
    rank: float            # lower wins when two entries share an alias
    guarded: bool = True   # checked against the words around it
    context: str = ""      # "", "national" or "place": see CONTEXT_ONLY
    blocked_next: frozenset[str] = frozenset()  # lower-case words that end it ("state")


@dataclass(frozen=True)
class _Token:
    key: str         # ASCII, dots dropped from abbreviations, possessive stripped
    start: int
    end: int
    possessive: bool


@dataclass(frozen=True)
class _Match:
    entry: _Entry
    i: int           # first token
    j: int           # one past the last token
    verdict: str     # "yes", "no" or "maybe" (context-only, decided by its neighbours)


def _tokens(text: str) -> list[_Token]:
    """Words, abbreviations ("U.S." -> "US") and punctuation of ASCII-folded text."""
    out = []
    for m in _TOKEN.finditer(text):
        word, poss = m.group(), False
        if "." in word and len(word) > 1:
            word = word.replace(".", "")
        elif word.endswith(("'s", "'S")) and len(word) > 2:
            word, poss = word[:-2], True
        out.append(_Token(word, m.start(), m.end(), poss))
    return out


def _fold(text: str) -> str:
    """ASCII text of the same words: "Élysée" -> "Elysee", curly quotes -> straight."""
    return unidecode(text or "")


def _span_key(toks: list[_Token], final_possessive: bool = False) -> tuple[str, ...]:
    """Lookup key of a run of tokens; an inner possessive stays part of the name
    ("People's Republic of China"), a final one is grammar ("Russia's")."""
    last = len(toks) - 1
    return tuple(t.key + "'s" if t.possessive and (n < last or final_possessive) else t.key
                 for n, t in enumerate(toks))


def _alias_key(alias: str) -> tuple[str, ...]:
    return _span_key(_tokens(_fold(alias)), final_possessive=True)


def _is_latin(text: str) -> bool:
    return all(not c.isalpha() or unicodedata.name(c, "").startswith("LATIN") for c in text)


def _usable_alt(alt: str, name: str) -> bool:
    """An alternative spelling worth matching: Latin script, not a code, and either a
    several-word formal name or a close variant ("Czechia", "Turkiye"); single foreign
    words ("Island" for Iceland, "Mann") are too often English words or names."""
    alt = alt.strip()
    if not alt or not alt[0].isupper() or "," in alt or not _is_latin(alt):
        return False
    if alt.isupper() or alt in DROPPED_NAMES:
        return False
    if " " in alt:
        return True
    bare = re.sub(r"^The ", "", name)
    return ascii_lower(alt)[:3] == ascii_lower(bare)[:3]


def _plural(demonym: str) -> str | None:
    """"Russian" -> "Russians"; None where the plural is the same word ("Chinese")."""
    if demonym.endswith(("ese", "sh", "ch", "s", "x", "z", "ic", "y", "e", "o", "a")):
        return None  # "Chinese", "Swiss", "Manx": the same word; "Motswana": not English
    return demonym + "s"


def _country_records() -> list[dict]:
    """The library's countries, reduced to the fields read here."""
    from countryinfo import CountryInfo

    fields = ("name", "altSpellings", "capital", "demonym", "population", "ISO")
    return [{f: info.get(f) for f in fields} for info in CountryInfo.all().values()]


def _merge_duplicates(records: list[dict]) -> list[dict]:
    """One record per country: the library lists some twice ("Burma" and "Myanmar"), and
    the one with an ISO number, then the larger population, gives the name."""
    def rank(r):
        return (not (r.get("ISO") or {}).get("numeric"), -(r.get("population") or 0))
    kept: list[dict] = []
    for rec in sorted(records, key=rank):
        names = {rec["name"], *(rec.get("altSpellings") or [])}
        code = (rec.get("ISO") or {}).get("alpha3")
        twin = next((k for k in kept if code and code == (k.get("ISO") or {}).get("alpha3")
                     and names & {k["name"], *(k.get("altSpellings") or [])}), None)
        if twin is None:
            kept.append(dict(rec, twins=[]))
        else:
            twin["twins"].append(rec["name"])
    return kept


def _capitals(rec: dict) -> list[str]:
    cap = rec.get("capital") or []
    caps = cap if isinstance(cap, list) else [c.strip() for c in cap.split(" / ")]
    return [c for c in caps if c and _fold(c) not in DROPPED_CAPITALS and c not in DROPPED_CAPITALS]


def _demonyms(rec: dict) -> list[str]:
    raw = re.split(r"[,/]", rec.get("demonym") or "")
    return [d.strip() for d in raw if d.strip() and d.strip() != rec["name"]]


def country_key(name: str) -> str:
    """The key of the country so named in the library: "Russia" -> "country:russia"."""
    return "country:" + ascii_lower(name)


def _org_key(label: str) -> str:
    return "org:" + ascii_lower(re.sub(r"^the ", "", label))


class Gazetteer:
    """Finds the countries and institutions that role phrases, sentences and questions
    name. Build it through ``gazetteer()``: construction reads every country file."""

    def __init__(self, records: Iterable[dict]):
        self._exact: dict[tuple[str, ...], _Entry] = {}
        self._lower: dict[tuple[str, ...], _Entry] = {}
        self._executive: dict[str, Party] = {}
        self._longest = 1
        for rec in _merge_duplicates([r for r in records if r["name"] not in DEFUNCT]):
            self._add_country(rec["name"], rec)
        for name, (capital, demonym) in EXTRA_COUNTRIES.items():
            self._add_country(name, {"name": name, "capital": capital, "demonym": demonym})
        self._add_extras()
        for label, country, seat, aliases, guarded in INSTITUTIONS:
            self._add_institution(label, country, seat, aliases, guarded)
        for label, aliases, guarded in POLITICAL_PARTIES:
            self._add_institution(label, None, None, aliases, guarded, kind="party")

    # --- construction ---------------------------------------------------------------

    def _add(self, alias: str, entry: _Entry) -> None:
        key = _alias_key(alias)
        if not key:
            return
        if alias in CONTEXT_ONLY:
            context = "place" if CONTEXT_ONLY[alias] else "national"
            entry = replace(entry, context=context)
        if alias in BLOCKED_NEXT:
            entry = replace(entry, blocked_next=BLOCKED_NEXT[alias])
        for table, k in ((self._exact, key), (self._lower, tuple(w.lower() for w in key))):
            old = table.get(k)
            if old is None or entry.rank < old.rank:
                table[k] = entry
        self._longest = max(self._longest, len(key))

    def _add_country(self, name: str, rec: dict) -> None:
        population = rec.get("population") or 0
        party = Party(country_key(name), name, country_key(name), "government")
        bonus = 1 / (1 + population)  # the larger country wins a shared demonym
        for other in [name, *rec.get("twins", [])]:
            if not re.search(r"[,(]", other) and _fold(other) not in DROPPED_NAMES:
                self._add(other, _Entry(party, "name", 1 + bonus))
        for alt in rec.get("altSpellings") or []:
            if _usable_alt(alt, name):
                self._add(alt.strip(), _Entry(party, "name", 2 + bonus))
        for capital in _capitals(rec):
            self._add(capital, _Entry(party, "capital", 3 + bonus))
        for demonym in _demonyms(rec):
            self._add_demonym(demonym, party, bonus)

    def _add_demonym(self, demonym: str, party: Party, bonus: float) -> None:
        people = replace(party, seat=None)
        self._add(demonym, _Entry(people, "demonym", 4 + bonus))
        plural = _plural(demonym)
        if plural and demonym not in CONTEXT_ONLY:
            self._add(plural, _Entry(people, "people", 5 + bonus))

    def _country(self, name: str) -> Party:
        entry = self._exact[_alias_key(name)]
        return replace(entry.party, seat="government")

    def _add_extras(self) -> None:
        for name, aliases in EXTRA_NAMES.items():
            for alias in aliases:
                self._add(alias, _Entry(self._country(name), "name", 0.5))
        for name, aliases in EXTRA_CAPITALS.items():
            for alias in aliases:
                self._add(alias, _Entry(self._country(name), "capital", 0.5))
        for name, demonyms in EXTRA_DEMONYMS.items():
            for demonym in demonyms:
                self._add_demonym(demonym, self._country(name), 0.0)

    def _add_institution(self, label, country, seat, aliases, guarded, kind="institution") -> None:
        ckey = self._country(country).key if country else None
        party = Party(_org_key(_fold(label)), label, ckey, seat)
        if seat == "executive" and ckey and ckey not in self._executive:
            self._executive[ckey] = party
        for alias in aliases:
            self._add(alias, _Entry(party, kind, 0, guarded=guarded))

    # --- scanning -------------------------------------------------------------------

    def _lookup(self, toks: list[_Token], i: int) -> tuple[int, _Entry] | None:
        """The longest alias starting at token i, as (end, entry)."""
        if not toks[i].key[:1].isupper():
            return None
        for n in range(min(self._longest, len(toks) - i), 0, -1):
            entry = self._exact.get(_span_key(toks[i:i + n]))
            if entry is not None:
                return i + n, entry
        return None

    def _scan(self, text: str) -> tuple[list[_Token], list[_Match]]:
        """Every alias in the text, judged by its neighbours."""
        folded = _fold(text)
        toks = _tokens(folded)
        found, i = [], 0
        while i < len(toks):
            hit = self._lookup(toks, i)
            if hit is None:
                i += 1
                continue
            j, entry = hit
            found.append(_Match(entry, i, j, _verdict(folded, toks, i, j, entry)))
            i = j
        return toks, _settle_maybes(toks, found)

    @staticmethod
    def _accepted(toks: list[_Token], matches: list[_Match], text: str) -> list[tuple[int, Party]]:
        """(first token, party) of every match that names its party."""
        return [(m.i, _with_seat(m, toks, text)) for m in matches if m.verdict == "yes"]

    def in_text(self, text: str) -> list[Party]:
        """Parties a free sentence names: countries by name, demonym or capital, and known
        institutions, in order of appearance, each once. Arbitrary capitalised words
        (companies, people) are not parties here."""
        toks, matches = self._scan(text)
        return _unique(p for _, p in self._accepted(toks, matches, _fold(text)))

    def in_role(self, role: str, people: Iterable[str] = ()) -> list[Party]:
        """Parties a role phrase names: what ``in_text`` finds, plus the organisation a
        capitalised word before a role noun names ("Microsoft spokeswoman" -> Microsoft,
        "Clinton campaign manager" / "a Clinton surrogate" -> the Clinton campaign).
        ``people`` are names the caller knows to be people (say, the speakers of the
        article): a role such as "Clinton spokesman" is then the Clinton campaign, where
        without it "Clinton" would be read as an organisation like "Microsoft". Only the
        parties the role speaks for now: not a posting ("the U.S. ambassador to Russia" is
        the United States'), a past office ("a former Clinton aide") or where its holder
        works ("a Moscow-based analyst")."""
        return self.role_parties(role, people)[0]

    def role_parties(self, role: str, people: Iterable[str] = ()) -> tuple[list[Party], list[Party]]:
        """(the parties a role speaks for now, every party it names): see ``in_role``."""
        toks, matches = self._scan(role)
        found = self._accepted(toks, matches, _fold(role))
        covered = {k for m in matches if m.verdict == "yes" for k in range(m.i, m.j)}
        org = _role_org(toks, covered, _surnames(people)) or _org_after_role(toks, covered)
        if org is not None:
            found.append(org)
        found.sort(key=lambda x: x[0])
        located = {m.i for m in matches if m.verdict == "yes" and _based(toks, m.i, m.j)}
        located |= {m.i for m in matches if m.verdict == "yes" and m.entry.kind == "party"
                    and not _member_of(toks, m.i, m.j)}
        held = [p for i, p in found
                if not _posted_to(toks, i) and not _in_the_past(toks, i) and i not in located]
        return _unique(held), _unique(p for _, p in found)

    # --- questions ------------------------------------------------------------------

    def asked(self, phrase: str) -> Party | None:
        """The party a question's name slot names ("the Kremlin", "Moscow", "the German
        government", "the Germans", "the Clinton campaign", "the Trump administration"),
        or None when the slot is a person ("Peskov") or nothing known. Case-insensitive,
        since questions are typed; pass only the slot, not the whole question."""
        words = _slot_tokens(phrase)
        if not words:
            return None
        entry = self._whole(words)
        if entry is not None:
            return None if entry.context else entry.party
        return self._seat_phrase(words) or _org_phrase(words)

    def asked_all(self, phrase: str) -> list[Party]:
        """The parties of a slot that joins several ("Moscow and Kyiv"); empty unless
        every part names one."""
        parts = re.split(r"\s*(?:,|\band\b|&)\s*", phrase or "", flags=re.IGNORECASE)
        parts = [p for p in parts if p.strip()]
        found = [self.asked(p) for p in parts]
        return _unique(found) if found and all(found) else []

    def _whole(self, words: list[_Token]) -> _Entry | None:
        key = tuple(t.key for t in words)
        return self._exact.get(key) or self._lower.get(tuple(w.lower() for w in key))

    def _seat_phrase(self, words: list[_Token]) -> Party | None:
        """"the German government", "Russian military", "the U.S. administration"."""
        for cut in range(len(words) - 1, 0, -1):
            head, tail = words[:cut], [t.key.lower() for t in words[cut:]]
            if not all(w in ASK_SEAT_WORDS or w in GOVERNMENT_WORDS for w in tail):
                continue
            entry = self._whole(head)
            if entry is None or entry.kind in ("institution", "party") or entry.context == "national":
                continue
            seat = _seat_of(tail[0], "government")
            if seat == "executive" and entry.party.key in self._executive:
                return self._executive[entry.party.key]
            return replace(entry.party, seat=seat)
        return None


# --- judging a match by its neighbours ------------------------------------------------

def _spaced(text: str, a: _Token, b: _Token) -> bool:
    """Two tokens separated by spaces only: one phrase, as opposed to "Russia. The"."""
    gap = text[a.end:b.start]
    return bool(gap) and gap.isspace()


def _capitalised(tok: _Token) -> bool:
    return tok.key[:1].isupper()


def _prev_word(text: str, toks: list[_Token], i: int) -> _Token | None:
    if i > 0 and _spaced(text, toks[i - 1], toks[i]) and toks[i - 1].key[:1].isalnum():
        return toks[i - 1]
    return None


def _next_word(text: str, toks: list[_Token], j: int) -> tuple[_Token | None, bool]:
    """The word after a match, and whether the match is possessive ("Brussels' own")."""
    possessive = toks[j - 1].possessive
    if j < len(toks) and toks[j].key == "'" and not text[toks[j - 1].end:toks[j].start]:
        possessive, j = True, j + 1
    if j < len(toks) and _spaced(text, toks[j - 1], toks[j]) and toks[j].key[:1].isalnum():
        return toks[j], possessive
    return None, possessive


def _hyphen_before(text: str, toks: list[_Token], i: int) -> _Token | None:
    """The word joined by a hyphen before token i ("pro" in "pro-Russian")."""
    if i >= 2 and toks[i - 1].key == "-" and not text[toks[i - 2].end:toks[i].start].strip("-"):
        return toks[i - 2]
    return None


def _hyphen_after(text: str, toks: list[_Token], j: int) -> _Token | None:
    if j + 1 < len(toks) and toks[j].key == "-" \
            and not text[toks[j - 1].end:toks[j + 1].start].strip("-"):
        return toks[j + 1]
    return None


def _verdict(text: str, toks: list[_Token], i: int, j: int, entry: _Entry) -> str:
    """"yes" when the alias names its party here, "no" when it is part of something else,
    "maybe" when a context-only name has no context yet."""
    if not entry.guarded:
        return "yes"
    if _compound(text, toks, i, j, entry):
        return "no"
    nxt, _ = _next_word(text, toks, j)
    if nxt is not None and nxt.key.lower() in entry.blocked_next:
        return "no"
    if not entry.context:
        return "yes"
    if nxt is not None and nxt.key.lower() in NATIONAL_WORDS:
        return "yes"
    prev = _prev_word(text, toks, i)
    if entry.context == "place" and prev is not None and prev.key.lower() in PLACE_PREPOSITIONS:
        return "yes"
    return "maybe"


def _compound(text: str, toks: list[_Token], i: int, j: int, entry: _Entry) -> bool:
    """True when the alias is part of a longer name: "Washington Post", "Michael Jordan",
    "Bank of America", "African American", "pro-Russian"."""
    before = _hyphen_before(text, toks, i)
    demonym = entry.kind in ("demonym", "people")
    if before is not None and (before.key.lower() in HYPHEN_PREFIXES or demonym):
        return True
    after = _hyphen_after(text, toks, j)
    if after is not None and entry.kind in ("demonym", "people") and _capitalised(after):
        return True
    nxt, possessive = _next_word(text, toks, j)
    if nxt is not None and not possessive and _capitalised(nxt) and not _follows(nxt):
        return True
    if entry.kind == "party" and nxt is not None and not possessive and _capitalised(nxt) \
            and nxt.key.lower() not in _PARTY_FOLLOWERS:
        return True  # "Republican National Committee", not the party's national anything
    prev = _prev_word(text, toks, i)
    if prev is None:
        return False
    allowed = STARTERS | (_ROLE_TITLES if entry.kind in ("demonym", "people") else frozenset())
    if _capitalised(prev) and not prev.possessive and prev.key.lower() not in allowed:
        return True
    if prev.key == "of":
        owner = _prev_word(text, toks, i - 1)
        return owner is not None and _capitalised(owner) and not _follows(owner)
    return False


def _follows(tok: _Token) -> bool:
    """A capitalised word that may stand next to a place without joining its name."""
    word = tok.key.lower()
    return word in FOLLOWERS or (word in STARTERS and word not in _NAME_ENDINGS)


def _settle_maybes(toks: list[_Token], found: list[_Match]) -> list[_Match]:
    """A context-only name listed with an accepted country is a country: "Georgia and
    Ukraine", "Syria, Jordan and Lebanon"."""
    out = list(found)
    for n, m in enumerate(found):
        if m.verdict != "maybe":
            continue
        out[n] = replace(m, verdict="yes" if _listed(toks, found, n) else "no")
    return out


def _listed(toks: list[_Token], found: list[_Match], n: int) -> bool:
    m = found[n]
    for other in found[:n] + found[n + 1:]:
        if other.verdict != "yes" or other.entry.kind not in ("name", "capital"):
            continue
        between = toks[m.j:other.i] if other.i >= m.j else toks[other.j:m.i]
        if len(between) == 1 and between[0].key in ("and", "or", ","):
            return True
    return False


def _seat_of(word: str | None, default: str | None) -> str | None:
    if word in MILITARY_WORDS:
        return "military"
    if word in EXECUTIVE_WORDS:
        return "executive"
    if word in GOVERNMENT_WORDS:
        return "government"
    return default


def _with_seat(m: _Match, toks: list[_Token], text: str) -> Party:
    """The party of an accepted match, its seat read from the next word for countries:
    "Russian military" -> military, "U.S. President" -> executive."""
    if m.entry.kind in ("institution", "party"):
        return m.entry.party
    nxt, _ = _next_word(text, toks, m.j)
    word = nxt.key.lower() if nxt is not None else None
    return replace(m.entry.party, seat=_seat_of(word, m.entry.party.seat))


def _posted_to(toks: list[_Token], i: int) -> bool:
    """The party at token i is where a posting noun sends its holder ("ambassador to the
    United Nations", "correspondent in Moscow")."""
    k = i - 1
    if k >= 0 and toks[k].key.lower() == "the":
        k -= 1
    return (k >= 1 and toks[k].key.lower() in _POSTING_PREPOSITIONS
            and toks[k - 1].key.lower() in _POSTING_NOUNS)


def _based(toks: list[_Token], i: int, j: int) -> bool:
    """The place at tokens [i, j) is where someone works, not whom they speak for: "a
    Moscow-based analyst", "a Washington based developer", "an analyst based in Kyiv"."""
    after = [t.key.lower() for t in toks[j:j + 2]]
    before = [t.key.lower() for t in toks[max(0, i - 2):i]]
    return after[:1] == ["based"] or after == ["-", "based"] or before == ["based", "in"]


def _in_the_past(toks: list[_Token], i: int) -> bool:
    """A word of FORMER_WORDS governs the party at token i: it comes before it in the
    role with no "and" or comma between ("former United States ambassador", "ex-Kremlin
    adviser", "former head of the FBI")."""
    for tok in reversed(toks[:i]):
        word = tok.key.lower()
        if word in _ROLE_BREAKS:
            return False
        if word in FORMER_WORDS:
            return True
    return False


def _member_of(toks: list[_Token], i: int, j: int) -> bool:
    """A party named in a role is its holder's own ("Tory leader", "chief strategist for the
    RNC"), unless it qualifies someone the holder belongs to ("the Republican presidential
    nominee's eldest daughter") or what the holder does ("editor of a book analyzing
    Trump's performances at GOP primary debates")."""
    after = toks[j:]
    if any(t.possessive for t in after) or any(
            a.key in ("'", "’") and b.key == "s" for a, b in zip(after, after[1:])):
        return False  # ("Labour's election strategist" is its own)
    return not any(t.key.endswith("ing") and t.key.islower() for t in toks[:i])


def out_of_office(role: str | None) -> bool:
    """A role whose office is past ("former Secretary of State", "a retired general")."""
    return any(t.key.lower() in FORMER_WORDS for t in _tokens(_fold(role or "")))


def _unique(parties: Iterable[Party]) -> list[Party]:
    seen, out = set(), []
    for p in parties:
        if p.key not in seen:
            seen.add(p.key)
            out.append(p)
    return out


# --- organisations in roles and questions ---------------------------------------------

def _surnames(people: Iterable[str]) -> frozenset[str]:
    return frozenset(ascii_lower(n.split()[-1]) for n in people if n and n.split())


def _role_org(toks: list[_Token], covered: set[int],
              surnames: frozenset[str]) -> tuple[int, Party] | None:
    """The organisation named before the first role noun of a role phrase, if any."""
    for h, tok in enumerate(toks):
        if h == 0 or tok.key.lower() not in ORG_ROLE_NOUNS:
            continue
        k = h
        while k > 0 and toks[k - 1].key.lower() in ROLE_MODIFIERS and k - 1 not in covered:
            k -= 1
        run = _named_organisation(toks, _capital_run(toks, k, covered), covered)
        if run:
            staff = toks[k].key.lower() if k < len(toks) else tok.key.lower()
            return run[0], _org_party([toks[r].key for r in run], staff, surnames)
    return None


def _capital_run(toks: list[_Token], end: int, covered: set[int]) -> list[int]:
    """Indices of the capitalised words just before ``end`` that may name an organisation."""
    run: list[int] = []
    k = end - 1
    while k >= 0 and k not in covered:
        word = toks[k].key
        joiner = word == "&" and bool(run)  # "AT&T", "Johnson & Johnson"
        named = _capitalised(toks[k]) and word.lower() not in _RUN_STOPPERS | STARTERS
        if not (joiner or named):
            break
        run.insert(0, k)
        if toks[k].possessive and len(run) > 1:
            break
        k -= 1
    while run and toks[run[0]].key == "&":
        run.pop(0)
    name = " ".join(toks[r].key for r in run)
    if name in US_STATES or all(toks[r].key.lower() in _GENERIC_ORG_WORDS for r in run):
        return []  # "New York Senator", "House Speaker", "Russian Foreign Ministry spokesman"
    return run


def _named_organisation(toks: list[_Token], run: list[int], covered: set[int]) -> list[int]:
    """A capitalised run with an organisation's word in it ends there, and takes the party
    word before it: "Republican National Committee Research Director" is the Republican
    National Committee's, not "National Committee Research"'s."""
    org = _org_words(toks, run)
    if not org:
        return run
    run = run[:org[-1] + 1]
    while run[0] > 0 and run[0] - 1 not in covered \
            and toks[run[0] - 1].key.lower() in _PARTY_WORDS and _capitalised(toks[run[0] - 1]):
        run.insert(0, run[0] - 1)
    return run


def _org_words(toks: list[_Token], run: list[int]) -> list[int]:
    """Places in `run` (token indices) of the words that make an organisation's name."""
    return [n for n, r in enumerate(run) if toks[r].key.lower() in ORG_NAME_WORDS]


def _org_after_role(toks: list[_Token], covered: set[int]) -> tuple[int, Party] | None:
    """The organisation a role names after a preposition: "an economist at the Tax
    Foundation's policy center", "chief strategist for the Republican National Committee",
    "director of the centrist Tax Policy Center". Only capitalised words with an
    organisation's word among them count ("a senator of Texas" names none)."""
    after_role = False
    for h, tok in enumerate(toks):
        word = tok.key.lower()
        if word in ORG_ROLE_NOUNS:
            after_role = True
        elif after_role and word in _ROLE_PREPOSITIONS:
            run = _name_after(toks, h + 1, covered)
            if run:
                name = " ".join(toks[r].key for r in run).replace(" - ", "-")
                return run[0], Party(_org_key(name), f"the {name}", None)
    return None


def _name_after(toks: list[_Token], k: int, covered: set[int]) -> list[int]:
    """The organisation's name starting at token k, after "the" and up to two lower-case
    words ("the centrist", "the conservative-leaning"); empty when it has no word of
    ORG_NAME_WORDS. It runs on through "of", "for" and "on" ("Center for Strategic and
    International Studies"), but ends at the organisation's word otherwise ("the Tax
    Foundation and Harvard University" is the Tax Foundation)."""
    if k < len(toks) and toks[k].key.lower() == "the":
        k += 1
        lower = 0
        while k < len(toks) and lower < 2 and not _capitalised(toks[k]) \
                and (toks[k].key.isalpha() or toks[k].key == "-"):
            lower += toks[k].key != "-"
            k += 1
    run: list[int] = []
    joined = False  # a name with "of"/"for"/"on" may hold "and"
    while k < len(toks) and k not in covered:
        word = toks[k].key
        if _capitalised(toks[k]) or (run and (word[:1].isdigit() or word == "-")):
            run.append(k)
            if toks[k].possessive:
                break
        elif run and (word in _NAME_JOINERS - {"and"} or (joined and word == "and")):
            joined = joined or word != "&"
            run.append(k)
        else:
            break
        k += 1
    while run and toks[run[-1]].key.lower() in _NAME_JOINERS | {"-"}:
        run.pop()
    org = _org_words(toks, run)
    if not org:
        return []
    joined_after_org = any(toks[r].key in ("of", "for", "on") for r in run[org[0]:])
    return run if joined_after_org else run[:org[-1] + 1]


def _org_party(words: list[str], staff: str, surnames: frozenset[str]) -> Party:
    """An organisation, or a person's campaign when the words are a surname before a staff
    word ("Clinton campaign", "Trump aide")."""
    name = " ".join(words).replace(" & ", "&")
    surname = ascii_lower(words[-1])
    if staff in CAMP_WORDS or (staff in SHARED_STAFF_WORDS and surname in surnames):
        label = f"the {words[-1]} campaign"
        return Party(_org_key(label), label, None)
    return Party(_org_key(name), name, None)


def _slot_tokens(phrase: str) -> list[_Token]:
    """The words of a question's name slot, without "the", a possessive or punctuation."""
    text = re.sub(r"^\s*the\s+", "", _fold(phrase or "").strip(" \t\"'?!.,;:"), flags=re.IGNORECASE)
    toks = [t for t in _tokens(text) if t.key[:1].isalnum()]
    return [replace(t, possessive=False) for t in toks]


def _org_phrase(words: list[_Token]) -> Party | None:
    """"Clinton campaign", "Trump administration", "Democratic Party": a name followed by
    an institution word; a bare name ("Peskov", "Microsoft") says nothing."""
    if len(words) < 2:
        return None
    last = words[-1].key.lower()
    head = [w.key[:1].upper() + w.key[1:] for w in words[:-1]]
    if last in ("campaign", "camp"):
        label = f"the {' '.join(head)} campaign"
        return Party(_org_key(label), label, None)
    if last == "administration":
        label = f"the {' '.join(head)} administration"
        return Party(_org_key(label), label, None, "executive")
    if last in ("government", "cabinet"):
        label = f"the {' '.join(head)} {last}"
        return Party(_org_key(label), label, None, "government")
    if last in ORG_NAME_WORDS:
        label = f"the {' '.join(head)} {words[-1].key[:1].upper() + words[-1].key[1:]}"
        return Party(_org_key(label), label, None)
    return None


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The gazetteer of this process, built on first use."""
    return Gazetteer(_country_records())
