"""LLM answer mode against a local server speaking the OpenAI chat API: what the model is
told, and how its answer is checked (citations, quotations, streaming, a server that is down)."""
from __future__ import annotations

import io
import json
import re
import socket
from dataclasses import replace

import pytest
from conftest import ROOT
from openai_server import (fenced_passages, llm_settings, model, passage_body,  # noqa: F401
                           passage_number, passage_speaker)

from assistant import Answer, Assistant, AssistantError, Settings
from assistant.answer.extractive import NOT_FOUND
from assistant.answer.llm import CheckedAnswer


def echo(messages: list[dict]) -> str:
    """A well-behaved model: one sentence per passage, quoting its first words exactly."""
    sentences = []
    for n, text in enumerate(fenced_passages(messages), 1):
        body = passage_body(text)
        first = re.sub(r"[“”\"«»„]", "", body).split()[:8]
        sentences.append(f'The article reports "{" ".join(first)}" [{n}].')
    return " ".join(sentences)


@pytest.fixture(scope="module")
def llm_assistant(model, seed_index):
    return Assistant(settings=llm_settings(seed_index, model.url))


@pytest.fixture
def llm(llm_assistant, model):
    model.requests.clear()
    model.reply = echo
    return llm_assistant


def exact(assistant: Assistant, answer: Answer) -> None:
    assert [c.n for c in answer.citations] == list(range(1, len(answer.citations) + 1))
    for c in answer.citations:
        assert assistant.document(c.source).text[c.start : c.end] == c.text
    markers = {int(n) for n in re.findall(r"\[(\d+)\]", answer.text)}
    assert markers == {c.n for c in answer.citations}


def test_good_answer_is_shown_with_its_citations(llm, model, seed):
    def reply(messages):
        n = passage_number(messages, "carefully evaluate")
        return (f"Dmitri Peskow said Russia would “carefully evaluate the proposal after receiving "
                f"all necessary details” [{n}]. He put it as \"we will carefully evaluate the proposal\" [{n}].")

    model.reply = reply
    answer = llm.ask("What did Peskov say?", mode="llm")
    assert isinstance(answer, CheckedAnswer) and answer.mode == "llm" and answer.notes == []
    assert answer.text.startswith("Dmitri Peskow said Russia would “carefully evaluate")
    assert answer.text.count("[1]") == 2 and len(answer.citations) == 1
    assert "We will carefully evaluate the proposal" in answer.citations[0].text
    assert answer.speaker == "Dmitri Peskow"
    exact(llm, answer)
    # What the model was told: the rules, then exactly the passages the extractive answer cites.
    (request,) = model.requests
    system, user = request["messages"]
    passages = fenced_passages(request["messages"])
    rules = (ROOT / "prompts" / "answer_system.txt").read_text()
    assert system["role"] == "system"
    assert system["content"] == rules.replace("{count}", str(len(passages))).replace("{not_found}", NOT_FOUND)
    assert user["role"] == "user" and "Question: What did Peskov say?" in user["content"]
    assert [passage_body(p) for p in passages] == [c.text.strip() for c in seed.ask("What did Peskov say?").citations]
    assert [passage_speaker(p) for p in passages] == ["Dmitri Peskow, Spokesperson"]
    assert request["model"] == "test-model" and request.get("temperature") == 0


def test_citations_are_renumbered_in_the_order_they_are_cited(llm, model):
    def reply(messages):
        captured = passage_number(messages, "430 Ukrainian soldiers")
        kursk = passage_number(messages, "Kursk region")
        return (f"Gerassimov stated that 430 Ukrainian soldiers were captured [{captured}]. "
                f"Russian forces were focused on the remaining Ukrainian troops in the Kursk region [{kursk}].")

    model.reply = reply
    answer = llm.ask("How many soldiers were captured in Kursk?", mode="llm")
    assert answer.mode == "llm" and answer.notes == []
    assert "430 Ukrainian soldiers" in answer.citations[0].text
    assert "Kursk region" in answer.citations[-1].text
    assert answer.text.startswith("Gerassimov stated that 430 Ukrainian soldiers were captured [1].")
    exact(llm, answer)


def test_thinking_aloud_is_not_part_of_the_answer(llm, model):
    model.reply = lambda messages: "<think>The user wants Peskov.\nPassage one.</think>\n" + echo(messages)
    answer = llm.ask("What did Peskov say?", mode="llm")
    assert answer.mode == "llm" and answer.notes == [] and answer.text.startswith("The article reports")


def test_a_quote_that_does_not_name_its_speaker_supports_a_sentence_naming_them(llm, model):
    model.reply = lambda messages: (
        f"Zelenskyy called for peace [{passage_number(messages, 'move toward peace')}]. "
        f"Zelenskyy called for surrender [{passage_number(messages, 'move toward peace')}]."
    )
    answer = llm.ask("What did Zelensky say?", mode="llm")
    assert answer.text == "Zelenskyy called for peace [1]." and "he stated" in answer.citations[0].text
    assert answer.notes == ["Removed 1 sentence that said what the passage they cite does not."]


