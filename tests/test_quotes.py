from pathlib import Path

import pytest

from assistant.quotes.extract import Quote, Span, extract_quotes, find_direct_quotes, get_nlp
from assistant.quotes.speakers import same_person

SEED = Path(__file__).resolve().parent.parent / "seeds" / "2025-03-12-ukraine-ceasefire-talks.txt"

# (common English spelling, article spelling, passages that must be attributed)
SEED_PEOPLE = [
    ("Zelensky", "Volodymyr Zelenskyy", ["We must move toward peace. We need security guarantees"]),
    ("Donald Trump", "Trump", ["I hope President Putin will agree to the ceasefire."]),
    ("Dmitry Peskov", "Dmitri Peskow",
     ["We will carefully evaluate the proposal after receiving all necessary details"]),
    ("Gerasimov", "Gerassimov", ["recaptured over 1,100 square kilometers",
                                 "the capture of 430 Ukrainian soldiers"]),
    ("Syrsky", "Oleksandr Syrskyj", ["The priorities are saving our soldiers' lives"]),
    ("Baerbock", "Annalena Baerbock", ["Now it is up to Russia to put an end to its aggression.",
                                       "Russia to accept the ceasefire"]),
    ("Keir Starmer", "Starmer", ["Russia to accept the ceasefire"]),
    ("Sikorski", "Radoslaw Sikorski", ["military supplies are flowing again"]),
    ("Buhler", "Erhard Bühler", ["The Russian reaction remains unpredictable"]),
    ("Rubio", "Marco Rubio", ["European sanctions will be part of the negotiations."]),
    ("Heinemann-Gruder", "Andreas Heinemann-Grüder", ["We should not rush to delude ourselves"]),
]


@pytest.fixture(scope="module")
def nlp():
    return get_nlp()


@pytest.fixture(scope="module")
def seed(nlp):
    text = SEED.read_text(encoding="utf-8")
    return text, extract_quotes(text, nlp)


def _content(text, q):
    return " ".join(text[s.start:s.end] for s in q.contents)


def _check_spans(text, quotes):
    for q in quotes:
        assert isinstance(q, Quote)
        assert q.text == text[q.start:q.end]
        for s in q.contents:
            assert 0 <= s.start < s.end <= len(text)
            assert q.start <= s.start and s.end <= q.end
        for s in (q.speaker_span, q.cue):
            assert s is None or (q.start <= s.start < s.end <= q.end)
        assert q.kind in ("direct", "indirect", "mixed")


def test_seed_spans_are_consistent(seed):
    text, quotes = seed
    _check_spans(text, quotes)
    assert all(q.source == "" for q in quotes)


@pytest.mark.parametrize("common,article,passages", SEED_PEOPLE)
def test_seed_speakers(seed, common, article, passages):
    text, quotes = seed
    for name in (common, article):
        mine = [q for q in quotes if same_person(q.speaker, name)]
        assert mine, name
        contents = [_content(text, q) for q in mine]
        for passage in passages:
            assert any(passage in c for c in contents), (name, passage, contents)
        # nobody else's words
        for other, other_article, other_passages in SEED_PEOPLE:
            if same_person(other, name) or same_person(other_article, name):
                continue
            for passage in other_passages:
                if any(passage in p for p in passages):
                    continue  # joint statement
                assert not any(passage in c for c in contents), (name, other, passage)


def test_seed_one_person_per_name(seed):
    text, quotes = seed
    gera = {q.speaker for q in quotes if same_person(q.speaker, "Gerasimov")}
    assert gera == {"Valery Gerasimov"}
    peskov = [q for q in quotes if same_person(q.speaker, "Peskov")]
    assert all(q.speaker == "Dmitri Peskow" for q in peskov)
    assert any(q.role and "Spokesperson" in q.role for q in peskov)
    assert any(q.kind == "direct" for q in peskov)


def test_pronoun_resolution(nlp):
    text = ("Mary Smith spoke at the town hall on Monday. The room was full.\n"
            "“We will rebuild the bridge,” she said.")
    quotes = extract_quotes(text, nlp)
    direct = [q for q in quotes if q.kind == "direct"]
    assert len(direct) == 1
    q = direct[0]
    assert q.speaker == "Mary Smith"
    assert text[q.speaker_span.start:q.speaker_span.end] == "she"
    assert text[q.contents[0].start:q.contents[0].end] == "“We will rebuild the bridge,”"


