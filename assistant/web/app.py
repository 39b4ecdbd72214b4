"""The Gradio web chat. Article text is always HTML-escaped before it reaches the page."""
from __future__ import annotations

import ipaddress
import os
import sys
from pathlib import Path

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

from assistant import Assistant  # noqa: E402
from assistant.errors import AssistantError  # noqa: E402
from assistant.web.chat_tab import build_chat_tab  # noqa: E402
from assistant.web.compare_tab import build_compare_tab  # noqa: E402
from assistant.web.speaker_page import build_speaker_page  # noqa: E402
from assistant.web.library_tab import MAX_UPLOAD, build_library_tab  # noqa: E402
from assistant.web.reader_tab import build_reader_tab  # noqa: E402
from assistant.web.rest import rest_routes  # noqa: E402
from assistant.web.speakers_tab import build_speakers_tab, open_speaker_page  # noqa: E402

# Requests of one read endpoint (ask, chat, speakers) served at once.
READERS = 16

_CSS = """
.passage { border-left: 3px solid #888; padding: 4px 10px; margin: 10px 0; }
.passage.selected { border-left-color: #d48806; background: rgba(255, 229, 138, 0.15); }
.passage mark { background: #ffe58a; }
.passage mark.current { outline: 2px solid #d48806; }
.passage .where { color: #666; font-size: 0.85em; }
.passage .title, .passage .context { cursor: pointer; }
.passage .article-text { max-height: 320px; overflow-y: auto; white-space: pre-wrap;
  border: 1px solid #ddd; padding: 6px; font-size: 0.9em; }
#chat a.cite { text-decoration: none; font-weight: 600; }
.passage .said-by { font-weight: 600; font-size: 0.9em; }
.passage .said-by.mention { font-weight: normal; font-style: italic; color: #666; }
#sources .sides { display: flex; gap: 12px; align-items: flex-start; }
#sources .side { flex: 1 1 0; min-width: 0; }
#sources .side .party { display: block; font-size: 1.1em; border-bottom: 1px solid #ddd; }
#sources .side .speakers { display: block; color: #666; font-size: 0.85em; margin: 2px 0; }
#sources .side .nothing { color: #666; font-style: italic; }
#suggestions { align-items: center; gap: 8px; flex-wrap: wrap; }
#suggestions > * { flex: 0 0 auto !important; min-width: 0 !important; width: auto !important; }
"""

# Page behaviour that needs no server round trip: a [n] marker in the chat selects passage n
# in the sources panel; a click on a passage opens its full article at the cited span.
_HEAD = """<script>
(() => {
  function select(n) {
    const box = document.querySelector('#sources #cite-' + n);
    if (!box) return;
    document.querySelectorAll('#sources .passage.selected')
      .forEach((e) => e.classList.remove('selected'));
    box.classList.add('selected');
    box.scrollIntoView({block: 'nearest'});
  }
  function openArticle(box) {
    // The article is shown once, in the block of its first passage.
    const details = document.querySelector('#sources #article-' + box.dataset.article);
    if (!details) return;
    details.dataset.want = box.dataset.cite;
    if (!details.open) details.open = true;  // the toggle handler scrolls
    else scrollToSpan(details);
  }
  function scrollToSpan(details) {
    const want = details.dataset.want || details.dataset.cite;
    const mark = details.querySelector('#span-' + want) || details.querySelector('mark.cited');
    const pane = details.querySelector('.article-text');
    if (!mark || !pane) return;
    details.querySelectorAll('mark.current').forEach((e) => e.classList.remove('current'));
    mark.classList.add('current');
    const offset = mark.getBoundingClientRect().top - pane.getBoundingClientRect().top;
    pane.scrollTop += offset - pane.clientHeight / 3;
  }
  document.addEventListener('click', (ev) => {
    const target = ev.target instanceof Element ? ev.target : null;
    const marker = target && target.closest('a.cite, a[href^="#cite-"]');
    if (marker) {
      ev.preventDefault();
      ev.stopPropagation();
      select(marker.getAttribute('href').replace('#cite-', ''));
      return;
    }
    const passage = target && target.closest('#sources .passage .title, #sources .passage .context');
    if (passage) openArticle(passage.closest('.passage'));
  }, true);
  document.addEventListener('toggle', (ev) => {
    const details = ev.target;
    if (details instanceof Element && details.matches('details.article') && details.open) {
      select(details.dataset.want || details.dataset.cite);
      scrollToSpan(details);
    }
  }, true);
})();
</script>"""


