"""One count of a person's quotes everywhere: the Speakers tab (`Assistant.speakers()`), the
answer to "What did X say?", `Assistant.quotes()` and the Library's totals."""
from __future__ import annotations

import re
import shutil

import pytest
from conftest import DATA

from assistant import Assistant
from assistant.web.speakers_tab import speaker_rows

DEV_TEXT = DATA / "polnear" / "data" / "dev" / "text"
_COUNT = re.compile(r"— (\d+) quotes? in the indexed articles")
# what an answer about someone named in full leaves out: their surname alone, in articles
# that give no first name
_LEFT_OUT = re.compile(r"Not counted: (\d+) quotes? given to")


@pytest.fixture(scope="module")
def dev(tmp_path_factory):
    """A small PolNeAR dev index (the first eight articles; never the test split)."""
    folder = tmp_path_factory.mktemp("polnear-dev-counts")
    for path in sorted(DEV_TEXT.glob("*.txt"))[:8]:
        shutil.copy(path, folder / path.name)
    assistant = Assistant(folder.parent / f"{folder.name}-index")
    assert len(assistant.index([folder]).added) == 8
    return assistant


def _answered_count(assistant: Assistant, name: str) -> int | None:
    """The count the answer to "What did <name> say?" gives, when it answers about them,
    with the quotes it says it left out."""
    answer = assistant.ask(f"What did {name} say?")
    found = _COUNT.search(answer.text.partition("\n")[0])
    if not found or answer.speaker != name:
        return None
    left_out = _LEFT_OUT.search(answer.text)
    return int(found.group(1)) + (int(left_out.group(1)) if left_out else 0)


@pytest.mark.parametrize("index", ["seed", "dev"])
def test_every_person_has_one_count(index, request):
    assistant = request.getfixturevalue(index)
    people = assistant.speakers()
    assert len(people) >= 10
    tab = {row[0]: row[3] for row in speaker_rows(assistant)}
    answered = 0
    for person in people:
        quotes = assistant.quotes(speaker=person.name)
        assert {q.speaker for q in quotes} <= person.aliases, person.name
        assert tab[person.name] == person.quote_count == len(quotes), person.name
        said = _answered_count(assistant, person.name)
        if said is not None:
            answered += 1
            assert said == person.quote_count, (person.name, said, person.quote_count)
    # Nearly everyone is answered about by name (a name that is also a place may not be).
    assert answered >= 0.8 * len(people), answered


def test_peskov_is_counted_once_for_one_thing_said(seed):
    peskow = next(p for p in seed.speakers() if p.name == "Dmitri Peskow")
    answer = seed.ask("What did Peskov say?")
    assert answer.text.startswith("Dmitri Peskow (Spokesperson) — 1 quote in the indexed articles")
    assert peskow.quote_count == 1 == len(seed.quotes(speaker="Peskov"))
    # The stored fragment "Spokesperson Dmitri Peskow conveyed reluctance" lies inside the
    # quote cited: it is not counted as a second thing said.
    (quote,) = seed.quotes(speaker="Peskov")
    assert "We will carefully evaluate the proposal" in quote.text


@pytest.mark.parametrize("index", ["seed", "dev"])
def test_totals_count_the_same_quotes(index, request):
    assistant = request.getfixturevalue(index)
    totals = assistant.totals()
    assert totals["quotes"] == len(assistant.quotes()) == sum(totals["quotes_by_article"].values())
    assert totals["people"] == len(assistant.speakers())
    assert totals["articles"] == len(assistant.documents())
    assert totals["chunks"] == sum(d["chunks"] for d in assistant.documents())
    for source, n in totals["quotes_by_article"].items():
        in_article = [q for q in assistant.quotes() if q.source == source]
        assert len(in_article) == n, source
