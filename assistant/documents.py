"""Loading articles from files: one Article per file, text exactly as decoded."""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from .errors import SourceError

# Formats this module reads; other extensions are skipped and reported by the indexer.
TEXT_SUFFIXES = {".txt", ".md", ".markdown"}
_TITLE_MAX = 120
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.+?)\s*#*\s*$", re.MULTILINE)


@dataclass
class Article:
    """An article as indexed: `text` is what every citation offset points into."""

    source: str  # stable id: the absolute path of the file
    title: str
    text: str
    sha256: str
    path: str
    meta: dict = field(default_factory=dict)


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


def load_article(path: Path) -> Article:
    """Read one text or Markdown file; raise SourceError naming the file if it cannot be used."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SourceError(f"{path}: cannot read ({exc.strerror or exc})") from None
    if b"\x00" in data[:8192]:
        raise SourceError(f"{path}: looks like a binary file, not text")
    try:
        # utf-8-sig drops a byte-order mark, which is not part of the article.
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SourceError(f"{path}: not valid UTF-8 (byte {exc.start})") from None
    if not text.strip():
        raise SourceError(f"{path}: empty file")
    resolved = path.resolve()
    return Article(
        source=str(resolved),
        title=title_of(text, path.suffix.lower(), path.stem),
        text=text,
        sha256=sha256_hex(data),
        path=str(resolved),
    )


def find_files(paths: list[str | Path]) -> tuple[list[Path], list[tuple[str, str]]]:
    """Expand files and folders into loadable files; return (files, skipped with reasons).

    A path that does not exist is an error for the whole call: nothing is indexed from a
    list the user mistyped.
    """
    files: list[Path] = []
    skipped: list[tuple[str, str]] = []
    for raw in paths:
        p = Path(raw)
        if not p.exists():
            raise SourceError(f"{raw}: no such file or directory")
        candidates = sorted(q for q in p.rglob("*") if q.is_file()) if p.is_dir() else [p]
        for f in candidates:
            if any(part.startswith(".") for part in f.relative_to(p).parts if p.is_dir()):
                continue  # hidden files and folders (.git, editor swap files)
            if f.suffix.lower() in TEXT_SUFFIXES:
                files.append(f)
            else:
                skipped.append((str(f), f"unsupported file type {f.suffix or '(none)'}"))
    return files, skipped
