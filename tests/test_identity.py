"""Who a question means, on real indexes: made-up people are answered with nobody's words,
a wrong first name gets a suggestion, spelling variants still find their person,
institutions and places answer through the people who speak for them, several parties are
answered side by side, and every cited quotation names its speaker."""
from __future__ import annotations

import shutil

import pytest
from conftest import DATA

from assistant import Assistant
from assistant.quotes.names import name_tokens
from assistant.quotes.parties import gazetteer
from assistant.quotes.speakers import Person, SpeakerRegistry
from assistant.search.identity import Identifier, speaks_for

DEV_TEXT = DATA / "polnear" / "data" / "dev" / "text"
# Dev articles quoting the Clinton campaign's people (Rendell, Mook), Trump and Clinton on taxes.
DEV_ARTICLES = [
    "politico_2016-09-12_former-dnc-chairman-calls-for-cl",
    "politico_2016-09-08_flynn-says-trump-absolutely-righ",
    "west-journal_2016-09-26_rush-limbaugh-hillary-asking-mod",
    "breitbart_2016-09-25_pence-gennifer-flowers-won-t-be-",
    "breitbart_2016-09-30_the-latest-trump-urges-supporter",
    "breitbart_2016-10-03_the-latest-trump-s-leaked-taxes-",
]
# Surnames that appear in no article of either corpus.
INVENTED = ["Quillfeather", "Smithfield", "Okafor", "Brennan-Ludd", "Vantorrek"]


def _indexed(tmp_path_factory, label: str, files: dict) -> Assistant:
    """A fresh index of copies of real articles (`files`: file name -> the article), each
    added."""
    folder = tmp_path_factory.mktemp(label)
    for name, path in files.items():
        shutil.copy(path, folder / name)
    assistant = Assistant(folder.parent / f"{folder.name}-index")
    assert len(assistant.index([folder]).added) == len(files)
    return assistant


def _dev(*names: str) -> dict:
    return {f"{name}.txt": DEV_TEXT / f"{name}.txt" for name in names}


@pytest.fixture(scope="module")
def dev(tmp_path_factory):
    return _indexed(tmp_path_factory, "polnear-dev", _dev(*DEV_ARTICLES))


@pytest.fixture(scope="module")
def brownes(tmp_path_factory):
    """BBC articles quoting the immigration minister Des Browne, and one quoting BP's chief
    executive as "Lord Browne" only."""
    return _indexed(tmp_path_factory, "brownes", {
        name.replace("/", "-"): DATA / "bbc-news" / "bbc" / name
        for name in ("politics/122.txt", "politics/215.txt", "politics/382.txt", "business/221.txt")})


def _first_named(assistant: Assistant) -> list:
    return [p for p in assistant.speakers() if len(name_tokens(p.name)) > 1]


def _no_words(answer) -> bool:
    return answer.speaker is None and all(c.kind == "mention" for c in answer.citations)


@pytest.mark.parametrize("index", ["seed", "dev"])
def test_a_quoted_first_name_with_an_invented_surname_is_nobody(index, request):
    assistant = request.getfixturevalue(index)
    people = _first_named(assistant)
    assert len(people) >= 5
    for person, surname in zip(people, INVENTED * 10):
        first = person.name.split()[-2] if len(person.name.split()) > 1 else person.name
        name = f"{first} {surname}"
        answer = assistant.ask(f"What did {name} say?")
        assert _no_words(answer), (name, answer.text)
        assert answer.text == f"{name} is not quoted in the indexed articles."
        assert answer.suggestions == []


@pytest.mark.parametrize("index", ["seed", "dev"])
def test_a_real_surname_with_another_first_name_is_only_a_suggestion(index, request):
    assistant = request.getfixturevalue(index)
    for person in _first_named(assistant)[:8]:
        surname = person.name.split()[-1]
        other = "Xavier" if not person.name.startswith("X") else "Mike"
        answer = assistant.ask(f"What did {other} {surname} say?")
        assert answer.citations == [] and answer.speaker is None, answer.text
        assert answer.text.startswith(f"{other} {surname} is not quoted in the indexed articles.")
        assert person.name in answer.suggestions and "Did you mean" in answer.text


