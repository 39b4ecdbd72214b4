"""The checks on a model's answer, on their own: quotations, markers, and text that arrives
in pieces of any size."""
from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.answer.extractive import NOT_FOUND
from assistant.answer.citation_check import AnswerChecker

PESKOW = ("Spokesperson Dmitri Peskow conveyed reluctance, indicating, “We will carefully evaluate "
          "the proposal after receiving all necessary details.”")
ZELENSKYY = ("“We must move toward peace. We need security guarantees,” he stated emphatically during "
             "his evening address from Kyiv. Volodymyr Zelenskyy spoke in Kyiv.")
PASSAGES = [PESKOW, ZELENSKYY]


def check(text: str):
    return AnswerChecker(PASSAGES, NOT_FOUND).finish(text)


@pytest.mark.parametrize("sentence", [
    "Peskow said “we will carefully evaluate the proposal” [1].",
    "Peskow said \"We will  carefully\nevaluate the proposal\" [1].",
    "Peskow said «We will carefully evaluate the proposal» [1].",
    "Peskow said ‘We will carefully evaluate the proposal’ [1].",
    "Peskow said: “We will carefully evaluate … all necessary details” [1].",
    "Peskow said: “We will [the Kremlin will] carefully evaluate the proposal” [1].",
    "Zelensky said: “We must move toward peace. We need security guarantees” [2].",
    "Zelenskyy said “we need security guarantees”, speaking in Kyiv [2].",
])
def test_faithful_quotations_pass(sentence):
    result = check(sentence)
    assert result.text and result.notes == [], result.notes


@pytest.mark.parametrize("sentence", [
    "Peskow said “we will reject the proposal” [1].",
    "Peskow said “we will not carefully evaluate the proposal” [1].",
    "Peskow said “we won't evaluate the proposal” [1].",
    "Zelenskyy said “we need security guarantees” [1].",  # true, but not in the passage cited
    "Peskow said “We will carefully evaluate … and reject the proposal” [1].",
])
def test_misquotes_are_removed(sentence):
    result = check(sentence)
    assert result.text == "" and result.notes == [
        "Removed 1 sentence that quoted words that are not in the passage they cite."
    ]


def test_markers_in_any_form_are_checked_and_renumbered():
    result = check("Zelenskyy needs security guarantees [2, 1]. Peskow will evaluate the proposal [1-2][3].")
    assert result.text == "Zelenskyy needs security guarantees [1][2]. Peskow will evaluate the proposal [2][1]."
    assert result.cited == [1, 0]
    assert result.notes == ["Dropped citation [3]: only passages [1]–[2] were given."]
    assert check("Peskow will evaluate the proposal [0].").text == ""


def test_paragraphs_survive_and_uncited_lines_go():
    result = check("Here is what I found:\n\nPeskow will evaluate the proposal [1].\n\n"
                   "Zelenskyy spoke in Kyiv [2].\nThat is all.")
    assert result.text == "Peskow will evaluate the proposal [1].\n\nZelenskyy spoke in Kyiv [2]."
    assert result.notes == ["Removed 2 sentences that cited no passage it was given."]


def test_the_not_found_sentence_is_recognised():
    result = check(f"{NOT_FOUND}")
    assert result.said_not_found and result.text == "" and result.notes == []


ANSWERS = [
    "Peskow said “we will carefully evaluate the proposal” [1]. Zelenskyy said “we need security "
    "guarantees” [2][7]. U.S. officials were not quoted. Zelenskyy spoke in Kyiv [2, 1].",
    "- Peskow: “We will carefully evaluate the proposal” [1]\n- Zelenskyy: “We must move toward "
    "peace” [2]\n\nBoth spoke [9]. Zelenskyy said “we want weapons” [2]. He spoke from Kyiv. [2]",
    "Peskow said \"We will carefully\nevaluate the proposal\" [1]\n1. Zelenskyy spoke in Kyiv [2]\n"
    "2. See www.example.com [2].\nZelenskyy said “we must move toward peace. We need security "
    "guarantees” [2]",
]


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(ANSWERS), st.lists(st.integers(1, 6), min_size=1, max_size=200))
def test_text_arriving_in_pieces_is_checked_as_a_whole(answer, sizes):
    """However the text is cut, what is shown while it grows is checked, keeps whole
    markers, only grows, and ends as the text checked in one piece."""
    whole = check(answer)
    checker = AnswerChecker(PASSAGES, NOT_FOUND)
    shown, end = [], 0
    for size in sizes * (len(answer) // len(sizes) + 1):
        end = min(len(answer), end + size)
        if checker.feed(answer[:end]):
            shown.append(checker.text)
        if end == len(answer):
            break
    final = checker.finish(answer)
    assert (final.text, final.cited, final.notes) == (whole.text, whole.cited, whole.notes)
    for text in shown:
        assert whole.text.startswith(text)
        assert not re.search(r"\[[^\]]*$", text) and "[7]" not in text and "[9]" not in text
    assert shown == sorted(shown, key=len)
