"""Quotes read again when the rules that read them change, without embedding again.

An index built with the rules alone and indexed again with the learned model (a change of
what reads quotes, as an upgrade of the rules is) holds what a fresh build with the model
holds, while its chunks stay as they were and the model for documents is never loaded.
Real PolNeAR dev articles whose quotes the two readings set apart."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import numpy as np
import pytest

from assistant import Assistant
from assistant.config import Settings
from assistant.store.chroma import Store
from tests.conftest import DATA

DEV_TEXT = DATA / "polnear" / "data" / "dev" / "text"
# The learned model reads one quote more in each than the rules alone.
CHANGED = ("breitbart_2016-09-15_pat-caddell-democrat-voters-worr",
           "huff-post_2016-09-20_hillary-clinton-speaks-directly-",
           "breitbart_2016-09-26_green-party-candidate-jill-stein")
LATER = "politico_2016-09-08_flynn-says-trump-absolutely-righ"


def _copy(folder, *names):
    folder.mkdir(exist_ok=True)
    for name in names:
        shutil.copy(DEV_TEXT / f"{name}.txt", folder / f"{name}.txt")
    return folder


def _quotes(index) -> dict:
    store = Store(index)
    vectors = store.vectors("quotes")
    # (a quote of two speakers is one quote for each)
    return {(q.source.rsplit("/", 1)[-1], q.start, q.end, q.speaker or ""):
            ((q.role, tuple(q.parties), q.text), vectors[i])
            for i, q in store.all_quotes().items()}


def _chunks(index) -> dict:
    """Chunk id -> (text, vector, sentence vectors, quote entries)."""
    store = Store(index)
    vectors = store.vectors("chunks")
    return {c.id: (c.text, vectors[c.id], c.sentence_vectors, c.quotes) for c in store.chunks()}


def _index_in_new_process(index, folder, **env) -> dict:
    """Index `folder` in a process of its own: its report, and whether it imported the
    model's libraries. (A process of its own also because an embedded Chroma client does
    not see the vectors another process wrote since it opened.)"""
    script = ("import json, sys\nfrom assistant import Assistant\n"
              f"report = Assistant({str(index)!r}).index([{str(folder)!r}])\n"
              "print(json.dumps({'report': report.to_dict(), 'summary': report.summary(), "
              "'model': [m for m in ('torch', 'sentence_transformers') if m in sys.modules]}))\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=600, check=True, env={**os.environ, **env})
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def requoted(tmp_path_factory):
    """An index built with the rules alone, then indexed with the learned model: what it
    held before, the second run's report, and a fresh build with the model."""
    root = tmp_path_factory.mktemp("requote")
    folder = _copy(root / "articles", *CHANGED)
    old = Assistant(root / "index", settings=Settings(learned_attribution=False))
    assert len(old.index([folder]).added) == len(CHANGED)
    reader = Assistant(root / "index")  # opened before the rules change, reads after
    before = {"quotes": _quotes(root / "index"), "chunks": _chunks(root / "index"),
              "reader": {q.start for q in reader.quotes()}}
    report = Assistant(root / "index").index([folder])
    fresh = Assistant(root / "fresh")
    assert len(fresh.index([folder]).added) == len(CHANGED)
    return dict(root=root, folder=folder, before=before, report=report, reader=reader,
                after=_quotes(root / "index"), fresh=_quotes(root / "fresh"))


def test_the_quotes_of_unchanged_articles_are_read_again_when_the_rules_change(requoted):
    report = requoted["report"]
    assert len(report.requoted) == len(CHANGED)
    assert report.added == report.updated == [] and len(report.unchanged) == len(CHANGED)
    assert "quotes read again in 3 unchanged articles" in report.summary()
    before, after, fresh = requoted["before"]["quotes"], requoted["after"], requoted["fresh"]
    assert set(before) != set(fresh)  # the two readings differ: the old quotes were stale
    assert set(after) == set(fresh)
    for key, (quote, vector) in fresh.items():
        assert after[key][0] == quote
        # the quote's vector from the stored (8-bit) sentence vectors, not the model's own
        assert float(after[key][1] @ vector) > 0.999


def test_reading_quotes_again_leaves_the_chunks_as_they_were(requoted):
    before = requoted["before"]["chunks"]
    after = _chunks(requoted["root"] / "index")
    assert set(before) == set(after)
    for cid, (text, vector, sentences, _) in before.items():
        assert after[cid][0] == text and after[cid][2] == sentences
        assert np.array_equal(after[cid][1], vector)
    # while the table entries the chunks carry are the new quotes'
    entries = {(e.start, e.end, e.speaker) for c in after.values() for e in c[3]}
    assert entries == {k[1:] for k in requoted["after"]}


def test_a_reader_opened_before_sees_the_quotes_read_again(requoted):
    starts = {q.start for q in requoted["reader"].quotes()}
    assert starts != requoted["before"]["reader"]
    assert starts == {q.start for q in Assistant(requoted["root"] / "index").quotes()}


def test_only_articles_read_by_other_rules_are_read_again(requoted):
    folder = _copy(requoted["folder"], LATER)
    report = Assistant(requoted["root"] / "index").index([folder])
    assert report.added == [str(folder / f"{LATER}.txt")]
    assert report.requoted == []  # the others were read by these rules in the last run
    assert "read again" not in report.summary()
    # and the article added was read by the model, as a fresh build reads it
    fresh = Assistant(requoted["root"] / "fresh")
    fresh.index([folder])
    assert set(_quotes(requoted["root"] / "index")) == set(_quotes(requoted["root"] / "fresh"))


def test_neither_reading_quotes_again_nor_an_unchanged_folder_loads_the_model(tmp_path):
    folder = _copy(tmp_path / "articles", CHANGED[0])
    built = _index_in_new_process(tmp_path / "index", folder, ASSISTANT_LEARNED_ATTRIBUTION="0")
    assert len(built["report"]["added"]) == 1 and "sentence_transformers" in built["model"]
    again = _index_in_new_process(tmp_path / "index", folder)
    # (spaCy's thinc imports torch when it is installed; the model is never loaded)
    assert len(again["report"]["requoted"]) == 1 and "sentence_transformers" not in again["model"]
    unchanged = _index_in_new_process(tmp_path / "index", folder)
    assert unchanged["report"]["requoted"] == unchanged["report"]["added"] == []
    assert unchanged["model"] == []


def test_an_article_whose_sentence_vectors_are_unreadable_is_built_again(tmp_path):
    folder = _copy(tmp_path / "articles", CHANGED[1])
    old = Assistant(tmp_path / "index", settings=Settings(learned_attribution=False))
    old.index([folder])
    store = Store(tmp_path / "index")
    damaged = store.chunks()
    store._chunks.update(ids=[c.id for c in damaged],
                         metadatas=[{**c.encode()[3], "sentence_vectors": ""} for c in damaged])
    report = Assistant(tmp_path / "index").index([folder])
    assert report.requoted == [str(folder / f"{CHANGED[1]}.txt")] and report.updated == []
    assert all(c.sentence_vectors for c in Store(tmp_path / "index").chunks())
    Assistant(tmp_path / "fresh").index([folder])
    assert set(_quotes(tmp_path / "index")) == set(_quotes(tmp_path / "fresh"))
