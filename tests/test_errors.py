"""Bad input gets one clear line and leaves the index exactly as it was."""
import pytest

from assistant import Assistant, AssistantError
from conftest import snapshot


def test_empty_question_is_refused(seed, seed_index):
    before = snapshot(seed_index)
    for question in ["", "   ", "\n\t"]:
        with pytest.raises(AssistantError, match="the question is empty"):
            seed.ask(question)
    assert snapshot(seed_index) == before


def test_huge_question_is_refused_with_its_length(seed, seed_index):
    before = snapshot(seed_index)
    with pytest.raises(AssistantError, match=r"100,000 characters long; the limit is 2,000"):
        seed.ask("x" * 100_000)
    assert snapshot(seed_index) == before


def test_missing_index_directory_is_named_and_not_created(tmp_path):
    missing = tmp_path / "no-such-index"
    with pytest.raises(AssistantError, match=f"{missing}: no index here"):
        Assistant(missing).ask("What did Peskov say?")
    assert not missing.exists()


def test_nonexistent_path_is_named_and_nothing_is_written(tmp_path, corpus):
    index = tmp_path / "index"
    a = Assistant(index)
    a.index([corpus])
    before = snapshot(index)
    with pytest.raises(AssistantError, match="does-not-exist: no such file or directory"):
        a.index([corpus, tmp_path / "does-not-exist"])
    assert snapshot(index) == before


def test_nonexistent_path_does_not_create_an_index(tmp_path):
    index = tmp_path / "index"
    with pytest.raises(AssistantError, match="no such file or directory"):
        Assistant(index).index([tmp_path / "nothing-here.txt"])
    assert not index.exists()


def test_error_messages_are_one_line(seed, tmp_path):
    for call in [lambda: seed.ask(""), lambda: seed.ask("y" * 5000),
                 lambda: Assistant(tmp_path / "x").ask("q")]:
        with pytest.raises(AssistantError) as caught:
            call()
        assert "\n" not in str(caught.value)
