"""Settings: one object, read from the environment (ASSISTANT_*) and overridden by arguments.

Every field is checked when a Settings is made (directly, by `from_env` or by
`dataclasses.replace`): a value it cannot take is refused with the field's name.
"""
from __future__ import annotations

import math
import os
from collections.abc import Callable
from dataclasses import dataclass, fields
from pathlib import Path
from urllib.parse import urlparse

from assistant.errors import AssistantError

DEFAULT_INDEX = Path("indexes/default")
ANSWER_MODES = ("extractive", "llm")
RETRIEVAL_MODES = ("hybrid", "dense", "bm25")
LLM_KINDS = ("", "openai", "ollama")
# The model reads 256 wordpieces, two of them its own start and end markers.
MAX_CHUNK_TOKENS = 254
# Below this a chunk holds less than a sentence of news prose.
MIN_CHUNK_TOKENS = 16


class SettingError(AssistantError):
    """A Settings field was given a value it cannot take.

    :param field: the field's name, e.g. ``"top_k"``.
    :param rule: what the field takes, e.g. ``"a whole number >= 1"``.
    :param value: the value refused.
    """

    def __init__(self, field: str, rule: str, value: object):
        super().__init__(f"Settings.{field} must be {rule}, got {value!r}")
        self.field, self.rule, self.value = field, rule, value


@dataclass(frozen=True)
class Settings:
    """How an index is built and questions are answered. Made by `Settings.from_env()`, which
    reads the ASSISTANT_* variables named below, or directly with keyword arguments.

    :param index_dir: folder of the index (str or Path, kept as a Path); default
        ``indexes/default``; ``ASSISTANT_INDEX``.
    :param chunk_tokens: wordpieces per chunk, 16 to 254 (the model reads 256); default 200;
        ``ASSISTANT_CHUNK_TOKENS``.
    :param chunk_overlap: wordpieces two neighbouring chunks share, 0 to chunk_tokens - 1;
        default 20.
    :param top_k: passages cited in an answer at most, >= 1; default 5; ``ASSISTANT_TOP_K``.
    :param candidates: passages retrieved to choose them from, >= top_k; default 20.
    :param max_question_chars: longest question accepted, >= 1; default 2000.
    :param embed_batch: chunks the model embeds in one call, >= 1; default 32.
    :param index_batch: sentences embedded and written in one go, >= 1; default 1024;
        ``ASSISTANT_INDEX_BATCH``.
    :param index_workers: worker processes for a large indexing run, >= 1 (1: none); default
        the number of cores up to 4; ``ASSISTANT_INDEX_WORKERS``.
    :param extract_quotes: find quotations while indexing (True or False); default True.
    :param learned_attribution: let the attribution model trained on PolNeAR train add the
        attributions it finds beyond the rules and set where each quote's content and source
        spans begin and end (True), or index the rules' quotes alone (False); default True;
        ``ASSISTANT_LEARNED_ATTRIBUTION`` (1/0, true/false, yes/no, on/off).
    :param json_fields: JSON article field names to try first, a dict of field -> list of
        names such as ``{"text": ["story"]}``, or None; default None;
        ``ASSISTANT_JSON_FIELDS='text=story,body;date=pubDate'``.
    :param lock_wait: seconds a second writer waits for the first, >= 0; default 0.
    :param chroma_url: a Chroma server's http(s) URL, or None for the embedded store; default
        None; ``ASSISTANT_CHROMA_URL``.
    :param llm: the language model's kind: ``""`` (none), ``"openai"`` (any OpenAI-compatible
        server) or ``"ollama"``; default ``""``; ``ASSISTANT_LLM``.
    :param llm_url: the model server's URL, or None (Ollama's default); ``ASSISTANT_LLM_URL``.
    :param llm_model: the model's name, or None; ``ASSISTANT_LLM_MODEL``.
    :param llm_key: the API key sent to the server, or None; ``ASSISTANT_LLM_KEY``.
    :param llm_timeout: seconds each model request may take, > 0; default 120;
        ``ASSISTANT_LLM_TIMEOUT``.
    :param answer_mode: ``"extractive"`` (the passages themselves) or ``"llm"``; default
        ``"extractive"``; ``ASSISTANT_ANSWER_MODE``.
    :param retrieval: how passages are found: ``"hybrid"`` (dense and keyword search fused,
        then re-ranked), ``"dense"`` or ``"bm25"`` alone (for measuring them); default
        ``"hybrid"``; ``ASSISTANT_RETRIEVAL``.
    :raises SettingError: (an AssistantError) when a field is given a value it cannot take,
        naming the field and the value.
    """

    index_dir: Path = DEFAULT_INDEX
    # Chunks stay well under the model's 256-wordpiece window.
    chunk_tokens: int = 200
    chunk_overlap: int = 20
    # Passages returned with an answer, and candidates looked at to choose them.
    top_k: int = 5
    candidates: int = 20
    max_question_chars: int = 2000
    embed_batch: int = 32
    # Sentences embedded together and written in one go (about 40 news articles): on 60 BBC
    # articles, writing every 256 made indexing 20% slower. Smaller means finer progress.
    index_batch: int = 1024
    # Worker processes that prepare articles for a large indexing run (indexing/workers.py);
    # 1 keeps all indexing in the calling process. Each holds a model and spaCy (~0.5 GB).
    index_workers: int = min(os.cpu_count() or 1, 4)
    # Quote extraction at index time; off only to measure what it costs.
    extract_quotes: bool = True
    learned_attribution: bool = True
    json_fields: dict | None = None
    lock_wait: float = 0.0
    chroma_url: str | None = None
    llm: str = ""
    llm_url: str | None = None
    llm_model: str | None = None
    llm_key: str | None = None
    llm_timeout: float = 120.0
    answer_mode: str = "extractive"
    retrieval: str = "hybrid"

    def __post_init__(self) -> None:
        if isinstance(self.index_dir, (str, os.PathLike)) and not isinstance(self.index_dir, Path):
            object.__setattr__(self, "index_dir", Path(self.index_dir))
        for f in fields(self):
            rule = RULES[f.name]
            value = getattr(self, f.name)
            if not rule.holds(value, self):
                raise SettingError(f.name, rule.says(self), value)

    @classmethod
    def from_env(cls, **overrides) -> "Settings":
        """Settings from the ASSISTANT_* variables (an empty one means the default), then
        `overrides` (those given as None are ignored).

        :returns: the checked Settings.
        :raises AssistantError: naming the variable when one cannot be read or is out of
            range, or the field when an override is.
        """
        values, raw = _read_env(cls)
        given = {k: v for k, v in overrides.items() if v is not None}
        try:
            return cls(**{**values, **given})
        except SettingError as exc:
            from_env = {k: text for k, text in raw.items() if k not in given}
            raise _env_error(exc, from_env) from None


