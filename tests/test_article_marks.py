"""The Article tab's HTML: every quotation marked with its speaker, cues underlined, cited
spans highlighted, and the article's own text shown exactly, as text, whatever it holds and
however its quotations nest or overlap."""
from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

from hypothesis import given
from hypothesis import strategies as st

from assistant import Quote
from assistant.quotes.model import Span
from assistant.web.article_marks import (NEUTRAL, UNNAMED, article_html, legend, legend_html,
                                         marked_text, speaker_colour)
from assistant.web.reader_tab import article_quotes, cited_spans, reader_view
from fuzz_support import fuzz
from test_fuzz_render import ARTICLE_TEXT

TAGS = {"mark", "u", "span"}
ATTRIBUTES = {"class", "title", "style"}  # and data-*
STYLE = re.compile(r"background-color: hsl\(\d{1,3}, \d{1,3}%, \d{1,3}%\)")


@dataclass
class Piece:
    """A run of text as the browser shows it, where it stands in the article, and the
    elements (tag, attributes) it lies inside, outermost first."""

    text: str
    start: int
    end: int
    inside: tuple


class Marked(HTMLParser):
    """Reads marked text back into `Piece`s; fails on anything but our own markup."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.pieces, self.at = [], [], 0

    def handle_starttag(self, tag, attrs):
        assert tag in TAGS, tag
        for name, value in attrs:
            assert name in ATTRIBUTES or re.fullmatch(r"data-[a-z]+", name), name
            assert name != "style" or STYLE.fullmatch(value), value
        self.stack.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1][0] == tag, (tag, self.stack)
        self.stack.pop()

    def handle_data(self, data):
        self.pieces.append(Piece(data, self.at, self.at + len(data), tuple(self.stack)))
        self.at += len(data)

    def unknown_decl(self, data):
        raise AssertionError(f"declaration {data!r}")

    def handle_comment(self, data):
        raise AssertionError(f"comment {data!r}")


def pieces(markup: str) -> list[Piece]:
    parser = Marked()
    parser.feed(markup)
    parser.close()
    assert not parser.stack, parser.stack  # every element closed
    return parser.pieces


def _marks(piece: Piece, q: int) -> list[dict]:
    return [a for tag, a in piece.inside if tag == "mark" and a.get("data-q") == str(q)]


def _covered(found: list[Piece]) -> list[tuple[int, int]]:
    """The pieces as contiguous runs (start, end)."""
    runs = []
    for p in found:
        if runs and runs[-1][1] == p.start:
            runs[-1] = (runs[-1][0], p.end)
        else:
            runs.append((p.start, p.end))
    return runs


def check_marked(text: str, quotes: list, cited=()) -> list[Piece]:
    """The checks every marked article must pass; returns its pieces."""
    found = pieces(marked_text(text, quotes, cited))
    # Outside and inside the marks, the text is the article's, unchanged.
    assert "".join(p.text for p in found) == text
    for i, q in enumerate(quotes):
        inside = [p for p in found if _marks(p, i)]
        # One run exactly over the quote, each part carrying its speaker and colour.
        assert _covered(inside) == [(q.start, q.end)], (i, q)
        assert "".join(p.text for p in inside) == text[q.start:q.end] == q.text
        for p in inside:
            (mark,) = _marks(p, i)
            assert mark["data-speaker"] == (q.speaker or "")
            assert mark["style"] == f"background-color: {speaker_colour(q.speaker)}"
            assert ("unnamed" in mark["class"].split()) == (not q.speaker)
        if q.cue is not None and q.cue.start < q.cue.end:
            underlined = [p for p in found if p.start < q.cue.end and q.cue.start < p.end]
            assert all(any(tag == "u" for tag, _ in p.inside) for p in underlined)
            assert _covered(underlined) == [(q.cue.start, q.cue.end)]
    for start, end, n in cited:
        inside = [p for p in found
                  if any(tag == "span" and a.get("data-cite") == str(n) for tag, a in p.inside)]
        assert "".join(p.text for p in inside) == text[start:end]
    return found


def quote(text: str, start: int, end: int, speaker: str | None, cue: tuple | None = None,
          kind: str = "direct") -> Quote:
    return Quote(speaker=speaker, speaker_span=None, cue=Span(*cue) if cue else None,
                 contents=[Span(start, end)], kind=kind, start=start, end=end,
                 text=text[start:end])


def test_seed_article_marks_every_quotation_with_its_speaker(seed):
    (listed,) = seed.documents()
    article = seed.document(listed["source"])
    quotes = article_quotes(seed, listed["source"])
    assert len(quotes) >= 20
    assert len(quotes) == seed.totals()["quotes_by_article"][listed["source"]]
    # The seed's quotations do overlap ("“…,” said Army Chief Syrskyj, hinting at …").
    assert any(a.start < b.start < a.end for a, b in zip(quotes, quotes[1:]))
    check_marked(article.text, quotes)
    assert any(q.speaker_span for q in quotes)  # speakers are shown in bold, inside marks


def test_seed_view_highlights_the_cited_span_and_lists_the_speakers(seed):
    source = seed.documents()[0]["source"]
    answer = seed.ask("What did Peskov say?")
    view, names = reader_view(seed, source, answer)
    assert "Dmitri Peskow" in names and "Volodymyr Zelenskyy" in names
    cited = cited_spans(answer, source, seed.document(source).text)
    assert cited and cited[0][2] == 1
    assert '<span class="cited" data-cite="1">' in view
    body = view.split('<div class="article-body">', 1)[1].removesuffix("</div>")
    check_marked(seed.document(source).text, article_quotes(seed, source), cited)
    assert "".join(p.text for p in pieces(body)) == seed.document(source).text


def test_nested_and_overlapping_quotations():
    text = ("Lena Ortiz said: “The bridge will close, and Mayor Brandt told us ‘it is over’ "
            "before lunch,” an aide added. Nobody said more.")
    outer = quote(text, 0, text.index(" an aide"), "Lena Ortiz", cue=(10, 14))
    inner_start = text.index("Mayor")
    inner = quote(text, inner_start, text.index("’") + 1, "Mayor Brandt",
                  cue=(text.index("told"), text.index("told") + 4))
    # A third one crossing the end of the first: overlapping, not nested.
    crossing = quote(text, text.index("before"), text.index(". Nobody"), None,
                     cue=(text.index("added"), text.index("added") + 5), kind="indirect")
    same_start = quote(text, 0, 10, "Lena Ortiz")
    quotes = sorted([outer, inner, crossing, same_start], key=lambda q: (q.start, -q.end))
    cited = [(text.index("close"), text.index("lunch"), 1)]  # crosses marks too
    found = check_marked(text, quotes, cited)
    # Inside the inner quotation, the inner speaker's mark is the innermost one.
    in_inner = next(p for p in found if "it is over" in p.text)
    marks = [a for tag, a in in_inner.inside if tag == "mark"]
    assert [m["data-speaker"] for m in marks] == ["Lena Ortiz", "Mayor Brandt"]


def test_hostile_article_text_is_shown_as_text():
    text = ('Mayor Quentin Zabrowski said, “The harbour <script>window.x = 1</script> reopens '
            '<img src=x onerror="alert(1)"> next week &amp; ${x} </mark></span>.”')
    q = quote(text, 0, len(text), "Quentin <b>Zabrowski</b>", cue=(24, 28))
    markup = marked_text(text, [q])
    assert "<script" not in markup and "<img" not in markup and "<b>" not in markup
    check_marked(text, [q])
    page = article_html("<script>alert('title')</script>", "<i>meta</i>", text, [q])
    assert "<script" not in page and "<i>" not in page
    assert "&lt;script&gt;alert(&#x27;title&#x27;)&lt;/script&gt;" in page


def test_legend_counts_each_speaker_with_a_stable_colour():
    text = "x" * 100
    quotes = [quote(text, 0, 10, "Ann Lee"), quote(text, 20, 30, "Bo Chen"),
              quote(text, 40, 50, "Ann Lee"), quote(text, 60, 70, None)]
    assert legend(quotes) == [("Ann Lee", 2), ("Bo Chen", 1), (None, 1)]
    html = legend_html(quotes)
    assert 'data-name="Ann Lee"' in html and "Ann Lee (2)" in html
    assert f"{UNNAMED} (1)" in html and html.count('class="ask"') == 2  # unnamed: not asked
    assert speaker_colour("Ann Lee") == speaker_colour(" ann  lee") != speaker_colour("Bo Chen")
    assert speaker_colour(None) == NEUTRAL


@st.composite
def marked_article(draw):
    """Any text (markup, quotation marks, control characters) with quotations anywhere,
    nested, overlapping, sharing edges, attributed or not."""
    text = draw(ARTICLE_TEXT).replace("\r", "\n")  # the parser reads \r as a line break
    n = len(text)
    quotes = []
    who = st.sampled_from([None, "Ann", "Bo <i>", "“C”"])
    for a, b, c, d, who in draw(st.lists(st.tuples(*[st.integers(0, n)] * 4, who), max_size=6)):
        start, end = sorted((a, b))
        if start == end:
            continue
        cue = tuple(sorted((start + c % (end - start), start + d % (end - start))))
        quotes.append(quote(text, start, end, who, cue=cue))
    cited = [(*sorted(draw(st.tuples(st.integers(0, n), st.integers(0, n)))), 1)]
    return text, sorted(quotes, key=lambda q: (q.start, -q.end)), cited


@fuzz(200)
@given(case=marked_article())
def test_any_text_and_spans_render_exactly(case):
    text, quotes, cited = case
    check_marked(text, quotes, cited)