def test_the_suggestion_answers_when_asked(dev):
    answer = dev.ask("What did Mike Rendell say?")
    assert answer.citations == [] and len(answer.suggestions) == 1
    # offered with a role of his, so the reader can tell who he is
    assert "Ed Rendell" in answer.suggestions[0] and "Did you mean Ed Rendell (" in answer.text
    assert "Pennsylvania Gov." in answer.text or "a Clinton surrogate" in answer.text
    asked = dev.ask(f"What did {answer.suggestions[0]} say?")
    assert asked.speaker == answer.suggestions[0] and asked.citations
    assert all(c.kind == "quote" and c.speaker == asked.speaker for c in asked.citations)


def test_a_first_name_alone_is_a_suggestion(seed):
    answer = seed.ask("What did Donald say?")
    assert answer.citations == [] and answer.suggestions == ["Donald Trump"]


@pytest.fixture(scope="module")
def ban(tmp_path_factory):
    """Dev articles quoting the U.N. secretary general "Ban Ki-moon", then "Mr. Ban"."""
    return _indexed(tmp_path_factory, "polnear-ban", _dev(
        "nyt_2016-09-20_examining-the-u-n-s-record-on-ur",
        "wash-post_2016-09-10_outrage-but-few-options-on-the-t"))


def test_a_family_name_written_first_is_the_name_they_are_called_by(ban):
    # "Ban" is the first of "Ban Ki-moon", and a first name for the name tables; the articles
    # introduce his words with "Mr. Ban", so "Ban" alone is him
    answer = ban.ask("What did Ban say about climate?")
    assert answer.speaker == "Ban Ki-moon" and answer.citations
    assert all(c.kind != "quote" or c.speaker == "Ban Ki-moon" for c in answer.citations)
    assert any("Mr. Ban focused on climate change" in c.text for c in answer.citations)


SPELLINGS = {
    "Volodymyr Zelenskyy": ["Zelensky", "Selenskyj", "Volodymyr Zelenskiy"],
    "Donald Trump": ["D. Trump", "Mr Trump"],
    "Dmitri Peskow": ["Dmitry Peskov", "Peskoff", "Песков"],
    "Valery Gerasimov": ["Valeri Gerassimow", "Gerasimow"],
    "Oleksandr Syrskyj": ["Oleksandr Syrsky", "Syrskyi"],
    "Annalena Baerbock": ["Annalena Bärbock", "Baerbok"],
    "Radoslaw Sikorski": ["Radosław Sikorski", "Sikorsky"],
    "Erhard Bühler": ["Erhard Buehler", "Buhler"],
    "Marco Rubio": ["Sen. Rubio", "M. Rubio"],
    "Andreas Heinemann-Grüder": ["Heinemann-Grueder", "Grüder"],
    "Keir Starmer": ["Sir Keir Starmer", "K. Starmer"],
}


def test_every_seed_speaker_is_found_under_other_spellings(seed):
    quoted = {p.name for p in _first_named(seed)}
    assert quoted <= set(SPELLINGS), quoted - set(SPELLINGS)
    for name in quoted:
        for spelling in SPELLINGS[name]:
            answer = seed.ask(f"What did {spelling} say?")
            assert answer.speaker == name, (spelling, answer.text)
            assert answer.citations and all(c.speaker == name for c in answer.citations)


def test_speakers_carry_the_parties_they_speak_for(seed):
    parties = {p.name: set(p.parties) for p in seed.speakers()}
    assert "country:russia" in parties["Dmitri Peskow"]  # from "the Russian government" before
    assert "country:germany" in parties["Annalena Baerbock"]
    assert "country:united states" in parties["Donald Trump"]
    # "former NATO General Erhard Bühler": a past office speaks for no one
    assert "org:nato" not in parties["Erhard Bühler"]
    assert "country:ukraine" not in parties["Dmitri Peskow"]


