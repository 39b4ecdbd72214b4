"""Dates from file names: an undated article takes the date its file's name holds."""
import json
import shutil

import pytest
from conftest import DATA

from assistant import Assistant, Filters
from assistant.sources.documents import load_file
from assistant.text.dates import date_from_filename

DEV_TEXT = DATA / "polnear" / "data" / "dev" / "text"
AXELROD = "politico_2016-09-28_axelrod-calls-on-dean-to-apologi.txt"
UNION = "politico_2016-09-30_flight-attendants-union-endorses.txt"


@pytest.mark.parametrize("name, expected", [
    ("nyt_2016-09-08_obama-on-climate.txt", "2016-09-08"),
    ("2025-03-12-ukraine-ceasefire-talks.txt", "2025-03-12"),
    ("/archive/2019/wapo_2016-09-08.html", "2016-09-08"),  # only the name counts
    ("v2016-09-08T10-30.json", "2016-09-08"),  # a time after the date
    ("wire_20160908_clinton.txt", "2016-09-08"),
    ("report.20160908.txt", "2016-09-08"),
    ("20160908", "2016-09-08"),
    ("IMG_20160908_123456.jpg", "2016-09-08"),
    ("2016-02-29_leap.txt", "2016-02-29"),
    ("2016-13-45_then_2016-09-08.txt", "2016-09-08"),  # the first real date
])
def test_dates_in_file_names(name, expected):
    assert date_from_filename(name) == expected


@pytest.mark.parametrize("name", [
    "2016-13-45_story.txt",  # no month 13
    "2015-02-29_story.txt",  # 2015 is no leap year
    "20161345_story.txt",
    "story_201609081.txt",  # part of a longer run of digits
    "story_120160908.txt",
    "id_2016090812345.txt",
    "x20160908.txt",  # glued to letters: an id, not a date
    "a3f20160908c1.txt",
    "2016-09-081_story.txt",
    "12345678.txt",  # a number, not the year 1234
    "story_2016_09_08.txt",  # not a form this reads
    "/archive/2016-09-08/story.txt",  # a folder's date is not the article's
    "story.txt",
    "",
])
def test_no_date_in_file_names(name):
    assert date_from_filename(name) is None


def test_a_text_file_takes_the_date_of_its_name(tmp_path):
    f = tmp_path / "nyt_2016-09-08_obama-on-climate.txt"
    f.write_text("Obama on climate\n\nThe president spoke on Thursday.\n", encoding="utf-8")
    (article,), failed = load_file(f)
    assert article.date == "2016-09-08" and not failed
    undated = tmp_path / "obama-on-climate.txt"
    shutil.copy(f, undated)
    assert load_file(undated)[0][0].date is None


def test_the_article_s_own_date_wins_over_its_file_name(tmp_path):
    html = tmp_path / "kremlin_2016-09-08.html"
    html.write_text(
        '<html><head><meta property="og:title" content="Kremlin weighs the proposal">'
        '<meta property="article:published_time" content="2025-03-12T10:00:00Z"></head><body>'
        "<article><p>Spokesperson Dmitri Peskow said the Kremlin would carefully evaluate the "
        "proposal after receiving all necessary details.</p><p>Talks are expected to continue "
        "in Riyadh next week, officials said on Wednesday evening.</p></article></body></html>",
        encoding="utf-8")
    (article,), _ = load_file(html)
    assert article.date == "2025-03-12"


def test_in_a_json_file_each_record_keeps_its_own_date(tmp_path):
    feed = tmp_path / "feed_2016-09-08.json"
    feed.write_text(json.dumps([
        {"id": "dated", "title": "Dated", "body": "Rubio said sanctions will stay.", "date": "2016-10-01"},
        {"id": "undated", "title": "Undated", "body": "Kaine said the debate went well."},
        {"id": "unreadable", "title": "Odd", "body": "Pence spoke in Ohio.", "date": "soon"},
    ]), encoding="utf-8")
    articles, failed = load_file(feed)
    dates = {a.title: a.date for a in articles}
    assert dates == {"Dated": "2016-10-01", "Undated": "2016-09-08", "Odd": "2016-09-08"}
    assert not failed


@pytest.fixture(scope="module")
def dated(tmp_path_factory):
    """Two PolNeAR dev articles indexed under dated names: Axelrod's under its own
    (2016-09-28, ISO), the union's under a compact date (2016-09-30)."""
    assert DEV_TEXT.is_dir(), f"{DEV_TEXT} is missing: PolNeAR must sit beside the repository"
    folder = tmp_path_factory.mktemp("dated") / "articles"
    folder.mkdir()
    shutil.copy(DEV_TEXT / AXELROD, folder / AXELROD)
    shutil.copy(DEV_TEXT / UNION, folder / "politico-20160930-flight-attendants.txt")
    assistant = Assistant(folder.parent / "index")
    report = assistant.index([folder])
    assert len(report.added) == 2 and not report.failed
    return assistant, folder


def test_indexed_articles_list_the_dates_of_their_names(dated):
    assistant, folder = dated
    listed = {d["path"]: d["date"] for d in assistant.documents()}
    assert listed == {
        str((folder / AXELROD).resolve()): "2016-09-28",
        str((folder / "politico-20160930-flight-attendants.txt").resolve()): "2016-09-30",
    }


def test_date_filters_include_and_exclude_by_the_file_name_s_date(dated):
    assistant, folder = dated
    axelrod = str((folder / AXELROD).resolve())
    that_day = assistant.ask("What did Axelrod say?", filters=Filters.build(since="2016-09-28", until="2016-09-28"))
    assert that_day.found and {c.source for c in that_day.citations} == {axelrod}
    assert {c.date for c in that_day.citations} == {"2016-09-28"}
    assert any("outrageous" in c.text for c in that_day.citations)
    for outside in (Filters.build(since="2016-09-29"), Filters.build(until="2016-09-27")):
        answer = assistant.ask("What did Axelrod say?", filters=outside)
        assert axelrod not in {c.source for c in answer.citations}
    later = assistant.ask("Which union endorsed Clinton?", filters=Filters.build(since="2016-09-29"))
    assert later.found and {c.date for c in later.citations} == {"2016-09-30"}
