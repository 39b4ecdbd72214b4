"""Paragraphs that open with a label and a colon (quotes/labelled.py), on real articles: a
title line names its speaker ("Marco Rubio: I'm Not Interested In Being Vice President."),
but only a person the story names elsewhere, or a document; a kicker, a description and a
first-person column's byline are nobody's words; a cue inside a title-case title is no
attribution of its own; two labelled quotes in one paragraph keep their own speakers."""
from __future__ import annotations

import pytest

from assistant.evaluation.polnear import default_data_dir
from assistant.quotes.extract import extract_quotes, get_nlp
from conftest import DATA


@pytest.fixture(scope="module")
def nlp():
    return get_nlp()


def _polnear(name: str) -> str:
    return (default_data_dir() / "data" / "train" / "text" / f"{name}.txt").read_text(encoding="utf-8")


def _bbc(name: str) -> str:
    return (DATA / "bbc-news" / "bbc" / name).read_text(encoding="utf-8")


def _speakers_holding(text: str, words: str, nlp) -> list[str | None]:
    """The speakers of the rules' quotes whose contents hold `words`."""
    start = text.index(words)
    return [q.speaker for q in extract_quotes(text, nlp, learned=False)
            if any(c.start <= start < c.end for c in q.contents)]


def _in_title(text: str, nlp) -> list:
    """The rules' quotes whose contents start in the title line."""
    end = text.index("\n")
    return [q for q in extract_quotes(text, nlp, learned=False) if q.contents[0].start < end]


@pytest.mark.parametrize("name, speaker, said, kind", [
    # no quotation marks: the label alone attributes the claim; the name is the body's
    ("huff-post_2016-04-22_marco-rubio-i-m-not-interested-i", "Marco Rubio",
     "I’m Not Interested In Being Vice President", "indirect"),
    # a document speaks in a title
    ("wash-post_2016-01-07_ig-report-state-was-inaccurate-o", "IG report",
     "State was inaccurate on Clinton", "indirect"),
    # "Benghazi Investigation Helped Reveal ...": the parse read a cue inside the title and
    # gave the words to "Benghazi"
    ("west-journal_2016-05-25_trey-gowdy-benghazi-investigatio", "Trey Gowdy",
     "Benghazi Investigation Helped Reveal Clinton Email Scandal", "indirect"),
])
def test_a_title_line_names_its_speaker_before_the_colon(nlp, name, speaker, said, kind):
    text = _polnear(name)
    found = _in_title(text, nlp)
    assert [(q.speaker, text[q.contents[0].start:q.contents[0].end], q.kind) for q in found] == [
        (speaker, said, kind)]


def test_a_kicker_is_no_speaker(nlp):
    # "The Latest: Trump delivers defense of ‘New York values.’" gave Trump's words to
    # "The Latest", a label the story never uses as anyone's name
    text = _polnear("breitbart_2016-04-14_the-latest-trump-delivers-defens")
    assert text.startswith("The Latest:")
    assert all(q.speaker != "The Latest" for q in extract_quotes(text, nlp, learned=False))


@pytest.mark.parametrize("name, label", [
    # an obituary's title describes the man: no verb, no quoted words
    ("entertainment/016.txt", "Arthur Hailey"),
    # a player's column under his name: the body never names him again, so the label is
    # a byline, not a speaker the article reports
    ("sport/309.txt", "Murphy"),
])
def test_a_title_that_is_not_someone_s_statement_is_no_quote(nlp, name, label):
    text = _bbc(name)
    assert text.startswith(f"{label}:")
    assert _in_title(text, nlp) == []


def test_two_labelled_quotes_in_one_paragraph_keep_their_speakers(nlp):
    # 'Clinton: "...destroy ISIS." Bush: "The mission is to destroy ISIS -- not to contain
    # it."': Bush's words went to Clinton
    text = _polnear("usa-today_2015-12-01_for-gop-a-golden-opportunity-to-")
    assert _speakers_holding(text, "The mission is to destroy ISIS", nlp) == ["Jeb Bush"]


def test_an_interviewer_s_letter_is_no_speaker(nlp):
    # "Q: Have you talked to McConnell about the Supreme Court?" in an interview
    text = _polnear("politico_2016-02-19_q-a-with-vice-president-joe-bide")
    assert "\nQ: " in text
    assert all(q.speaker != "Q" for q in extract_quotes(text, nlp, learned=False))


def test_a_transcript_turn_without_marks_is_its_speaker_s(nlp):
    # "Matthews: Well, speculation is bad." in a panel's transcript, after the article
    # has named Chris Matthews
    text = _polnear("huff-post_2016-02-21_this-cable-news-panel-just-dismi")
    assert _speakers_holding(text, "Well, speculation is bad", nlp) == ["Chris Matthews"]


def test_a_cue_nested_in_a_title_s_claim_is_no_attribution(nlp):
    # "Charleston Church Shooting Survivors Explain Why Clinton Offers Needed Change.": the
    # parse of the title-case line made "Needed Change" words Clinton offered
    text = _polnear("huff-post_2016-07-28_charleston-church-shooting-survi")
    assert text.startswith("Charleston Church Shooting Survivors Explain Why Clinton Offers")
    speakers = [q.speaker for q in _in_title(text, nlp)]
    assert "Hillary Clinton" not in speakers and "Clinton" not in speakers


def test_a_museum_is_no_person(nlp):
    # "Obama Says African-American Museum Will Tell of ..." made a person "Museum" (role
    # "American") who then spoke for Americans
    path = default_data_dir() / "data" / "dev" / "text" / "nyt_2016-09-25_obama-says-african-american-muse.txt"
    quotes = extract_quotes(path.read_text(encoding="utf-8"), nlp, learned=False)
    assert quotes and all(q.speaker != "Museum" for q in quotes)
