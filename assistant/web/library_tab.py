"""The Library tab: upload articles, see what is indexed, set an article's date and
publisher, remove an article, re-index a folder."""
from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from assistant import SUPPORTED_SUFFIXES, Assistant
from assistant.errors import AssistantError

MAX_UPLOAD = "20mb"
MAX_UPLOAD_BYTES = 20 * 1024 * 1024  # the same limit, checked again on the file received
COLUMNS = ["Title", "Date", "Publisher", "Quotes", "Chunks", "Path"]
# Fixed widths keep the date and the publisher readable beside a long title or path, which
# wrap instead of squeezing them.
COLUMN_WIDTHS = ["30%", "120px", "160px", "90px", "90px", "34%"]
DATATYPES = ["str", "str", "str", "number", "number", "str"]  # numbers sort as numbers
_PATH_COLUMN = COLUMNS.index("Path")
# A title that ends a sentence ("... talks intensified.") or was cut ("…") is the start of
# the text: the file had no headline (an abbreviation such as "U.S." does not count).
_NOT_A_HEADLINE = re.compile(r"(?:…|[a-z]{2}\.)$")
_UNSAFE = re.compile(r"[^\w.\- ]+", re.UNICODE)


# Writes take one slot between them (the index takes one writer at a time anyway);
# reads run side by side (app.py).
_ONE_WRITE = {"concurrency_limit": 1, "concurrency_id": "index-writes"}


def safe_name(name: str) -> str:
    """A file name that stays inside the uploads folder whatever the browser sent."""
    base = _UNSAFE.sub("_", Path(name.replace("\\", "/")).name).strip(" .")
    suffix = Path(base).suffix[:12]  # a long name is cut before its extension, not through it
    return (base[: 150 - len(suffix)] + suffix if len(base) > 150 else base) or "upload"


def upload_refusal(path: Path, name: str) -> str | None:
    """Why an uploaded file is not indexed, or None: only the readable formats, within the
    size limit (archives other than .docx are refused by type)."""
    suffix = Path(name).suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        return (f"unsupported file type {suffix or '(none)'} "
                f"(accepted: {', '.join(sorted(SUPPORTED_SUFFIXES))})")
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


def shown_title(doc: dict) -> str:
    """The article's title, or its file's name when the title is only the start of its
    text (a file without a headline: the first line stands in for one)."""
    title = (doc.get("title") or "").strip()
    if title and not _NOT_A_HEADLINE.search(title):
        return title
    return Path(doc.get("path") or doc["source"]).name


def _plural(n: int, word: str) -> str:
    return f"**{n:,}** {word}{'' if n == 1 else 's'}"


@dataclass
class Library:
    """One reading of the index for the tab: the articles `Assistant.documents()` lists and
    the counts `Assistant.totals()` gives, so the table and the totals above it agree."""

    docs: list[dict]
    totals: dict | None

    @classmethod
    def read(cls, assistant: Assistant) -> "Library":
        """The index as it is now; empty when it cannot be read (not built yet)."""
        try:
            return cls(assistant.documents(), assistant.totals())
        except AssistantError:
            return cls([], None)

    def rows(self, query: str = "") -> list[list]:
        """The articles as table rows (see COLUMNS), those whose title, path or publisher
        holds every word of `query` when one is given."""
        quotes = (self.totals or {}).get("quotes_by_article", {})
        words = query.lower().split()
        found = []
        for d in self.docs:
            title = shown_title(d)
            where = f"{title} {d.get('title', '')} {d['source']} {d.get('source_name', '')}".lower()
            if all(w in where for w in words):
                found.append([title, d.get("date", ""), d.get("source_name", ""),
                              quotes.get(d["source"], 0), d.get("chunks", 0), d["source"]])
        return found

    def summary(self, query: str = "") -> str:
        """The totals line: articles, people, quotes, chunks (and how many rows a search
        leaves)."""
        if self.totals is None:
            return "No articles are indexed yet."
        t = self.totals
        line = " · ".join([_plural(t["articles"], "article"),
                           f"**{t['people']:,}** {'person' if t['people'] == 1 else 'people'}",
                           _plural(t["quotes"], "quote"), _plural(t["chunks"], "chunk")])
        if query.strip():
            line += f" — {len(self.rows(query)):,} shown by the search"
        return line


def rows(assistant: Assistant, query: str = "") -> list[list]:
    """The indexed articles as table rows (see COLUMNS); none when the index cannot be read."""
    return Library.read(assistant).rows(query)