def test_an_invented_citation_is_dropped(llm, model):
    def reply(messages):
        n = passage_number(messages, "carefully evaluate")
        return (f"Peskow said Russia would “carefully evaluate the proposal” [{n}][9]. "
                "Russia has already accepted the ceasefire [9].")

    model.reply = reply
    answer = llm.ask("What did Peskov say?", mode="llm")
    assert answer.mode == "llm"
    assert answer.text == "Peskow said Russia would “carefully evaluate the proposal” [1]."
    assert "[9]" in answer.notes[0] and "accepted" not in answer.text
    assert any("cited no passage" in note for note in answer.notes)
    exact(llm, answer)


def test_a_misquote_is_removed(llm, model):
    def reply(messages):
        peskow = passage_number(messages, "carefully evaluate")
        zelensky = passage_number(messages, "security guarantees")
        return (f"Peskow said: “We will reject the proposal after receiving all necessary details” [{peskow}]. "
                f"Zelenskyy said: “We need security guarantees” [{zelensky}].")

    model.reply = reply
    answer = llm.ask("How did Russia and Ukraine react to the ceasefire proposal?", mode="llm")
    assert answer.mode == "llm"
    assert answer.text == "Zelenskyy said: “We need security guarantees” [1]."
    assert "security guarantees" in answer.citations[0].text and len(answer.citations) == 1
    assert any("quoted words that are not in the passage" in note for note in answer.notes)
    exact(llm, answer)


def test_a_quote_given_to_someone_else_is_removed(llm, model):
    def reply(messages):
        peskow = passage_number(messages, "carefully evaluate")
        zelensky = passage_number(messages, "security guarantees")
        return (f"Zelenskyy said: “We will carefully evaluate the proposal” [{peskow}]. "
                f"Zelenskyy said: “We need security guarantees” [{zelensky}].")

    model.reply = reply
    answer = llm.ask("How did Moscow and Kyiv respond to the ceasefire proposal?", mode="llm")
    labels = [passage_speaker(p) for p in fenced_passages(model.requests[-1]["messages"])]
    assert "Dmitri Peskow, Spokesperson" in labels and "Volodymyr Zelenskyy, Ukrainian President" in labels
    assert answer.mode == "llm"
    assert answer.text == "Zelenskyy said: “We need security guarantees” [1]."
    assert any("someone other than the person who said it" in note for note in answer.notes)
    exact(llm, answer)


def test_nothing_checked_left_shows_the_extractive_answer(llm, model, seed):
    model.reply = lambda messages: (
        f"Peskow said Russia “will never accept a ceasefire” [{passage_number(messages, 'carefully evaluate')}]."
    )
    answer = llm.ask("What did Peskov say?", mode="llm")
    extractive = seed.ask("What did Peskov say?")
    assert answer.mode == "extractive" and answer.text == extractive.text
    assert [(c.start, c.end) for c in answer.citations] == [(c.start, c.end) for c in extractive.citations]
    assert "never accept" not in answer.text
    assert any("passed the citation checks" in note for note in answer.notes)
    exact(llm, answer)


def test_not_found(llm, model):
    # Nothing retrieved: the model is not even asked.
    answer = llm.ask("What did Emmanuel Macron say?", mode="llm")
    assert answer.text == "Emmanuel Macron is not quoted in the indexed articles."
    assert answer.citations == [] and model.requests == []
    # The model finds no answer in what it was given: the passages are shown, and it says so.
    model.reply = lambda messages: NOT_FOUND
    answer = llm.ask("What did Peskov say?", mode="llm")
    assert answer.mode == "extractive" and answer.citations
    assert any("found no answer" in note for note in answer.notes)


def test_streaming_keeps_markers_whole_and_ends_with_the_checked_answer(llm, model):
    question = "What did Zelensky say?"
    model.chunk_chars = 2  # markers arrive in pieces: "[", "1]"
    try:
        steps = list(llm.ask_stream(question, mode="llm"))
    finally:
        model.chunk_chars = 3
    *texts, final = steps
    assert isinstance(final, CheckedAnswer) and all(isinstance(t, str) for t in texts)
    assert len(texts) >= 2 and len(set(texts)) == len(texts)
    for text in texts:
        assert final.text.startswith(text)
        assert "[" not in re.sub(r"\[\d+\]", "", text) and "]" not in re.sub(r"\[\d+\]", "", text)
    assert model.requests[-1]["stream"] is True
    whole = llm.ask(question, mode="llm")
    assert not model.requests[-1].get("stream")
    assert (final.text, final.citations, final.notes) == (whole.text, whole.citations, whole.notes)
    assert final.mode == "llm" and final.citations
    exact(llm, final)


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_a_server_that_is_down_gives_the_extractive_answer_with_a_note(seed_index, seed):
    url = f"http://127.0.0.1:{_closed_port()}/v1"
    down = Assistant(settings=llm_settings(seed_index, url))
    extractive = seed.ask("What did Trump say?")
    for answer in [down.ask("What did Trump say?", mode="llm"),
                   list(down.ask_stream("What did Trump say?", mode="llm"))[-1]]:
        assert answer.mode == "extractive" and answer.text == extractive.text
        assert len(answer.notes) == 1 and url in answer.notes[0] and "could not be used" in answer.notes[0]


