"""Word lists for attribution cues, speakers and roles.

Inflected forms are generated here so the spaCy lemmatizer can stay disabled.
"""
from __future__ import annotations

# Verbs that report speech, writing or stated positions.
SPEECH_VERBS = """
say tell add state stress emphasize emphasise warn caution claim argue insist note
explain announce declare assert maintain contend comment remark observe predict
promise vow pledge urge recall recount mention complain concede conclude
admit acknowledge deny confirm report indicate reveal suggest write tweet post ask
answer reply respond retort counter quip joke boast brag lament testify proclaim
reiterate repeat highlight underscore convey express inform assure reassure allege
demand propose recommend advise shout scream yell whisper sing chant describe
characterize characterise dismiss question wonder signal hint agree disagree
criticize criticise accuse blame charge praise estimate show find told tell
call threaten vow speculate predict point muse lash rail fume scoff grumble sneer
recommend forecast guarantee concur clarify elaborate specify disclose divulge
declare affirm aver attest certify contend posit opine theorize hypothesize
exclaim cry gush marvel sigh laugh snap bark growl huff plead reason reflect
relate remind tout echo offer chime interject interrupt cite quote summarize
text email mourn continue boom applaud herald deride blast refer
portray label slam hammer dub brand decry denounce condemn laud hail mock ridicule
thank retaliate shoot see support discuss defend seek back refuse
oppose favor favour endorse reject welcome accuse talk refer look focus push press recount rant rave insist volunteer wrote read
""".split()

# Cognitive/attitude verbs: PolNeAR annotates these as attributions too.
BELIEF_VERBS = """
believe think hope fear worry know feel expect want doubt wish consider plan
intend decide realize realise understand recognize recognise assume suspect
""".split()

_IRREGULAR = {
    "say": ["said", "says", "saying"], "tell": ["told", "tells", "telling"],
    "write": ["wrote", "written", "writes", "writing"],
    "think": ["thought", "thinks", "thinking"], "feel": ["felt", "feels", "feeling"],
    "know": ["knew", "known", "knows", "knowing"], "find": ["found", "finds", "finding"],
    "speak": ["spoke", "spoken", "speaks", "speaking"], "sing": ["sang", "sung", "sings", "singing"],
    "show": ["showed", "shown", "shows", "showing"], "understand": ["understood", "understands", "understanding"],
    "forecast": ["forecast", "forecasts", "forecasting"],
    "quip": ["quipped", "quips", "quipping"], "shoot": ["shot", "shoots"], "lash": ["lashed", "lashes", "lashing"],
}


def _inflect(base: str) -> set[str]:
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


CUE_FORMS: set[str] = set()
for _b in SPEECH_VERBS + BELIEF_VERBS:
    CUE_FORMS |= _inflect(_b)
BELIEF_FORMS: set[str] = set()
for _b in BELIEF_VERBS:
    BELIEF_FORMS |= _inflect(_b)

# Verbs whose direct object (not only a that-clause) is the reported content.
OBJECT_CONTENT_FORMS: set[str] = set()
for _b in ("announce deny confirm reveal indicate acknowledge admit express highlight "
           "urge call describe predict promise propose demand criticize criticise praise "
           "dismiss question report claim estimate signal suggest recommend stress "
           "emphasize emphasise underscore convey reiterate repeat mention warn "
           "ask tell want expect fear applaud herald deride blast refer identify portray "
           "label slam hammer dub brand decry denounce condemn laud hail tout mock "
           "ridicule characterize characterise reference frame cast thank see support "
           "discuss defend seek back offer refuse oppose favor favour endorse reject "
           "welcome accuse show").split():
    OBJECT_CONTENT_FORMS |= _inflect(_b)

# Phrases introducing a source before the content: "according to X, ..."
SOURCE_PREPOSITIONS = {"according"}

PRONOUNS_MALE = {"he", "him", "his", "himself"}
PRONOUNS_FEMALE = {"she", "her", "hers", "herself"}
PRONOUNS_OTHER = {"they", "we", "i", "you", "it", "who", "which", "that", "them", "one"}

# Role nouns that can stand for a named person ("the spokesman added").
ROLE_NOUNS = {
    "spokesman", "spokeswoman", "spokesperson", "president", "minister", "secretary",
    "general", "senator", "governor", "mayor", "chancellor", "official", "officer",
    "chief", "commander", "candidate", "nominee", "leader", "chairman", "chairwoman",
    "director", "adviser", "advisor", "aide", "ambassador", "envoy", "host", "analyst",
    "expert", "professor", "lawmaker", "congressman", "congresswoman", "speaker",
    "businessman", "billionaire", "founder", "ceo", "manager", "strategist", "author",
    "judge", "prosecutor", "attorney", "lawyer", "diplomat", "premier", "king", "queen",
}

FEMALE_FIRST_NAMES = set("""
hillary mary annalena melania carly elizabeth nancy sarah kellyanne nikki michelle
kamala ivanka angela theresa ursula marine jill barbara laura susan karen jennifer
patricia linda margaret anna maria olga yulia julia emma sophie claire hope debbie
""".split())
MALE_TITLES = {"mr", "mr.", "sir", "lord", "king", "prince"}
FEMALE_TITLES = {"mrs", "mrs.", "ms", "ms.", "miss", "madam", "dame", "lady", "queen", "princess"}

# Cues that only introduce an adjacent direct quote ("he continued, “...”").
QUOTE_ONLY_FORMS: set[str] = set()
for _b in ("continue", "boom", "echo", "shoot", "retaliate", "quip", "interject"):
    QUOTE_ONLY_FORMS |= _inflect(_b)

# Words that describe a role, not a name; dropped anywhere in a name.
TITLES = {
    "mr", "mrs", "ms", "miss", "dr", "prof", "professor", "sir", "dame", "lord", "lady",
    "president", "vice", "prime", "minister", "chancellor", "secretary", "state",
    "foreign", "defense", "defence", "interior", "finance", "general", "gen", "lt",
    "col", "colonel", "maj", "major", "admiral", "adm", "capt", "captain", "sgt",
    "sen", "senator", "rep", "representative", "gov", "governor", "mayor", "judge",
    "justice", "spokesperson", "spokesman", "spokeswoman", "speaker", "leader",
    "chief", "army", "commander", "former", "late", "the", "of", "us", "u.s",
    "ambassador", "envoy", "king", "queen", "prince", "princess", "pope", "rev",
    "reverend", "father", "sheikh", "ceo", "chairman", "chairwoman", "chair",
    "director", "deputy", "acting", "new", "then", "candidate", "nominee", "sr", "jr",
    "ii", "iii", "st", "st.", "federal", "attorney", "nato", "german", "russian",
    "ukrainian", "british", "american", "polish", "french", "kremlin",
}

NOT_PERSON = set("""
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

ROLE_SYNONYMS = {"spokesman": "spokesperson", "spokeswoman": "spokesperson",
                  "spokes": "spokesperson", "gen": "general"}