@pytest.mark.parametrize("question, speaker, words", [
    ("What did the Kremlin say about the ceasefire?", "Dmitri Peskow", "carefully evaluate the proposal"),
    ("What did the German government say?", "Annalena Baerbock", "Now it is up to Russia"),
    ("What did Washington say about the ceasefire?", "Donald Trump", "I hope President Putin will agree"),
])
def test_institutions_speak_through_their_people(seed, question, speaker, words):
    answer = seed.ask(question)
    assert answer.citations[0].speaker == speaker and words in answer.citations[0].text
    assert speaker in answer.text.split("\n")[0]  # "The Kremlin, through Dmitri Peskow ..."
    # nobody who does not speak for it
    assert not {c.speaker for c in answer.citations} & {"Volodymyr Zelenskyy", "Erhard Bühler"}


@pytest.mark.parametrize("question, holder, others", [
    # Valery Gerasimov speaks for Russia too, but is a general, not a spokesman
    ("What did the Russian spokesman say?", "Dmitri Peskow", {"Valery Gerasimov"}),
    ("What did the Ukrainian president say?", "Volodymyr Zelenskyy", {"Oleksandr Syrskyj"}),
])
def test_a_role_of_a_country_is_answered_by_its_holders_only(seed, question, holder, others):
    answer = seed.ask(question)
    head = answer.text.split("\n")[0]
    assert holder in head and "through" not in head  # the holder is the answer, not a go-between
    assert answer.citations and {c.speaker for c in answer.citations if c.kind == "quote"} == {holder}
    assert not others & {c.speaker for c in answer.citations}
    surname = holder.split()[-1]
    for c in answer.citations:  # a passage cited beside the quotes names the holder himself
        assert c.kind == "quote" or surname in c.text


def test_two_places_are_answered_side_by_side(seed):
    answer = seed.ask("How did Moscow and Kyiv respond to the ceasefire proposal?")
    moscow, kyiv = answer.sections
    assert (moscow.party, kyiv.party) == ("Moscow", "Kyiv") and moscow.found and kyiv.found
    by_n = {c.n: c for c in answer.citations}
    assert {by_n[n].speaker for n in moscow.citations} <= {"Dmitri Peskow", "Valery Gerasimov"}
    assert "Dmitri Peskow" in moscow.speakers
    assert {by_n[n].speaker for n in kyiv.citations} <= {"Volodymyr Zelenskyy", "Oleksandr Syrskyj"}
    assert sorted(n for s in answer.sections for n in s.citations) == list(by_n)
    assert answer.text.index("**Moscow**") < answer.text.index("**Kyiv**")


def test_two_people_are_answered_side_by_side(dev):
    answer = dev.ask("What did Trump and Clinton say about taxes?")
    trump, clinton = answer.sections
    by_n = {c.n: c for c in answer.citations}
    assert trump.citations and clinton.citations
    trumps = {by_n[n].speaker for n in trump.citations if by_n[n].kind == "quote"}
    clintons = {by_n[n].speaker for n in clinton.citations if by_n[n].kind == "quote"}
    # one person each; a quote from an article that gives no first name is labelled as the
    # article writes it ("Trump"), since a surname alone may be someone else
    assert trumps and all(s.endswith("Donald Trump") or s == "Trump" for s in trumps)
    assert clintons and all(s.endswith("Hillary Clinton") or s == "Clinton" for s in clintons)


def test_a_campaign_speaks_through_its_staff(dev):
    answer = dev.ask("What did the Clinton campaign say?")
    assert answer.citations and answer.citations[0].kind == "quote"
    speakers = {c.speaker for c in answer.citations if c.kind == "quote"}
    assert "Robby Mook" in speakers or any("Rendell" in (s or "") for s in speakers)
    assert not any(s.endswith(("Trump", "Pence")) for s in speakers)


