"""Shared Hypothesis settings and strategies for the fuzz tests.

Settings are derandomized so that every run (and CI) tries the same inputs; no deadline,
because two shared cores make single examples slow now and then.
"""
from __future__ import annotations

import json

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st


def fuzz(examples: int):
    """Settings for a fuzz test: `examples` inputs, the same ones on every run."""
    return settings(
        max_examples=examples, deadline=None, derandomize=True, database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                               HealthCheck.data_too_large],
    )


# Any unicode, with the awkward ones drawn often: controls, NUL, surrogate-free astral,
# bidi marks, byte-order marks, markup and quotation marks.
AWKWARD = st.sampled_from(list(
    "\x00\x01\x07\x1b\x7f\u0085\u00a0\u200b\u200e\u202e\u2028\u2029\ufeff\ufffd"
    "<>&\"'“”«»„\t\r\n\\/" "𝔘😀Пе́сковß"
))
TEXT = st.lists(st.one_of(st.text(max_size=20), AWKWARD), max_size=40).map("".join)

# A JSON scalar of any type: what a feed may put in any field.
SCALAR = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=False), TEXT,
)
JSON_VALUE = st.recursive(
    SCALAR,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(TEXT, inner, max_size=4)),
    max_leaves=12,
)

# Dates as they come from users and feeds: real ones from year 1 to 9999, times, epochs,
# nonsense, numbers out of range.
DATE_VALUE = st.one_of(
    st.dates().map(str), st.datetimes().map(str), st.dates().map(lambda d: d.strftime("%d %B %Y")),
    st.integers(min_value=-(10**15), max_value=10**15), st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(["", "0000-00-00", "2025-02-30", "9999-12-31", "10000-01-01", "yesterday",
                     "2025-13-01", "-1", "1e400", "NaN", "2025-03-12T25:61:00Z"]),
    TEXT,
)

ARTICLE_FIELDS = ["title", "body", "text", "content", "date", "published_at", "source", "url",
                  "id", "guid", "articles"]


@st.composite
def json_articles(draw) -> bytes:
    """A JSON or JSON Lines file of article-like objects whose fields hold anything."""
    def article():
        return st.dictionaries(st.sampled_from(ARTICLE_FIELDS), st.one_of(JSON_VALUE, DATE_VALUE),
                               max_size=8)

    shape = draw(st.sampled_from(["one", "array", "wrapped", "any"]))
    if shape == "one":
        value = draw(article())
    elif shape == "array":
        value = draw(st.lists(article(), max_size=5))
    elif shape == "wrapped":
        value = {"articles": draw(st.lists(article(), max_size=5))}
    else:
        value = draw(JSON_VALUE)
    return json.dumps(value, ensure_ascii=draw(st.booleans()), default=str).encode("utf-8")
