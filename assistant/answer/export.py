"""Answers taken out of the assistant: Markdown to paste, CSV and JSON to download.

One row per cited passage, with everything needed to find it again and check it:
``document(row["source"]).text[row["start"]:row["end"]] == row["quote"]``. A list of
quotes (`assistant quotes`, a speaker's page) is exported as an answer citing them
(`quotes_answer`), so it has the same rows.
"""
from __future__ import annotations

import csv
import io
import json
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from assistant.answer.extractive import Answer, Citation

# The columns of a row, in order; CSV headers and JSON keys alike.
FIELDS = ("n", "quote", "speaker", "role", "kind", "title", "publisher", "date", "url",
          "source", "file", "start", "end")
# A comparison's rows: the party each statement answers for, then the fields above.
PARTY_FIELDS = ("party", *FIELDS)

# Characters that start emphasis, code, links, HTML or strike-through anywhere in a line.
_INLINE = re.compile(r"([\\`*_\[\]<>~])")
# What opens a block when it leads a line: a heading, a list item, a setext underline, a
# table row, a fenced code block.
_LEADING = re.compile(r"^([#+\-=|])")
_ORDERED = re.compile(r"^(\d{1,9})([.)])")
# An escaped "[n]" citation marker not followed by what would make it a link.
_MARKER = re.compile(r"\\\[(\d+)\\\](?!\(|\\\[|:)")
# "&amp;", "&#169;": an HTML entity, which Markdown would turn into another character.
_ENTITY = re.compile(r"&(?=#?\w+;)")
_AUTOLINK = re.compile(r"^https?://[^\s<>]+$")


def record(citation: "Citation") -> dict:
    """One cited passage as a row of `FIELDS`; missing metadata is None."""
    return {
        "n": citation.n, "quote": citation.text, "speaker": citation.speaker,
        "role": citation.role, "kind": citation.kind, "title": citation.title,
        "publisher": citation.publisher, "date": citation.date, "url": citation.url,
        "source": citation.source, "file": citation.file,
        "start": citation.start, "end": citation.end,
    }


def records_to_csv(rows: list[dict], fields: tuple[str, ...] = FIELDS) -> str:
    """Rows as CSV text with a header line of `fields`: commas, quotation marks and line
    breaks inside a quote are quoted by the `csv` module, so a spreadsheet reads each
    passage whole. None is written as an empty cell."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=fields)
    writer.writeheader()
    writer.writerows({k: "" if row.get(k) is None else row[k] for k in fields} for row in rows)
    return out.getvalue()


def records_to_json(rows: list[dict]) -> str:
    """Rows as a JSON list, non-ASCII letters kept as they are (the text is UTF-8)."""
    return json.dumps(rows, ensure_ascii=False, indent=2)


def escape_line(line: str) -> str:
    """One line of article text made inert in Markdown: it renders as the words it holds,
    never as emphasis, a link, HTML, a heading or a list item."""
    line = _ENTITY.sub(r"\\&", _INLINE.sub(r"\\\1", line.strip()))
    line = _ORDERED.sub(r"\1\\\2", line)
    return _LEADING.sub(r"\\\1", line)


def _escaped(text: str) -> list[str]:
    return [escape_line(line) for line in text.splitlines()]


def _quoted(lines: list[str]) -> list[str]:
    """Lines inside a block quote; an empty line stays inside it rather than ending it."""
    return [f"> {line}" if line else ">" for line in lines]


def _where(citation: "Citation") -> str:
    """"— title, publisher, date, url (chars start–end)", leaving out what is unknown; the
    file stands in for a missing url, so the span always points somewhere."""
    parts = [escape_line(p) for p in (citation.title, citation.publisher, citation.date) if p]
    link = citation.url or citation.file
    if link:
        parts.append(f"<{link}>" if _AUTOLINK.match(link) else escape_line(link))
    return f"— {', '.join(parts)} (chars {citation.start}–{citation.end})"


def _who(citation: "Citation") -> str:
    """"[n] **Speaker**, role" for a quotation; "[n]" for a passage that is nobody's."""
    if not citation.speaker:
        return f"[{citation.n}]"
    role = f", {escape_line(citation.role)}" if citation.role else ""
    return f"[{citation.n}] **{escape_line(citation.speaker)}**{role}"


def citation_markdown(citation: "Citation") -> str:
    """One cited passage as a block quote: who says it, the passage, where it stands."""
    lines = [_who(citation), "", *_escaped(citation.text), "", _where(citation)]
    return "\n".join(_quoted(lines))


def quote_citation(n: int, quote, article: dict) -> "Citation":
    """Quote `n` as a citation, with its article's title, date, publisher, url and file
    from `article` (a row of `Assistant.documents()`; empty when unknown). A quote has no
    retrieval score, and is a quotation."""
    from assistant.answer.extractive import Citation  # extractive imports this module

    return Citation(
        n, quote.source, article.get("title") or "", quote.start, quote.end, quote.text, 0.0,
        date=article.get("date") or None, publisher=article.get("source_name") or None,
        url=article.get("url") or None, file=article.get("path") or None,
        kind="quote", speaker=quote.speaker, role=quote.role,
    )


def quotes_answer(quotes, articles: list[dict], text: str = "") -> "Answer":
    """The quotes, in their order, as the citations of an answer (its `text` above them),
    so they are exported exactly as an answer's passages are.

    :param quotes: anything with the `Quote` fields source, start, end, text, speaker, role.
    :param articles: `Assistant.documents()`, or the part of it holding the quotes' articles.
    """
    from assistant.answer.extractive import Answer

    by_source = {a["source"]: a for a in articles}
    citations = [quote_citation(n, q, by_source.get(q.source, {}))
                 for n, q in enumerate(quotes, 1)]
    return Answer("", text, citations)


def answer_markdown(answer: "Answer") -> str:
    """The answer's text (its [n] markers kept readable), then each citation's block."""
    text = "\n".join(_MARKER.sub(r"[\1]", line) for line in _escaped(answer.text))
    blocks = [text] if text.strip() else []
    blocks += [citation_markdown(c) for c in answer.citations]
    return "\n\n".join(blocks) + "\n"
