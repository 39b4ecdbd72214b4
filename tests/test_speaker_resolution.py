"""Who a speaker is within one article, on PolNeAR train articles where an earlier rule gave
the words to the wrong person: a building, a headline, someone talked about."""
from __future__ import annotations

import pytest

from assistant.evaluation.polnear import default_data_dir
from assistant.quotes.extract import extract_quotes, get_nlp
from assistant.quotes.speakers import same_person


@pytest.fixture(scope="module")
def nlp():
    return get_nlp()


def _quotes(name: str, nlp):
    text = (default_data_dir() / "data" / "train" / "text" / f"{name}.txt").read_text(encoding="utf-8")
    return text, extract_quotes(text, nlp, learned=False)


def _speaker_of(quotes, text: str, words: str) -> str | None:
    """The speaker of the quote whose contents hold `words`."""
    start = text.index(words)
    found = [q for q in quotes if any(c.start <= start < c.end for c in q.contents)]
    assert found, f"no quote holds {words!r}"
    return found[0].speaker


def test_a_lone_surname_is_the_person_not_a_building_named_after_him(nlp):
    # the article names "Trump Tower" and "Donald Trump"; "Trump said" is the man
    text, quotes = _quotes("wash-post_2016-04-28_with-woman-s-card-trump-escalate", nlp)
    assert "Trump Tower" in text
    speakers = {q.speaker for q in quotes if q.speaker}
    assert not any("Tower" in s for s in speakers)
    trump = [q for q in quotes if q.speaker and same_person(q.speaker, "Donald Trump")]
    assert len(trump) >= 5


def test_a_family_name_written_first_is_still_found(nlp):
    # "Ban Ki-moon, the globe-trotting secretary general ..." and later "Ban recalled"
    text, quotes = _quotes("wash-post_2016-05-09_for-outgoing-u-n-chief-climate-d", nlp)
    speakers = {q.speaker for q in quotes}
    assert "Ban Ki-moon" in speakers
    assert "Ban" not in speakers


def test_a_headline_in_title_case_does_not_name_the_speaker(nlp):
    # headline: "... More Offensive Things Donald Trump Has Said ..."
    text, quotes = _quotes("huff-post_2016-07-18_more-offensive-things-donald-tru", nlp)
    speakers = [q.speaker for q in quotes if q.speaker]
    assert not any("Offensive" in s for s in speakers)
    assert sum(s == "Donald Trump" for s in speakers) >= 10


def test_she_said_after_a_quote_is_the_speaker_not_a_woman_she_talks_about(nlp):
    # Susan Sarandon speaks about Hillary Clinton; "she said" is Sarandon
    text, quotes = _quotes("breitbart_2016-03-29_liberal-oscar-winner-sarandon-no", nlp)
    said = [q for q in quotes if q.speaker_span and text[q.speaker_span.start:q.speaker_span.end].lower() == "she"]
    assert len(said) >= 3
    assert all(q.speaker == "Susan Sarandon" for q in said)


def test_an_apposition_names_its_own_head_not_someone_inside_it(nlp):
    # "... said Mark S. Mellman, a Democratic pollster who is not involved with the Clinton
    # campaign": the Clinton inside the relative clause is not the speaker
    text, quotes = _quotes("nyt_2016-06-27_britain-s-exit-looms-over-clinto", nlp)
    assert _speaker_of(quotes, text, "Liberal internationalism seems") == "Mark S. Mellman"


def test_someone_introduced_as_new_stays_unnamed(nlp):
    # "“That doesn’t mean no response,” one Clinton aide said": not Hillary Clinton, and
    # not the last aide the article named
    text, quotes = _quotes("politico_2016-09-01_debating-clinton-s-character", nlp)
    assert _speaker_of(quotes, text, "That doesn’t mean no response") == "one Clinton aide"
