"""Filters by publisher, date range and article, in the API and on the command line."""
import json

import pytest

from assistant import Assistant, AssistantError
from assistant.store.filters import Filters
from test_cli import run

FEED = [
    {"id": "old", "title": "Early talks", "source": "Daily Planet", "date": "2025-01-10",
     "body": "Marco Rubio said, “Sanctions will stay in place for now.”"},
    {"id": "new", "title": "Later talks", "source": "Evening Star", "date": "2025-03-20",
     "body": "Marco Rubio said, “Sanctions could be eased if the ceasefire holds.”"},
]


@pytest.fixture(scope="module")
def feed_index(tmp_path_factory):
    folder = tmp_path_factory.mktemp("feed")
    (folder / "feed.json").write_text(json.dumps(FEED), encoding="utf-8")
    index = folder / "index"
    Assistant(index).index([folder / "feed.json"])
    return index


def cited(answer):
    return " ".join(c.text for c in answer.citations)


def test_source_and_dates_filter_quotes_and_answers(feed_index):
    a = Assistant(feed_index)
    assert "stay in place" in cited(a.ask("What did Rubio say?", filters=Filters.build(source="daily planet")))
    assert "eased" not in cited(a.ask("What did Rubio say?", filters=Filters.build(source="Daily Planet")))
    later = a.ask("What did Rubio say?", filters=Filters.build(since="2025-03-01"))
    assert "eased" in cited(later) and "stay in place" not in cited(later)
    earlier = a.quotes(speaker="Rubio", filters=Filters.build(until="Feb 1, 2025"))
    assert [q.text for q in earlier] and all("stay in place" in q.text for q in earlier)
    general = a.ask("sanctions", filters=Filters.build(since="2025-03-01"))
    assert "eased" in cited(general) and "stay in place" not in cited(general)
    assert a.ask("What did Rubio say?", filters=Filters.build(source="Nowhere Gazette")).citations == []


def test_latest_puts_the_newest_first(feed_index):
    a = Assistant(feed_index)
    answer = a.ask("What did Rubio say most recently?")
    assert "eased" in answer.citations[0].text


def test_unreadable_dates_are_refused_by_name():
    with pytest.raises(AssistantError, match="since: cannot read 'soon' as a date"):
        Filters.build(since="soon")
    with pytest.raises(AssistantError, match="is after until"):
        Filters.build(since="2025-03-01", until="2025-01-01")


@pytest.mark.slow
def test_cli_filters(feed_index):
    done = run("ask", "What did Rubio say?", "--since", "2025-03-01", "--json", "--index", feed_index)
    assert done.returncode == 0, done.stderr
    texts = [c["text"] for c in json.loads(done.stdout)["citations"]]
    assert texts and all("eased" in t for t in texts)
    bad = run("ask", "What did Rubio say?", "--until", "whenever", "--index", feed_index)
    assert bad.returncode == 2 and "until: cannot read 'whenever'" in bad.stderr
