"""The lexicon of quote extraction: speech verbs, titles, roles, pronouns, non-names.

Every vocabulary the quote stages match words against lives here (short closed lists of
function words stay beside the rule that reads them); inflected verb forms are generated
here so the spaCy lemmatizer can stay disabled. All words are lower case. Abbreviations
that do not end a sentence belong to the sentence splitters:
``assistant.text.sentences.ABBREVIATIONS``.
"""
from __future__ import annotations

# Verbs that report speech, writing or stated positions (base forms).
SPEECH_VERBS = tuple("""
say tell add state stress emphasize emphasise warn caution claim argue insist note
explain announce declare assert maintain contend comment remark observe predict
promise vow pledge urge recall recount mention complain concede conclude
admit acknowledge deny confirm report indicate reveal suggest write tweet post ask
answer reply respond retort counter quip joke boast brag lament testify proclaim
reiterate repeat highlight underscore convey express inform assure reassure allege
demand propose recommend advise shout scream yell whisper sing chant describe
characterize characterise dismiss question wonder signal hint agree disagree
criticize criticise accuse blame charge praise estimate show find
call threaten speculate point muse lash rail fume scoff grumble sneer
forecast guarantee concur clarify elaborate specify disclose divulge
affirm aver attest certify posit opine theorize hypothesize
exclaim cry gush marvel sigh laugh snap bark growl huff plead reason reflect
relate remind tout echo offer chime interject interrupt cite quote summarize
text email mourn continue boom applaud herald deride blast refer
portray label slam hammer dub brand decry denounce condemn laud hail mock ridicule
thank retaliate shoot see support discuss defend seek back refuse
oppose favor favour endorse reject welcome talk look focus push press rant rave volunteer read
""".split())

# Cognitive/attitude verbs: PolNeAR annotates these as attributions too.
BELIEF_VERBS = tuple("""
believe think hope fear worry know feel expect want doubt wish consider plan
intend decide realize realise understand recognize recognise assume suspect
""".split())

# Speech verbs whose direct object (not only a that-clause) is the reported content.
OBJECT_CONTENT_VERBS = tuple("""
announce deny confirm reveal indicate acknowledge admit express highlight
urge call describe predict promise propose demand criticize criticise praise
dismiss question report claim estimate signal suggest recommend stress
emphasize emphasise underscore convey reiterate repeat mention warn
ask tell want expect fear applaud herald deride blast refer identify portray
label slam hammer dub brand decry denounce condemn laud hail tout mock
ridicule characterize characterise reference frame cast thank see support
discuss defend seek back offer refuse oppose favor favour endorse reject
welcome accuse show
""".split())

# Cues that only introduce an adjacent direct quote ("he continued, “...”").
QUOTE_ONLY_VERBS = ("continue", "boom", "echo", "shoot", "retaliate", "quip", "interject")

_IRREGULAR = {
    "say": ["said", "says", "saying"], "tell": ["told", "tells", "telling"],
    "write": ["wrote", "written", "writes", "writing"],
    "send": ["sent", "sends", "sending"], "put": ["puts", "putting"],
    "think": ["thought", "thinks", "thinking"], "feel": ["felt", "feels", "feeling"],
    "know": ["knew", "known", "knows", "knowing"], "find": ["found", "finds", "finding"],
    "speak": ["spoke", "spoken", "speaks", "speaking"], "sing": ["sang", "sung", "sings", "singing"],
    "show": ["showed", "shown", "shows", "showing"], "understand": ["understood", "understands", "understanding"],
    "forecast": ["forecast", "forecasts", "forecasting"],
    "quip": ["quipped", "quips", "quipping"], "shoot": ["shot", "shoots"], "lash": ["lashed", "lashes", "lashing"],
}


