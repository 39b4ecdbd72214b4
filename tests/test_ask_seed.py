"""The seed article answers the speaker questions with the right cited passage (Python API)."""
import pytest

EXPECTED = {
    # The article writes "Peskow": users type the common spelling.
    "What did Peskov say?": "We will carefully evaluate the proposal after receiving all necessary details",
    "What did Baerbock say?": "Now it is up to Russia to put an end to its aggression.",
    "What did Trump say?": "I hope President Putin will agree to the ceasefire.",
    "what did peskow say?": "We will carefully evaluate the proposal after receiving all necessary details",
}


@pytest.mark.parametrize("question", list(EXPECTED))
def test_speaker_question_cites_the_quote_first(seed, question):
    answer = seed.ask(question)
    assert answer.citations, answer.text
    first = answer.citations[0]
    assert EXPECTED[question] in first.text
    assert EXPECTED[question] in answer.text
    assert first.n == 1 and "[1]" in answer.text
    assert first.title and first.source.endswith("2025-03-12-ukraine-ceasefire-talks.txt")


@pytest.mark.parametrize(
    "question",
    [*EXPECTED, "What did Zelensky say about security guarantees?", "How many soldiers were captured?"],
)
def test_every_citation_is_the_exact_text_at_its_offsets(seed, question):
    answer = seed.ask(question)
    assert answer.citations
    for c in answer.citations:
        assert seed.document(c.source).text[c.start : c.end] == c.text
        assert c.start < c.end


def test_citations_are_numbered_in_order_and_all_marked(seed):
    answer = seed.ask("What did Trump say?")
    assert [c.n for c in answer.citations] == list(range(1, len(answer.citations) + 1))
    for c in answer.citations:
        assert f"[{c.n}]" in answer.text


def test_person_absent_from_the_articles_is_not_quoted(seed):
    answer = seed.ask("What did Angela Merkel say?")
    assert answer.text == "Angela Merkel is not quoted in the indexed articles."
    assert answer.citations == [] and answer.suggestions == [] and answer.speaker is None


def test_general_question_finds_the_sentence(seed):
    answer = seed.ask("How many Ukrainian soldiers were captured?")
    assert "430 Ukrainian soldiers" in answer.citations[0].text


def test_document_returns_the_file_text_exactly(seed):
    from conftest import SEED_ARTICLE

    article = seed.document(str(SEED_ARTICLE.resolve()))
    assert article.text == SEED_ARTICLE.read_bytes().decode("utf-8")
    assert article.sha256 and article.title.startswith("The recent negotiations")


def test_documents_lists_the_seed(seed):
    listed = seed.documents()
    assert [d["title"][:15] for d in listed] == ["The recent nego"]
