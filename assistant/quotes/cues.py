"""Attribution cues from spaCy's dependency parse: cue verbs ("said", "warned"),
"according to", their speakers and the reported content of indirect speech.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass

from assistant.quotes import lexicon
from assistant.quotes.marks import DOUBLE_MARK

# dependencies through which a participle or clause inherits its governing verb's subject
_CLAUSE_UP = frozenset({"advcl", "xcomp", "conj", "ccomp", "relcl", "acl", "pcomp"})


def _cue_subject(verb):
    """Speaker token of a cue verb: nsubj, passive agent, or an inherited subject."""
    for child in verb.children:
        if child.dep_ == "agent":
            for grandchild in child.children:
                if grandchild.dep_ == "pobj":
                    return grandchild
    subject = _nearest_subject(verb)
    if subject is not None:
        return subject
    doc = verb.doc
    if verb.tag_ == "VBG" and verb.dep_ == "acl" and verb.head.lower_ in lexicon.DOCUMENT_NOUNS:
        # "Trump unleashed a series of tweets criticizing Machado": the thing the
        # participle describes came from whoever made it, not from the sentence's subject,
        # nor from a name between them ("a message on Twitter reading “...”")
        return _maker_of(verb.head) or verb.head
    if verb.tag_ == "VBG" and verb.i > 0 and doc[verb.i - 1].tag_ in ("NNP", "NNPS") and (
            doc[verb.i - 1].dep_ in ("pobj", "dobj", "appos")):
        # "footage of Hillary Clinton asking, “...”": the name before the participle speaks
        return doc[verb.i - 1]
    if verb.dep_ == "conj" and verb.head.lower_ in lexicon.CUE_FORMS and (
            shared := _nearest_subject(verb.head)) is not None and shared.i < verb.i:
        return shared  # "Trump tweeted that ... and asked, “...”": one subject for both
    named = _name_after_closer(verb)
    if named is not None:
        return named
    if verb.tag_ == "VBG" and (verb.dep_ in ("advcl", "pcomp", "xcomp", "conj", "acl")
                               or (verb.i > 0 and doc[verb.i - 1].text == ",")):
        # "Trump ..., adding, “...”": the participle's subject is the sentence's (whatever
        # the parse made of the participle: "..., writing “Feels great" can come out nsubj)
        subject = _nearest_subject(verb.sent.root)
        if subject is not None and subject.i < verb.i:
            return subject
    subject = _governing_subject(verb)
    return subject if subject is not None else _name_next_to(verb)


def _governing_subject(verb):
    """"..., indicating, “...”": the subject of the verb governing a participle or clause,
    up to three levels up, unless it stands in a quotation after the cue."""
    head = verb
    for _ in range(3):
        if head.dep_ not in _CLAUSE_UP or head.head is head or not (
                head.tag_ in ("VBG", "VBN") or head.dep_ in ("xcomp", "conj")):
            break
        if head.dep_ == "xcomp":
            # "prompted Rubio to make a joke and call Trump ...": the object speaks
            objects = [c for c in head.head.children if c.dep_ == "dobj" and c.i < head.i]
            if objects:
                return objects[-1]
        head = head.head
        if head.dep_ == "prep":  # "began by saying, “...”"
            head = head.head
        subject = _nearest_subject(head)
        if subject is not None and _inside_marks(verb, subject):
            # "..., going on to say that “..., young people do not want to see that”": the
            # parse hung the clause on a verb inside the quote; its subject is no speaker
            break
        if subject is not None:
            return subject
    return None


def _inside_marks(verb, tok) -> bool:
    """Whether a quotation opens between the verb and the token after it and is still
    open there."""
    if tok.i < verb.i:
        return False
    depth = 0
    for between in verb.doc[verb.i + 1:tok.i]:
        if between.tag_ == "``":
            depth += 1
        elif between.tag_ == "''":
            depth = max(0, depth - 1)
    return depth > 0


def _maker_of(noun):
    """Who made the statement or tweet `noun`: its owner ("her statement"), the subject
    of the verb that issued it ("unleashed a series of tweets") or spoke in it ("In a
    statement ..., Clinton said"), else None ("Facing a poll showing her behind,
    Clinton": the poll is not hers)."""
    owner = next((c for c in noun.children if c.dep_ == "poss"), None)
    if owner is not None and owner.tag_ != "PRP$":
        return owner  # "Trump's statement saying ..."
    tok = noun
    while tok.dep_ in ("pobj", "prep", "dobj", "appos", "conj") and tok.head is not tok:
        tok = tok.head
        if tok.tag_.startswith("VB"):
            subject = _nearest_subject(tok)
            issued = tok.lower_ in lexicon.ISSUING_FORMS
            spoke_in = noun.dep_ == "pobj" and tok.lower_ in lexicon.CUE_FORMS
            # "In her statement ..., Clinton defended": "her" is the subject named after it
            named_after = owner is not None and subject is not None and owner.i < subject.i
            if issued or spoke_in or named_after:
                return subject
            break
    return owner


def _name_next_to(verb):
    """The parse missed the subject: a name right before the cue, or after an inverted
    cue (“...,” said Lt. Gen. X)."""
    doc = verb.doc
    if verb.i > 0 and doc[verb.i - 1].tag_ in ("NNP", "NNPS", "PRP"):
        return doc[verb.i - 1]
    if verb.i > 1 and doc[verb.i - 1].tag_ in ("NN", "NNS") and doc[verb.i - 2].dep_ == "det":
        return doc[verb.i - 1]  # "a man yelled “...”"
    # a participle opening a sentence ("Railing against Trump, Sanders vows") is no
    # inverted cue: the name after it is its object
    inverted = verb.tag_ != "VBG" and (verb.i == verb.sent.start or doc[verb.i - 1].is_punct)
    for tok in doc[verb.i + 1:verb.i + 6] if inverted else ():
        if tok.tag_ in ("NNP", "NNPS") and tok.dep_ not in ("compound", "pobj"):
            return tok
        if tok.tag_ in ("NN", "NNS") and tok.dep_ != "compound" and doc[tok.i - 1].tag_ in ("DT", "PRP$"):
            return tok  # “...?” asked the boy / said a spokesman
        if tok.is_punct:
            break
    return None


def _name_after_closer(verb):
    """“...,” Ramos, 58, told AFP: the first name between a closing quote and the cue."""
    doc = verb.doc
    lo = max(0, verb.i - 14)
    k = verb.i - 1
    while k >= lo and doc[k].text not in ("”", "\"", "''"):
        if doc[k].text in (".", "!", "?"):
            return None
        k -= 1
    if k < lo:
        return None
    following = next((t for t in doc[k + 1:verb.i] if not t.is_punct), None)
    if following is None or following.tag_ not in ("NNP", "NNPS", "PRP"):
        return None  # “Perception” on his Facebook page, writing: the closer ends a title
    run = None
    for tok in doc[k + 1:verb.i]:
        if tok.tag_ in ("NNP", "NNPS") or (tok.tag_ == "PRP" and run is None):
            run = tok
            if tok.tag_ == "PRP":
                break
        elif run is not None:
            break
    if run is not None and run.i + 1 < verb.i and doc[run.i + 1].tag_ == "POS":
        return None  # "Moazzam Begg's Labour MP Roger Godsiff ... said": the owner is not it
    while run is not None and run.dep_ == "compound" and run.i < run.head.i < verb.i:
        run = run.head  # "Lib Dem chairman Matthew Taylor": "Lib Dem" modifies the name
    return run


def _can_speak(tok) -> bool:
    """A subject that can be a quote's source: a name, a pronoun, a named group or place,
    a role ("the spokesman") or a document ("the report")."""
    return (tok.tag_ in ("PRP", "NNP", "NNPS") or tok.ent_type_ in ("PERSON", "ORG", "NORP", "GPE")
            or tok.lower_ in lexicon.ROLE_NOUNS or tok.lower_ in lexicon.DOCUMENT_NOUNS)


def _nearest_subject(verb):
    """The verb's nominal or clausal subject closest to it (not "which"/"that"), or None."""
    # a subject the parse found after the verb inside quotation marks is a title's words,
    # not an inverted speaker: "said Thursday on Fox News's “Fox and Friends.”"
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "csubj") and c.tag_ != "WDT"
                and not _inside_marks(verb, c.left_edge)]
    if not subjects:
        return None
    nearest = min(subjects, key=lambda c: abs(c.i - verb.i))
    named = [c for c in subjects if c.i < nearest.i and c.tag_ in ("NNP", "NNPS")]
    if nearest.tag_ in ("NN", "NNS") and named and _apposed(named[-1], nearest):
        # "Ban Ki-moon, the secretary general of the United Nations, vowed": the parse
        # made the apposition a second subject; the name is who speaks
        return named[-1]
    return nearest


