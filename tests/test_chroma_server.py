"""The same assertions as in embedded mode, against a real `chroma run` server: indexing,
re-indexing (changed, removed, unchanged files), asking, quotes and speakers."""
from __future__ import annotations

import pytest

import test_ask_seed
import test_indexing
import test_quotes_api
from assistant import Assistant, Settings
from assistant.store.chroma import Store, database_name
from chroma_server_support import ChromaServer, chroma_server, server_mode  # noqa: F401
from conftest import SEEDS

pytestmark = pytest.mark.slow  # a real `chroma run` server: not in `make test-quick`


def cases(module, names):
    """The module's test functions as (function, arguments) pairs, one per parametrize case,
    so they run here unchanged against the server-backed Assistant."""
    for name in names:
        check = getattr(module, name)
        marks = [m for m in getattr(check, "pytestmark", []) if m.name == "parametrize"]
        if not marks:
            yield pytest.param(check, {}, id=name)
            continue
        argnames, values = marks[0].args
        argnames = [a.strip() for a in argnames.split(",")] if isinstance(argnames, str) else argnames
        for i, value in enumerate(values):
            value = value if len(argnames) > 1 else (value,)
            yield pytest.param(check, dict(zip(argnames, value)), id=f"{name}[{i}]")


SEED_CHECKS = [
    *cases(test_ask_seed, [
        "test_speaker_question_cites_the_quote_first",
        "test_every_citation_is_the_exact_text_at_its_offsets",
        "test_citations_are_numbered_in_order_and_all_marked",
        "test_person_absent_from_the_articles_is_not_quoted",
        "test_general_question_finds_the_sentence",
        "test_document_returns_the_file_text_exactly",
        "test_documents_lists_the_seed",
    ]),
    *cases(test_quotes_api, [
        "test_quotes_by_either_spelling_are_theirs_alone",
        "test_nobody_else_is_returned_for_a_name",
        "test_quotes_about_a_topic_rank_that_topic_first",
        "test_unknown_person_has_no_quotes",
        "test_speakers_fold_spellings_into_one_person",
        "test_ask_routes_speaker_questions_to_quotes",
    ]),
]

INDEXING_CHECKS = [
    *cases(test_indexing, [
        "test_add_change_remove_and_rerun",
        "test_bad_new_version_keeps_the_old_one",
        "test_prune_and_remove",
        "test_identical_articles_are_stored_once_and_cited_under_both",
    ]),
]


@pytest.fixture(scope="module")
def server_seed(tmp_path_factory):
    """The seed index built once on a server, opened by a second Assistant (as another
    process would) through the URL alone."""
    work = tmp_path_factory.mktemp("server-seed")
    server = ChromaServer(work / "chroma-data")
    server.start()
    index = work / "seed"
    settings = Settings.from_env(index_dir=index, chroma_url=server.url)
    report = Assistant(settings=settings).index([SEEDS])
    assert len(report.added) == 1 and not report.failed
    assert not (index / "chroma").exists(), "server mode wrote an embedded Chroma"
    yield Assistant(settings=settings)
    server.stop()


@pytest.mark.parametrize("check, args", SEED_CHECKS)
def test_seed_answers_on_server(server_seed, check, args):
    check(seed=server_seed, **args)


@pytest.mark.parametrize("check, args", INDEXING_CHECKS)
def test_indexing_on_server(server_mode, tmp_path, corpus, check, args):
    check(tmp_path=tmp_path, corpus=corpus, **args)
    assert not (tmp_path / "index" / "chroma").exists(), "server mode wrote an embedded Chroma"


def test_indexes_on_one_server_do_not_collide(server_mode, tmp_path, corpus):
    other = tmp_path / "other"
    other.mkdir()
    (other / "note.md").write_text("# Note\n\nKeir Starmer said talks must go on.\n", encoding="utf-8")
    first, second = Assistant(tmp_path / "news"), Assistant(tmp_path / "notes")
    first.index([corpus])
    second.index([other])
    assert [d["title"] for d in second.documents()] == ["Note"]
    assert [d["title"][:15] for d in first.documents()] == ["The recent nego"]
    assert second.quotes(speaker="Peskov") == [] and first.quotes(speaker="Peskov")
    assert {database_name(tmp_path / "news"), database_name(tmp_path / "notes")} == {"news", "notes"}


def test_a_reader_sees_another_writers_update(server_mode, tmp_path, corpus):
    """Two processes share the server: the keyword index and the speaker registry of a
    reader follow the generation the writer stores in Chroma."""
    index = tmp_path / "index"
    writer, reader = Assistant(index), Assistant(index)
    writer.index([corpus])
    assert reader.quotes(speaker="Peskov") and reader.quotes(speaker="Ingrid Lindqvist") == []
    before = reader.ask("What did Lindqvist say about talks?")
    assert before.text == "Lindqvist is not quoted in the indexed articles." and not before.citations
    (corpus / "note.md").write_text('# Note\n\n"Talks must go on," Ingrid Lindqvist said.\n', encoding="utf-8")
    writer.index([corpus])
    assert reader.quotes(speaker="Ingrid Lindqvist")
    assert "Talks must go on" in reader.ask("What did Lindqvist say?").citations[0].text


def test_missing_index_on_the_server_is_a_clear_error(server_mode, tmp_path):
    from assistant import AssistantError

    with pytest.raises(AssistantError, match="no index named 'nothing' on the Chroma server"):
        Assistant(tmp_path / "nothing").ask("What did Peskov say?")
    with pytest.raises(AssistantError, match="no index named"):
        Store(tmp_path / "nothing")


def test_two_serve_processes_on_one_server_answer_each_others_articles(server_mode, tmp_path, corpus):
    """Two app hosts (each its own index folder of the same name, so the same Chroma
    database, and its own search files): an article uploaded through one is answered by
    the other on the next question."""
    from gradio_client import Client, handle_file

    from server_support import serving

    first, second = tmp_path / "host-a" / "news", tmp_path / "host-b" / "news"
    Assistant(first).index([corpus])
    second.parent.mkdir()
    note = tmp_path / "note.md"
    note.write_text('# Note\n\n"Talks must go on," Ingrid Lindqvist said.\n', encoding="utf-8")
    with serving(first) as url_a, serving(second) as url_b:
        a, b = Client(url_a, verbose=False), Client(url_b, verbose=False)
        before = b.predict("What did Lindqvist say?", api_name="/ask")
        assert before["citations"] == [] and not before.get("error")
        assert b.predict("What did Peskov say?", api_name="/ask")["citations"]
        a.predict([handle_file(str(note))], api_name="/upload")
        after = b.predict("What did Lindqvist say?", api_name="/ask")
        assert "Talks must go on" in after["citations"][0]["text"], after
        assert after["citations"][0]["speaker"] == "Ingrid Lindqvist"
    # Each host keeps its own files, of the generation both read.
    generation = Store(second).generation()
    for host in (first, second):
        assert (host / "search" / f"g-{generation}" / "stamp.json").is_file()
