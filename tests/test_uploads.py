"""Uploads through the Library tab's API: hostile names, archives, oversized and disallowed
files are refused with their reason, and nothing is written outside the index's folder."""
from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assistant.web.library_tab import MAX_UPLOAD_BYTES, safe_name, upload_refusal
from conftest import snapshot
from fuzz_support import TEXT, fuzz
from server_support import call_api, file_data, serving, tree, upload_raw
from test_loaders import make_docx


@pytest.fixture(scope="module")
def site(seed_index, tmp_path_factory):
    """A server on its own copy of the seed index, with Gradio's cache inside `root`."""
    root = tmp_path_factory.mktemp("uploads")
    index = root / "index"
    shutil.copytree(seed_index, index)
    cache = root / "gradio-cache"
    cache.mkdir()
    with serving(index, env={"GRADIO_TEMP_DIR": str(cache)}) as url:
        yield url, root, index, cache


def written(before: dict, after: dict) -> set[str]:
    return {p for p, size in after.items() if before.get(p) != size}


def upload(url: str, files: list[tuple[str, bytes]]) -> str:
    sent = upload_raw(url, files)
    assert sent.status_code == 200, sent.text
    event, result = call_api(url, "upload", [[file_data(p) for p in sent.json()]])
    assert event == "complete", result
    return result[0]


@fuzz(300)
@given(name=st.one_of(TEXT, st.builds(lambda a, b: f"{a}/../{b}.txt", TEXT, TEXT),
                      st.sampled_from(["..", ".", "../../x.txt", "/etc/passwd", "C:\\x\\..\\y.md",
                                       "a\x00b.txt", ".hidden.txt", "~/x.txt", "x" * 400 + ".md"])))
def test_safe_name_stays_in_the_folder(tmp_path_factory, name):
    folder = Path("/srv/index/uploads")
    safe = safe_name(name)
    assert safe and len(safe) <= 150
    assert "/" not in safe and "\\" not in safe and "\x00" not in safe
    assert not safe.startswith(".") and safe not in (".", "..")
    assert (folder / safe).parent == folder
    assert not any(ord(ch) < 32 for ch in safe)


@pytest.mark.slow
def test_traversal_and_control_names_land_in_the_uploads_folder(site):
    url, root, index, cache = site
    names = ["../../x1.txt", "..\\..\\x2.txt", "/tmp/x3.txt", "ctl\x01\x1b[31m x4.txt",
             "nul\x00x5.txt", "....x6.md", "%2e%2e%2fx7.txt"]
    files = [(n, f"Olaf Scholz said, “Marker {i} for the upload test.”\n".encode())
             for i, n in enumerate(names)]
    outside_before = tree(root.parent)
    status = upload(url, files)
    changed = written(outside_before, tree(root.parent))
    inside = {root.name + "/index/", root.name + "/gradio-cache/"}
    assert changed and all(any(p.startswith(i) for i in inside) for p in changed), changed
    for n in ("x1.txt", "x2.txt", "x3.txt"):
        assert not (Path("/tmp") / n).exists() and not (root.parent.parent / n).exists()
    uploaded = sorted(p.name for p in (index / "uploads").iterdir())
    assert len(uploaded) == len(names), (uploaded, status)
    assert all(not n.startswith(".") and safe_name(n) == n for n in uploaded)
    assert status.startswith(f"added {len(names)},"), status


@pytest.mark.slow
def test_disallowed_types_and_archives_are_refused_by_name(site, tmp_path):
    url, root, index, cache = site
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("inside.txt", "Olaf Scholz said, “Zipped.”\n")
    before, uploads_before = snapshot(index), tree(index / "uploads")
    cases = [("setup.exe", b"MZ\x90\x00", ".exe"), ("articles.zip", archive.getvalue(), ".zip"),
             ("run.sh", b"#!/bin/sh\n", ".sh"), ("README", b"no extension", "(none)")]
    for name, data, suffix in cases:
        sent = upload_raw(url, [(name, data)])
        assert sent.status_code == 200, sent.text
        event, result = call_api(url, "upload", [[file_data(p) for p in sent.json()]])
        # The server refuses them before the upload code runs; that code names them too.
        assert event == "error" and "Invalid file type" in result["error"], (name, result)
        local = tmp_path / name
        local.write_bytes(data)
        assert upload_refusal(local, name) == (
            f"unsupported file type {suffix} (accepted: .docx, .htm, .html, .json, .jsonl, "
            ".markdown, .md, .pdf, .txt)"
        )
    assert snapshot(index) == before and tree(index / "uploads") == uploads_before


def docx_bomb(path: Path, unpacked: int) -> None:
    """A real .docx whose main part inflates to `unpacked` bytes of empty paragraphs."""
    plain = io.BytesIO()
    make_docx(plain, ["Peskov spoke."])
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for item in src.infolist():
            if item.filename != "word/document.xml":
                out.writestr(item, src.read(item))
                continue
            head, tail = src.read(item).decode().split("<w:body>")
            with out.open("word/document.xml", "w", force_zip64=True) as part:
                part.write(f"{head}<w:body>".encode())
                block = b"<w:p/>" * (1 << 16)
                for _ in range(unpacked // len(block)):
                    part.write(block)
                part.write(tail.encode())


@pytest.mark.slow
def test_docx_archive_bomb_is_refused(site, tmp_path):
    url, root, index, cache = site
    bomb = tmp_path / "bomb.docx"
    docx_bomb(bomb, 150 * 1024 * 1024)
    assert bomb.stat().st_size < 2 * 1024 * 1024  # small on the wire, huge unpacked
    before = snapshot(index)
    status = upload(url, [("bomb.docx", bomb.read_bytes())])
    assert "failed 1" in status and "archive bomb" in status, status
    assert snapshot(index) == before


@pytest.mark.slow
def test_oversized_upload_is_refused(site, tmp_path):
    url, root, index, cache = site
    big = tmp_path / "big.txt"
    big.write_bytes(b"Olaf Scholz said, \xe2\x80\x9cLong.\xe2\x80\x9d\n" * (MAX_UPLOAD_BYTES // 30 + 1000))
    assert big.stat().st_size > MAX_UPLOAD_BYTES
    # Checked on the file received, whatever let it through ...
    assert "over the upload limit" in upload_refusal(big, "big.txt")
    # ... and refused by the server before it is stored at all.
    uploads_before = tree(index / "uploads")
    sent = upload_raw(url, [("big.txt", big.read_bytes())])
    assert sent.status_code == 413, (sent.status_code, sent.text[:200])
    assert tree(index / "uploads") == uploads_before


@pytest.mark.slow
def test_a_server_path_outside_the_upload_cache_is_not_read(site, tmp_path):
    url, root, index, cache = site
    secret = tmp_path / "secret.txt"
    secret.write_text("Olaf Scholz said, “The vault code is 4711.”\n", encoding="utf-8")
    before = snapshot(index)
    event, result = call_api(url, "upload", [[file_data(str(secret))]])
    assert event == "error" or "No file was indexed" in str(result), result
    assert snapshot(index) == before
    assert not any("4711" in p.read_text(errors="replace") for p in (index / "uploads").iterdir())