def _apposed(name, noun) -> bool:
    """`noun`'s phrase follows `name`'s after nothing but a comma: "X, the Y of Z" (not
    "the East Coast, internationalist wing": a determiner makes the name a modifier)."""
    if name.left_edge.tag_ == "DT":
        return False
    between = name.doc[name.right_edge.i + 1:noun.left_edge.i]
    return [t.text for t in between] == [","]


def _subtree_span(tok, offset):
    """(start, end) in the article of the token and everything it governs."""
    toks = list(tok.subtree)
    return offset + toks[0].idx, offset + toks[-1].idx + len(toks[-1])


def _content_of(verb, offset, text):
    """Indirect content span of a cue verb, or None."""
    children = list(verb.children)
    if any(c.dep_ == "mark" and c.lower_ == "as" for c in children) and verb.head.i != verb.i:
        # "..., as stated by Gerassimov": the host clause is the content
        skip = set(verb.subtree)
        toks = [t for t in verb.head.subtree if t not in skip and t.i < verb.left_edge.i]
        if toks:
            return trim_span(text, offset + toks[0].idx, offset + toks[-1].idx + len(toks[-1]))
    clauses = [c for c in children if c.dep_ == "ccomp"]
    after = [c for c in clauses if c.i > verb.i]
    if after:
        # every clause after the verb: the parse may hang part of the content on it as a
        # second clause ("said Democrats are to blame for focusing on “he said this, he
        # tweeted that”" made "tweeted" one; taken alone, it was the content)
        span = (_subtree_span(after[0], offset)[0], _subtree_span(after[-1], offset)[1])
    elif clauses:
        span = _subtree_span(clauses[0], offset)
    else:
        objects = _content_objects(verb, [c for c in children if c.i > verb.i])
        if not objects:
            return None
        span = (_subtree_span(objects[0], offset)[0], _subtree_span(objects[-1], offset)[1])
    return trim_span(text, *span)


