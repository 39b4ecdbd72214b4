"""What a speaker answer cites beyond the person's recorded quotes, on an index of real
PolNeAR dev articles: passages that report their words only where the verb is theirs and
the name is theirs, and, labelled as mentions, passages on the topic asked about that say
where they stand."""
from __future__ import annotations

import shutil

import pytest
from conftest import DATA

from assistant import Assistant

DEV_TEXT = DATA / "polnear" / "data" / "dev" / "text"
ARTICLES = [
    # "Activist Angela Davis talks to DuVernay about ..."; the film "weaves together the
    # voices of ... activists like Angela Davis and ... author Michelle Alexander, among
    # others ― explains ..."
    "huff-post_2016-10-07_ava-duvernay-s-th-explores-the-e",
    # signed "Julie Hirschfeld Davis reported from Midway Atoll"; Hillary Clinton quoted
    "nyt_2016-09-08_obama-on-climate-change-the-tren",
    # "Hillary Clinton, a longtime member of the Senate Armed Services Committee, has been a
    # consistent and outspoken supporter of NATO and of U.S. solidarity with its allies."
    "huff-post_2016-09-10_trump-s-east-european-achilles-h",
    # "As President Obama appears set to veto legislation that would allow 9/11 families to
    # sue Saudi Arabia, ...": Obama is quoted in none of its sentences
    "west-journal_2016-09-23_clinton-breaks-with-obama-on-law",
    # "President Barack Obama" quoted: he has a first name, so "Obama" alone elsewhere
    # may be another Obama, but not "President Obama"
    "west-journal_2016-09-12_obama-seeks-more-muslim-refugees",
]


@pytest.fixture(scope="module")
def dev(tmp_path_factory):
    folder = tmp_path_factory.mktemp("passages")
    for name in ARTICLES:
        shutil.copy(DEV_TEXT / f"{name}.txt", folder / f"{name}.txt")
    assistant = Assistant(folder.parent / f"{folder.name}-index")
    assert len(assistant.index([folder]).added) == len(ARTICLES)
    return assistant


def test_a_namesakes_words_are_not_cited(dev):
    answer = dev.ask("What did Angela Davis say?")
    assert answer.citations and answer.citations[0].speaker == "Angela Davis"
    texts = [c.text for c in answer.citations]
    # another Davis, with her own first name, reporting from Midway
    assert not any("Hirschfeld" in t for t in texts), texts


def test_a_verb_after_another_persons_name_is_not_theirs(dev):
    # "... activists like Angela Davis and The New Jim Crow author Michelle Alexander, among
    # others ― explains ...": the film explains, not Davis
    texts = [c.text for c in dev.ask("What did Angela Davis say?").citations]
    assert not any("weaves together" in t for t in texts), texts


def test_a_word_before_a_first_name_is_a_role_not_part_of_the_name(dev):
    davis = [p for p in dev.speakers() if p.name.endswith("Davis")]
    assert [p.name for p in davis] == ["Angela Davis"]


def test_where_they_stand_on_the_topic_is_cited_as_a_mention(dev):
    answer = dev.ask("What did Hillary Clinton say about allies?")
    mentions = [c for c in answer.citations if c.kind == "mention"]
    assert any("solidarity with its allies" in c.text for c in mentions), answer.text
    assert all(c.speaker is None for c in mentions)
    # the answer says whom the passage names and that the words are not hers
    line = next(l for l in answer.text.splitlines() if "solidarity with its allies" in l)
    assert line.startswith("Mentions Hillary Clinton, not their words:")
    # her recorded quotes are still cited as hers
    assert any(c.kind == "quote" and c.speaker == "Hillary Clinton" for c in answer.citations)


def test_no_mention_without_the_topics_words(dev):
    # without a topic nothing is cited as a mention: a speaker answer is their words
    answer = dev.ask("What did Hillary Clinton say?")
    assert answer.citations and not any(c.kind == "mention" for c in answer.citations)


def test_a_surname_after_a_title_they_hold_is_theirs_in_any_article(dev):
    answer = dev.ask("What did Obama say about the veto?")
    assert answer.speaker == "Barack Obama"
    mentions = [c for c in answer.citations if c.kind == "mention"]
    assert any("appears set to veto legislation" in c.text for c in mentions), answer.text


def test_a_mention_never_displaces_their_words_on_the_topic(dev):
    # Obama's quotes on emissions use the word; passages that only name him ("To his
    # successor, Mr. Obama leaves ... a raft of new emissions rules") come after them, one
    answer = dev.ask("What did Obama say about emissions?")
    kinds = [c.kind for c in answer.citations]
    on_topic = [k for k, c in enumerate(answer.citations)
                if c.kind == "quote" and "emissions" in c.text.lower()]
    assert on_topic and kinds.count("mention") <= 1
    assert all(k > max(on_topic) for k, kind in enumerate(kinds) if kind == "mention")
