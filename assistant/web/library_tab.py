"""The Library tab: upload articles, see what is indexed, remove an article, re-index a folder."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

from assistant.api import Assistant
from assistant.sources.documents import SUFFIXES
from assistant.errors import AssistantError

MAX_UPLOAD = "20mb"
MAX_UPLOAD_BYTES = 20 * 1024 * 1024  # the same limit, checked again on the file received
COLUMNS = ["Title", "Date", "Source", "Quotes", "Chunks", "Path"]
_UNSAFE = re.compile(r"[^\w.\- ]+", re.UNICODE)


def safe_name(name: str) -> str:
    """A file name that stays inside the uploads folder whatever the browser sent."""
    base = _UNSAFE.sub("_", Path(name.replace("\\", "/")).name).strip(" .")
    suffix = Path(base).suffix[:12]  # a long name is cut before its extension, not through it
    return (base[: 150 - len(suffix)] + suffix if len(base) > 150 else base) or "upload"


def upload_refusal(path: Path, name: str) -> str | None:
    """Why an uploaded file is not indexed, or None: only the readable formats, within the
    size limit (archives other than .docx are refused by type)."""
    suffix = Path(name).suffix.lower()
    if suffix not in SUFFIXES:
        return f"unsupported file type {suffix or '(none)'} (accepted: {', '.join(sorted(SUFFIXES))})"
    try:
        size = path.stat().st_size
    except OSError as exc:
        return f"cannot be read ({exc.strerror or exc})"
    if size > MAX_UPLOAD_BYTES:
        return f"{size:,} bytes is over the upload limit of {MAX_UPLOAD_BYTES:,}"
    return None


def folder_refusal(folder: Path, roots: list[Path]) -> str | None:
    """Why the page may not index this server folder, or None. Only folders inside those
    `serve --folder` named can be indexed from the page: anyone who reaches the page could
    otherwise read any folder of the server through its answers."""
    if not roots:
        return "indexing server folders from the page is off (start serve with --folder DIR)"
    try:
        path = folder.expanduser().resolve(strict=True)
    except (OSError, RuntimeError):
        return f"{folder}: not a folder on the server"
    if not path.is_dir():
        return f"{folder}: not a folder on the server"
    if not any(path == root or root in path.parents for root in roots):
        return f"{folder}: outside the folders this server may index ({', '.join(map(str, roots))})"
    return None


def rows(assistant: Assistant) -> list[list]:
    try:
        docs = assistant.documents()
    except AssistantError:
        return []
    return [[d["title"], d.get("date", ""), d.get("source_name", ""), d.get("quotes", 0),
             d.get("chunks", 0), d["source"]] for d in docs]


def build_library_tab(assistant: Assistant, folders: list[Path] | None = None):
    import gradio as gr

    roots = [Path(f).expanduser().resolve() for f in folders or []]
    uploads = assistant.path / "uploads"

    def upload(files, progress=gr.Progress()):
        if not files:
            return "Choose one or more files first.", gr.update(), gr.update()
        targets, refused = [], []
        for f in files:
            path = Path(f if isinstance(f, str) else f.name)
            name = safe_name(path.name)
            reason = upload_refusal(path, name)
            if reason:  # the file picker refuses these too; a crafted request gets the reason
                refused.append(f"  refused: {name}: {reason}")
                continue
            uploads.mkdir(parents=True, exist_ok=True)
            target = uploads / name
            shutil.copyfile(path, target)
            targets.append(target)
        if not targets:
            return "\n".join(["No file was indexed.", *refused]), gr.update(), gr.update()

        def step(done, total, chunks):
            progress((done, total), desc=f"{chunks} chunks written", unit="files")

        try:
            report = assistant.index(targets, step)
        except AssistantError as exc:
            return f"⚠️ {exc}", gr.update(), gr.update()
        table = rows(assistant)
        return "\n".join([report.summary(), *refused]), table, gr.update(choices=[r[5] for r in table])

    def reindex(folder, progress=gr.Progress()):
        # A folder on the server: new, changed and deleted files are brought up to date.
        folder = (folder or "").strip()
        if not folder:
            return "Give the path of a folder on the server.", gr.update(), gr.update()
        path = Path(folder)
        refusal = folder_refusal(path, roots)
        if refusal:
            return f"⚠️ {refusal}", gr.update(), gr.update()

        def step(done, total, chunks):
            progress((done, total), desc=f"{chunks} chunks written", unit="files")

        try:
            report = assistant.index([path], step)
        except AssistantError as exc:
            return f"⚠️ {exc}", gr.update(), gr.update()
        table = rows(assistant)
        return report.summary(), table, gr.update(choices=[r[5] for r in table])

    def remove(source):
        if not source:
            return "Choose an article to remove.", gr.update(), gr.update()
        try:
            assistant.remove(source)
        except AssistantError as exc:
            return f"⚠️ {exc}", gr.update(), gr.update()
        table = rows(assistant)
        return f"Removed {source}", table, gr.update(choices=[r[5] for r in table], value=None)

    with gr.Tab("Library") as tab:
        files = gr.File(
            label="Upload articles", file_count="multiple",
            file_types=sorted(SUFFIXES), elem_id="upload",
        )
        add = gr.Button("Index uploaded files", variant="primary", elem_id="index-uploads")
        status = gr.Textbox(label="Report", interactive=False, lines=3, elem_id="library-status")
        table = gr.Dataframe(headers=COLUMNS, value=lambda: rows(assistant), interactive=False,
                             elem_id="articles", wrap=True)
        with gr.Row():
            chosen = gr.Dropdown(label="Article", choices=[r[5] for r in rows(assistant)],
                                 elem_id="remove-choice")
            drop = gr.Button("Remove article", variant="stop", elem_id="remove")
        with gr.Row():
            folder = gr.Textbox(label="Folder on the server",
                                placeholder=str(roots[0]) if roots else "off: serve --folder DIR",
                                elem_id="reindex-folder", scale=3)
            again = gr.Button("Re-index folder", elem_id="reindex", scale=1)
        add.click(upload, [files], [status, table, chosen], api_name="upload")
        again.click(reindex, [folder], [status, table, chosen], api_name="reindex")
        drop.click(remove, [chosen], [status, table, chosen], api_name="remove")

        def listed():
            table = rows(assistant)
            return table, gr.update(choices=[r[5] for r in table])

        # Other sessions upload and remove too: the list is read again when the tab opens.
        tab.select(listed, None, [table, chosen], api_name=False)