def test_surname_and_role_resolution(nlp):
    text = ("Kremlin spokesman Dmitry Peskov spoke to journalists. Peskov said the talks "
            "would continue. “We are ready,” the spokesman added.")
    quotes = extract_quotes(text, nlp)
    assert quotes and all(q.speaker == "Dmitry Peskov" for q in quotes)
    assert any(q.kind == "direct" for q in quotes)
    assert any(q.kind == "indirect" and "talks would continue" in _content(text, q)
               for q in quotes)


def test_multi_paragraph_quote(nlp):
    text = ("The senator spoke for an hour. Senator John Doe said: “We will not give up on "
            "this bill. We have the votes.\n\n“And we will pass it before the summer "
            "recess,” he added.\n")
    quotes = extract_quotes(text, nlp)
    direct = [q for q in quotes if q.kind == "direct"]
    assert len(direct) == 1
    q = direct[0]
    assert q.speaker == "John Doe"
    assert len(q.contents) == 2
    assert "We have the votes." in _content(text, q)
    assert "before the summer recess" in _content(text, q)
    _check_spans(text, quotes)


def test_apostrophes_do_not_quote():
    text = "The soldiers' lives matter, don't they? It's the '90s all over 'again."
    assert find_direct_quotes(text) == []
    text = "He said ‘no way’ and the soldiers’ families didn’t agree."
    assert [text[a:b] for a, b in find_direct_quotes(text)[0]] == ["‘no way’"]


def test_unbalanced_quotes(nlp):
    text = ("“This one never closes, said Anna Berg.\n\n"
            "Tom Lee said “fine” and then ” stray closer. “Real quote here,” Lee said.\n"
            "Another “ open mark")
    quotes = extract_quotes(text, nlp)
    _check_spans(text, quotes)
    contents = [_content(text, q) for q in quotes]
    assert "“Real quote here,”" in contents
    assert not any("never closes" in c and "“" in c[:1] for c in contents)


def test_degenerate_mark_runs(nlp):
    for text in ("“" * 5000 + "”" * 5000, "x \" y " * 3000, "a" * 100_000, "\n" * 10_000):
        quotes = extract_quotes(text, nlp)
        _check_spans(text, quotes)


def test_mixed_quote_inside_indirect_speech(nlp):
    text = "Morris says the campaign will “compete vigorously for the nomination.”"
    (q,) = extract_quotes(text, nlp)
    assert q.kind == "mixed" and q.speaker == "Morris"
    assert _content(text, q) == "the campaign will “compete vigorously for the nomination.”"


def test_indirect_speech_holding_a_quotation_is_reported_whole(nlp):
    # PolNeAR dev: the parse hung "he tweeted that" on "said" as a second clause, which alone
    # became the content; the governor's words were lost, and the model's candidate gave
    # "Democrats" a quote
    text = ("The Indiana governor said Democrats and the media are to blame for focusing on "
            "“he said this, he tweeted that.”")
    quotes = extract_quotes(text, nlp)
    assert [(q.speaker, _content(text, q)) for q in quotes] == [
        ("The Indiana governor", "Democrats and the media are to blame for focusing on "
                                 "“he said this, he tweeted that.”")]


@pytest.mark.parametrize("text, quotes", [
    # BBC politics 087: "Tory" made a speaker of "plans", which is the subject's noun
    ("Tory plans to cut immigration to the UK are not racist and will make the asylum "
     "system fairer for genuine refugees, Michael Howard has said.", [("Michael Howard", "said")]),
    ("Government plans to scrap the tax were criticised by MPs.", []),
    # the verb, with a subject of its own
    ("Blair plans to visit Iraq next week, aides said.", [("Blair", "plans"), ("aides", "said")]),
])
def test_a_noun_tagged_as_a_verb_is_no_cue(nlp, text, quotes):
    found = extract_quotes(text, nlp, learned=False)
    assert [(q.speaker, text[q.cue.start:q.cue.end]) for q in found] == quotes


