"""Files that change under the indexer, symlink loops, and a change of chunk settings."""
import os
from dataclasses import replace

from assistant import Assistant, Settings
from assistant.store.chroma import Store


def write(folder, name, body):
    (folder / name).write_text(f"{name}\n\n{body}\n", encoding="utf-8")


def test_file_vanishing_mid_run_is_reported_and_the_rest_indexed(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ["a.txt", "b.txt", "c.txt"]:
        write(folder, name, f"Officials said {name} was published.")

    def vanish(done, total, chunks):
        if done == 1:
            (folder / "b.txt").unlink()  # listed already, gone before it is read

    a = Assistant(tmp_path / "index")
    report = a.index([folder], vanish)
    assert [p.rsplit("/", 1)[1] for p in report.added] == ["a.txt", "c.txt"]
    assert len(report.failed) == 1 and "b.txt: cannot read" in report.failed[0][1]


def test_symlink_loops_are_reported_not_followed(tmp_path):
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    write(folder, "real.txt", "Officials said the real article was read.")
    os.symlink(folder / "loop2.txt", folder / "loop1.txt")
    os.symlink(folder / "loop1.txt", folder / "loop2.txt")
    os.symlink(folder, folder / "sub" / "back")  # a folder loop
    report = Assistant(tmp_path / "index").index([folder])
    assert [p.rsplit("/", 1)[1] for p in report.added] == ["real.txt"]
    assert sorted(p.rsplit("/", 1)[1] for p, _ in report.failed) == ["loop1.txt", "loop2.txt"]
    assert all("cannot read" in reason for _, reason in report.failed)


def test_changed_chunk_settings_rebuild_everything(tmp_path, corpus):
    index = tmp_path / "index"
    Assistant(index).index([corpus])
    before = Store(index).counts()["chunks"]
    smaller = replace(Settings.from_env(), index_dir=index, chunk_tokens=80)
    report = Assistant(settings=smaller).index([corpus])
    assert len(report.updated) == 1 and not report.unchanged
    after = Store(index)
    assert after.counts()["chunks"] > before
    assert after.settings()["chunk_tokens"] == 80


def test_changed_settings_rebuild_articles_outside_the_given_paths_from_their_text(tmp_path, corpus):
    index = tmp_path / "index"
    other = tmp_path / "other.md"
    other.write_text("# Other\n\nKeir Starmer said talks must go on.\n", encoding="utf-8")
    Assistant(index).index([corpus, other])
    smaller = replace(Settings.from_env(), index_dir=index, chunk_tokens=80)
    a = Assistant(settings=smaller)
    report = a.index([other])  # the seed folder is not given, and is not lost
    assert len(report.updated) == 2 and not report.removed
    assert sorted(d["title"][:5] for d in a.documents()) == ["Other", "The r"]
    assert "carefully evaluate" in a.ask("What did Peskov say?").citations[0].text
