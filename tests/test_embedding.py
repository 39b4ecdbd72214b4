"""Both dtypes of the shipped model: bf16 is chosen where the CPU has it, float32 otherwise,
and our length-sorted batching gives the vectors sentence-transformers gives."""
from __future__ import annotations

import numpy as np
import pytest

from assistant import AssistantError
from assistant.models.embedder import (Embedder, chosen_dtype, cpu_has_bf16, model_path,
                                       shared_embedder)
from conftest import SEED_ARTICLE

TEXTS = [
    "What did Peskov say?",
    "Kremlin spokesman Dmitri Peskow said Moscow would carefully evaluate the proposal.",
    "x",
    *[p for p in SEED_ARTICLE.read_text(encoding="utf-8").split("\n\n") if p.strip()][:12],
]


@pytest.fixture(scope="module")
def both():
    return {"float32": Embedder("float32"), "bfloat16": shared_embedder("bfloat16")}


def test_auto_picks_bf16_exactly_when_the_cpu_has_it(monkeypatch):
    monkeypatch.delenv("ASSISTANT_EMBED_DTYPE", raising=False)
    assert chosen_dtype() == ("bfloat16" if cpu_has_bf16() else "float32")
    monkeypatch.setenv("ASSISTANT_EMBED_DTYPE", "float32")
    assert chosen_dtype() == "float32"
    monkeypatch.setenv("ASSISTANT_EMBED_DTYPE", "int4")
    with pytest.raises(AssistantError, match="ASSISTANT_EMBED_DTYPE"):
        chosen_dtype()


@pytest.mark.parametrize("dtype", ["float32", "bfloat16"])
def test_batched_vectors_match_sentence_transformers(both, dtype):
    embedder = both[dtype]
    ours = embedder.encode(TEXTS, batch_size=4)  # several batches of mixed lengths
    reference = embedder.model.encode(TEXTS, batch_size=32, convert_to_numpy=True).astype(np.float32)
    reference /= np.linalg.norm(reference, axis=1, keepdims=True)
    assert ours.shape == (len(TEXTS), embedder.dimensions) and ours.dtype == np.float32
    assert np.allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-4)
    cosine = (ours * reference).sum(axis=1)
    assert cosine.min() > (0.9999 if dtype == "float32" else 0.99), cosine
    # One text alone (a question, on one thread) is the same vector as inside a batch.
    assert float(embedder.encode([TEXTS[1]])[0] @ ours[1]) > (0.9999 if dtype == "float32" else 0.99)
    assert embedder.encode([]).shape == (0, embedder.dimensions)


def test_bf16_keeps_the_neighbours_of_float32(both):
    f32, b16 = both["float32"].encode(TEXTS), both["bfloat16"].encode(TEXTS)
    assert ((f32 * b16).sum(axis=1)).min() > 0.99
    for row in range(len(TEXTS)):
        top = lambda m: list(np.argsort(-(m @ m[row]))[:5])  # noqa: E731
        assert top(f32)[:3] == top(b16)[:3]


def test_thread_count_follows_each_call_and_never_sticks():
    """A question runs on one thread, a batch on the process's count; calls made at once
    from two threads leave nothing behind (no count read and restored)."""
    import threading

    import torch

    embedder = shared_embedder()
    long = ["The ceasefire proposal was discussed at length by the delegations. " * 6] * 40
    embedder.encode(["What did Peskov say?"])
    assert torch.get_num_threads() == 1
    embedder.encode(long)
    assert torch.get_num_threads() == embedder.threads
    workers = [threading.Thread(target=lambda: [embedder.encode(long[:8]) for _ in range(3)]),
               threading.Thread(target=lambda: [embedder.encode(["Who spoke?"]) for _ in range(20)])]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    embedder.encode(long[:8])
    assert torch.get_num_threads() == embedder.threads


def test_questions_are_encoded_in_float32_whatever_the_documents_dtype(both):
    question = TEXTS[0]
    alone = both["float32"].encode([question])[0]
    for embedder in both.values():
        vector = embedder.encode_query(question)
        assert vector.dtype == np.float32 and not vector.flags.writeable
        assert float(vector @ alone) > 0.99999
    assert float(both["bfloat16"].encode([question])[0] @ alone) < 0.99999  # documents: bf16


def test_a_question_and_its_topic_in_one_call_are_the_vectors_each_gets_alone():
    embedder = Embedder("float32")
    texts = ["What did Peskov say about the ceasefire proposal on Tuesday?", "ceasefire"]
    together = embedder.encode_queries(texts)
    for text, vector in zip(texts, together):
        assert float(vector @ Embedder.encode(embedder, [text])[0]) > 0.9999
    # asked again, each is the kept vector, not a new one
    assert embedder.encode_query(texts[1]) is together[1]


def test_the_exported_model_gives_the_sentence_transformers_vector():
    embedder = Embedder("float32")
    questions = [embedder.encode_query(t) for t in TEXTS]  # ONNX Runtime
    documents = embedder.encode(TEXTS)  # sentence-transformers
    cosine = np.array([float(q @ d) for q, d in zip(questions, documents)])
    assert cosine.min() > 0.99999, cosine


def test_answering_questions_imports_neither_torch_nor_sentence_transformers(seed):
    # their imports cost ~8 s before a first answer; the export made once is reused
    import subprocess
    import sys

    seed.ask("What did Peskov say?")  # exported by now, into this run's cache
    script = ("import sys\nfrom assistant import Assistant\n"
              f"answer = Assistant({str(seed.path)!r}).ask('What did Peskov say?')\n"
              "print(bool(answer.citations), *(m in sys.modules for m in "
              "('torch', 'transformers', 'sentence_transformers', 'sklearn')))\n")
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         timeout=300, check=True).stdout.split()
    assert out == ["True", "False", "False", "False", "False"]


def test_the_export_is_made_once_and_leaves_no_partial_file(tmp_path, monkeypatch):
    from assistant.models.question_encoder import exported

    monkeypatch.setenv("ASSISTANT_CACHE", str(tmp_path))
    first = exported(model_path())
    stamp = first.stat().st_mtime_ns
    assert exported(model_path()) == first and first.stat().st_mtime_ns == stamp
    assert [p.name for p in tmp_path.iterdir()] == [first.name]  # nothing half-written left