def test_extractive_is_the_default_without_a_model(seed_index, monkeypatch, model):
    for name in ["ASSISTANT_LLM", "ASSISTANT_ANSWER_MODE", "ASSISTANT_LLM_URL", "ASSISTANT_LLM_MODEL"]:
        monkeypatch.delenv(name, raising=False)
    plain = Assistant(seed_index)
    assert not plain.llm_available()
    answer = plain.ask("What did Peskov say?")
    assert type(answer) is Answer and "carefully evaluate" in answer.text
    with pytest.raises(AssistantError, match="ASSISTANT_LLM"):
        plain.ask("What did Peskov say?", mode="llm")
    with pytest.raises(AssistantError, match="extractive or llm"):
        plain.ask("What did Peskov say?", mode="poetry")
    # Configured by the environment, LLM answers become the default.
    monkeypatch.setenv("ASSISTANT_LLM", "openai")
    monkeypatch.setenv("ASSISTANT_LLM_URL", model.url)
    monkeypatch.setenv("ASSISTANT_LLM_MODEL", "env-model")
    monkeypatch.setenv("ASSISTANT_ANSWER_MODE", "llm")
    model.requests.clear()
    model.reply = echo
    configured = Assistant(seed_index)
    assert configured.llm_available()
    assert configured.ask("What did Peskov say?").mode == "llm"
    assert model.requests[-1]["model"] == "env-model"
    assert type(configured.ask("What did Peskov say?", mode="extractive")) is Answer


def test_ollama_api(seed_index, model):
    ollama = Assistant(settings=replace(Settings.from_env(), index_dir=seed_index, llm="ollama",
                                        llm_url=model.host, llm_model="llama3.2"))
    model.reply = echo
    model.requests.clear()
    answer = ollama.ask("What did Zelensky say?", mode="llm")
    *texts, streamed = ollama.ask_stream("What did Zelensky say?", mode="llm")
    assert answer.mode == "llm" and len(answer.citations) >= 2
    assert (streamed.text, streamed.citations) == (answer.text, answer.citations) and texts
    exact(ollama, answer)
    assert [r.get("stream") for r in model.requests] == [False, True]
    assert model.requests[0]["model"] == "llama3.2" and model.requests[0]["options"]["temperature"] == 0


def test_clients_are_built_from_settings(monkeypatch):
    from llama_index.llms.ollama import Ollama
    from llama_index.llms.openai_like import OpenAILike

    from assistant.models.llm import make_llm

    monkeypatch.setenv("ASSISTANT_LLM", "Ollama")
    monkeypatch.setenv("ASSISTANT_LLM_MODEL", "llama3.2")
    monkeypatch.setenv("ASSISTANT_LLM_TIMEOUT", "7.5")
    monkeypatch.delenv("ASSISTANT_LLM_URL", raising=False)
    ollama = make_llm(Settings.from_env())
    assert isinstance(ollama, Ollama)
    assert (ollama.model, ollama.base_url, ollama.request_timeout) == ("llama3.2", "http://127.0.0.1:11434", 7.5)
    monkeypatch.setenv("ASSISTANT_LLM_URL", "http://10.0.0.5:11434/")
    assert make_llm(Settings.from_env()).base_url == "http://10.0.0.5:11434"

    monkeypatch.setenv("ASSISTANT_LLM", "openai")
    monkeypatch.setenv("ASSISTANT_LLM_URL", "http://127.0.0.1:8000")
    client = make_llm(Settings.from_env())
    assert isinstance(client, OpenAILike) and client.is_chat_model
    assert client.api_base == "http://127.0.0.1:8000/v1" and client.timeout == 7.5

    for name, value, said in [("ASSISTANT_LLM", "gpt", "ASSISTANT_LLM must be one of"),
                              ("ASSISTANT_LLM_TIMEOUT", "soon", "ASSISTANT_LLM_TIMEOUT"),
                              ("ASSISTANT_ANSWER_MODE", "chatty", "ASSISTANT_ANSWER_MODE")]:
        with monkeypatch.context() as m:
            m.setenv(name, value)
            with pytest.raises(AssistantError, match=said):
                Settings.from_env()
    monkeypatch.delenv("ASSISTANT_LLM_URL")
    with pytest.raises(AssistantError, match="ASSISTANT_LLM_URL"):
        make_llm(Settings.from_env())
    monkeypatch.setenv("ASSISTANT_LLM_URL", "127.0.0.1:8000")
    with pytest.raises(AssistantError, match="http"):
        make_llm(Settings.from_env())


