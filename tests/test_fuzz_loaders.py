"""Fuzzed file contents for every loader: a file is read or refused with its name and reason,
never an unhandled error."""
from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assistant.sources.documents import SUFFIXES, load_file
from assistant.errors import SourceError
from assistant.text.dates import parse_date
from fuzz_support import DATE_VALUE, JSON_VALUE, TEXT, fuzz, json_articles
from test_loaders import HTML, make_docx, make_pdf


def check_loaded(path: Path, data: bytes) -> None:
    """The contract of load_file: articles with usable text and ISO dates, and for each
    failure or refusal a reason naming the file."""
    try:
        articles, failed = load_file(path, data)
    except SourceError as exc:
        assert str(path) in str(exc), f"refusal does not name the file: {exc}"
        return
    assert articles or failed, "load_file returned nothing and gave no reason"
    for a in articles:
        assert isinstance(a.text, str) and a.text.strip()
        assert isinstance(a.title, str) and a.title
        assert a.source.startswith(str(path.resolve()))
        if a.date:
            parse = a.date[:10]
            assert date.fromisoformat(parse), a.date
        for key in ("source_name", "url"):
            assert a.meta.get(key) is None or isinstance(a.meta[key], str)
    for source, reason in failed:
        assert source.startswith(str(path.resolve())) and str(path) in reason


def mutate(data: bytes, cuts: list[tuple[int, bytes]]) -> bytes:
    """Damage a valid file: overwrite bytes at a few places (positions wrap around)."""
    out = bytearray(data)
    for at, junk in cuts:
        at %= max(1, len(out))
        out[at : at + len(junk)] = junk
    return bytes(out)


DAMAGE = st.lists(st.tuples(st.integers(min_value=0, max_value=10**6), st.binary(min_size=1, max_size=16)),
                  min_size=1, max_size=4)


@pytest.mark.parametrize("suffix", sorted(SUFFIXES))
@fuzz(60)
@given(data=st.one_of(st.binary(max_size=3000), TEXT.map(lambda t: t.encode("utf-8", "surrogatepass"))))
def test_any_bytes_in_any_format(tmp_path_factory, suffix, data):
    check_loaded(Path("/fuzz") / f"article{suffix}", data)


@fuzz(150)
@given(data=json_articles(), lines=st.booleans())
def test_json_article_fields_of_any_type(data, lines):
    if lines:  # the same objects, one per line
        items = json.loads(data)
        items = items if isinstance(items, list) else [items]
        data = "\n".join(json.dumps(i) for i in items).encode() or b"{}"
    check_loaded(Path("/fuzz") / ("feed.jsonl" if lines else "feed.json"), data)


@fuzz(60)
@given(value=st.one_of(DATE_VALUE, JSON_VALUE))
def test_dates_of_any_shape_read_or_none(value):
    parsed = parse_date(value)
    assert parsed is None or date.fromisoformat(parsed[:10])


@fuzz(40)
@given(damage=DAMAGE)
def test_damaged_pdf(damage):
    check_loaded(Path("/fuzz/report.pdf"), mutate(make_pdf(["Peskov spoke.", "Page two."]), damage))


_DOCX = io.BytesIO()


def docx_bytes() -> bytes:
    if not _DOCX.getvalue():
        make_docx(_DOCX, ["Peskov spoke on Wednesday.", "A second paragraph."], title="Talks")
    return _DOCX.getvalue()


@fuzz(40)
@given(damage=DAMAGE)
def test_damaged_docx(damage):
    check_loaded(Path("/fuzz/story.docx"), mutate(docx_bytes(), damage))


@fuzz(40)
@given(damage=DAMAGE, text=TEXT)
def test_damaged_html(damage, text):
    page = HTML.replace("He spoke in Moscow", text.replace("\x00", "")).encode("utf-8", "surrogatepass")
    check_loaded(Path("/fuzz/page.html"), mutate(page, damage))
