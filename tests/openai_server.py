"""A stand-in language model behind the real protocol: a local HTTP server speaking the
OpenAI chat API (POST /v1/chat/completions, whole or streamed as server-sent events), and
Ollama's own (POST /api/chat, whole or streamed as JSON lines).

A test sets `reply`, a function from the request's messages to the model's text, and reads
`requests` to see what the model was told.
"""
from __future__ import annotations

import json
import re
import threading
import time
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from assistant import Settings


def passage_number(messages: list[dict], phrase: str) -> int:
    """The number [n] under which the prompt gave the passage holding `phrase`."""
    user = next(m["content"] for m in messages if m["role"] == "user")
    for m in re.finditer(r"BEGIN \[(\d+)\] (\w+)\n(.*?)\nEND \[\1\] \2", user, re.S):
        if phrase in m.group(3):
            return int(m.group(1))
    raise AssertionError(f"no passage given to the model holds {phrase!r}")


def fenced_passages(messages: list[dict]) -> list[str]:
    """The text of each passage, as fenced in the prompt."""
    user = next(m["content"] for m in messages if m["role"] == "user")
    return [m.group(3) for m in re.finditer(r"BEGIN \[(\d+)\] (\w+)\n(.*?)\nEND \[\1\] \2", user, re.S)]


def passage_body(fenced: str) -> str:
    """A fenced passage's article text: without its "Title:" line and, for a recorded
    quotation, its "Speaker:" line."""
    return re.sub(r"\ATitle: [^\n]*\n(?:Speaker: [^\n]*\n)?", "", fenced)


def passage_speaker(fenced: str) -> str | None:
    """The speaker a fenced passage is labelled with, or None."""
    found = re.search(r"^Speaker: ([^\n]*)$", fenced, re.M)
    return found.group(1) if found else None


class FakeOpenAI:
    def __init__(self, chunk_chars: int = 3):
        self.reply = lambda messages: "Not found in the indexed articles."
        self.requests: list[dict] = []
        self.chunk_chars = chunk_chars  # streamed pieces this long, so markers arrive split
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # keep test output clean
                pass

            def do_POST(self):
                if self.path == "/api/show":  # Ollama's client asks the model's context length
                    self._send(200, {"model_info": {"llama.context_length": 8192}})
                    return
                if self.path.rstrip("/") not in ("/v1/chat/completions", "/api/chat"):
                    self.send_error(404)
                    return
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                owner.requests.append(body)
                text = owner.reply(body["messages"])
                if self.path.startswith("/api/"):
                    self._ollama(body, text)
                elif body.get("stream"):
                    self._stream(body["model"], text)
                else:
                    self._send(200, {
                        "id": "chatcmpl-test", "object": "chat.completion", "created": int(time.time()),
                        "model": body["model"],
                        "choices": [{"index": 0, "message": {"role": "assistant", "content": text},
                                     "finish_reason": "stop"}],
                        "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
                    })

            def _ollama(self, body: dict, text: str) -> None:
                def line(content: str, done: bool) -> dict:
                    return {"model": body["model"], "created_at": "2025-03-12T00:00:00Z",
                            "message": {"role": "assistant", "content": content}, "done": done,
                            **({"done_reason": "stop"} if done else {})}

                if not body.get("stream"):
                    self._send(200, line(text, True))
                    return
                self.send_response(200)
                self.send_header("Content-Type", "application/x-ndjson")
                self.end_headers()
                pieces = [text[i : i + owner.chunk_chars] for i in range(0, len(text), owner.chunk_chars)]
                for piece in pieces:
                    self.wfile.write((json.dumps(line(piece, False)) + "\n").encode())
                    self.wfile.flush()
                self.wfile.write((json.dumps(line("", True)) + "\n").encode())
                self.wfile.flush()

            def _send(self, status: int, payload: dict) -> None:
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _stream(self, model: str, text: str) -> None:
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.end_headers()
                pieces = [text[i : i + owner.chunk_chars] for i in range(0, len(text), owner.chunk_chars)]
                for n, piece in enumerate([*pieces, None]):
                    choice = {"index": 0, "delta": {"content": piece} if piece else {},
                              "finish_reason": None if piece else "stop"}
                    if n == 0:
                        choice["delta"]["role"] = "assistant"
                    event = {"id": "chatcmpl-test", "object": "chat.completion.chunk",
                             "created": int(time.time()), "model": model, "choices": [choice]}
                    self.wfile.write(f"data: {json.dumps(event)}\n\n".encode())
                    self.wfile.flush()
                self.wfile.write(b"data: [DONE]\n\n")
                self.wfile.flush()

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        """The OpenAI-compatible API's base address."""
        return f"{self.host}/v1"

    @property
    def host(self) -> str:
        """The server's address, which Ollama's client is given."""
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def llm_settings(index_dir, url: str) -> Settings:
    """Settings of an index answered, in LLM mode, by the OpenAI-compatible server at `url`."""
    return replace(Settings.from_env(), index_dir=index_dir, llm="openai", llm_url=url,
                   llm_model="test-model")


@pytest.fixture(scope="module")
def model():
    """The stand-in model, one per test module (import this fixture to use it)."""
    server = FakeOpenAI()
    yield server
    server.close()