def _content_objects(verb, after):
    """The children after a cue verb that hold its content when it has no that-clause:
    an xcomp, a direct object (for verbs that report one), or a preposition's object
    ("warned about ...")."""
    form = verb.lower_
    objects = [c for c in after if c.dep_ in ("xcomp", "dobj", "dative", "oprd")]
    if form in _CALL_FORMS and _phoned(verb, objects):
        return []
    if form in lexicon.CUE_FORMS and form not in lexicon.OBJECT_CONTENT_FORMS:
        objects = [c for c in objects if c.dep_ == "xcomp"]
    objects = [c for c in objects
               if not (c.dep_ == "dative" or c.lower_ in ("reporters", "me", "us"))]
    preps = [c for c in after if c.dep_ == "prep" and c.lower_ in ("as", "to", "for")]
    if not objects:
        about = [c for c in after if c.dep_ == "prep"
                 and c.lower_ in ("about", "of", "against", "on", "for", "to")]
        return [g for p in about[:1] for g in p.children if g.dep_ == "pobj"]
    if form in lexicon.OBJECT_CONTENT_FORMS and preps:
        # "referred to Rubio as “a bright leader”"
        return sorted(objects + preps, key=lambda c: c.i)
    return objects


_CALL_FORMS = frozenset({"call", "calls", "called", "calling"})  # (no lemmatizer in the pipe)


def _phoned(verb, objects) -> bool:
    """"Clinton called Alicia Machado to thank her": someone named called, then why, and
    nothing they were called ("called him a loser" has that as oprd), is a telephone
    call. Without the "to" clause the parse may have missed what they were called
    ("called Mrs. Schlafly an ''Aunt Tom''"), so the verb stays a cue."""
    people = [c for c in objects if c.dep_ == "dobj" and c.tag_ in ("NNP", "NNPS", "PRP")]
    if not people or any(c.dep_ in ("oprd", "prt") for c in verb.children):
        return False
    purpose = [c for c in verb.children if c.i > people[0].i and c.dep_ in ("xcomp", "advcl")
               and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)]
    return bool(purpose) and not any(t.tag_ in ("``", "''") for t in verb.doc[verb.i:purpose[0].i])


