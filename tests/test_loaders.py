"""Every supported format, read from real files; bad files are refused with their reason."""
import json

import pytest

from assistant import Assistant
from assistant.sources.documents import load_file
from assistant.errors import SourceError
from assistant.text.dates import parse_date

QUOTE = "We will carefully evaluate the proposal after receiving all necessary details."

HTML = f"""<html><head><title>Fallback title</title>
<meta property="og:title" content="Kremlin weighs the ceasefire proposal">
<meta property="article:published_time" content="2025-03-12T10:00:00Z">
<meta property="og:site_name" content="Example News">
<meta property="og:url" content="https://news.example/kremlin">
</head><body><nav>Home | World | Sport</nav><article>
<p>Spokesperson Dmitri Peskow said, “{QUOTE}” He spoke in Moscow on Wednesday evening.</p>
<p>Talks between the delegations are expected to continue in Riyadh next week, officials said.</p>
</article><footer>Copyright</footer><script>var tracking = 1;</script></body></html>"""


def make_pdf(pages: list[str]) -> bytes:
    """A minimal real PDF with one line of Helvetica text per page."""
    objects = ["<< /Type /Catalog /Pages 2 0 R >>", None,
               "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    kids = []
    for text in pages:
        stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
        objects.append(f"<< /Length {len(stream)} >>\nstream\n{stream.decode()}\nendstream")
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
                       f"/Resources << /Font << /F1 3 0 R >> >> /Contents {len(objects)} 0 R >>")
        kids.append(len(objects))
    objects[1] = f"<< /Type /Pages /Kids [{' '.join(f'{k} 0 R' for k in kids)}] /Count {len(kids)} >>"
    out, offsets = b"%PDF-1.4\n", []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n{body}\nendobj\n".encode()
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out


def make_docx(path, paragraphs, title=None):
    import docx

    document = docx.Document()
    for p in paragraphs:
        document.add_paragraph(p)
    if title:
        document.core_properties.title = title
    document.save(path)


def test_html_main_text_and_meta(tmp_path):
    f = tmp_path / "kremlin.html"
    f.write_text(HTML, encoding="utf-8")
    [article], failed = load_file(f)
    assert failed == []
    assert QUOTE in article.text
    assert "Home | World" not in article.text and "tracking" not in article.text
    assert article.title == "Kremlin weighs the ceasefire proposal"
    assert article.meta["date"] == "2025-03-12"
    assert article.meta["source_name"] == "Example News"
    assert article.meta["url"] == "https://news.example/kremlin"


def test_pdf_text_per_page_with_page_numbers(tmp_path):
    f = tmp_path / "two-pages.pdf"
    f.write_bytes(make_pdf(["Peskow said the talks would go on.", "Baerbock urged Russia to stop."]))
    [article], _ = load_file(f)
    second = article.text.index("Baerbock")
    assert article.page_at(0) == 1 and article.page_at(second) == 2


def test_docx_paragraphs_and_title(tmp_path):
    f = tmp_path / "memo.docx"
    make_docx(f, ["First paragraph about talks.", f"Peskow said: “{QUOTE}”"], title="Talks memo")
    [article], _ = load_file(f)
    assert article.title == "Talks memo"
    assert QUOTE in article.text and "First paragraph" in article.text


def test_json_many_articles_configurable_fields_and_a_bad_one(tmp_path):
    f = tmp_path / "feed.json"
    f.write_text(json.dumps({"articles": [
        {"id": "a1", "headline": "One", "story": "Rubio said sanctions matter.", "pubDate": "Mar 12, 2025"},
        {"id": "a2", "headline": "Two, no body"},
        {"id": "a3", "headline": "Three", "story": "Starmer said talks must go on.", "pubDate": 1741776000},
    ]}), encoding="utf-8")
    articles, failed = load_file(f, json_fields={"text": ["story"]})
    assert [a.title for a in articles] == ["One", "Three"]
    assert [a.source.rsplit("#", 1)[1] for a in articles] == ["a1", "a3"]
    assert articles[0].meta["date"] == "2025-03-12"
    assert articles[1].meta["date"].startswith("2025-03-12")
    assert len(failed) == 1 and failed[0][0].endswith("#a2") and "no article body" in failed[0][1]


