"""Incremental indexing: new, changed, removed and unchanged files, nothing duplicated."""
from assistant import Assistant
from assistant.store.chroma import Store


def stored(index):
    store = Store(index)
    return store.chunks(), store.articles()


def test_add_change_remove_and_rerun(tmp_path, corpus):
    index = tmp_path / "index"
    a = Assistant(index)
    (corpus / "second.md").write_text("# Second\n\nMarco Rubio said talks went well.\n", encoding="utf-8")
    first = a.index([corpus])
    assert (len(first.added), len(first.updated), len(first.removed)) == (2, 0, 0)

    (corpus / "second.md").write_text("# Second\n\nMarco Rubio said talks stalled.\n", encoding="utf-8")
    (corpus / "third.txt").write_text("Third\n\nKeir Starmer said nothing new.\n", encoding="utf-8")
    seed_name = next(p for p in corpus.glob("*.txt") if p.name != "third.txt")
    seed_name.unlink()
    second = a.index([corpus])
    assert [len(x) for x in (second.added, second.updated, second.removed, second.unchanged)] == [1, 1, 1, 0]

    chunks, articles = stored(index)
    assert len({c.id for c in chunks}) == len(chunks)
    live = {r.id for r in articles}
    assert {c.article.id for c in chunks} == live  # no orphan chunks
    assert sum(r.chunk_count for r in articles) == len(chunks)
    assert sorted(r.ref.title for r in articles) == ["Second", "Third"]
    assert "stalled" in a.ask("What did Rubio say?").citations[0].text

    third = a.index([corpus])
    assert not third.changed and len(third.unchanged) == 2
    assert [c.id for c in stored(index)[0]] == [c.id for c in chunks]


def test_bad_new_version_keeps_the_old_one(tmp_path, corpus):
    index = tmp_path / "index"
    a = Assistant(index)
    a.index([corpus])
    victim = next(corpus.glob("*.txt"))
    victim.write_bytes(b"\xff\xfe broken \x00")
    report = a.index([corpus])
    assert len(report.failed) == 1 and victim.name in report.failed[0][1]
    assert not report.removed
    assert "carefully evaluate" in a.ask("What did Peskov say?").citations[0].text


def test_prune_and_remove(tmp_path, corpus):
    index = tmp_path / "index"
    a = Assistant(index)
    extra = tmp_path / "extra.md"
    extra.write_text("# Extra\n\nKeir Starmer said talks must go on.\n", encoding="utf-8")
    a.index([corpus, extra])
    assert len(a.documents()) == 2
    kept = a.index([extra])  # a file given alone does not remove the folder's articles
    assert not kept.removed
    pruned = a.index([extra], prune=True)
    assert len(pruned.removed) == 1 and [d["title"] for d in a.documents()] == ["Extra"]
    a.remove(str(extra.resolve()))
    assert a.documents() == []
    chunks, _ = stored(index)
    assert chunks == []
    import pytest

    from assistant import AssistantError

    with pytest.raises(AssistantError, match="not in the index"):
        a.remove(str(extra.resolve()))


def test_identical_articles_are_stored_once_and_cited_under_both(tmp_path, corpus):
    import shutil

    index = tmp_path / "index"
    a = Assistant(index)
    seed = next(corpus.glob("*.txt"))
    shutil.copy(seed, corpus / "syndicated copy.txt")
    report = a.index([corpus])
    assert len(report.added) == 2
    chunks, articles = stored(index)
    assert len({c.article.id for c in chunks}) == 1  # chunks stored once
    answer = a.ask("What did Peskov say?")
    c = answer.citations[0]
    assert [c.source, *c.also] and len(c.also) == 1
    assert {c.source, *c.also} == {str(seed.resolve()), str((corpus / "syndicated copy.txt").resolve())}
    # The original goes: the copy takes over and still answers.
    original = c.source
    (corpus / original.rsplit("/", 1)[1]).unlink()
    a.index([corpus])
    again = a.ask("What did Peskov say?")
    assert again.citations[0].source.endswith("syndicated copy.txt") and again.citations[0].also == []
    assert "carefully evaluate" in again.citations[0].text
    chunks, articles = stored(index)
    assert len(articles) == 1 and {c.article.id for c in chunks} == {r.id for r in articles}
