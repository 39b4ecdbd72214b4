"""PolNeAR evaluation on a few dev articles (data lives outside the repository)."""
import re

import pytest

from assistant.evaluation.polnear import default_data_dir, evaluate, format_report, load_split, parse_ann
from assistant.quotes.extract import Quote, Span


def _data_dir():
    d = default_data_dir()
    if not (d / "data" / "dev" / "text").is_dir() and not (d / "dev" / "text").is_dir():
        pytest.fail(f"PolNeAR data not found at {d.resolve()}: run from the repository root "
                    "with ../shared/data/polnear present, or set ASSISTANT_POLNEAR")
    return d


def naive_extract(text):
    """Baseline: text in double quotation marks, speaker = next capitalised word."""
    out = []
    for m in re.finditer(r"[“\"][^”\"\n]{3,}[”\"]", text):
        sp = re.compile(r"\b[A-Z][a-z]+").search(text, m.end(), m.end() + 60)
        speaker_span = Span(sp.start(), sp.end()) if sp else None
        out.append(Quote(sp.group() if sp else None, speaker_span, None,
                         [Span(m.start(), m.end())], "direct"))
    return out


def test_parse_ann_discontinuous():
    ann = ("T1\tSource 0 5\tTrump\nT2\tCue 6 10\tsaid\nT3\tContent 11 20;25 30\txxx\n"
           "T4\tAttribution 6 10\tsaid\nE1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n")
    (g,) = parse_ann(ann)
    assert g.contents == [(11, 20), (25, 30)] and g.sources == [(0, 5)] and g.cues == [(6, 10)]


def test_first_annotator_only():
    docs = load_split("dev", _data_dir(), limit=3)
    assert len(docs) == 3 and len({name for name, _, _ in docs}) == 3


def test_dev_sample_beats_naive_baseline():
    d = _data_dir()
    # ten articles: the first five hold only two direct quotes
    ours = evaluate("dev", d, limit=10)
    naive = evaluate("dev", d, limit=10, extractor=naive_extract)
    for m in (ours, naive):
        for key in ("content_exact", "content_overlap", "source_exact", "source_overlap",
                    "direct_overlap"):
            assert all(0.0 <= m[key][k] <= 1.0 for k in ("p", "r", "f1")), (key, m[key])
        assert 0.0 <= m["speaker_accuracy"] <= 1.0
    assert ours["articles"] == 10 and ours["predicted"] > 0
    assert ours["content_overlap"]["f1"] > naive["content_overlap"]["f1"]
    assert ours["speaker_accuracy"] > naive["speaker_accuracy"]
    report = format_report(ours)
    assert "content spans, overlap" in report and "speaker accuracy" in report


def test_direct_means_mostly_inside_quotation_marks():
    from assistant.evaluation.polnear import is_direct
    text = ('Reid said the plan would cut jobs and "fail workers." '
            '“We will win,” she said. ”Nobody doubts it.” I have earned it,”')
    span = lambda s: [(text.index(s), text.index(s) + len(s))]  # noqa: E731
    assert is_direct(text, span("“We will win,”"))
    assert is_direct(text, span("”Nobody doubts it.”"))
    assert is_direct(text, span("I have earned it,”"))  # opening mark left out
    assert not is_direct(text, span('the plan would cut jobs and "fail workers."'))


def test_gold_source_named_by_head_name_and_earlier_source():
    from assistant.evaluation.polnear import GoldAttribution, _gold_names
    text = ("Sanders campaign manager Jeff Weaver said it was over. "
            "“We lost,” he said.")
    weaver = GoldAttribution(contents=[(50, 60)], sources=[(0, 36)])
    he = GoldAttribution(contents=[(55, 66)], sources=[(text.index(" he ") + 1,
                                                       text.index(" he ") + 3)])
    assert _gold_names(text, weaver, [weaver, he]) == ["Jeff Weaver"]
    assert _gold_names(text, he, [weaver, he]) == ["Jeff Weaver"]
    assert _gold_names(text, GoldAttribution(contents=[(0, 1)]), [weaver]) == []
