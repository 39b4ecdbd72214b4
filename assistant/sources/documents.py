"""Articles from files: one Article per article, text exactly as decoded or extracted."""
from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from assistant.sources import loaders
from assistant.errors import SourceError
from assistant.text.dates import date_from_filename

SUFFIXES = {
    ".txt": "text", ".md": "markdown", ".markdown": "markdown", ".html": "html",
    ".htm": "html", ".pdf": "pdf", ".json": "json", ".jsonl": "jsonl", ".docx": "docx",
}
_TITLE_MAX = 120
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.+?)\s*#*\s*$", re.MULTILINE)


@dataclass
class Article:
    """An article as indexed: `text` is what every citation offset points into."""

    source: str  # stable id: the file's absolute path, plus "#key" inside a JSON file
    title: str
    text: str
    sha256: str  # of the file the article came from
    path: str
    meta: dict = field(default_factory=dict)  # date (ISO 8601), source_name, url, pages

    @property
    def date(self) -> str | None:
        return self.meta.get("date")

    def page_at(self, offset: int) -> int | None:
        """1-based PDF page holding `offset`, or None for formats without pages."""
        starts = self.meta.get("pages")
        if not starts:
            return None
        return max(i for i, s in enumerate(starts) if s <= offset) + 1


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _shorten(line: str) -> str:
    line = " ".join(line.split())
    if len(line) <= _TITLE_MAX:
        return line
    cut = line.rfind(" ", 0, _TITLE_MAX)
    return line[: cut if cut > 40 else _TITLE_MAX].rstrip(",;:") + "…"


def title_of(text: str, suffix: str, fallback: str) -> str:
    """First Markdown heading for .md, else the first non-empty line (shortened if long)."""
    if suffix in {".md", ".markdown"}:
        heading = _MD_HEADING.search(text)
        if heading:
            return _shorten(heading.group(1))
    for line in text.splitlines():
        if line.strip():
            return _shorten(line.strip().lstrip("#").strip())
    return fallback


def _records(path: Path, data: bytes, json_fields: dict | None) -> list[dict]:
    kind = SUFFIXES[path.suffix.lower()]
    name = str(path)
    if kind in ("text", "markdown"):
        return [{"text": loaders.decode_text(data, name)}]
    if kind == "html":
        return loaders.read_html(data, name)
    if kind == "pdf":
        return loaders.read_pdf(data, name)
    if kind == "docx":
        return loaders.read_docx(data, name)
    return loaders.read_json(data, name, json_fields, lines=kind == "jsonl")


def resolved(path: Path) -> str:
    """The absolute path that identifies a file; a symlink loop resolves to itself."""
    try:
        return str(path.resolve())
    except (RuntimeError, OSError):
        return str(path.absolute())


def read_file(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise SourceError(f"{path}: cannot read ({exc.strerror or exc})") from None


def load_file(
    path: Path, data: bytes | None = None, json_fields: dict | None = None
) -> tuple[list[Article], list[tuple[str, str]]]:
    """The articles in one file, and (path, reason) for those inside it that failed.

    Raises SourceError naming the file when nothing in it can be used.
    """
    data = read_file(path) if data is None else data
    if not data.strip():
        raise SourceError(f"{path}: empty file")
    records = _records(path, data, json_fields)
    where = resolved(path)
    digest = sha256_hex(data)
    articles, failed = [], []
    for record in records:
        source = where if len(records) == 1 else f"{where}#{record['key']}"
        if "error" in record:
            failed.append((source, record["error"]))
            continue
        text = record["text"]
        if not text.strip():
            failed.append((source, f"{path}: empty article"))
            continue
        meta = _meta(record, path)
        title = record.get("title") or title_of(text, path.suffix.lower(), path.stem)
        articles.append(Article(source, _shorten(title), text, digest, where, meta))
    return articles, failed


def _meta(record: dict, path: Path) -> dict:
    """The record's date, publisher, url and PDF page starts, where given. An undated
    article takes the date its file's name holds ("nyt_2016-09-08_obama.txt"): archives
    often keep the publication date there and nowhere else. The article's own date always
    wins, so each article of a JSON file of many keeps its own."""
    found = {**record, "date": record.get("date") or date_from_filename(path.name)}
    return {k: found[k] for k in ("date", "source_name", "url", "pages") if found.get(k)}


def load_article(path: Path) -> Article:
    """The single article of a file (the first one, for a JSON file of many)."""
    articles, failed = load_file(path)
    if not articles:
        raise SourceError(failed[0][1])
    return articles[0]


def find_files(paths: list[str | Path]) -> tuple[list[Path], list[tuple[str, str]]]:
    """Expand files and folders into loadable files; return (files, skipped with reasons).

    A path that does not exist is an error for the whole call: nothing is indexed from a
    list the user mistyped. Symlinked folders are not followed (no loops).
    """
    files: list[Path] = []
    skipped: list[tuple[str, str]] = []
    for raw in paths:
        p = Path(raw)
        if not p.exists():
            raise SourceError(f"{raw}: no such file or directory")
        if p.is_dir():
            candidates = []
            for folder, dirs, names in os.walk(p):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                candidates += [Path(folder) / n for n in sorted(names) if not n.startswith(".")]
        else:
            candidates = [p]
        for f in candidates:
            if f.suffix.lower() in SUFFIXES:
                files.append(f)
            else:
                skipped.append((str(f), f"unsupported file type {f.suffix or '(none)'}"))
    return files, skipped
