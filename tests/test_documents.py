"""Loading text and Markdown articles."""
import pytest

from assistant.sources.documents import find_files, load_article, title_of
from assistant.errors import SourceError


def test_markdown_title_is_first_heading(tmp_path):
    f = tmp_path / "a.md"
    f.write_text("Intro line\n\n## Kremlin weighs the proposal ##\n\nBody.", encoding="utf-8")
    assert load_article(f).title == "Kremlin weighs the proposal"


def test_text_title_is_first_line_shortened():
    assert title_of("\n\n  Short headline  \nBody", ".txt", "x") == "Short headline"
    long = "word " * 60
    title = title_of(long, ".txt", "x")
    assert len(title) <= 121 and title.endswith("…")


def test_text_is_kept_exactly_and_hashed(tmp_path):
    raw = "Title\r\n\r\nPeskow: “Yes.”\r\n".encode("utf-8")
    f = tmp_path / "a.txt"
    f.write_bytes(raw)
    article = load_article(f)
    assert article.text == raw.decode("utf-8")  # no newline translation
    import hashlib

    assert article.sha256 == hashlib.sha256(raw).hexdigest()
    assert article.source == str(f.resolve())


@pytest.mark.parametrize(
    "content, reason",
    [(b"", "empty file"), (b"\xff\xfe\x00bad", "binary"), (b"caf\xe9 au lait", "not valid UTF-8")],
)
def test_unusable_files_name_the_file_and_reason(tmp_path, content, reason):
    f = tmp_path / "bad.txt"
    f.write_bytes(content)
    with pytest.raises(SourceError, match=reason) as caught:
        load_article(f)
    assert str(f) in str(caught.value)


def test_find_files_skips_unknown_types_and_hidden(tmp_path):
    (tmp_path / "a.txt").write_text("A", encoding="utf-8")
    (tmp_path / "b.pdfx").write_text("B", encoding="utf-8")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "c.txt").write_text("C", encoding="utf-8")
    files, skipped = find_files([tmp_path])
    assert [f.name for f in files] == ["a.txt"]
    assert skipped == [(str(tmp_path / "b.pdfx"), "unsupported file type .pdfx")]
