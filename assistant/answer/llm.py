"""Answers written by a language model from the retrieved passages, checked before shown.

The model gets the same passages the extractive answer is built from, fenced and labelled as
article text, and the prompts in prompts/. Its reply goes through citation_check: what
survives is shown with its citations renumbered; when nothing survives, or the server
cannot be reached, the extractive answer is shown with a note saying why.
"""
from __future__ import annotations

import re
import secrets
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from assistant.answer.extractive import NOT_FOUND, Answer, Citation
from assistant.answer.citation_check import AnswerChecker
from assistant.errors import AssistantError
from assistant.models.llm import llm_errors
from assistant.search.retriever import Hit

PROMPTS = Path(__file__).resolve().parents[2] / "prompts"  # the repository's prompts/


@dataclass
class CheckedAnswer(Answer):
    """An answer in LLM mode: `mode` says who wrote it ("llm": the model, checked;
    "extractive": the passages themselves, when the model's answer could not be used) and
    `notes` what the checks removed or why the model's answer was not shown."""

    mode: str = "llm"
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {**super().to_dict(), "mode": self.mode, "notes": list(self.notes)}


def load_prompt(name: str, folder: Path = PROMPTS) -> str:
    path = folder / name
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        raise AssistantError(f"{path}: cannot read the prompt ({exc.strerror or exc})") from None


def _fill(template: str, values: dict[str, str]) -> str:
    # One pass over the template, known {names} only: a question or an article may hold braces.
    return re.sub(r"\{(\w+)\}", lambda m: values.get(m.group(1), m.group(0)), template)


def build_messages(question: str, passages: list[Citation], folder: Path = PROMPTS,
                   fence: str | None = None) -> list:
    """System and user messages: the rules, then the passages fenced as untrusted text."""
    from llama_index.core.llms import ChatMessage, MessageRole

    fence = fence or secrets.token_hex(6)
    blocks = []
    for n, p in enumerate(passages, 1):
        text = p.text.replace(fence, "")
        title = p.title.replace(fence, "")
        said = ""
        if p.kind == "quote" and p.speaker:
            who = f"{p.speaker}, {p.role}" if p.role else p.speaker
            said = f"Speaker: {who.replace(fence, '')}\n"
        elif p.kind == "mention":
            said = "Mention: names the person asked about; not their words\n"
        blocks.append(f"BEGIN [{n}] {fence}\nTitle: {title}\n{said}{text.strip()}\nEND [{n}] {fence}")
    values = {
        "count": str(len(passages)), "not_found": NOT_FOUND, "fence": fence,
        "question": question, "passages": "\n\n".join(blocks),
    }
    return [
        ChatMessage(role=MessageRole.SYSTEM, content=_fill(load_prompt("answer_system.txt", folder), values)),
        ChatMessage(role=MessageRole.USER, content=_fill(load_prompt("answer_user.txt", folder), values)),
    ]


# Words addressed to a language model rather than to a reader: worth telling the reader about.
_INSTRUCTION = re.compile(
    r"\b(?:ignore|disregard|forget|override)\s+(?:all\s+|any\s+|the\s+)?(?:previous|prior|above|earlier|"
    r"your|these)\s+(?:instructions|rules|prompts?|directions)\b|\bsystem prompt\b|\byou are now\b",
    re.IGNORECASE,
)


def instruction_notes(passages: list[Citation]) -> list[str]:
    titles = dict.fromkeys(p.title for p in passages if _INSTRUCTION.search(p.text))
    return [f"“{t}” contains instructions to a language model; they were read as article text, not followed."
            for t in titles]


def _from_extractive(extractive: Answer, notes: list[str]) -> CheckedAnswer:
    return CheckedAnswer(
        extractive.question, extractive.text, list(extractive.citations),
        speaker=extractive.speaker, mode="extractive", notes=notes,
    )