def test_who_questions_name_the_speaker_of_each_quotation(seed):
    answer = seed.ask("Who talked about security guarantees?")
    (cited,) = [c for c in answer.citations if "We need security guarantees" in c.text]
    assert cited.kind == "quote" and cited.speaker == "Volodymyr Zelenskyy"
    assert f"Volodymyr Zelenskyy, {cited.role}: “We must move toward peace" in answer.text
    assert cited.role == "Ukrainian President"
    unquoted = [c for c in answer.citations if c.kind != "quote"]
    assert all(c.speaker is None for c in unquoted)


def test_a_document_is_read_not_quoted(seed):
    answer = seed.ask("What did the Kremlin statement say?")
    assert answer.speaker is None and answer.sections == []


def test_a_full_name_is_answered_from_articles_that_name_the_person_so(brownes):
    answer = brownes.ask("What did Des Browne say?")
    quoted = [c for c in answer.citations if c.kind == "quote"]
    assert quoted and {c.speaker for c in quoted} == {"Des Browne"}
    assert not any("business-221" in c.source for c in answer.citations)  # BP's Lord Browne
    assert "Not counted:" in answer.text and "“Browne”" in answer.text
    for c in answer.citations:  # no passage about Gordon Brown, a surname one letter apart
        assert "Browne" in c.text


def test_a_surname_alone_shows_each_quote_as_its_article_names_the_speaker(brownes):
    answer = brownes.ask("What did Browne say?")
    bp = [c for c in answer.citations if "business-221" in c.source]
    assert bp and all(c.speaker != "Des Browne" for c in bp)


def test_a_country_named_beside_another_speaks_in_its_words(ban):
    # "Britain and France support some opposition groups": filed under France, it is
    # Britain's word as much, though no British official is quoted
    answer = ban.ask("What did Britain say about opposition groups?")
    assert any("Britain and France support some opposition groups" in c.text
               for c in answer.citations), answer.text


@pytest.fixture(scope="module")
def kings(tmp_path_factory):
    """Dev articles quoting Charlie King and Larry King, and John Dickey of the company
    "that owns Mr. King's Russia Today programming"."""
    return _indexed(tmp_path_factory, "kings", _dev("nyt_2016-09-19_obama-sees-personal-insult-if-bl",
                                                    "nyt_2016-09-19_old-hands-help-russia-navigate-u"))


def test_a_surname_that_is_also_a_title_is_the_person_not_a_role(kings):
    # "king" is a role word too: "What did King say?" was answered with John Dickey, whose
    # role phrase holds "Mr. King's"
    answer = kings.ask("What did King say about network coverage?")
    assert answer.speaker in {"Larry King", "Charlie King"}, answer.text
    assert answer.citations and all(c.speaker.endswith("King") for c in answer.citations
                                    if c.kind == "quote")
    assert "Dickey" not in answer.text.split("\n\n")[0]


def test_a_surname_several_people_share_says_who_else_it_fits(kings):
    answer = kings.ask("What did King say?")
    other = ({"Larry King", "Charlie King"} - {answer.speaker}).pop()
    assert answer.suggestions == [other]
    assert f"Others named King are quoted too: {other}" in answer.text
    # asked in full, the other one is answered, and nobody else is offered
    full = kings.ask(f"What did {other} say?")
    assert full.speaker == other and full.suggestions == []


@pytest.fixture(scope="module")
def organisations(tmp_path_factory):
    """Dev articles where organisations speak as themselves ("the Tax Foundation
    estimates") and through staff their roles name ("Raj Shah, Republican National
    Committee Research Director", "Sean Spicer, chief strategist for the Republican
    National Committee", "Alan Cole, an economist at the Tax Foundation's policy center"),
    two where the FBI speaks beside the White House's press secretary, and one quoting
    Michael McFaul, "a former United States ambassador to Russia"."""
    return _indexed(tmp_path_factory, "organisations", _dev(
        "nyt_2016-09-19_old-hands-help-russia-navigate-u",
        "nyt_2016-09-16_clinton-plan-for-taxes-is-expans",
        "west-journal_2016-09-26_popular-website-shows-bias-when-",
        "west-journal_2016-09-30_new-poll-shows-minor-post-debate",
        "breitbart_2016-09-30_the-latest-trump-urges-supporter",
        "breitbart_2016-10-03_the-latest-trump-s-leaked-taxes-"))


