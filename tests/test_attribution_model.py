"""The attribution model learned from PolNeAR train: it is trained by one command,
reproducibly, never from the test split; the committed model loads, is small, and does
better than the rules alone on articles it was not trained on."""
import json
import os
import subprocess
import sys

import pytest
from conftest import ROOT

from assistant import AssistantError, Settings
from assistant.evaluation.polnear import compare, default_data_dir
from assistant.quotes.extract import extract_quotes, get_nlp
from assistant.quotes.learned.model import DEFAULT_PATH, AttributionModel, default_model
from assistant.training.attribution import read_articles, refuse_other_splits, train

BOY = ("The last question came from a young child.\n\n"
       "“How big is that wall?” asked the boy, who wore a red cap.")


def _assistant_cmd(*args):
    return subprocess.run([sys.executable, "-m", "assistant", *map(str, args)],
                          capture_output=True, text=True, timeout=600, cwd=ROOT,
                          env={**os.environ, "HF_HUB_OFFLINE": "1"})


@pytest.mark.parametrize("split", ["test", "dev"])
def test_training_refuses_every_split_but_train(split, tmp_path):
    with pytest.raises(AssistantError, match=f"trained on PolNeAR train only, not '{split}'"):
        refuse_other_splits(split)
    # refused before any annotation is read: an empty data folder is never looked at
    with pytest.raises(AssistantError, match="only, not"):
        read_articles(split, data_dir=tmp_path)


def test_the_command_refuses_the_test_split():
    done = _assistant_cmd("train", "attribution", "--split", "test", "--out", os.devnull)
    assert done.returncode == 2
    assert "trained on PolNeAR train only, not 'test'" in done.stderr


def test_the_committed_model_is_small_and_says_how_it_was_made():
    assert DEFAULT_PATH.stat().st_size <= 10 * 1024 * 1024
    model = default_model()
    about = model.about
    assert about["command"].startswith("assistant train attribution")
    assert "PolNeAR" in about["data"] and "split train" in about["data"]
    assert about["articles"] == 840 and isinstance(about["seed"], int)
    assert {"cue", "content_start", "content_end", "source_start", "source_end"} <= set(model.weights)


def test_a_file_that_is_not_a_model_is_refused_by_name(tmp_path):
    bad = tmp_path / "model.json"
    bad.write_text(json.dumps({"format": 99, "weights": {}}), encoding="utf-8")
    with pytest.raises(AssistantError, match="model.json is not an attribution model"):
        AttributionModel.load(bad)
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(AssistantError, match="cannot read the attribution model .*model.json"):
        AttributionModel.load(bad)


@pytest.mark.slow  # parses 16 train articles twice
def test_retraining_on_a_slice_is_reproducible(tmp_path):
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    model = train(first, default_data_dir(), limit=8, command="test")
    train(second, default_data_dir(), limit=8, command="test")
    assert first.read_bytes() == second.read_bytes()
    loaded = AttributionModel.load(first)
    assert loaded.weights == model.weights and loaded.about["articles"] == 8
    assert loaded.about["examples"]["content_start"] > 20


@pytest.mark.slow  # parses 20 dev articles
def test_the_committed_model_beats_the_rules_on_a_dev_slice():
    results = compare("dev", default_data_dir(), limit=20)
    rules, learned = results["rules"], results["rules + model"]
    assert learned["content_exact"]["f1"] > rules["content_exact"]["f1"]
    assert learned["source_exact"]["f1"] > rules["source_exact"]["f1"]
    assert learned["content_overlap"]["f1"] >= rules["content_overlap"]["f1"] - 0.005
    assert learned["speaker_accuracy"] >= rules["speaker_accuracy"]


def test_the_settings_switch_turns_the_model_off_when_indexing():
    from assistant.indexing.article_build import ArticleBuilder
    from assistant.models.embedder import shared_embedder

    embedder = shared_embedder("float32")
    on = ArticleBuilder(embedder, Settings()).parse(BOY).quotes
    off = ArticleBuilder(embedder, Settings(learned_attribution=False)).parse(BOY).quotes
    assert off == extract_quotes(BOY, get_nlp(), learned=False)
    assert on == extract_quotes(BOY, get_nlp())
    assert [q.speaker for q in on] == [q.speaker for q in off] == ["the boy"]
    assert BOY[off[0].speaker_span.start:off[0].speaker_span.end] == "the boy"


def test_a_model_that_keeps_and_moves_nothing_gives_the_rules_quotes():
    nlp = get_nlp()
    rules = extract_quotes(BOY, nlp, learned=False)
    assert extract_quotes(BOY, nlp, learned=AttributionModel({}, {})) == rules


def test_the_model_gives_no_one_the_words_that_name_them_inside_another_persons():
    # "Ramos ... said Trump has not replied to his interview requests": "Trump ... replied"
    # is nested in Ramos's words; its content once grew over "Trump has not replied"
    text = (default_data_dir() / "data" / "train" / "text"
            / "breitbart_2016-04-12_mexican-anchor-crosses-swords-wi.txt").read_text(encoding="utf-8")
    quotes = extract_quotes(text, get_nlp())
    at = text.index("Trump has not replied")
    nested = [q for q in quotes if q.cue and q.cue.start == text.index("replied", at)]
    assert nested and nested[0].speaker == "Donald Trump"
    for c in nested[0].contents:
        assert not c.start <= at < c.end, text[c.start:c.end]
        assert not c.start <= nested[0].cue.start < c.end