def test_chat_follow_ups_in_llm_mode(llm, model):
    chat = llm.chat()
    first = chat.ask("What did Zelensky say?", mode="llm")
    assert first.mode == "llm" and first.speaker == "Volodymyr Zelenskyy"
    steps = list(chat.stream("And about security?", mode="llm"))
    about = steps[-1]
    assert chat.turns[-1].asked == "What did Volodymyr Zelenskyy say about security?"
    assert "Question: What did Volodymyr Zelenskyy say about security?" in model.requests[-1]["messages"][1]["content"]
    assert about.mode == "llm" and "security guarantees" in about.citations[0].text
    exact(llm, about)
    when = list(chat.stream("When was that?", mode="llm"))
    assert isinstance(when[-1], Answer) and "published 2025-03-12" in when[-1].text
    assert len(chat.turns) == 3


def test_what_else_in_llm_mode_gives_the_model_what_was_not_shown(llm, model):
    chat = llm.chat()
    shown = []
    for question in ["What did Zelensky say?", "What else did he say?", "What else did he say?"]:
        answer = chat.ask(question, mode="llm", top_k=1)
        assert answer.mode == "llm" and len(answer.citations) == 1
        assert len(fenced_passages(model.requests[-1]["messages"])) == 1
        shown.append((answer.citations[0].start, answer.citations[0].end))
    assert len(set(shown)) == 3


def test_chat_streams_extractive_answers_sentence_by_sentence(seed):
    steps = list(seed.chat().stream("What did Trump say?"))
    *texts, final = steps
    whole = seed.chat().ask("What did Trump say?")
    assert final.text == whole.text and final.citations == whole.citations
    assert len(texts) == len(final.text.split("\n\n")) >= 2
    assert texts[-1] == final.text and all(final.text.startswith(t) for t in texts)


def test_command_line_llm_mode(seed_index, model, monkeypatch, capsys):
    from assistant.cli import main

    model.reply = echo
    monkeypatch.setenv("ASSISTANT_LLM", "openai")
    monkeypatch.setenv("ASSISTANT_LLM_URL", model.url)
    monkeypatch.setenv("ASSISTANT_LLM_MODEL", "test-model")
    assert main(["ask", "What did Baerbock say?", "--index", str(seed_index), "--mode", "llm", "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["mode"] == "llm" and "Now it is up to Russia" in shown["citations"][0]["text"]
    assert "[1]" in shown["answer"]
    monkeypatch.setattr("sys.stdin", io.StringIO("What did Peskov say?\nWhen was that?\n"))
    assert main(["chat", "--index", str(seed_index), "--mode", "llm"]) == 0
    said = capsys.readouterr().out
    assert "The article reports" in said and "Peskow" in said and "published 2025-03-12" in said
    monkeypatch.delenv("ASSISTANT_LLM")
    for command in (["ask", "What did Baerbock say?"], ["chat"]):
        assert main([*command, "--index", str(seed_index), "--mode", "llm"]) == 2
        assert "ASSISTANT_LLM" in capsys.readouterr().err


def test_braces_in_questions_and_articles_are_kept_as_written():
    from assistant.answer.extractive import Citation
    from assistant.answer.llm import build_messages

    passage = Citation(1, "a.txt", "Title {question}", 0, 20, "Text {count} {fence} {x}", 1.0)
    system, user = build_messages("About {passages}?", [passage], fence="f00d")
    assert "Title {question}\nText {count} {fence} {x}\nEND [1] f00d" in user.content
    assert "Question: About {passages}?" in user.content and "{" not in system.content


def test_the_model_is_told_which_passages_are_mentions_not_words():
    from assistant.answer.extractive import Citation
    from assistant.answer.llm import build_messages

    quote = Citation(1, "a.txt", "T", 0, 9, "“We act.”", 1.0, kind="quote", speaker="Ann Lee")
    mention = Citation(2, "a.txt", "T", 10, 30, "Ann Lee backs NATO.", 0.5, kind="mention")
    system, user = build_messages("What did Ann Lee say about NATO?", [quote, mention], fence="f00d")
    assert "BEGIN [1] f00d\nTitle: T\nSpeaker: Ann Lee\n“We act.”" in user.content
    assert "BEGIN [2] f00d\nTitle: T\nMention: names the person asked about; not their words\n" in user.content
    assert '"Mention:" line' in system.content