def test_an_organisation_quoted_by_name_answers_for_itself_and_through_its_staff(organisations):
    answer = organisations.ask("What has the Tax Foundation said about taxes?")
    quoted = [c for c in answer.citations if c.kind == "quote"]
    assert any("Tax Foundation estimates" in c.text for c in quoted), answer.text
    assert {c.speaker for c in quoted} <= {"Tax Foundation", "Alan Cole"}, answer.text


def test_a_committee_speaks_through_the_staff_its_roles_name(organisations):
    answer = organisations.ask("What did the Republican National Committee say?")
    speakers = {c.speaker for c in answer.citations if c.kind == "quote"}
    assert {"Raj Shah", "Sean Spicer"} <= speakers, answer.text
    assert not any("Clinton" in (s or "") for s in speakers)


def test_an_agency_is_answered_by_its_own_words_not_by_other_officials_of_its_country(organisations):
    # Josh Earnest speaks for the White House: an official of the United States, not the FBI's
    answer = organisations.ask("What did the FBI say?")
    speakers = {c.speaker for c in answer.citations if c.kind == "quote"}
    assert "FBI" in speakers and all("FBI" in s for s in speakers), answer.text
    # the FBI's own words are not "the FBI, through FBI"
    assert answer.text.startswith("The FBI — "), answer.text
    assert "Josh Earnest" in {c.speaker for c in organisations.ask("What did the White House say?").citations}


def test_a_former_ambassador_speaks_neither_for_his_posting_nor_for_his_country(organisations):
    # "a former United States ambassador to Russia": Russia is where he was sent, and the
    # office is past; the Kremlin was answered "through Michael McFaul"
    kremlin = organisations.ask("What did the Kremlin say about RT?")
    assert "Michael McFaul" not in {c.speaker for c in kremlin.citations}, kremlin.text
    assert "McFaul" not in kremlin.text
    washington = organisations.ask("What did Washington say about RT?")
    assert "Michael McFaul" not in {c.speaker for c in washington.citations}, washington.text
    # he is still found as himself
    himself = organisations.ask("What did McFaul say about RT?")
    assert {c.speaker for c in himself.citations if c.kind == "quote"} == {"Michael McFaul"}


@pytest.fixture(scope="module")
def peoples(tmp_path_factory):
    """Dev articles where a nation's people are sources ("Americans worried about illegal
    immigration", "Some average Americans would ...", "many African-Americans feel") beside
    officials of its government, and one whose headline ("Obama Says African-American
    Museum Will Tell of ...") makes a "Museum" an American source."""
    return _indexed(tmp_path_factory, "peoples", _dev(
        "nyt_2016-09-25_obama-says-african-american-muse",
        "nyt_2016-09-28_what-mexico-could-do-when-up-aga",
        "politico_2016-10-04_trump-not-walking-the-walk-on-hi",
        "nyt_2016-09-19_obama-sees-personal-insult-if-bl"))


def test_a_nations_people_are_not_its_government(peoples):
    asked = {q: peoples.ask(q) for q in ("What did Washington say?", "What did the United States say?")}
    for question, answer in asked.items():
        speakers = {c.speaker or "" for c in answer.citations}
        assert not any(s.endswith("Americans") for s in speakers), (question, answer.text)
        assert "Museum" not in speakers, (question, answer.text)  # no name, office or institution
    # while the Americans themselves are still asked after as such
    people = peoples.ask("What did the Americans say?")
    assert any((c.speaker or "").endswith("Americans") for c in people.citations), people.text