def _final(checker: AnswerChecker, raw: str, passages: list[Citation], extractive: Answer) -> CheckedAnswer:
    checked = checker.finish(raw)
    if checked.text:
        citations = [replace(passages[i], n=n) for n, i in enumerate(checked.cited, 1)]
        return CheckedAnswer(extractive.question, checked.text, citations,
                             speaker=extractive.speaker, notes=checked.notes)
    if checked.said_not_found and not extractive.citations:
        return CheckedAnswer(extractive.question, NOT_FOUND, speaker=extractive.speaker, notes=checked.notes)
    why = ("The model found no answer in the passages" if checked.said_not_found
           else "No sentence of the model's answer passed the citation checks")
    return _from_extractive(extractive, [*checked.notes, f"{why}; showing the passages themselves."])


# Reasoning models may think aloud first; that is not part of the answer.
_THINKING = re.compile(r"<think>.*?(?:</think>|$)", re.DOTALL)


def _visible(raw: str) -> str:
    return _THINKING.sub("", raw)


def _reason(exc: BaseException) -> str:
    """One short line: the HTTP status when there is one, the message without markup."""
    text = " ".join(re.sub(r"<[^>]*>", " ", str(exc)).split())
    text = text if len(text) <= 160 else text[:157] + "..."
    status = getattr(exc, "status_code", None)
    return " ".join(p for p in [f"HTTP {status}:" if status else "", text or type(exc).__name__] if p)


def llm_stream(llm, url: str, question: str, passages: list[Citation], extractive: Answer,
               folder: Path = PROMPTS, stream: bool = True) -> Iterator[str | CheckedAnswer]:
    """Checked text so far (whole sentences, whole [n] markers) as the model writes, then
    the final CheckedAnswer. Nothing is asked of the model when no passage was found."""
    if not passages:
        yield CheckedAnswer(question, extractive.text, [], speaker=extractive.speaker)
        return
    messages = build_messages(question, passages, folder)
    # A quote's passage may not name its speaker ("..., he said"): the name and the title
    # count as support, though quotations must be in the passage itself.
    context = [f"{p.title} {p.speaker or extractive.speaker or ''}" for p in passages]
    speakers = [p.speaker if p.kind == "quote" else None for p in passages]
    checker = AnswerChecker([p.text for p in passages], NOT_FOUND, context, speakers)
    raw = ""
    try:
        if stream:
            for part in llm.stream_chat(messages):
                raw += part.delta or ""
                if checker.feed(_visible(raw)):
                    yield checker.text
        else:
            raw = llm.chat(messages).message.content or ""
    except llm_errors() as exc:
        yield _from_extractive(extractive, [
            f"The language model at {url} could not be used ({_reason(exc)}); showing the passages themselves."
        ])
        return
    final = _final(checker, _visible(raw), passages, extractive)
    final.notes.extend(instruction_notes(passages))
    yield final


def llm_answer(llm, url: str, question: str, passages: list[Citation], extractive: Answer,
               folder: Path = PROMPTS) -> CheckedAnswer:
    """The checked answer in one piece (one request, not streamed)."""
    *_, final = llm_stream(llm, url, question, passages, extractive, folder, stream=False)
    return final


def chunk_passages(hits: list[Hit], exclude: set, top_k: int) -> list[Citation]:
    """The best chunks as passages for the model, those shown already left out."""
    chosen: list[Citation] = []
    for h in hits:
        if any(src == h.source and s <= h.start and h.end <= e for src, s, e in exclude):
            continue
        chosen.append(Citation(len(chosen) + 1, h.source, h.title, h.start, h.end, h.text, round(h.score, 4)))
        if len(chosen) == top_k:
            break
    return chosen


def growing(answer: Answer) -> Iterator[str | Answer]:
    """An extractive answer shown part by part (its head, then each cited passage), then whole."""
    parts = answer.text.split("\n\n")
    for i in range(1, len(parts) + 1):
        yield "\n\n".join(parts[:i])
    yield answer
