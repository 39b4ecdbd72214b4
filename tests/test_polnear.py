"""PolNeAR evaluation on a few dev articles (data lives outside the repository)."""
import re

import pytest

from assistant.polnear import default_data_dir, evaluate, format_report, load_split, parse_ann
from assistant.quotes import Quote, Span


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
    ours = evaluate("dev", d, limit=5)
    naive = evaluate("dev", d, limit=5, extractor=naive_extract)
    for m in (ours, naive):
        for key in ("content_exact", "content_overlap", "source_exact", "source_overlap",
                    "direct_overlap"):
            assert all(0.0 <= m[key][k] <= 1.0 for k in ("p", "r", "f1")), (key, m[key])
        assert 0.0 <= m["speaker_accuracy"] <= 1.0
    assert ours["articles"] == 5 and ours["predicted"] > 0
    assert ours["content_overlap"]["f1"] > naive["content_overlap"]["f1"]
    assert ours["speaker_accuracy"] > naive["speaker_accuracy"]
    report = format_report(ours)
    assert "content spans, overlap" in report and "speaker accuracy" in report