@pytest.fixture(scope="module")
def named_in_phrases(tmp_path_factory):
    """Dev articles where organisations speak only through phrases that name them ("a
    52-count civil complaint filed by the federal Securities and Exchange Commission",
    "research conducted by the Center for Media and Public Affairs", "Proponents, including
    the United States Conference of Mayors", "The GOP’s complaint to the D.C. Court of
    Appeals’ Board on Professional Responsibility"), or by a short form of their name
    ("the Roper Center")."""
    return _indexed(tmp_path_factory, "named-in-phrases", _dev(
        "nyt_2016-09-12_visa-program-up-for-renewal-amid",
        "west-journal_2016-09-26_popular-website-shows-bias-when-",
        "breitbart_2016-10-03_the-latest-trump-s-leaked-taxes-",
        "breitbart_2016-09-20_poll-wealthy-voters-abandon-repu"))


@pytest.mark.parametrize("question, source", [
    ("What has the federal Securities and Exchange Commission claimed about the scheme?",
     "complaint filed by the federal Securities and Exchange Commission"),
    ("How did the Center for Media and Public Affairs respond to fact checks?",
     "research conducted by the Center for Media and Public Affairs"),
    ("What did the United States Conference of Mayors say about the program?",
     "including the United States Conference of Mayors"),
    ("What did the GOP say about Mills?", "The GOP’s complaint"),
    ("What has the Roper Center for Public Opinion Research claimed about voters?", "Roper Center"),
])
def test_an_organisation_speaks_through_a_phrase_that_names_it_as_the_speaker(
        named_in_phrases, question, source):
    # each was answered "... is not quoted in the indexed articles"
    answer = named_in_phrases.ask(question)
    quoted = [c for c in answer.citations if c.kind == "quote"]
    assert quoted and all(source in c.speaker for c in quoted), answer.text


def test_an_organisation_is_not_answered_by_a_phrase_that_names_it_as_addressee(named_in_phrases):
    # "The GOP’s complaint to the D.C. Court of Appeals’ Board ...": the Board said nothing
    answer = named_in_phrases.ask("What did the D.C. Court of Appeals’ Board on Professional "
                                  "Responsibility say?")
    assert _no_words(answer), answer.text


@pytest.mark.parametrize("asked", ["the Bank of England", "Council on Foreign Relations",
                                   "the Committee for a Responsible Federal Budget"])
def test_an_organisations_name_is_no_persons_surname(asked):
    # "What did the Bank of England say about interest rates?" was answered with the England
    # team's words ("the articles give no first name, so this may not be Bank of England")
    registry = SpeakerRegistry()
    for name in ("England", "Relations", "Budget"):
        registry.add(name, None, 3)
    found = Identifier(registry, {}, gazetteer()).identify(asked)
    assert found.people == [] and found.suggestions == []


@pytest.fixture(scope="module")
def downing_street(tmp_path_factory):
    """BBC articles where Downing Street and Number 10 speak, the Foreign Secretary speaks,
    and a Lib Dem spokesman, the Tory shadow chancellor and London's mayor speak in
    sentences that name the government."""
    return _indexed(tmp_path_factory, "downing-street", {
        f"politics-{n}.txt": DATA / "bbc-news" / "bbc" / "politics" / f"{n}.txt"
        for n in ("027", "095", "029", "146", "154")})


def test_the_seat_of_government_speaks_first_then_through_its_ministers(downing_street):
    answer = downing_street.ask("What did Downing Street say?")
    speakers = [c.speaker for c in answer.citations if c.kind == "quote"]
    assert speakers[0] in {"Downing Street", "Number 10"}, answer.text
    assert "Jack Straw" in speakers, answer.text
    assert answer.text.startswith("Downing Street, itself and through Jack Straw")


def test_a_party_spokesman_or_a_mayor_is_no_voice_of_the_government(downing_street):
    # "the Lib Dem environment spokesman", "Tory shadow chancellor" and "London mayor" hold
    # offices, and their sentences name the government, but they do not speak for it
    for question in ("What did Downing Street say?", "What did the British government say?"):
        answer = downing_street.ask(question)
        speakers = {c.speaker for c in answer.citations}
        assert not speakers & {"Norman Baker", "Ken Livingstone", "Oliver Letwin"}, (question,
                                                                                answer.text)
    assert downing_street.ask("What did Norman Baker say?").speaker == "Norman Baker"


