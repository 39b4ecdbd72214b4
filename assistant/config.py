"""Settings: one object, read from the environment (ASSISTANT_*) and overridden by arguments."""
from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

from assistant.errors import AssistantError

DEFAULT_INDEX = Path("indexes/default")


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise AssistantError(f"{name} must be an integer, got {value!r}") from None


def _env_float(name: str, default: float) -> float:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        number = float(value)
    except ValueError:
        number = 0.0
    if not number > 0:
        raise AssistantError(f"{name} must be a positive number of seconds, got {value!r}")
    return number


ANSWER_MODES = ("extractive", "llm")


def _choice(name: str, allowed: tuple[str, ...]) -> str:
    """The env value, lower-cased; empty means the first choice."""
    value = os.environ.get(name, "").strip().lower() or allowed[0]
    if value not in allowed:
        shown = ", ".join(repr(a) for a in allowed if a)
        raise AssistantError(f"{name} must be one of {shown}, got {os.environ[name]!r}")
    return value


def _json_fields(spec: str) -> dict | None:
    """'text=story,body;date=pubDate' -> {"text": ["story", "body"], "date": ["pubDate"]}."""
    if not spec.strip():
        return None
    fields = {}
    for part in spec.split(";"):
        key, sep, names = part.partition("=")
        if not sep or not key.strip() or not names.strip():
            raise AssistantError(f"ASSISTANT_JSON_FIELDS: expected field=name,name;... got {part!r}")
        fields[key.strip()] = [n.strip() for n in names.split(",") if n.strip()]
    return fields


@dataclass(frozen=True)
class Settings:
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
    # Worker processes that prepare articles for a large indexing run (index_workers.py);
    # 1 keeps all indexing in the calling process. Each holds a model and spaCy (~0.5 GB).
    index_workers: int = min(os.cpu_count() or 1, 4)
    # Quote extraction at index time; off only to measure what it costs.
    extract_quotes: bool = True
    # JSON article field names to try first, e.g. {"text": ["story"], "date": ["pubDate"]}.
    json_fields: dict | None = None
    # Seconds a second writer waits for the first before giving up with a message.
    lock_wait: float = 0.0
    chroma_url: str | None = None
    # Optional LLM answers: "" (none), "openai" (any OpenAI-compatible server) or "ollama".
    llm: str = ""
    llm_url: str | None = None
    llm_model: str | None = None
    llm_key: str | None = None
    llm_timeout: float = 120.0
    answer_mode: str = "extractive"  # or "llm", when an LLM is configured
    extra: dict = field(default_factory=dict)

    @classmethod
    def from_env(cls, **overrides) -> "Settings":
        env = os.environ
        base = cls(
            index_dir=Path(env.get("ASSISTANT_INDEX") or DEFAULT_INDEX),
            chunk_tokens=_env_int("ASSISTANT_CHUNK_TOKENS", cls.chunk_tokens),
            top_k=_env_int("ASSISTANT_TOP_K", cls.top_k),
            index_batch=_env_int("ASSISTANT_INDEX_BATCH", cls.index_batch),
            index_workers=_env_int("ASSISTANT_INDEX_WORKERS", cls.index_workers),
            chroma_url=env.get("ASSISTANT_CHROMA_URL") or None,
            json_fields=_json_fields(env.get("ASSISTANT_JSON_FIELDS", "")),
            llm=_choice("ASSISTANT_LLM", ("", "openai", "ollama")),
            llm_url=env.get("ASSISTANT_LLM_URL") or None,
            llm_model=env.get("ASSISTANT_LLM_MODEL") or None,
            llm_key=env.get("ASSISTANT_LLM_KEY") or None,
            llm_timeout=_env_float("ASSISTANT_LLM_TIMEOUT", cls.llm_timeout),
            answer_mode=_choice("ASSISTANT_ANSWER_MODE", ANSWER_MODES),
        )
        given = {k: v for k, v in overrides.items() if v is not None}
        if "index_dir" in given:
            given["index_dir"] = Path(given["index_dir"])
        return replace(base, **given)
