"""Fuzzed questions and filters: an answer with checked citations, or a refusal that says
what is wrong, never an unhandled error."""
from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assistant.api import clean_question
from assistant.errors import AssistantError, QuestionError
from assistant.store.filters import Filters
from fuzz_support import DATE_VALUE, TEXT, fuzz

LIMIT = 2000
MEGABYTE = 1 << 20


def check_answer(assistant, answer) -> None:
    """Every citation is exactly the text of its article at its offsets."""
    assert isinstance(answer.text, str) and answer.text
    for c in answer.citations:
        assert assistant.document(c.source).text[c.start:c.end] == c.text


@fuzz(200)
@given(question=st.one_of(TEXT, st.text(), st.text(min_size=LIMIT - 5, max_size=LIMIT + 5)))
def test_clean_question_keeps_printable_text_or_says_why(question):
    try:
        cleaned = clean_question(question, LIMIT)
    except QuestionError as exc:
        assert "question" in str(exc)
        if str(exc) == "the question is empty":
            assert not "".join(question.split()) or all(
                unicodedata.category(ch)[0] == "C" or ch.isspace() for ch in question
            )
        else:
            assert f"{LIMIT:,}" in str(exc)
        return
    assert 0 < len(cleaned) <= LIMIT
    assert cleaned == cleaned.strip() and "  " not in cleaned
    assert not any(unicodedata.category(ch)[0] == "C" for ch in cleaned)


def printable(text: str) -> bool:
    return any(unicodedata.category(ch)[0] != "C" and not ch.isspace() for ch in text)


@fuzz(5)
@given(unit=TEXT.filter(printable))
def test_a_megabyte_question_is_refused_with_its_length(seed, unit):
    question = (unit + " ") * (MEGABYTE // (len(unit) + 1) + 1)
    with pytest.raises(QuestionError, match=r"characters long; the limit is 2,000"):
        seed.ask(question)


@fuzz(40)
@given(question=st.one_of(
    TEXT,
    st.builds(lambda name, tail: f"What did {name} say{tail}", TEXT, TEXT),
    st.sampled_from(["What did Peskov say?", "Peskow\x00 ceasefire", "“»<script>", "[1] [2]"]),
))
def test_seed_index_answers_or_refuses_any_question(seed, question):
    try:
        answer = seed.ask(question)
    except QuestionError as exc:
        assert "question" in str(exc)
        return
    check_answer(seed, answer)


@fuzz(200)
@given(since=st.one_of(st.none(), DATE_VALUE), until=st.one_of(st.none(), DATE_VALUE),
       source=st.one_of(st.none(), TEXT), article=st.one_of(st.none(), TEXT))
def test_filters_are_built_or_refused_naming_the_field(since, until, source, article):
    try:
        built = Filters.build(source, since, until, article)
    except AssistantError as exc:
        assert str(exc).startswith(("since", "until")), exc
        return
    for name in ("since", "until"):
        value = getattr(built, name)
        assert value is None or (len(value) == 10 and 1000 <= int(value[:4]) <= 9999)
    if built.since and built.until:
        assert built.since <= built.until
    assert built.where() is None or isinstance(built.where(), dict)


@fuzz(25)
@given(since=st.one_of(st.none(), st.dates().map(str)), until=st.one_of(st.none(), st.dates().map(str)),
       source=st.one_of(st.none(), TEXT, st.just("Unknown Publisher"), st.just("BBC")))
def test_seed_answers_under_any_valid_filter(seed, since, until, source):
    try:
        filters = Filters.build(source, since, until)
    except AssistantError as exc:
        assert str(exc).startswith(("since", "until")), exc
        return
    answer = seed.ask("What did Peskov say?", filters=filters)
    check_answer(seed, answer)
    for c in answer.citations:  # whatever is cited passes the filter
        meta = seed.document(c.source)
        if filters.since and meta.date:
            assert meta.date[:10] >= filters.since
        if filters.until and meta.date:
            assert meta.date[:10] <= filters.until