def _inflect(base: str) -> set[str]:
    """A verb's base form with its -s, past and -ing forms."""
    if base in _IRREGULAR:
        return {base, *_IRREGULAR[base]}
    forms = {base}
    if base.endswith("e"):
        forms |= {base + "s", base + "d", base[:-1] + "ing"}
    elif base.endswith("y") and base[-2] not in "aeiou":
        forms |= {base[:-1] + "ies", base[:-1] + "ied", base + "ing"}
    elif base.endswith(("s", "sh", "ch", "x", "z")):
        forms |= {base + "es", base + "ed", base + "ing"}
    else:
        forms |= {base + "s", base + "ed", base + "ing"}
        # doubled final consonant: admit -> admitted, quip -> quipped
        if len(base) > 2 and base[-1] in "tpgnmb" and base[-2] in "aeiou" and base[-3] not in "aeiou":
            forms |= {base + base[-1] + "ed", base + base[-1] + "ing"}
    return forms


def _forms(bases) -> frozenset[str]:
    return frozenset(form for base in bases for form in _inflect(base))


# Every form of a word that can cue an attribution: "said", "warns", "believing".
CUE_FORMS = _forms(SPEECH_VERBS + BELIEF_VERBS)
BELIEF_FORMS = _forms(BELIEF_VERBS)
# Every form of a verb by which someone puts out a statement, a tweet or a letter as their own.
ISSUING_FORMS = _forms("""
issue release send post tweet publish write sign deliver unleash pen put fire draft
""".split())
OBJECT_CONTENT_FORMS = _forms(OBJECT_CONTENT_VERBS)
QUOTE_ONLY_FORMS = _forms(QUOTE_ONLY_VERBS)

# Phrases introducing a source before the content: "according to X, ..."
SOURCE_PREPOSITIONS = frozenset({"according"})

PRONOUNS_MALE = frozenset({"he", "him", "his", "himself"})
PRONOUNS_FEMALE = frozenset({"she", "her", "hers", "herself"})
PRONOUNS_OTHER = frozenset({"they", "we", "i", "you", "it", "who", "which", "that", "them", "one"})

# Role nouns that can stand for a named person ("the spokesman added").
ROLE_NOUNS = frozenset({
    "spokesman", "spokeswoman", "spokesperson", "president", "minister", "secretary",
    "general", "senator", "governor", "mayor", "chancellor", "official", "officer",
    "chief", "commander", "candidate", "nominee", "leader", "chairman", "chairwoman",
    "director", "adviser", "advisor", "aide", "ambassador", "envoy", "host", "analyst",
    "expert", "professor", "lawmaker", "congressman", "congresswoman", "speaker",
    "businessman", "billionaire", "founder", "ceo", "manager", "strategist", "author",
    "judge", "prosecutor", "attorney", "lawyer", "diplomat", "premier", "king", "queen",
})
# Role words of people who speak for an institution or a country (an office, a command,
# a staff post), as against those who comment on it ("analyst", "expert", "nominee").
OFFICE_ROLES = frozenset({
    "spokesman", "spokeswoman", "spokesperson", "spokes", "president", "minister", "secretary",
    "chancellor", "premier", "official", "officials", "officer", "ambassador", "envoy",
    "diplomat", "general", "gen", "commander", "chief", "admiral", "colonel", "aide",
    "adviser", "advisor", "director", "press", "government", "ministry", "king", "queen",
    "surrogate", "manager", "chairman", "chairwoman", "governor", "mayor", "attorney",
})
# Office words of the armed forces: a seat of the executive ("the Kremlin") is not
# answered by its generals, the Pentagon only by them.
MILITARY_ROLES = frozenset({"general", "gen", "commander", "admiral", "colonel", "army",
                            "military", "defense", "defence", "marshal"})
# Words naming political parties or their members, written before a name ("Lib Dem
# Norman Baker", "Tory Liam Fox") or in a role ("the Lib Dem environment spokesman").
PARTY_WORDS = frozenset({
    "tory", "tories", "conservative", "conservatives", "labour", "lib", "dem", "dems",
    "liberal", "liberals", "democrat", "democrats", "democratic", "republican",
    "republicans", "gop", "snp", "ukip", "green", "greens", "plaid",
})
# Role words of offices outside a country's government, though they hold an office: a
# party's or a campaign's people, the opposition's, a city's or a state's. The seat of the
# executive ("Downing Street", "the White House") is not answered by "the Lib Dem
# environment spokesman", "London mayor" or "Ohio governor".
NOT_GOVERNMENT_ROLES = PARTY_WORDS | frozenset({
    "mayor", "governor", "gov", "councillor", "councilman", "councilwoman",
    "campaign", "party", "shadow", "opposition", "candidate", "nominee",
})
# Members of a legislature: Congress is answered by them, not by the executive's people.
LEGISLATIVE_ROLES = frozenset({"senator", "sen", "sens", "rep", "reps", "representative",
                               "del", "delegate",
                               "congressman", "congresswoman", "lawmaker", "lawmakers",
                               "legislator", "speaker", "mp", "mps", "mep"})