def listed(assistant: Assistant, **choice) -> tuple[list[list], dict]:
    """The table rows read again, and the article chooser's update to match (`choice`, e.g.
    value=None, is added to it)."""
    import gradio as gr

    table = rows(assistant)
    return table, gr.update(choices=[r[_PATH_COLUMN] for r in table], **choice)


def shown(assistant: Assistant, query: str = "") -> tuple[list[list], str]:
    """The rows a search leaves and the totals line, read together."""
    library = Library.read(assistant)
    return library.rows(query), library.summary(query)


def _unchanged(message: str) -> tuple:
    """A report for the status box; the table and the chooser stay as they are."""
    import gradio as gr

    return message, gr.update(), gr.update()


def _reporting(progress):
    """An `Assistant.index` progress callback that moves the page's progress bar."""

    def step(done: int, total: int, chunks: int) -> None:
        progress((done, total), desc=f"{chunks} chunks written", unit="files")

    return step


def _received(files, uploads: Path) -> tuple[list[Path], list[str]]:
    """Uploaded files copied into the uploads folder under safe names, and a line for each
    file refused. The file picker refuses those too; a crafted request gets the reason."""
    targets, refused = [], []
    for f in files:
        path = Path(f if isinstance(f, str) else f.name)
        name = safe_name(path.name)
        reason = upload_refusal(path, name)
        if reason:
            refused.append(f"  refused: {name}: {reason}")
            continue
        uploads.mkdir(parents=True, exist_ok=True)
        target = uploads / name
        shutil.copyfile(path, target)
        targets.append(target)
    return targets, refused


def upload_handler(assistant: Assistant):
    """The "Index uploaded files" handler: indexes the readable files, reports the others.
    Returns (report, table, article chooser)."""
    import gradio as gr

    uploads = assistant.path / "uploads"

    def upload(files, progress=gr.Progress()):
        if not files:
            return _unchanged("Choose one or more files first.")
        targets, refused = _received(files, uploads)
        if not targets:
            return _unchanged("\n".join(["No file was indexed.", *refused]))
        try:
            report = assistant.index(targets, _reporting(progress))
        except AssistantError as exc:
            return _unchanged(f"⚠️ {exc}")
        return ("\n".join([report.summary(), *refused]), *listed(assistant))

    return upload


def reindex_handler(assistant: Assistant, roots: list[Path]):
    """The "Re-index folder" handler: brings a server folder inside `roots` up to date (new,
    changed and deleted files). Returns (report, table, article chooser)."""
    import gradio as gr

    def reindex(folder, progress=gr.Progress()):
        folder = (folder or "").strip()
        if not folder:
            return _unchanged("Give the path of a folder on the server.")
        path = Path(folder)
        refusal = folder_refusal(path, roots)
        if refusal:
            return _unchanged(f"⚠️ {refusal}")
        try:
            report = assistant.index([path], _reporting(progress))
        except AssistantError as exc:
            return _unchanged(f"⚠️ {exc}")
        return (report.summary(), *listed(assistant))

    return reindex


def remove_handler(assistant: Assistant):
    """The "Remove article" handler. Returns (report, table, article chooser)."""

    def remove(source):
        if not source:
            return _unchanged("Choose an article to remove.")
        try:
            assistant.remove(source)
        except AssistantError as exc:
            return _unchanged(f"⚠️ {exc}")
        return (f"Removed {source}", *listed(assistant, value=None))

    return remove


def _article_listing(assistant: Assistant, source: str) -> dict | None:
    """What `Assistant.documents()` lists of one article; None when it is not there."""
    try:
        return next(iter(assistant.documents([source])), None)
    except AssistantError:
        return None


def chosen_details(assistant: Assistant):
    """The handler of the article chooser: its date and publisher, to read or correct."""

    def details(source):
        found = _article_listing(assistant, source) if source else None
        if found is None:
            return "", ""
        return found["date"], found["source_name"]

    return details


def correct_handler(assistant: Assistant):
    """The "Save date and publisher" handler: sets what differs from the article's
    current values (a field left as it is stays the file's own). Returns (report, table,
    article chooser)."""

    def correct(source, date, publisher):
        if not source:
            return _unchanged("Choose an article first.")
        current = _article_listing(assistant, source)
        if current is None:
            return _unchanged(f"⚠️ {source}: not in the index")
        date, publisher = (date or "").strip(), " ".join((publisher or "").split())
        changes = {"date": date if date != current["date"] else None,
                   "publisher": publisher if publisher != current["source_name"] else None}
        if all(v is None for v in changes.values()):
            return _unchanged("The date and publisher are already these.")
        try:
            listed_now = assistant.correct(source, **changes)
        except AssistantError as exc:
            return _unchanged(f"⚠️ {exc}")
        return (f"Set {source}: date {listed_now['date'] or 'none'}, publisher "
                f"{listed_now['source_name'] or 'none'}", *listed(assistant))

    return correct


