"""The Library tab: upload articles, see what is indexed, remove an article."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

from .core import Assistant
from .documents import SUFFIXES
from .errors import AssistantError

MAX_UPLOAD = "20mb"
COLUMNS = ["Title", "Date", "Source", "Quotes", "Chunks", "Path"]
_UNSAFE = re.compile(r"[^\w.\- ]+", re.UNICODE)


def safe_name(name: str) -> str:
    """A file name that stays inside the uploads folder whatever the browser sent."""
    base = _UNSAFE.sub("_", Path(name.replace("\\", "/")).name).strip(" .")
    return base[:150] or "upload"


def rows(assistant: Assistant) -> list[list]:
    try:
        docs = assistant.documents()
    except AssistantError:
        return []
    return [[d["title"], d.get("date", ""), d.get("source_name", ""), d.get("quotes", 0),
             d.get("chunks", 0), d["source"]] for d in docs]


def build_library_tab(assistant: Assistant):
    import gradio as gr

    uploads = assistant.path / "uploads"

    def upload(files, progress=gr.Progress()):
        if not files:
            return "Choose one or more files first.", gr.update(), gr.update()
        uploads.mkdir(parents=True, exist_ok=True)
        targets = []
        for f in files:
            path = Path(f if isinstance(f, str) else f.name)
            if path.suffix.lower() not in SUFFIXES:
                continue  # the file picker refuses these too; a crafted request is ignored
            target = uploads / safe_name(path.name)
            shutil.copyfile(path, target)
            targets.append(target)
        if not targets:
            return "No file of a supported type.", gr.update(), gr.update()

        def step(done, total, chunks):
            progress((done, total), desc=f"{chunks} chunks written", unit="files")

        try:
            report = assistant.index(targets, step)
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

    with gr.Tab("Library"):
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
        add.click(upload, [files], [status, table, chosen], api_name="upload")
        drop.click(remove, [chosen], [status, table, chosen], api_name="remove")
