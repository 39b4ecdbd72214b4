"""The `assistant` command, run as a real process."""
import json
import os
import subprocess
import sys

import ast

import pytest
from conftest import ROOT, SEEDS, snapshot

# The command's own stages, beside the public face (`assistant`) and its errors.
CLI_MAY_IMPORT = {"assistant", "assistant.errors", "assistant.evaluation.polnear",
                  "assistant.evaluation.qa", "assistant.sources.watching", "assistant.training.attribution",
                  "assistant.web.app"}


def run(*args, env=None, cwd=None):
    return subprocess.run(
        [sys.executable, "-m", "assistant", *map(str, args)],
        capture_output=True, text=True, timeout=300, cwd=cwd or ROOT,
        env={**os.environ, **(env or {})},
    )


@pytest.mark.slow  # starts the command, which loads the model
def test_index_then_ask_json_cites_peskows_quote(tmp_path):
    index = tmp_path / "index"
    done = run("index", SEEDS, "--index", index)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("added 1, updated 0, removed 0, unchanged 0, failed 0")
    asked = run("ask", "What did Peskov say?", "--json", "--index", index)
    assert asked.returncode == 0, asked.stderr
    answer = json.loads(asked.stdout)
    assert set(answer) == {"answer", "citations", "speaker", "suggestions", "sections", "topic"}
    assert answer["speaker"] == "Dmitri Peskow" and answer["suggestions"] == answer["sections"] == []
    first = answer["citations"][0]
    assert {"n", "source", "title", "start", "end", "text", "score", "kind", "speaker", "role"} <= set(first)
    assert first["kind"] == "quote" and first["speaker"] == "Dmitri Peskow"
    assert first["file"] == first["source"] and len(first["sha256"]) == 64
    assert "We will carefully evaluate the proposal after receiving all necessary details" in first["text"]
    text = open(first["source"], encoding="utf-8").read()
    assert text[first["start"] : first["end"]] == first["text"]
    again = run("index", SEEDS, "--index", index)
    assert again.stdout.startswith("added 0, updated 0, removed 0, unchanged 1")


@pytest.mark.slow  # starts the command, which loads the model
def test_assistant_index_env_sets_the_default(seed_index):
    asked = run("ask", "What did Trump say?", "--json", env={"ASSISTANT_INDEX": str(seed_index)})
    assert asked.returncode == 0, asked.stderr
    cited = json.loads(asked.stdout)["citations"][0]["text"]
    assert "I hope President Putin will agree to the ceasefire." in cited


@pytest.mark.slow  # starts the command, which loads the model
def test_plain_output_lists_sources(seed_index):
    asked = run("ask", "What did Baerbock say?", "--index", seed_index)
    assert "Now it is up to Russia to put an end to its aggression." in asked.stdout
    assert "Sources:\n[1] " in asked.stdout


@pytest.mark.slow  # starts the command, which loads the model
def test_errors_are_one_line_with_exit_code_2(seed_index, tmp_path):
    before = snapshot(seed_index)
    cases = {
        ("ask", "", "--index", seed_index): "the question is empty",
        ("ask", "z" * 100_000, "--index", seed_index): "100,000 characters long",
        ("ask", "What did Peskov say?", "--index", tmp_path / "missing"): "missing: no index here",
        ("index", tmp_path / "nowhere", "--index", seed_index): "nowhere: no such file or directory",
    }
    for args, message in cases.items():
        done = run(*args)
        assert done.returncode == 2, (args[:2], done.stderr)
        assert done.stdout == ""
        lines = done.stderr.strip().splitlines()
        assert len(lines) == 1 and message in lines[0], done.stderr
    assert snapshot(seed_index) == before
    assert not (tmp_path / "missing").exists()


def imported_modules(path) -> set[str]:
    """The assistant modules a source file imports."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    found |= {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import)
              for alias in node.names}
    return {m for m in found if m and m.split(".")[0] == "assistant"}


def test_the_command_calls_only_the_public_api_and_its_own_stages():
    used = imported_modules(ROOT / "assistant" / "cli.py")
    assert "assistant" in used and used <= CLI_MAY_IMPORT, used - CLI_MAY_IMPORT
