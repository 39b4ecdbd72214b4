"""Fuzzed article and answer text through the page's HTML: every character of it arrives as
text, never as markup of its own."""
from __future__ import annotations

import dataclasses
from html.parser import HTMLParser

from hypothesis import given
from hypothesis import strategies as st

from assistant import Assistant
from assistant.web.render import _context, _full, linked, sources_html
from fuzz_support import TEXT, fuzz

# The only markup the renderer writes itself.
TAGS = {"div", "b", "br", "span", "p", "mark", "details", "summary", "a"}
ATTRIBUTES = {"class", "id", "href", "target", "rel"}  # and data-* (never on*, style, src)
HOSTILE = st.sampled_from([
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "</mark></div></details>",
    "&lt;b&gt;", "&amp;", '"><b>bold</b>', "<!-- c -->", "<![CDATA[x]]>", "<?php ?>",
    "<a href='javascript:alert(1)'>x</a>", "<style>*{}</style>", "[1]", "[999]", "[12",
])
ARTICLE_TEXT = st.lists(st.one_of(TEXT, HOSTILE), min_size=1, max_size=12).map("".join)


class Markup(HTMLParser):
    """Collects the tags and the text a browser would see."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.text, self.problems = [], [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag not in TAGS:
            self.problems.append(f"tag <{tag}>")
        for name, value in attrs:
            if name not in ATTRIBUTES and not (name.startswith("data-") and name[5:].isalpha()):
                self.problems.append(f"attribute {name} on <{tag}>")
            if name == "href" and not (value or "").startswith(("http://", "https://", "#cite-")):
                self.problems.append(f"href {value!r}")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_data(self, data):
        self.text.append(data)

    def handle_comment(self, data):
        self.problems.append(f"comment {data!r}")

    def handle_decl(self, decl):
        self.problems.append(f"declaration {decl!r}")

    def unknown_decl(self, data):
        self.problems.append(f"declaration {data!r}")

    def handle_pi(self, data):
        self.problems.append(f"processing instruction {data!r}")


def lines(text: str) -> str:
    # The parser may hand a carriage return on as a newline.
    return text.replace("\r\n", "\n").replace("\r", "\n")


def parsed(markup: str) -> Markup:
    parser = Markup()
    parser.feed(markup)
    parser.close()
    assert not parser.problems, parser.problems
    return parser


@fuzz(200)
@given(text=ARTICLE_TEXT, cuts=st.lists(st.tuples(st.integers(min_value=0), st.integers(min_value=0)),
                                        min_size=1, max_size=4))
def test_passage_and_full_article_show_the_text_as_text(text, cuts):
    spans = [(*sorted((a % (len(text) + 1), b % (len(text) + 1))), n) for n, (a, b) in enumerate(cuts, 1)]
    full = parsed(_full(text, spans))
    assert lines("".join(full.text)) == lines(text)
    assert full.tags and set(full.tags) == {"mark"} and len(full.tags) <= len(spans)
    start, end, _ = spans[0]
    shown = parsed(_context(text, start, end))
    assert shown.tags == ["mark"] and lines(text[start:end]) in lines("".join(shown.text))


@fuzz(200)
@given(text=ARTICLE_TEXT)
def test_answer_text_keeps_only_citation_links(text):
    page = parsed(linked(text))
    assert set(page.tags) <= {"a"}
    assert lines("".join(page.text)) == lines(text)


@fuzz(60)
@given(title=ARTICLE_TEXT, publisher=ARTICLE_TEXT, date=ARTICLE_TEXT, url=ARTICLE_TEXT,
       file=ARTICLE_TEXT, also=st.lists(ARTICLE_TEXT, max_size=2), cited=ARTICLE_TEXT,
       real_text=st.booleans())
def test_sources_panel_escapes_every_field(seed, title, publisher, date, url, file, also, cited,
                                           real_text):
    answer = seed.ask("What did Peskov say?")
    first = answer.citations[0]
    # With the real cited text the panel shows the article around it; else what was cited.
    changed = dataclasses.replace(
        first, title=title, publisher=publisher, date=date, url=url, file=file, also=also,
        text=first.text if real_text else cited,
    )
    page = parsed(sources_html(seed, dataclasses.replace(answer, citations=[changed])))
    assert "mark" in page.tags
    shown = "".join(page.text)
    assert lines(title) in lines(shown)


@fuzz(3)
@given(body=ARTICLE_TEXT)
def test_hostile_article_indexed_and_asked_renders_as_text(tmp_path_factory, body):
    folder = tmp_path_factory.mktemp("hostile")
    article = folder / "hostile.txt"
    body = body.replace("\x00", "")  # a NUL makes it a binary file, refused as such
    text = f"Olaf Scholz said, “<script>alert(1)</script> {body} we stand firm.”\n"
    article.write_text(text, encoding="utf-8", errors="surrogatepass")
    a = Assistant(folder / "index")
    report = a.index([article])
    assert report.added, report.summary()
    answer = a.ask("What did Scholz say?")
    assert answer.citations, answer.text
    page = parsed(sources_html(a, answer))
    assert "<script>alert(1)</script>" in "".join(page.text)
    assert not set(parsed(linked(answer.text)).tags) - {"a"}
