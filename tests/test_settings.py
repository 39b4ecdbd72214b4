"""Settings refuse values they cannot take, naming the field (or the variable it was read from)."""
from dataclasses import fields, replace
from pathlib import Path

import pytest

from assistant import AssistantError, SettingError, Settings
from assistant.config import ENV_VARS, RULES

# A value each field refuses, and the words the refusal must hold.
REFUSED = [
    ("index_dir", 7, "a folder path"),
    ("chunk_tokens", 300, "from 16 to 254"),
    ("chunk_tokens", 8, "from 16 to 254"),
    ("chunk_tokens", 200.0, "whole number"),
    ("chunk_overlap", -1, "from 0 to chunk_tokens - 1"),
    ("chunk_overlap", 200, "from 0 to chunk_tokens - 1 (199)"),
    ("top_k", -1, "a whole number >= 1"),
    ("top_k", 0, "a whole number >= 1"),
    ("top_k", True, "a whole number >= 1"),
    ("top_k", "5", "a whole number >= 1"),
    ("candidates", 4, "a whole number >= top_k (5)"),
    ("max_question_chars", 0, "a whole number >= 1"),
    ("embed_batch", 0, "a whole number >= 1"),
    ("index_batch", -5, "a whole number >= 1"),
    ("index_workers", 0, "a whole number >= 1"),
    ("extract_quotes", "yes", "True or False"),
    ("learned_attribution", 1, "True or False"),
    ("json_fields", {"text": "story"}, "list of names"),
    ("json_fields", {"text": []}, "list of names"),
    ("json_fields", {"text": [""]}, "list of names"),
    ("json_fields", ["text"], "list of names"),
    ("lock_wait", -1, "seconds >= 0"),
    ("lock_wait", float("nan"), "seconds >= 0"),
    ("chroma_url", "127.0.0.1:8000", "http(s) URL"),
    ("chroma_url", "ftp://host:8000", "http(s) URL"),
    ("chroma_url", "http://host:port", "http(s) URL"),
    ("chroma_url", "", "http(s) URL"),
    ("llm", "gpt", "one of 'openai', 'ollama'"),
    ("llm", "OpenAI", "one of 'openai', 'ollama'"),
    ("llm_url", 8000, "text or None"),
    ("llm_model", ["llama"], "text or None"),
    ("llm_key", b"secret", "text or None"),
    ("llm_timeout", 0, "seconds > 0"),
    ("llm_timeout", float("inf"), "seconds > 0"),
    ("llm_timeout", "soon", "seconds > 0"),
    ("answer_mode", "chatty", "one of 'extractive', 'llm'"),
    ("retrieval", "sparse", "one of 'hybrid', 'dense', 'bm25'"),
]


@pytest.fixture
def clean_env(monkeypatch):
    """No ASSISTANT_* variable set: Settings.from_env() gives the defaults."""
    for var in ENV_VARS.values():
        monkeypatch.delenv(var, raising=False)
    return monkeypatch


def test_every_field_has_a_rule_and_a_refused_value():
    names = [f.name for f in fields(Settings)]
    assert list(RULES) == names  # checked in the order declared
    assert {name for name, _, _ in REFUSED} == set(names)


@pytest.mark.parametrize(("name", "value", "said"), REFUSED, ids=lambda v: repr(v)[:30])
def test_a_bad_value_is_refused_naming_the_field(name, value, said):
    with pytest.raises(SettingError) as caught:
        Settings(**{name: value})
    message = str(caught.value)
    assert message.startswith(f"Settings.{name} must be ")
    assert said in message and message.endswith(f"got {value!r}")
    assert caught.value.field == name and isinstance(caught.value, AssistantError)


def test_the_example_message_word_for_word():
    with pytest.raises(AssistantError) as caught:
        Settings(top_k=-1)
    assert str(caught.value) == "Settings.top_k must be a whole number >= 1, got -1"


def test_replace_checks_too():
    with pytest.raises(SettingError, match="Settings.chunk_overlap"):
        replace(Settings(), chunk_tokens=20)  # the default overlap of 20 no longer fits


def test_defaults_and_good_overrides_are_accepted():
    default = Settings()
    assert (default.top_k, default.candidates, default.chunk_tokens) == (5, 20, 200)
    assert default.index_dir == Path("indexes/default") and default.index_workers >= 1
    good = Settings(
        index_dir="some/index", chunk_tokens=80, chunk_overlap=0, top_k=20, candidates=20,
        max_question_chars=1, embed_batch=1, index_batch=1, index_workers=1,
        extract_quotes=False, json_fields={"text": ["story", "body"]}, lock_wait=0,
        chroma_url="https://chroma.example:8443", llm="ollama", llm_url="http://127.0.0.1:11434",
        llm_model="llama3.2", llm_key="k", llm_timeout=0.5, answer_mode="llm",
    )
    assert good.index_dir == Path("some/index")  # a str path is kept as a Path
    assert good.chunk_tokens == 80 and good.candidates == good.top_k == 20
    assert Settings(chunk_tokens=254, chunk_overlap=253, lock_wait=2.5).chunk_overlap == 253


