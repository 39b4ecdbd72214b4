"""The optional language model: a llama-index client built from Settings.

"openai" talks to any server with the OpenAI chat API (vLLM, llama.cpp, LM Studio, Ollama's
/v1); "ollama" to Ollama's own API. Nothing here runs unless an LLM answer is asked for.
"""
from __future__ import annotations

from urllib.parse import urlsplit

from assistant.config import Settings
from assistant.errors import AssistantError

OLLAMA_URL = "http://127.0.0.1:11434"


def llm_url(settings: Settings) -> str:
    """The server address the client will call, as shown in messages."""
    url = (settings.llm_url or "").strip().rstrip("/")
    if settings.llm == "ollama":
        return url or OLLAMA_URL
    if not url:
        raise AssistantError("ASSISTANT_LLM_URL is not set: give the OpenAI-compatible server, e.g. http://127.0.0.1:8000/v1")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise AssistantError(f"ASSISTANT_LLM_URL must be an http(s) address, got {url!r}")
    # The OpenAI API lives under /v1; a bare host:port means that.
    return url if parts.path not in ("", "/") else url + "/v1"


def make_llm(settings: Settings):
    """A llama-index LLM for the configured server; constructing it contacts nothing."""
    if not settings.llm:
        raise AssistantError(
            "no language model is configured: set ASSISTANT_LLM to openai or ollama, "
            "with ASSISTANT_LLM_URL and ASSISTANT_LLM_MODEL"
        )
    if not settings.llm_model:
        raise AssistantError("ASSISTANT_LLM_MODEL is not set: name the model the server should run")
    url = llm_url(settings)
    if settings.llm == "ollama":
        from llama_index.llms.ollama import Ollama

        return Ollama(
            model=settings.llm_model, base_url=url, request_timeout=settings.llm_timeout,
            temperature=0.0,
        )
    from llama_index.llms.openai_like import OpenAILike

    return OpenAILike(
        model=settings.llm_model, api_base=url, api_key=settings.llm_key or "unused",
        is_chat_model=True, timeout=settings.llm_timeout, temperature=0.0,
        # One retry: a server that is down should be reported in seconds, not minutes.
        max_retries=1,
    )


def llm_errors() -> tuple[type[BaseException], ...]:
    """What a failing server raises through either client (refused, timed out, HTTP error)."""
    import httpx
    import openai

    errors: list[type[BaseException]] = [openai.OpenAIError, httpx.HTTPError, OSError, TimeoutError]
    try:
        import ollama

        errors.append(ollama.ResponseError)
    except ImportError:
        pass
    return tuple(errors)