# Role words spelled differently but meaning the same role.
ROLE_SYNONYMS = {"spokesman": "spokesperson", "spokeswoman": "spokesperson",
                 "spokes": "spokesperson", "gen": "general",
                 # abbreviated titles: "the senator" is "Sen. Tester", "the governor" "Gov. Pence"
                 "sen": "senator", "sens": "senator", "gov": "governor", "govs": "governor",
                 "rep": "representative", "reps": "representative", "col": "colonel",
                 "adm": "admiral", "capt": "captain", "sgt": "sergeant", "lt": "lieutenant",
                 "maj": "major", "cmdr": "commander", "cpl": "corporal", "brig": "brigadier",
                 "amb": "ambassador", "supt": "superintendent", "insp": "inspector",
                 "det": "detective", "atty": "attorney"}
# Words of a role query that are not role words ("what did the spokesman say").
ROLE_QUERY_FILLER = frozenset({"the", "a", "an", "of", "for", "who", "what", "did", "say",
                               "said", "does"})

# Women's first names of the news that gender-guesser's table (first_names.py) does not
# answer for, or only as "mostly".
FEMALE_FIRST_NAMES = frozenset({"mary", "kellyanne"})
MALE_TITLES = frozenset({"mr", "mr.", "sir", "lord", "king", "prince"})
FEMALE_TITLES = frozenset({"mrs", "mrs.", "ms", "ms.", "miss", "madam", "dame", "lady", "queen",
                           "princess"})

# Second words of places named "New ..." ("New York", "New Hampshire", "New Zealand"),
# where "New" is the name's, not a title's ("New Home Secretary Charles Clarke").
NEW_PLACE_WORDS = frozenset({"york", "jersey", "hampshire", "mexico", "zealand", "orleans",
                             "haven", "delhi", "england", "brunswick", "caledonia", "guinea",
                             "south"})
# Words that describe a role, not a name; dropped anywhere in a name.
TITLES = frozenset({
    "mr", "mrs", "ms", "miss", "dr", "prof", "professor", "sir", "dame", "lord", "lady",
    "president", "vice", "prime", "minister", "chancellor", "secretary", "state",
    "foreign", "defense", "defence", "interior", "finance", "general", "gen", "lt",
    "col", "colonel", "maj", "major", "admiral", "adm", "capt", "captain", "sgt",
    "lieutenant", "sergeant", "cmdr", "cpl", "corporal", "pvt", "spc", "brig", "brigadier",
    "amb", "supt", "superintendent", "insp", "inspector", "det", "detective", "atty", "msgr",
    "sen", "sens", "senator", "rep", "reps", "representative", "del", "delegate", "gov",
    "govs", "governor", "mayor", "judge", "mp", "mep", "msp",
    "justice", "spokesperson", "spokesman", "spokeswoman", "speaker", "leader",
    "chief", "army", "commander", "former", "late", "the", "of", "us", "u.s",
    "ambassador", "envoy", "king", "queen", "prince", "princess", "pope", "rev",
    "reverend", "father", "sheikh", "ceo", "chairman", "chairwoman", "chair",
    "director", "deputy", "acting", "new", "then", "candidate", "nominee", "sr", "jr",
    "ii", "iii", "st", "st.", "federal", "attorney", "nato", "german", "russian",
    "ukrainian", "british", "american", "polish", "french", "kremlin",
})

# Titles that are also surnames, named so after a first name or a form of address
# ("Larry King", "Mr. King", "John Major", "Alan Judge").
SURNAME_TITLES = frozenset({"king", "major", "judge", "pope", "prince", "chancellor"})
# Words that address a person by surname ("Mr. King", "Sen. King").
FORMS_OF_ADDRESS = frozenset({"mr", "mrs", "ms", "miss", "dr", "prof", "sir", "dame", "lord",
                              "lady", "sen", "rep", "gov", "rev"})
