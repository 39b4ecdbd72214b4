"""Questions encoded with ONNX Runtime, from an export of the shipped model made once.

A process that only answers questions would otherwise import torch and transformers (6.5 s
here) before its first answer and hold torch in memory; ONNX Runtime and the tokenizers
library load in under a second and run a question in half the time, with the same vector
(cosine 1.0 against sentence-transformers). The export is the model's transformer and its
mean pooling, written once per model folder into the cache folder (`ASSISTANT_CACHE`,
default ~/.cache/assistant) by the first process that needs it. Documents are still
encoded by sentence-transformers.
"""
from __future__ import annotations

import hashlib
import json
import os
import threading
import warnings
from pathlib import Path

import numpy as np

_MEAN_POOLED = ["sentence_transformers.models.Transformer", "sentence_transformers.models.Pooling",
                "sentence_transformers.models.Normalize"]
_INPUTS = ("input_ids", "attention_mask", "token_type_ids")
_EXPORT_FORMAT = 1  # part of the cached file's name: a new way of exporting makes a new file


def is_mean_pooled(path: Path) -> bool:
    """The model folder holds a transformer, mean pooling and (optionally) normalisation,
    and nothing else: what the export computes."""
    try:
        modules = json.loads((path / "modules.json").read_text(encoding="utf-8"))
        types = [m["type"] for m in modules]
        pooling = json.loads((path / modules[1]["path"] / "config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError, KeyError, IndexError, TypeError):
        return False
    modes = {k for k, v in pooling.items() if k.startswith("pooling_mode") and v}
    return types in (_MEAN_POOLED, _MEAN_POOLED[:2]) and modes == {"pooling_mode_mean_tokens"}


def cache_dir() -> Path:
    """ASSISTANT_CACHE, else $XDG_CACHE_HOME/assistant, else ~/.cache/assistant."""
    if os.environ.get("ASSISTANT_CACHE"):
        return Path(os.environ["ASSISTANT_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "assistant"


def exported(path: Path) -> Path:
    """The ONNX export of the model in folder `path`, made now if the cache has none for
    these weights (their path, size and time name the file)."""
    weights = next((path / n for n in ("model.safetensors", "pytorch_model.bin")
                    if (path / n).is_file()), path / "config.json")
    stat = weights.stat()
    key = hashlib.sha256(f"{weights.resolve()}|{stat.st_size}|{stat.st_mtime_ns}|"
                         f"{_EXPORT_FORMAT}".encode()).hexdigest()[:20]
    target = cache_dir() / f"questions-{key}.onnx"
    if not target.is_file():
        _export(path, target)
    return target


def quiet_transformers():
    """transformers, imported with its warnings and progress bars off: a model loaded from
    the shipped folder has nothing to report, and long articles are tokenised whole to
    count wordpieces before chunking, which its length warning does not apply to."""
    import transformers

    transformers.logging.set_verbosity_error()
    transformers.logging.disable_progress_bar()
    return transformers


def _export(path: Path, target: Path) -> None:
    import torch

    transformers = quiet_transformers()
    model = transformers.AutoModel.from_pretrained(str(path), local_files_only=True).eval()
    sample = torch.ones((2, 8), dtype=torch.long)
    target.parent.mkdir(parents=True, exist_ok=True)
    # Written aside and renamed: a process reading the cache never sees half a file, and
    # two processes exporting at once each rename a whole one.
    partial = target.with_name(f"{target.name}.{os.getpid()}.partial")
    try:
        with warnings.catch_warnings(), torch.inference_mode():
            warnings.simplefilter("ignore")  # the exporter's notes on its own versions
            torch.onnx.export(
                _Pooled(model), (sample, sample, torch.zeros_like(sample)), str(partial),
                input_names=list(_INPUTS), output_names=["pooled"], opset_version=17,
                dynamic_axes={**{n: {0: "texts", 1: "wordpieces"} for n in _INPUTS},
                              "pooled": {0: "texts"}},
                dynamo=False)
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)


def _Pooled(model):
    """The transformer followed by mean pooling over the attention mask, as one module."""
    import torch

    class Pooled(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.model = model

        def forward(self, input_ids, attention_mask, token_type_ids):
            tokens = self.model(input_ids=input_ids, attention_mask=attention_mask,
                                token_type_ids=token_type_ids).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(tokens.dtype)
            return (tokens * mask).sum(dim=1) / mask.sum(dim=1).clamp(min=1e-9)

    return Pooled()


class QuestionEncoder:
    """Unit vectors of short texts from the exported model, on one thread (a question is a
    dozen wordpieces: a second thread costs more than it saves)."""

    def __init__(self, onnx_file: Path, path: Path, max_length: int):
        import onnxruntime
        import tokenizers

        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = options.inter_op_num_threads = 1
        self.session = onnxruntime.InferenceSession(str(onnx_file), options,
                                                    providers=["CPUExecutionProvider"])
        self.dimensions = int(self.session.get_outputs()[0].shape[-1])
        self.tokenizer = tokenizers.Tokenizer.from_file(str(path / "tokenizer.json"))
        # the file pads and cuts every text to 128: here, to the longest of a call, and at
        # the model's limit, as sentence-transformers reads it
        self.tokenizer.enable_truncation(max_length)
        pad = self.tokenizer.token_to_id("[PAD]")
        self.tokenizer.enable_padding(pad_id=pad or 0, pad_token="[PAD]")
        self._tokenizing = threading.Lock()

    def encode(self, texts: list[str]) -> np.ndarray:
        with self._tokenizing:
            found = self.tokenizer.encode_batch([t.strip() for t in texts])
        feed = {"input_ids": np.array([e.ids for e in found], dtype=np.int64),
                "attention_mask": np.array([e.attention_mask for e in found], dtype=np.int64),
                "token_type_ids": np.array([e.type_ids for e in found], dtype=np.int64)}
        pooled = self.session.run(["pooled"], feed)[0].astype(np.float32)
        return pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)