@pytest.mark.parametrize("question, member, others", [
    ("What did the Lib Dems say?", "Norman Baker", {"Oliver Letwin", "Ken Livingstone"}),
    ("What did the Liberal Democrats say?", "Norman Baker", {"Oliver Letwin"}),
    ("What did the Tories say?", "Oliver Letwin", {"Norman Baker", "Ken Livingstone"}),
    ("What did the Conservative Party say?", "Oliver Letwin", {"Norman Baker"}),
])
def test_a_party_speaks_through_the_people_its_roles_name(downing_street, question, member, others):
    # "the Lib Dem environment spokesman Norman Baker", "Tory shadow chancellor Oliver
    # Letwin": a party asked about is answered through them, each by their own party only
    answer = downing_street.ask(question)
    speakers = {c.speaker for c in answer.citations if c.kind == "quote"}
    assert member in speakers, answer.text
    assert not speakers & others, answer.text
    assert answer.text.startswith("The Liberal Democrats" if "Lib" in question
                                  else "The Conservative Party"), answer.text


@pytest.fixture(scope="module")
def acronyms(tmp_path_factory):
    """BBC articles where the Confederation of British Industry (CBI) speaks under its full
    name, its director general Sir Digby Jones as "CBI director general", and the British
    Medical Association (BMA) through its Welsh secretary."""
    return _indexed(tmp_path_factory, "acronyms", {
        f"politics-{n}.txt": DATA / "bbc-news" / "bbc" / "politics" / f"{n}.txt"
        for n in ("005", "359", "380", "121")})


def test_an_organisation_asked_by_its_initials_answers_under_all_its_names(acronyms):
    cbi = acronyms.ask("What did the CBI say?")
    speakers = {c.speaker for c in cbi.citations if c.kind == "quote"}
    assert {"Confederation of British Industry", "Digby Jones"} <= speakers, cbi.text
    assert cbi.text.startswith("CBI, itself and through Digby Jones"), cbi.text
    bma = acronyms.ask("What did the BMA say?")
    assert {c.speaker for c in bma.citations if c.kind == "quote"} == {"Richard Lewis"}, bma.text


def test_initials_leave_out_the_small_words_of_a_name():
    # a speaker's organisation is kept as a folded key ("org:institute for fiscal studies");
    # its initials are IFS, not IFFS
    registry = SpeakerRegistry()
    registry.add("Jane Roe", "economist at the Institute for Fiscal Studies", 2,
                 ("org:institute for fiscal studies",))
    registry.add("John Doe", "analyst at the Institute of Directors", 2, ("org:institute of directors",))
    found = Identifier(registry, {}, gazetteer()).identify("the IFS")
    assert [p.name for p in found.people] == ["Jane Roe"]


def test_initials_are_an_organisations_never_a_persons():
    # "What did the FA say?" was answered with Tottenham's sporting director Frank Arnesen:
    # his initials are FA
    registry = SpeakerRegistry()
    registry.add("Frank Arnesen", "Tottenham sporting director", 4)
    football = Person("Football Association", quote_count=2)
    found = Identifier(registry, {"football association": football}, gazetteer()).identify("the FA")
    assert [p.name for p in found.people] == ["Football Association"]


def test_a_committee_chairman_does_not_speak_for_the_government():
    # "What did Number 10 say?" was answered through Edward Leigh, chairman of the Commons
    # public accounts committee, as if he spoke for Downing Street
    downing_street = gazetteer().asked("Downing Street")
    chairman = Person("Edward Leigh", roles={"Committee chairman"}, quote_count=2,
                      parties={"country:united kingdom": 2})
    minister = Person("Jack Straw", roles={"Foreign Secretary"}, quote_count=2,
                      parties={"country:united kingdom": 2})
    assert not speaks_for(chairman, downing_street)
    assert speaks_for(minister, downing_street)