def trim_span(text: str, start: int, end: int) -> tuple[int, int] | None:
    """text[start:end] without edge spaces and punctuation (and without an opening mark
    whose closer lies outside), or None when under two characters remain."""
    s, e = start, end
    while s < e and (text[s].isspace() or text[s] in ",;:—–-"):
        s += 1
    while e > s and (text[e - 1].isspace() or text[e - 1] in ",.;:—–-"):
        e -= 1
    if s < e and text[s] in "“\"" and text.count("”", s, e) + text.count("\"", s + 1, e) == 0:
        s += 1  # an opener cut from its closer belongs to a larger quote
    return (s, e) if e - s >= 2 else None


@dataclass
class Cue:
    """An attribution cue found in the parse, with its speaker and reported content.

    token: the cue word (a verb, "according", or the colon before a quote).
    span: the cue's (start, end) in the article.
    subject: the token of the speaker ("Peskov", "he", "the spokesman"), or None.
    subject_span: the (start, end) of the speaker's phrase, or None.
    content: the (start, end) of the reported clause of indirect speech, or None.
    offset: where the cue's doc starts in the article (token offsets are doc-relative).
    used: set once a direct quote has been given this cue, so that its content is not
        reported a second time as indirect speech.
    """

    token: object
    span: tuple[int, int]
    subject: object
    subject_span: tuple[int, int] | None
    content: tuple[int, int] | None
    offset: int
    used: bool = False


def find_cues(docs, text: str) -> list[Cue]:
    """The cues of an article's parsed runs [(offset, doc)], sorted by position."""
    cues = []
    for offset, doc in docs:
        parsed = doc.has_annotation("DEP")  # (a token's children are undefined without)
        for tok in doc:
            if tok.lower_ in lexicon.SOURCE_PREPOSITIONS:
                cue = _according_to_cue(tok, offset, text)
            elif (tok.lower_ in lexicon.CUE_FORMS and (
                    (tok.tag_.startswith("VB") and not (parsed and (
                        _noun_read_as_verb(tok) or _reported_infinitive(tok))))
                    or (parsed and _verb_read_as_noun(tok)))) or (
                    parsed and _frames_quote(tok)):
                cue = verb_cue(tok, offset, text)
            else:
                continue
            if cue is not None:
                cues.append(cue)
    cues.sort(key=lambda c: c.span[0])
    return cues


def _verb_read_as_noun(tok) -> bool:
    """"But Trump claims that he should be the exception": the tagger made "claims" a
    plural noun, yet the parse gives it the sentence and a clause, as only a verb has."""
    return (tok.tag_ == "NNS" and tok.dep_ == "ROOT" and tok.i > 0
            and tok.doc[tok.i - 1].tag_ in ("NNP", "NNPS", "PRP")
            and any(c.dep_ == "ccomp" and c.i > tok.i for c in tok.children))


def _reported_infinitive(tok) -> bool:
    """"Deloitte expected the Bank of England to respond quickly": the infinitive is what
    another cue reports of its object, not something the object said."""
    head = tok.head
    return (tok.dep_ in ("xcomp", "ccomp") and tok.tag_ == "VB" and head.i != tok.i
            and head.lower_ in lexicon.CUE_FORMS
            and any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)
            and (any(c.dep_ == "dobj" and c.i < tok.i for c in head.children)
                 or any(c.dep_ == "nsubj" for c in tok.children)))


_FINITE = frozenset({"VBD", "VBZ", "VBP", "MD"})