def test_jsonl_one_article_per_line(tmp_path):
    f = tmp_path / "feed.jsonl"
    f.write_text('{"title": "A", "body": "Alpha said yes."}\n\n{"title": "B", "text": "Beta said no."}\n', encoding="utf-8")
    articles, failed = load_file(f)
    assert [a.text for a in articles] == ["Alpha said yes.", "Beta said no."] and failed == []


@pytest.mark.parametrize("name, content, reason", [
    ("empty.txt", b"", "empty file"),
    ("binary.txt", bytes(range(256)) * 4, "binary file"),
    ("latin1.txt", "café".encode("latin-1"), "not valid UTF-8"),
    ("scripts.html", b"<html><body><script>alert(1)</script></body></html>", "no article text"),
    ("broken.json", b'{"title": "x", "body": ', "invalid JSON at line 1"),
    ("nobody.json", b'{"title": "x"}', "no article body"),
    ("truncated.pdf", None, "unreadable PDF|no extractable text"),
    ("broken.docx", b"PK\x03\x04 not really a zip", "unreadable Word document"),
])
def test_bad_files_are_refused_with_their_reason(tmp_path, name, content, reason):
    f = tmp_path / name
    f.write_bytes(content if content is not None else make_pdf(["Some text here."])[:150])
    with pytest.raises(SourceError, match=reason) as caught:
        load_file(f)
    assert name in str(caught.value)


def test_dates_are_iso_8601():
    assert parse_date("12 March 2025") == "2025-03-12"
    assert parse_date("2025-03-12T10:00:00+01:00") == "2025-03-12T10:00:00+01:00"
    assert parse_date("not a date") is None
    assert parse_date(None) is None


def test_mixed_folder_indexes_every_format_and_reports_failures(tmp_path):
    folder = tmp_path / "mixed dir ünïcode"
    folder.mkdir()
    (folder / "kremlin.html").write_text(HTML, encoding="utf-8")
    (folder / "pages.pdf").write_bytes(make_pdf(["Gerasimov claimed gains near Kursk.", "Syrskyj spoke of retreat."]))
    make_docx(folder / "memo.docx", [f"Peskow said: “{QUOTE}”"])
    (folder / "feed.jsonl").write_text('{"title": "A", "body": "Rubio said sanctions will be part of talks."}\n', encoding="utf-8")
    (folder / "broken.json").write_text("{", encoding="utf-8")
    (folder / "notes.xyz").write_text("skip me", encoding="utf-8")
    a = Assistant(tmp_path / "index")
    report = a.index([folder])
    assert len(report.added) == 4
    assert [p for p, _ in report.failed] == [str(folder / "broken.json")]
    assert report.skipped == [(str(folder / "notes.xyz"), "unsupported file type .xyz")]
    listed = {d["title"]: d for d in a.documents()}
    assert listed["Kremlin weighs the ceasefire proposal"]["date"] == "2025-03-12"
    answer = a.ask("What did Peskov say?")
    assert answer.citations and all(
        a.document(c.source).text[c.start : c.end] == c.text for c in answer.citations
    )
    kremlin = a.ask("Kremlin ceasefire proposal Moscow Wednesday evening")
    from_html = [c for c in kremlin.citations if c.source.endswith("kremlin.html")]
    assert from_html and from_html[0].date == "2025-03-12"
    assert from_html[0].publisher == "Example News" and from_html[0].url == "https://news.example/kremlin"
    pdf = a.ask("Syrskyj spoke of retreat")
    on_page = [c for c in pdf.citations if c.source.endswith("pages.pdf")]
    assert on_page and on_page[0].page == 2 and "Syrskyj" in on_page[0].text
