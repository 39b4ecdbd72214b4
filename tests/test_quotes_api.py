"""Who said what through the public API and the command line, on the seed article."""
import json

import pytest

from assistant.quotes.speakers import same_person
from test_cli import run

# (common English spelling, the article's spelling, words of one of their quotes)
PEOPLE = [
    ("Zelensky", "Zelenskyy", "We need security guarantees"),
    ("Trump", "Donald Trump", "I hope President Putin will agree to the ceasefire."),
    ("Peskov", "Peskow", "We will carefully evaluate the proposal"),
    ("Dmitry Peskov", "Dmitri Peskow", "We will carefully evaluate the proposal"),
    ("Gerasimov", "Gerassimov", "capture of 430 Ukrainian soldiers"),
    ("Syrsky", "Syrskyj", "The priorities are saving our soldiers' lives"),
    ("Baerbock", "Annalena Baerbock", "Now it is up to Russia to put an end to its aggression."),
    ("Buhler", "Bühler", "The Russian reaction remains unpredictable"),
    ("Rubio", "Marco Rubio", "European sanctions will be part of the negotiations."),
    ("Heinemann-Gruder", "Heinemann-Grüder", "the likelihood of the ceasefire being breached remains high"),
    ("Sikorski", "Radoslaw Sikorski", "military supplies are flowing again"),
    ("Starmer", "Keir Starmer", "urged Russia to accept the ceasefire"),
]


@pytest.mark.parametrize("common, spelled, words", PEOPLE)
def test_quotes_by_either_spelling_are_theirs_alone(seed, common, spelled, words):
    by_common = seed.quotes(speaker=common)
    by_article = seed.quotes(speaker=spelled)
    assert by_common, f"no quotes for {common}"
    assert [(q.source, q.start, q.end) for q in by_common] == [
        (q.source, q.start, q.end) for q in by_article
    ]
    assert any(words in q.text for q in by_common)
    for q in by_common:
        assert same_person(q.speaker, spelled), q.speaker
        text = seed.document(q.source).text
        assert text[q.start : q.end] == q.text
        for span in q.contents:
            assert q.start <= span.start < span.end <= q.end


def test_nobody_else_is_returned_for_a_name(seed):
    everyone = seed.quotes()
    peskov = seed.quotes(speaker="Peskov")
    assert 0 < len(peskov) < len(everyone)
    assert {q.speaker for q in peskov} == {"Dmitri Peskow"}


def test_quotes_about_a_topic_rank_that_topic_first(seed):
    quotes = seed.quotes(speaker="Zelensky", about="security guarantees")
    assert "security guarantees" in quotes[0].text


def test_unknown_person_has_no_quotes(seed):
    assert seed.quotes(speaker="Angela Merkel") == []


def test_speakers_fold_spellings_into_one_person(seed):
    people = {p.name: p for p in seed.speakers()}
    gerasimov = [p for p in people.values() if same_person(p.name, "Gerasimov")]
    assert len(gerasimov) == 1
    assert gerasimov[0].quote_count >= 2  # "General Valery Gerasimov" and "Gerassimov"
    peskow = people["Dmitri Peskow"]
    assert any("spokes" in r.lower() for r in peskow.roles)
    counts = [p.quote_count for p in seed.speakers()]
    assert counts == sorted(counts, reverse=True)


@pytest.mark.parametrize(
    "question, words",
    [
        ("What did Peskov say?", "We will carefully evaluate the proposal"),
        ("What did the Kremlin spokesman say?", "We will carefully evaluate the proposal"),
        ("Quotes from Rubio", "European sanctions will be part of the negotiations."),
        ("Did Baerbock say anything about Russia?", "Now it is up to Russia"),
        ("What did Zelensky say about security?", "We need security guarantees"),
        ("Heinemann-Gruder's comments on the ceasefire", "ceasefire being breached"),
    ],
)
def test_ask_routes_speaker_questions_to_quotes(seed, question, words):
    answer = seed.ask(question)
    assert words in answer.citations[0].text, answer.text
    for c in answer.citations:
        assert seed.document(c.source).text[c.start : c.end] == c.text


@pytest.mark.slow
def test_cli_quotes_and_speakers(seed_index):
    done = run("quotes", "--speaker", "Peskov", "--json", "--index", seed_index)
    assert done.returncode == 0, done.stderr
    quotes = json.loads(done.stdout)
    assert quotes and {q["speaker"] for q in quotes} == {"Dmitri Peskow"}
    assert any("carefully evaluate" in q["text"] for q in quotes)
    done = run("speakers", "--json", "--index", seed_index)
    people = {p["name"]: p for p in json.loads(done.stdout)}
    assert people["Dmitri Peskow"]["quotes"] >= 1