def test_environment_defaults(clean_env):
    assert Settings.from_env() == Settings()


def test_environment_values_are_read(clean_env):
    clean_env.setenv("ASSISTANT_INDEX", "elsewhere")
    clean_env.setenv("ASSISTANT_TOP_K", "3")
    clean_env.setenv("ASSISTANT_CHUNK_TOKENS", "120")
    clean_env.setenv("ASSISTANT_CHROMA_URL", "http://127.0.0.1:8000")
    clean_env.setenv("ASSISTANT_JSON_FIELDS", "text=story, body;date=pubDate")
    clean_env.setenv("ASSISTANT_LLM", " Ollama ")
    clean_env.setenv("ASSISTANT_LLM_TIMEOUT", "7.5")
    clean_env.setenv("ASSISTANT_ANSWER_MODE", "LLM")
    s = Settings.from_env()
    assert (s.index_dir, s.top_k, s.chunk_tokens) == (Path("elsewhere"), 3, 120)
    assert s.chroma_url == "http://127.0.0.1:8000"
    assert s.json_fields == {"text": ["story", "body"], "date": ["pubDate"]}
    assert (s.llm, s.llm_timeout, s.answer_mode) == ("ollama", 7.5, "llm")
    assert Settings.from_env().learned_attribution is True
    for word, value in [("0", False), ("off", False), ("FALSE", False), ("1", True), ("yes", True)]:
        clean_env.setenv("ASSISTANT_LEARNED_ATTRIBUTION", word)
        assert Settings.from_env().learned_attribution is value
    # Arguments win over the environment; None leaves the environment's value.
    s = Settings.from_env(index_dir="given", top_k=None)
    assert (s.index_dir, s.top_k) == (Path("given"), 3)


@pytest.mark.parametrize(("var", "value", "said"), [
    ("ASSISTANT_TOP_K", "-1", "ASSISTANT_TOP_K must be a whole number >= 1, got '-1'"),
    ("ASSISTANT_TOP_K", "five", "ASSISTANT_TOP_K must be a whole number >= 1, got 'five'"),
    ("ASSISTANT_CHUNK_TOKENS", "512", "ASSISTANT_CHUNK_TOKENS must be a whole number from 16 to 254"),
    ("ASSISTANT_INDEX_BATCH", "0", "ASSISTANT_INDEX_BATCH must be a whole number >= 1"),
    ("ASSISTANT_INDEX_WORKERS", "two", "ASSISTANT_INDEX_WORKERS must be a whole number >= 1"),
    ("ASSISTANT_CHROMA_URL", "localhost:8000", "ASSISTANT_CHROMA_URL must be an http(s) URL"),
    ("ASSISTANT_JSON_FIELDS", "text=,", "ASSISTANT_JSON_FIELDS: expected field=name,name"),
    ("ASSISTANT_JSON_FIELDS", "story", "ASSISTANT_JSON_FIELDS: expected field=name,name"),
    ("ASSISTANT_LLM", "gpt", "ASSISTANT_LLM must be one of 'openai', 'ollama'"),
    ("ASSISTANT_LLM_TIMEOUT", "-3", "ASSISTANT_LLM_TIMEOUT must be a number of seconds > 0"),
    ("ASSISTANT_LLM_TIMEOUT", "soon", "ASSISTANT_LLM_TIMEOUT must be a number of seconds > 0"),
    ("ASSISTANT_ANSWER_MODE", "chatty", "ASSISTANT_ANSWER_MODE must be one of 'extractive', 'llm'"),
    ("ASSISTANT_LEARNED_ATTRIBUTION", "maybe", "ASSISTANT_LEARNED_ATTRIBUTION must be True or False"),
])
def test_a_bad_variable_is_refused_naming_it(clean_env, var, value, said):
    clean_env.setenv(var, value)
    with pytest.raises(AssistantError) as caught:
        Settings.from_env()
    assert str(caught.value).startswith(said)
    assert "\n" not in str(caught.value)


def test_a_variable_that_breaks_another_field_is_named(clean_env):
    clean_env.setenv("ASSISTANT_TOP_K", "30")  # more than the 20 candidates
    with pytest.raises(AssistantError, match=r"Settings\.candidates .* \(top_k is read from ASSISTANT_TOP_K\)"):
        Settings.from_env()
    assert Settings.from_env(candidates=30).top_k == 30


def test_a_blank_variable_means_the_default(clean_env):
    for var in ENV_VARS.values():
        clean_env.setenv(var, "  ")
    assert Settings.from_env() == Settings()


def test_a_bad_override_names_the_field(clean_env):
    with pytest.raises(SettingError, match=r"^Settings\.index_workers must be a whole number >= 1, got 0$"):
        Settings.from_env(index_workers=0)