def _noun_read_as_verb(tok) -> bool:
    """"Tory plans to cut immigration are not racist": the tagger made "plans" a verb with
    a bare common noun before it for subject, yet the sentence's verb comes after it with
    no subject of its own, as the noun's sentence has ("Government plans to scrap the tax
    were criticised")."""
    if tok.tag_ != "VBZ" or tok.i == 0:
        return False
    subject = tok.doc[tok.i - 1]
    if subject.dep_ != "nsubj" or subject.head.i != tok.i or subject.tag_ != "NN" \
            or subject.n_lefts + subject.n_rights:
        return False
    for clause in tok.children:
        if clause.dep_ not in ("ccomp", "advcl") or clause.i < tok.i:
            continue
        if any(c.dep_ in ("nsubj", "nsubjpass", "csubj", "expl", "mark") for c in clause.children):
            continue
        if clause.tag_ in _FINITE or any(c.dep_ in ("aux", "auxpass") and c.tag_ in _FINITE
                                         for c in clause.children):
            return True
    return False


# what stands between a quote and the verb that frames it: a name ("“...,” Verley
# recalled"). Not a pronoun: "“...,” he surmised" is read as the quote before it goes on,
# and a pronoun resolved afresh could skip a source named by role ("Her father, Brad")
_FRAME_SUBJECT_TAGS = frozenset({"NNP", "NNPS"})
# marks a quote closes with before a frame: "“...,” remembered", "“...?” wondered"
_FRAME_CLOSERS = frozenset({",", "?", "!"})
# verbs that frame nothing ("“...,” he was the only pollster ...")
_NO_FRAME = frozenset({"is", "was", "are", "were", "has", "had", "have", "does", "did",
                       "'s", "’s"})


def _frames_quote(verb) -> bool:
    """A verb that follows a quote closed by a comma, a question or an exclamation mark, as
    the attribution frame does with nothing else in its clause: "“...,” remembered Roy
    Verley, ...", "“...?” Verley wondered." Any verb does, since no list of speech verbs
    is complete; the frame's shape says it reports the quote."""
    if verb.tag_ not in ("VBD", "VBZ") or verb.lower_ in _NO_FRAME:
        return False
    doc = verb.doc
    k = verb.i - 1
    while k >= 0 and doc[k].tag_ in _FRAME_SUBJECT_TAGS and verb.i - k <= 4:
        k -= 1
    if k < 1:
        return False
    mark, closer = doc[k], doc[k - 1]
    # the mark closes: glued to the punctuation before it, a space after it
    if not (DOUBLE_MARK.fullmatch(mark.text) and mark.text not in "“«„" and closer.text in
            _FRAME_CLOSERS and not closer.whitespace_ and mark.whitespace_):
        return False
    after = [c for c in verb.children if c.i > verb.i and c.dep_ not in ("punct", "prt")]
    if k < verb.i - 1:  # "“...,” Verley recalled.": the name is its subject, nothing follows
        return not after and any(c.dep_ == "nsubj" and k < c.i < verb.i for c in verb.children)
    # "“...,” remembered Roy Verley": the name comes right after the verb, and is the
    # speaker's own ("exhorted Clinton's introducer" is not Clinton)
    end = verb.i + 1
    while end < min(len(doc), verb.i + 5) and doc[end].tag_ in _FRAME_SUBJECT_TAGS:
        end += 1
    return end > verb.i + 1 and (end >= len(doc) or doc[end].tag_ != "POS")