# Words after a surname that are no part of it ("Martin Luther King Jr.").
NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii"})

# Proper nouns that are not people: a capitalised run holding one is no person's name.
NOT_PERSON = frozenset("""
news times post journal party house senate congress committee department university
college inc corp council association campaign fund foundation institute agency court
ministry navy bank group network channel magazine tv radio city county state states
united republic kingdom union nations street avenue hill island valley park bowl beach
river lake bay coast day week center centre school church club league hall airport
monday tuesday wednesday thursday friday saturday sunday january february march april
may june july august september october november december new los san las north south
east west america american americans christmas easter god twitter facebook youtube
google capitol super supreme federal national international democrats republicans
democratic republican gop fox cnn msnbc abc nbc cbs associated press reuters afp
""".split())

# Last words of the names of organisations and groups ("Home Office", "Deutsche Bank",
# "Senior Tories", "Lib Dems"): a source so named is not one person. Surnames that are also
# such words ("Court", "Post") are left out.
GROUP_HEADS = frozenset("""
office offices department ministry bank police times journal party labour tories tory dems
democrats democrat republicans conservatives liberals mps peers commission council committee
agency association union group corp inc ltd plc airlines airways university college institute
foundation government army navy campaign federation league club fund trust authority network
news magazine channel board assembly parliament senate congress administration executive
exchange industries systems technologies motors telecom media studios museum hospital library
academy gallery
""".split())

# Last words of a newspaper's name ("The New York Times", "the Post").
NEWSPAPER_HEADS = frozenset({"times", "post", "journal", "herald", "tribune"})

# Days, months and relative days: a subject that is one of them is a date, not a speaker.
TIME_WORDS = frozenset({
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "january", "february", "march", "april", "june", "july", "august", "september",
    "october", "november", "december", "today", "yesterday", "tomorrow", "tonight",
})
# ... and the nouns of time a parse may still make a verb's subject ("Beck, who has in the
# past described Trump as ..." gave "the past" Beck's words), matched in lower case only
# ("Kristen Day said")
TIME_NOUNS = frozenset(
    "past future week weekend month year day morning afternoon evening night decade".split())

# Beyond extraction, the same vocabulary in the forms the other stages match:
# the verbs a "what did X say?" question may use (search/intent.py) ...
QUESTION_VERBS = tuple("""
say said claim claimed warn warned tell told state stated mention mentioned announce
announced think argue argued add added respond responded react reacted comment
commented predict predicted insist insisted suggest suggested promise promised
threaten threatened call called urge urged admit admitted deny denied write wrote
speak spoke declare declared note noted explain explained believe believed
""".split())
# ... the question words that only ask for speech, not a topic (answer/extractive.py) ...
# Things that are said to "say" but are read, not quoted: "what did the Kremlin statement
# say?" asks what a document holds, not what a person said (search/intent.py).
DOCUMENT_NOUNS = frozenset("""
statement statements report reports article articles letter letters study studies poll polls
survey surveys document documents memo memos filing filings ruling rulings bill bills law laws
plan plans proposal proposals agreement agreements deal deals treaty treaties paper papers
press release release tweet tweets post posts editorial editorials book books data analysis
message messages
""".split())
QUESTION_SPEECH_WORDS = frozenset("say said says tell told claim warn state mention".split())
# ... the words that mark a sentence of an answer as reported speech (answer/extractive.py) ...
SPEECH_MARKERS = (
    "said", "says", "say", "stated", "told", "warned", "added", "emphasised", "emphasized",
    "mentioned", "claimed", "according to", "announced", "argued", "insisted", "cautioned",
    "asserted", "stating", "indicating", "noted",
)
# ... and the words of attribution a faithful summary adds freely ("the article reports
# that X said"), which a citation check does not require its passage to hold
# (answer/citation_check.py).
REPORTING_WORDS = frozenset(
    "said say says stated states told tells added adds noted according article articles report "
    "reports reported passage passages mentioned quoted quote".split()
)
