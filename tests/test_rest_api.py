"""`GET /api/ask` beside the page, on a real `assistant serve` of the seed index: the same
answer as the Python API, filters and errors named, and the server's logins required."""
from __future__ import annotations

import shutil

import httpx
import pytest
from server_support import serving

from assistant import Assistant, Filters

pytestmark = pytest.mark.slow  # starts servers

QUESTION = "What did Peskov say?"


@pytest.fixture(scope="module")
def served(seed_index):
    with serving(seed_index) as url:
        yield url


def test_the_route_answers_as_the_python_api(served, seed_index):
    got = httpx.get(f"{served}/api/ask", params={"q": QUESTION}, timeout=60)
    assert got.status_code == 200
    expected = Assistant(seed_index).ask(QUESTION).to_dict()
    assert got.json()["answer"] == expected["answer"]
    assert [(c["source"], c["start"], c["end"], c["speaker"]) for c in got.json()["citations"]] == \
        [(c["source"], c["start"], c["end"], c["speaker"]) for c in expected["citations"]]
    assert "carefully evaluate the proposal" in got.json()["citations"][0]["text"]


def test_filters_and_passage_count_are_applied(served, seed_index):
    one = httpx.get(f"{served}/api/ask", params={"q": "What was said about the ceasefire?", "k": 1},
                    timeout=60).json()
    assert len(one["citations"]) == 1
    later = httpx.get(f"{served}/api/ask", params={"q": QUESTION, "since": "2030-01-01"},
                      timeout=60).json()
    expected = Assistant(seed_index).ask(QUESTION, filters=Filters.build(since="2030-01-01"))
    assert later["citations"] == [] and later["answer"] == expected.text


@pytest.mark.parametrize("params, named", [
    ({"q": QUESTION, "since": "2025-13-45"}, "since"),
    ({"q": QUESTION, "until": "soon"}, "until"),
    ({"q": QUESTION, "k": 0}, "k:"),
    ({"q": ""}, "empty"),
])
def test_bad_requests_are_refused_naming_the_field(served, params, named):
    got = httpx.get(f"{served}/api/ask", params=params, timeout=60)
    assert got.status_code == 400 and named in got.json()["error"]


def test_behind_logins_the_route_asks_for_one(tmp_path, seed_index):
    index = tmp_path / "index"
    shutil.copytree(seed_index, index)
    with serving(index, "--auth", "reader:open sesame") as url:
        ask = f"{url}/api/ask"
        bare = httpx.get(ask, params={"q": QUESTION}, timeout=60)
        assert bare.status_code == 401 and "Basic" in bare.headers["www-authenticate"]
        wrong = httpx.get(ask, params={"q": QUESTION}, auth=("reader", "open"), timeout=60)
        assert wrong.status_code == 401
        right = httpx.get(ask, params={"q": QUESTION}, auth=("reader", "open sesame"), timeout=60)
        assert right.status_code == 200 and right.json()["citations"]