def reopened(assistant: Assistant):
    """The handler of the tab's opening: the rows the search leaves, every article in the
    chooser, and the totals, from one reading of the index."""
    import gradio as gr

    def reopen(query):
        library = Library.read(assistant)
        everything = library.rows()
        return (library.rows(query), gr.update(choices=[r[_PATH_COLUMN] for r in everything]),
                library.summary(query))

    return reopen


@dataclass
class LibraryControls:
    """The Library tab's components."""

    files: object
    add: object
    status: object
    totals: object
    search: object
    table: object
    chosen: object
    date: object
    publisher: object
    save: object
    drop: object
    folder: object
    again: object


def build_library_controls(assistant: Assistant, roots: list[Path]) -> LibraryControls:
    """The upload box, the report, the totals, the search box and the table of articles,
    the date and publisher, remove and re-index controls."""
    import gradio as gr

    files = gr.File(label="Upload articles", file_count="multiple",
                    file_types=sorted(SUPPORTED_SUFFIXES), elem_id="upload")
    add = gr.Button("Index uploaded files", variant="primary", elem_id="index-uploads")
    status = gr.Textbox(label="Report", interactive=False, lines=3, elem_id="library-status")
    # Empty until the tab is opened (its select event reads the index): reading every
    # article record at start-up or at each page load would grow with the archive.
    totals = gr.Markdown("", elem_id="library-totals")
    search = gr.Textbox(label="Search articles", placeholder="title, file or publisher",
                        elem_id="library-search")
    table = gr.Dataframe(headers=COLUMNS, value=[], interactive=False,
                         elem_id="articles", wrap=True, column_widths=COLUMN_WIDTHS,
                         datatype=DATATYPES)
    with gr.Row():
        chosen = gr.Dropdown(label="Article", choices=[],
                             elem_id="remove-choice", scale=3)
        drop = gr.Button("Remove article", variant="stop", elem_id="remove", scale=1)
    with gr.Row():
        date = gr.Textbox(label="Date (YYYY-MM-DD)", elem_id="article-date")
        publisher = gr.Textbox(label="Publisher", elem_id="article-publisher")
        save = gr.Button("Save date and publisher", elem_id="article-save")
    with gr.Row():
        folder = gr.Textbox(label="Folder on the server",
                            placeholder=str(roots[0]) if roots else "off: serve --folder DIR",
                            elem_id="reindex-folder", scale=3)
        again = gr.Button("Re-index folder", elem_id="reindex", scale=1)
    return LibraryControls(files, add, status, totals, search, table, chosen, date, publisher,
                           save, drop, folder, again)


def build_library_tab(assistant: Assistant, folders: list[Path] | None = None) -> None:
    """The Library tab and its events (API: /upload, /reindex, /remove, /correct). Only server folders
    inside `folders` may be re-indexed from the page; none when it is empty."""
    import gradio as gr

    roots = [Path(f).expanduser().resolve() for f in folders or []]
    with gr.Tab("Library") as tab:
        c = build_library_controls(assistant, roots)
        shown_after = [c.status, c.table, c.chosen]
        searched = [c.table, c.totals]

        def search(query):
            return shown(assistant, query)

        writes = [
            c.add.click(upload_handler(assistant), [c.files], shown_after, api_name="upload",
                        **_ONE_WRITE),
            c.again.click(reindex_handler(assistant, roots), [c.folder], shown_after,
                          api_name="reindex", **_ONE_WRITE),
            c.drop.click(remove_handler(assistant), [c.chosen], shown_after, api_name="remove",
                         **_ONE_WRITE),
            c.save.click(correct_handler(assistant), [c.chosen, c.date, c.publisher],
                         shown_after, api_name="correct", **_ONE_WRITE),
        ]
        c.chosen.change(chosen_details(assistant), [c.chosen], [c.date, c.publisher],
                        api_name=False)
        # The API answers with every article; the page then keeps to its search and totals.
        for write in writes:
            write.then(search, [c.search], searched, api_name=False)
        c.search.change(search, [c.search], searched, api_name=False)
        # Other sessions upload and remove too: the list is read again when the tab opens.
        tab.select(reopened(assistant), [c.search], [c.table, c.chosen, c.totals],
                   api_name=False)