@pytest.mark.parametrize("text, speakers", [
    # BBC business 459: the Bank was given "signs of the economy faltering" for "respond"
    ("Deloitte said it expected the Bank of England to respond quickly to signs of the economy "
     "faltering.", ["Deloitte"]),
    # PolNeAR train: "Dems" were given "reject Puerto Rico debt deal"
    ("Sanders pushes Dems to reject Puerto Rico debt deal.", ["Sanders"]),
])
def test_an_infinitive_a_cue_reports_is_not_its_objects_words(nlp, text, speakers):
    found = extract_quotes(text, nlp, learned=False)
    assert [q.speaker for q in found if q.speaker] == speakers


@pytest.mark.parametrize("text", ["", "!!!", "1234 5678", "   \n\n  ", "“", "”“"])
def test_no_sentences(nlp, text):
    assert extract_quotes(text, nlp) == []


@pytest.mark.slow
def test_huge_single_paragraph(nlp):
    unit = ("Officials said the budget would pass. “We are confident,” the minister said. "
            "Prices rose again in the capital and elsewhere in the region ")
    text = (unit * (5_000_000 // len(unit) + 1))[:5_000_000]
    quotes = extract_quotes(text, nlp)
    assert len(quotes) > 1000
    q = quotes[-1]
    assert q.text == text[q.start:q.end]


def test_default_loader_and_span_type():
    quotes = extract_quotes("“Taxes will fall,” said Jane Roe, the finance minister.")
    assert len(quotes) == 1 and quotes[0].speaker == "Jane Roe"
    assert isinstance(quotes[0].contents[0], Span)


def test_mixed_marks_close_a_quote():
    text = "“We will win,\" he said. \"Everyone knows it,” she added.\n”Nobody doubts it.”\n"
    got = [text[a:b] for p in find_direct_quotes(text) for a, b in p]
    assert got == ["“We will win,\"", "\"Everyone knows it,”", "”Nobody doubts it.”"]


def test_signature_line_names_the_speaker(nlp):
    text = ("Readers wrote in after the debate.\n\n"
            "“He never answered the question.” ― Ana Ruiz\n"
            "“It was a long night for everyone.”\n\n- Tom Berg.\n")
    quotes = extract_quotes(text, nlp)
    by = {_content(text, q): q.speaker for q in quotes}
    assert by == {"“He never answered the question.”": "Ana Ruiz",
                  "“It was a long night for everyone.”": "Tom Berg"}
    _check_spans(text, quotes)


def test_transcript_turns_are_separate_quotes(nlp):
    text = ("Mike Pence spoke to Chris Wallace on Sunday.\n\n"
            "\"WALLACE: Will she be there tomorrow night?\n\n"
            "\"PENCE: She will not be attending the debate.\n\n"
            "\"But the truth is that the debate is about the issues.\"\n")
    quotes = extract_quotes(text, nlp)
    _check_spans(text, quotes)
    turns = {q.speaker: [text[c.start:c.end] for c in q.contents] for q in quotes}
    assert turns["Chris Wallace"] == ["Will she be there tomorrow night?"]
    assert turns["Mike Pence"] == ["She will not be attending the debate.",
                                   "\"But the truth is that the debate is about the issues.\""]


def test_quote_paragraph_continues_previous_paragraph(nlp):
    # a paragraph that is only a quote goes on with the speaker's previous quote
    text = ("“We will reopen the bridge in May,” Mayor Ellen Marsh said on Monday.\n\n"
            "“The repairs took longer than anyone wanted.”\n")
    quotes = [q for q in extract_quotes(text, nlp) if q.kind == "direct"]
    assert len(quotes) == 1
    q = quotes[0]
    assert same_person(q.speaker, "Ellen Marsh")
    assert [text[s.start:s.end] for s in q.contents] == [
        "“We will reopen the bridge in May,”", "“The repairs took longer than anyone wanted.”"]


def test_quote_paragraph_that_goes_on_is_a_new_attribution(nlp):
    # the paragraph continues after the quote: same speaker, its own attribution
    text = ("“We will reopen the bridge in May,” Mayor Ellen Marsh said on Monday.\n\n"
            "“The repairs took longer than anyone wanted.” The city council meets in April.\n")
    quotes = [q for q in extract_quotes(text, nlp) if q.kind == "direct"]
    assert len(quotes) == 2
    assert all(same_person(q.speaker, "Ellen Marsh") for q in quotes)
    assert [len(q.contents) for q in quotes] == [1, 1]


def test_sentence_runs_parse_only_what_quotes_need():
    from assistant.quotes.parse import PARSE, TAG, sentence_runs
    para = ("The storm hit the coast overnight. Gov. Ellen Marsh visited Tampa on Sunday. "
            "“We will rebuild,” she said. Schools stay closed until Friday.")
    runs, kinds = sentence_runs([(10, para)])
    got = [(para[o - 10:o - 10 + len(t)].strip(), k) for (o, t), k in zip(runs, kinds)]
    # the abbreviation "Gov." does not end a sentence; the sentence without a
    # cue, a quote or a name is not parsed at all
    assert got == [("Gov. Ellen Marsh visited Tampa on Sunday.", TAG),
                   ("“We will rebuild,” she said.", PARSE)]


def test_surname_resolved_from_a_tagged_sentence(nlp):
    # the full name stands in a sentence that is tagged but not parsed
    text = ("Gov. Ellen Marsh visited Tampa on Sunday. The storm hit the coast overnight.\n\n"
            "“We will rebuild,” Marsh said.\n")
    (q,) = [q for q in extract_quotes(text, nlp) if q.kind == "direct"]
    assert q.speaker == "Ellen Marsh"


def test_few_quoted_words_inside_a_sentence_belong_to_the_clause(nlp):
    # the quoted words do not open the sentence: the attribution is the clause
    # around them (mixed), not a quote of its own
    text = "Nothing the president said “will calm anyone down,” Senator Ann Reyes said."
    (q,) = extract_quotes(text, nlp)
    assert q.kind == "mixed"
    assert q.speaker == "Ann Reyes"
    assert _content(text, q) == "Nothing the president said “will calm anyone down,”"


def test_a_day_is_not_a_speaker(nlp):
    text = ("Ben Carson noted that Saturday would have been the 105th birthday of Ronald "
            "Reagan and quoted his advice: “Thou shall not speak ill of thy fellow Republican.”")
    (q,) = [q for q in extract_quotes(text, nlp) if q.kind == "direct"]
    assert q.speaker == "Ben Carson"


def test_inverted_cue_with_a_common_noun_speaker(nlp):
    # “...?” asked the boy: the noun after an inverted cue speaks
    text = ("The last question came from a young child.\n\n"
            "“How big is that wall?” asked the boy, who wore a red cap.")
    (q,) = [q for q in extract_quotes(text, nlp, learned=False) if q.kind == "direct"]
    assert text[q.speaker_span.start:q.speaker_span.end] == "the boy"
    # the edge model draws the source as annotators do, relative clause and all
    (q,) = [q for q in extract_quotes(text, nlp) if q.kind == "direct"]
    assert q.speaker == "the boy"
    assert text[q.speaker_span.start:q.speaker_span.end] in ("the boy", "the boy, who wore a red cap")


def test_parser_runs_only_where_a_cue_verb_can_be(nlp):
    from assistant.quotes.parse import parse_article
    text = ("The claims by Ann Reyes drew a response.\n\n"   # "claims" is a noun here
            "Ann Reyes said the bridge will reopen.\n\n"
            "Schools stay closed until Friday.\n")
    docs = parse_article(text, nlp)
    got = [(text[o:o + len(d.text)], d.has_annotation("DEP")) for o, d in docs]
    assert got == [("The claims by Ann Reyes drew a response.", False),
                   ("Ann Reyes said the bridge will reopen.", True)]
    # the parse after tagging is the full pipeline's parse
    (full,) = [d for _, d in docs if d.has_annotation("DEP")]
    ref = nlp("Ann Reyes said the bridge will reopen.")
    assert [(t.dep_, t.head.i) for t in full] == [(t.dep_, t.head.i) for t in ref]
