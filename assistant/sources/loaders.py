"""Readers per file format: each turns a file's bytes into one or more article records.

A record is a dict with `text` (what citations point into) and optional `title`, `date`,
`source_name`, `url`, `pages` (start offset of each PDF page). Every reader raises
SourceError with a reason when the file holds no usable article.
"""
from __future__ import annotations

import io
import json
from assistant.errors import SourceError
from assistant.text.dates import parse_date

# Field names tried in order for each attribute of a JSON article; configurable through
# Settings.json_fields (ASSISTANT_JSON_FIELDS='text=body,story;date=pubDate').
JSON_FIELDS = {
    "title": ["title", "headline", "name"],
    "text": ["body", "text", "content", "article", "story"],
    "date": ["date", "published_at", "published", "publishedAt", "pubDate", "datetime"],
    "source_name": ["source", "publisher", "site", "sitename"],
    "url": ["url", "link", "href"],
}


def decode_text(data: bytes, name: str) -> str:
    if b"\x00" in data[:8192]:
        raise SourceError(f"{name}: looks like a binary file, not text")
    try:
        # utf-8-sig drops a byte-order mark, which is not part of the article.
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SourceError(f"{name}: not valid UTF-8 (byte {exc.start})") from None


def read_html(data: bytes, name: str) -> list[dict]:
    import trafilatura

    doc = trafilatura.bare_extraction(
        data, with_metadata=True, include_comments=False, include_tables=False
    )
    text = (doc.text if doc else "") or ""
    if not text.strip():
        raise SourceError(f"{name}: no article text found in the HTML")
    return [{
        "text": text, "title": doc.title, "date": parse_date(doc.date),
        "source_name": doc.sitename or doc.hostname, "url": doc.url,
    }]


def read_pdf(data: bytes, name: str) -> list[dict]:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        pages = [page.extract_text() or "" for page in reader.pages]
        meta = reader.metadata or {}
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise SourceError(f"{name}: unreadable PDF ({exc})") from None
    text, starts = "", []
    for page in pages:
        starts.append(len(text))
        text += page.strip() + "\n\n"
    if not text.strip():
        raise SourceError(f"{name}: the PDF has no extractable text (scanned pages?)")
    return [{
        "text": text.rstrip() + "\n", "title": meta.get("/Title"),
        "date": parse_date(_pdf_date(meta.get("/CreationDate"))), "pages": starts,
    }]


def _pdf_date(raw) -> str | None:
    # PDF dates look like D:20250312101500+01'00'
    if not raw or not str(raw).startswith("D:") or len(str(raw)) < 10:
        return raw
    s = str(raw)[2:]
    return f"{s[0:4]}-{s[4:6]}-{s[6:8]}"


# A Word file is a zip archive: what it unpacks to is bounded before anything is unpacked.
_DOCX_UNPACKED_MAX = 100 * 1024 * 1024


def _check_unpacked_size(data: bytes, name: str) -> None:
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            # zipfile never inflates a member past its declared size, so the sum is a bound.
            total = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError):
        return  # not a readable zip: python-docx names the problem below
    if total > _DOCX_UNPACKED_MAX:
        raise SourceError(
            f"{name}: the Word document unpacks to {total:,} bytes, over the limit of "
            f"{_DOCX_UNPACKED_MAX:,} (an archive bomb?); refused"
        )


def read_docx(data: bytes, name: str) -> list[dict]:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    _check_unpacked_size(data, name)
    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, ValueError, KeyError) as exc:
        raise SourceError(f"{name}: unreadable Word document ({exc})") from None
    except Exception as exc:  # zipfile.BadZipFile and lxml errors on damaged files
        raise SourceError(f"{name}: unreadable Word document ({type(exc).__name__})") from None
    text = "\n\n".join(p.text for p in document.paragraphs if p.text.strip())
    if not text.strip():
        raise SourceError(f"{name}: the Word document has no text")
    props = document.core_properties
    return [{
        "text": text + "\n", "title": props.title or None,
        "date": parse_date(props.created.isoformat() if props.created else None),
    }]


def _field(record: dict, names: list[str]):
    for key in names:
        value = record.get(key)
        if value not in (None, ""):
            return value
    return None


def _json_article(record, where: str, fields: dict) -> dict:
    if not isinstance(record, dict):
        raise SourceError(f"{where}: an article must be a JSON object, got {type(record).__name__}")
    text = _field(record, fields["text"])
    if not isinstance(text, str) or not text.strip():
        raise SourceError(f"{where}: no article body (looked for fields {', '.join(fields['text'])})")
    out = {"text": text}
    for key in ("title", "source_name", "url"):
        value = _field(record, fields[key])
        out[key] = str(value) if value is not None else None
    out["date"] = parse_date(_field(record, fields["date"]))
    return out


def read_json(data: bytes, name: str, fields: dict | None = None, lines: bool = False) -> list[dict]:
    """One article (an object), many (an array, or {"articles": [...]}) or JSON Lines.

    An article without a body becomes {"error": reason}; the others are still read.
    """
    fields = {**JSON_FIELDS, **(fields or {})}
    text = decode_text(data, name)
    try:
        if lines:
            items = [json.loads(line) for line in text.splitlines() if line.strip()]
        else:
            items = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SourceError(f"{name}: invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}") from None
    if isinstance(items, dict):
        items = items.get("articles", [items]) if isinstance(items.get("articles"), list) else [items]
    if not isinstance(items, list) or not items:
        raise SourceError(f"{name}: no articles in the JSON")
    records = []
    for i, item in enumerate(items):
        try:
            record = _json_article(item, f"{name} (article {i + 1})", fields)
        except SourceError as exc:
            record = {"error": str(exc)}
        ident = item.get("id") or item.get("guid") if isinstance(item, dict) else None
        record["key"] = str(ident) if ident not in (None, "") else str(i + 1)
        records.append(record)
    if all("error" in r for r in records):
        raise SourceError(records[0]["error"] if len(records) == 1 else f"{name}: no article has a body")
    return records