def _according_to_cue(tok, offset: int, text: str) -> Cue | None:
    """"according to X, ...": X speaks, the rest of the sentence is the content."""
    doc = tok.doc
    if not (tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to"):
        return None
    sources = [g for g in doc[tok.i + 1].children if g.dep_ == "pobj"]
    if not sources:
        return None
    skip = set(tok.subtree)
    rest = [x for x in tok.sent if x not in skip]
    if not rest:
        return None
    content = trim_span(text, offset + rest[0].idx, offset + rest[-1].idx + len(rest[-1]))
    if tok.head is tok or not content:
        return None
    return Cue(tok, (offset + tok.idx, offset + doc[tok.i + 1].idx + 2), sources[0],
               _np_span(sources[0], offset, text), content, offset)


def verb_cue(verb, offset: int, text: str) -> Cue:
    """A cue verb with its speaker (if any) and the content it reports (if any)."""
    subject = _cue_subject(verb)
    if subject is not None and subject.i < verb.i and _quoted(subject, verb):
        # "“Meh,” wrote a Trump supporter": quoted words are not who speaks them
        subject = _inverted_subject(verb)
    if subject is not None and (subject.lower_ in lexicon.TIME_WORDS
                                or subject.text in lexicon.TIME_NOUNS):
        subject = None  # "Saturday would have been ...": a date is nobody's voice
    span = (offset + verb.idx, offset + verb.idx + len(verb))
    quote_only = verb.lower_ in lexicon.QUOTE_ONLY_FORMS
    content = None if quote_only else _content_of(verb, offset, text)
    subject_span = _np_span(subject, offset, text) if subject is not None else None
    if subject_span and subject.i < verb.i and subject_span[0] < span[0] < subject_span[1]:
        # the subject's phrase runs over the verb: cut it before the verb
        subject_span = trim_span(text, subject_span[0], span[0]) or (
            offset + subject.idx, offset + subject.idx + len(subject))
    return Cue(verb, span, subject, subject_span, content, offset)


def _quoted(tok, verb) -> bool:
    """Whether `tok`, before `verb`, stands inside quotation marks that close before the
    verb: the last mark before it opens and a mark between it and the verb closes."""
    doc = tok.doc
    before = next((t for t in reversed(doc[max(0, tok.i - 40):tok.i])
                   if DOUBLE_MARK.fullmatch(t.text)), None)
    if before is None or not (before.tag_ == "``" or before.text in "“«„"):
        return False
    return any(DOUBLE_MARK.fullmatch(t.text) for t in doc[tok.i + 1:verb.i])


def _inverted_subject(verb):
    """The noun after a cue verb that follows its quote ("..., wrote a supporter who")."""
    for child in verb.children:
        if child.i > verb.i and child.tag_[:2] == "NN" and child.dep_ in (
                "nsubj", "dobj", "attr", "npadvmod", "appos", "nsubjpass"):
            return child
    return None


def _np_span(tok, off, text):
    """Source span: the subject's phrase without a trailing relative clause."""
    sub = list(tok.subtree)
    inside = {x.i for x in sub}  # (one pass: the subtree is rebuilt on each access)
    toks = [x for x in sub if x.dep_ != "relcl" and not any(
        a.dep_ == "relcl" for a in x.ancestors if a.i in inside)]
    toks = [x for x in toks if x.i >= tok.left_edge.i]
    if not toks:
        return None
    return trim_span(text, off + toks[0].idx, off + toks[-1].idx + len(toks[-1])) or (
        off + tok.idx, off + tok.idx + len(tok))


def colon_cue(docs, doc_starts: list[int], pos: int, text: str) -> Cue | None:
    """“The board was conclusive in its findings: “...”": a cue at the colon at `pos`,
    whose speaker is the clause's subject (or the last name before the colon)."""
    k = bisect.bisect_right(doc_starts, pos) - 1
    if k < 0:
        return None
    off, doc = docs[k]
    span = doc.char_span(pos - off, pos - off + 1, alignment_mode="expand")
    if span is None or not len(span):
        return None
    tok = span[0]
    if not doc.has_annotation("DEP"):
        return None
    subj = _nearest_subject(tok.sent.root)
    named = doc[tok.i - 1] if tok.i > 0 and doc[tok.i - 1].tag_ in ("NNP", "NNPS") else None
    if subj is not None and named is not None and subj.i < named.i and not _can_speak(subj):
        # "The timing of his surge doesn't surprise pollster Daron Shaw: “...”": the
        # subject is no voice, the name right before the colon is
        subj = named
    if subj is None or subj.i > tok.i:
        names = [t for t in tok.sent if t.i < tok.i and t.tag_ in ("NNP", "NNPS")]
        subj = names[-1] if names else None
    if subj is None:
        return None
    document = subj.head if subj.dep_ == "compound" else subj
    if document.lower_ in lexicon.DOCUMENT_NOUNS:
        # "From Bush's Facebook post: “...”": the post's maker speaks, not "Facebook"
        subj = _maker_of(document) or subj
    span = _np_span(subj, off, text)
    if span and span[1] > pos:  # the subject's phrase ends at the colon, not in the quote
        span = trim_span(text, span[0], pos) or (off + subj.idx, off + subj.idx + len(subj))
    return Cue(tok, (off + tok.idx, off + tok.idx + 1), subj, span, None, off)
