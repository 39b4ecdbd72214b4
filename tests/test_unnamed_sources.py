"""Generic nouns used as sources ("Experts", "Officials", "Critics") are unnamed sources,
not people: not in the Speakers list and never answered for as a named person, while real
one-word names and institutions keep working."""
from __future__ import annotations

import pytest

from assistant import Assistant
from assistant.search.identity import looks_like_person, unnamed_source
from assistant.web.speakers_tab import speaker_rows

GENERIC = ["Experts", "Officials", "Analysts", "Critics", "Sources", "Diplomats", "Residents"]
ARTICLE = """Harbour talks stall again

Critics said the harbour deal gives away too much to the shipping companies.
Residents complained that the night traffic keeps them awake.
Officials insisted the timetable would hold.
Madonna said, “I will sing at the harbour festival whatever happens.”
Mayor Quentin Zabrowski said, “The harbour will reopen next week for all ships.”
Later, Zabrowski added, “Nobody will pay harbour fees this year.”
"""


@pytest.mark.parametrize("name", GENERIC)
def test_plural_and_role_nouns_are_not_personal_names(name):
    assert unnamed_source(name) and not looks_like_person(name)


@pytest.mark.parametrize("name", ["Peskov", "Peskow", "Madonna", "Jones", "Harris", "Zelensky",
                                  "Dmitri Peskow", "Andreas Heinemann-Grüder"])
def test_real_names_stay_names(name):
    assert looks_like_person(name) and not unnamed_source(name)


@pytest.mark.parametrize("name", ["Conservatives", "Democrats", "Republicans", "Tories"])
def test_a_partys_people_are_the_party_not_an_unnamed_source(name):
    # "The Conservatives claimed ...": the answer said "“Conservatives” names no one"
    assert not unnamed_source(name)


@pytest.mark.parametrize("name", ["Treasury", "Ministry", "Parliament", "Police"])
def test_an_institution_is_not_an_unnamed_source(name):
    # "The Treasury dismissed the research": the answer said "“Treasury” names no one"
    assert not unnamed_source(name)


@pytest.mark.parametrize("name", ["the Kremlin", "a Reuters report", "the spokesman"])
def test_descriptions_are_still_not_people(name):
    assert not looks_like_person(name)


def _everyone(assistant: Assistant) -> set[str]:
    return {a for p in assistant.speakers() for a in p.aliases | {p.name}}


def test_seed_experts_are_an_unnamed_source(seed):
    assert "Experts" not in _everyone(seed)
    assert "Experts" not in {row[0] for row in speaker_rows(seed)}
    answer = seed.ask("What did Experts say?")
    head = answer.text.partition("\n")[0]
    assert "names no one" in head and "unnamed source" in head, answer.text
    assert answer.citations and all(c.role == "unnamed source" for c in answer.citations)
    assert "significant hurdles" in answer.citations[0].text
    assert seed.document(answer.citations[0].source).text[
        answer.citations[0].start:answer.citations[0].end] == answer.citations[0].text


def test_named_people_are_answered_as_before(seed):
    answer = seed.ask("What did Peskov say?")
    assert answer.speaker == "Dmitri Peskow" and "names no one" not in answer.text
    kremlin = seed.ask("What did the Kremlin say?")
    assert kremlin.text.startswith("The Kremlin, through Dmitri Peskow")


@pytest.fixture(scope="module")
def harbour(tmp_path_factory):
    folder = tmp_path_factory.mktemp("harbour")
    (folder / "harbour.txt").write_text(ARTICLE, encoding="utf-8")
    assistant = Assistant(folder.parent / f"{folder.name}-index")
    assert len(assistant.index([folder]).added) == 1
    return assistant


def test_generic_sources_of_an_article_are_not_listed_as_people(harbour):
    names = _everyone(harbour)
    assert "Madonna" in names and "Quentin Zabrowski" in names
    assert not names & {"Critics", "Residents", "Officials"}, names
    said = {q.speaker for q in harbour.quotes()}
    assert said & {"Critics", "Residents", "Officials"}, said  # still quoted, as unnamed sources
    answer = harbour.ask("What did Critics say?")
    assert "names no one" in answer.text.partition("\n")[0], answer.text
    assert any("gives away too much" in c.text for c in answer.citations)
    madonna = harbour.ask("What did Madonna say?")
    assert madonna.speaker == "Madonna" and "names no one" not in madonna.text
    assert "harbour festival" in madonna.citations[0].text