def build_app(assistant: Assistant, folders: list[Path] | None = None):
    """The page: the Chat, Speakers, Speaker, Compare, Article and Library tabs over
    `assistant`, and the /ask API. `folders` are the server folders the Library tab may
    re-index (none: that is off)."""
    import gradio as gr

    def ask_api(question: str) -> dict:
        """Answer and citations as JSON, for gradio_client."""
        try:
            return assistant.ask(question).to_dict()
        except AssistantError as exc:
            return {"error": str(exc), "answer": "", "citations": [], "speaker": None,
                    "suggestions": [], "sections": []}

    with gr.Blocks(title="News assistant") as app:
        gr.Markdown("## News assistant\nAsk who said what in the indexed articles; "
                    "every answer cites its passages.")
        with gr.Tabs() as tabs:
            with gr.Tab("Chat", id="chat"):
                chat = build_chat_tab(assistant)
            speakers = build_speakers_tab(assistant)
            speaker = build_speaker_page(assistant)
            compare = build_compare_tab(assistant)
            build_reader_tab(assistant, chat, tabs, "chat")  # its legend asks in the chat
            build_library_tab(assistant, folders)
        # A click on a speaker opens their page, whose button asks about them in this
        # session's chat; a several-parties answer of the chat opens as a comparison.
        open_speaker_page(speakers, speaker, tabs)
        speaker.ask_in_chat(chat, tabs, "chat")
        compare.open_after(chat.compare.button, chat.answered, chat.options.filters, tabs)
        # Outside the queue: a client's question goes straight to a worker thread (measured
        # on the BBC index, one client: p50 163 ms against 272 ms through the queue).
        gr.api(ask_api, api_name="ask", queue=False)
    # Questions run side by side (the assistant is safe from threads); Gradio's default
    # would run each endpoint's requests one at a time. Writes keep one slot (library_tab).
    app.queue(default_concurrency_limit=READERS)
    return app


def read_auth(auth: str | None = None, auth_file: str | Path | None = None) -> list[tuple[str, str]]:
    """Logins from `user:password` and from a file of such lines (blank lines and # comments
    skipped). A malformed entry is refused, naming where it is."""
    pairs = []
    entries = [("--auth", auth)] if auth else []
    if auth_file:
        path = Path(auth_file)
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except OSError as exc:
            raise AssistantError(f"{path}: cannot read the auth file ({exc.strerror})") from None
        entries += [(f"{path}, line {i}", line.strip()) for i, line in enumerate(lines, 1)
                    if line.strip() and not line.lstrip().startswith("#")]
        if not entries:
            raise AssistantError(f"{path}: no user:password line in the auth file")
    for where, entry in entries:
        user, sep, password = entry.partition(":")
        if not sep or not user.strip() or not password:
            raise AssistantError(f"{where}: expected user:password")
        pairs.append((user.strip(), password))
    return pairs


def is_loopback(host: str) -> bool:
    """Whether `host` (a name or an address) is reachable only from this machine."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def serve(assistant: Assistant, host: str = "127.0.0.1", port: int = 7860,
          auth: list[tuple[str, str]] | None = None, folders: list[Path] | None = None) -> None:
    """Serve the page on `host`:`port` until stopped, behind the `auth` logins when given
    (from `read_auth`). Warns on stderr when an address other than loopback is served
    without a login.

    :raises AssistantError: the index cannot be opened (before anything is bound).
    """
    if not auth and not is_loopback(host):
        print(f"assistant: warning: serving on {host} without --auth: anyone who can reach "
              "this address can read, upload and remove articles", file=sys.stderr, flush=True)
    # Open the index before binding: a missing index is reported, not served as errors.
    assistant.ask_ready()
    build_app(assistant, folders).launch(
        server_name=host, server_port=port, css=_CSS, head=_HEAD, footer_links=["api"],
        max_file_size=MAX_UPLOAD, auth=auth or None,
        auth_message="Log in to the news assistant." if auth else None,
        # Registered before Gradio's own routes, on the same server.
        app_kwargs={"routes": rest_routes(assistant, auth)},
    )