@dataclass(frozen=True)
class _Rule:
    """What one field takes: `says` it in words (for messages), `holds` tests a value.
    `needs` names the other fields the rule reads."""

    says: Callable[[Settings], str]
    holds: Callable[[object, Settings], bool]
    needs: tuple[str, ...] = ()


def _whole(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _at_least(low: int) -> _Rule:
    return _Rule(lambda s: f"a whole number >= {low}", lambda v, s: _whole(v) and v >= low)


def _seconds(positive: bool) -> _Rule:
    bound = "> 0" if positive else ">= 0"

    def holds(value, _settings) -> bool:
        if not isinstance(value, (int, float)) or isinstance(value, bool) or not math.isfinite(value):
            return False
        return value > 0 if positive else value >= 0

    return _Rule(lambda s: f"a number of seconds {bound}", holds)


def _one_of(choices: tuple[str, ...]) -> _Rule:
    shown = ", ".join(repr(c) for c in choices if c)
    says = f"one of {shown}" + (" (or '' for none)" if "" in choices else "")
    return _Rule(lambda s: says, lambda v, s: isinstance(v, str) and v in choices)


_OPTIONAL_TEXT = _Rule(lambda s: "text or None", lambda v, s: v is None or isinstance(v, str))


def _http_url(value) -> bool:
    if not isinstance(value, str):
        return False
    url = urlparse(value)
    try:
        url.port  # noqa: B018 -- reading it checks the port is a number
    except ValueError:
        return False
    return url.scheme in {"http", "https"} and bool(url.hostname)


def _field_names(value) -> bool:
    """A dict of field -> non-empty list of non-empty names."""
    if not isinstance(value, dict):
        return False
    return all(
        isinstance(key, str) and key and isinstance(names, list) and names
        and all(isinstance(n, str) and n.strip() for n in names)
        for key, names in value.items()
    )


# One rule per field, in the order the fields are declared and checked.
RULES: dict[str, _Rule] = {
    "index_dir": _Rule(lambda s: "a folder path (str or Path)", lambda v, s: isinstance(v, Path)),
    "chunk_tokens": _Rule(
        lambda s: f"a whole number from {MIN_CHUNK_TOKENS} to {MAX_CHUNK_TOKENS}",
        lambda v, s: _whole(v) and MIN_CHUNK_TOKENS <= v <= MAX_CHUNK_TOKENS),
    "chunk_overlap": _Rule(
        lambda s: f"a whole number from 0 to chunk_tokens - 1 ({s.chunk_tokens - 1})",
        lambda v, s: _whole(v) and 0 <= v < s.chunk_tokens, needs=("chunk_tokens",)),
    "top_k": _at_least(1),
    "candidates": _Rule(
        lambda s: f"a whole number >= top_k ({s.top_k})",
        lambda v, s: _whole(v) and v >= s.top_k, needs=("top_k",)),
    "max_question_chars": _at_least(1),
    "embed_batch": _at_least(1),
    "index_batch": _at_least(1),
    "index_workers": _at_least(1),
    "extract_quotes": _Rule(lambda s: "True or False", lambda v, s: isinstance(v, bool)),
    "learned_attribution": _Rule(lambda s: "True or False", lambda v, s: isinstance(v, bool)),
    "json_fields": _Rule(
        lambda s: "a dict of field -> list of names, such as {'text': ['story']}",
        lambda v, s: v is None or _field_names(v)),
    "lock_wait": _seconds(positive=False),
    "chroma_url": _Rule(lambda s: "an http(s) URL such as http://host:8000",
                        lambda v, s: v is None or _http_url(v)),
    "llm": _one_of(LLM_KINDS),
    "llm_url": _OPTIONAL_TEXT,
    "llm_model": _OPTIONAL_TEXT,
    "llm_key": _OPTIONAL_TEXT,
    "llm_timeout": _seconds(positive=True),
    "answer_mode": _one_of(ANSWER_MODES),
    "retrieval": _one_of(RETRIEVAL_MODES),
}

# The fields read from the environment, each from its variable.
ENV_VARS = {
    "index_dir": "ASSISTANT_INDEX",
    "chunk_tokens": "ASSISTANT_CHUNK_TOKENS",
    "top_k": "ASSISTANT_TOP_K",
    "index_batch": "ASSISTANT_INDEX_BATCH",
    "index_workers": "ASSISTANT_INDEX_WORKERS",
    "chroma_url": "ASSISTANT_CHROMA_URL",
    "json_fields": "ASSISTANT_JSON_FIELDS",
    "llm": "ASSISTANT_LLM",
    "llm_url": "ASSISTANT_LLM_URL",
    "llm_model": "ASSISTANT_LLM_MODEL",
    "llm_key": "ASSISTANT_LLM_KEY",
    "llm_timeout": "ASSISTANT_LLM_TIMEOUT",
    "answer_mode": "ASSISTANT_ANSWER_MODE",
    "retrieval": "ASSISTANT_RETRIEVAL",
    "learned_attribution": "ASSISTANT_LEARNED_ATTRIBUTION",
}


def _json_fields(spec: str) -> dict:
    """'text=story,body;date=pubDate' -> {"text": ["story", "body"], "date": ["pubDate"]}."""
    found = {}
    for part in spec.split(";"):
        key, sep, names = part.partition("=")
        listed = [n.strip() for n in names.split(",") if n.strip()]
        if not sep or not key.strip() or not listed:
            raise AssistantError(f"ASSISTANT_JSON_FIELDS: expected field=name,name;... got {part!r}")
        found[key.strip()] = listed
    return found


_BOOLEANS = {"1": True, "true": True, "yes": True, "on": True,
             "0": False, "false": False, "no": False, "off": False}


def _parsed(name: str, text: str, default):
    """The value of field `name` from its variable's `text`, in the field's type."""
    if name == "index_dir":
        return Path(text)
    if name == "json_fields":
        return _json_fields(text)
    if name in ("llm", "answer_mode", "retrieval"):
        return text.strip().lower()
    if isinstance(default, bool):
        word = text.strip().lower()
        if word not in _BOOLEANS:
            raise ValueError(text)
        return _BOOLEANS[word]
    if isinstance(default, int):
        return int(text)
    if isinstance(default, float):
        return float(text)
    return text


def _read_env(cls) -> tuple[dict, dict]:
    """The fields whose variables are set (not blank), parsed; and the raw text of each."""
    defaults = {f.name: f.default for f in fields(cls)}
    values, raw = {}, {}
    for name, var in ENV_VARS.items():
        text = os.environ.get(var, "")
        if not text.strip():
            continue
        try:
            values[name] = _parsed(name, text, defaults[name])
        except ValueError:
            raise AssistantError(f"{var} must be {RULES[name].says(cls())}, got {text!r}") from None
        raw[name] = text
    return values, raw


def _env_error(exc: SettingError, raw: dict) -> AssistantError:
    """A refused field in the words of the variable it was read from."""
    if exc.field in raw:
        return AssistantError(f"{ENV_VARS[exc.field]} must be {exc.rule}, got {raw[exc.field]!r}")
    read = [f"{n} is read from {ENV_VARS[n]}" for n in RULES[exc.field].needs if n in raw]
    return AssistantError(f"{exc} ({'; '.join(read)})") if read else exc
