"""The shipped sentence-transformers model run through transformers alone, for the questions
of a process that does not index.

A sentence-transformers model made of a transformer, mean pooling and normalisation (as
all-MiniLM-L6-v2 is) is the transformer's token vectors averaged over the attention mask.
Importing sentence-transformers costs about four seconds more than the transformer's own
module (scikit-learn and its own modules, measured here), all of it before a served page
can answer its first question; documents are still encoded by sentence-transformers.
"""
from __future__ import annotations

import json
from pathlib import Path

_MEAN_POOLED = ["sentence_transformers.models.Transformer", "sentence_transformers.models.Pooling",
                "sentence_transformers.models.Normalize"]


def is_mean_pooled(path: Path) -> bool:
    """The model folder holds a transformer, mean pooling and (optionally) normalisation,
    and nothing else: what `MeanPooled` computes."""
    try:
        modules = json.loads((path / "modules.json").read_text(encoding="utf-8"))
        types = [m["type"] for m in modules]
        pooling = json.loads((path / modules[1]["path"] / "config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError, KeyError, IndexError, TypeError):
        return False
    modes = {k for k, v in pooling.items() if k.startswith("pooling_mode") and v}
    return types in (_MEAN_POOLED, _MEAN_POOLED[:2]) and modes == {"pooling_mode_mean_tokens"}


class MeanPooled:
    """The model's transformer in float32 and its tokenizer; `forward` takes the tokenizer's
    padded features and returns {"sentence_embedding": mean of the token vectors}, as a
    sentence-transformers model's forward does (the caller normalises)."""

    def __init__(self, path: Path):
        import transformers

        self.tokenizer = transformers.AutoTokenizer.from_pretrained(str(path), local_files_only=True)
        self.transformer = transformers.AutoModel.from_pretrained(str(path), local_files_only=True)
        self.transformer.eval()
        self.dimensions = int(self.transformer.config.hidden_size)

    def forward(self, features: dict) -> dict:
        mask = features["attention_mask"].unsqueeze(-1).to(self.transformer.dtype)
        tokens = self.transformer(**features).last_hidden_state
        summed = (tokens * mask).sum(dim=1)
        return {"sentence_embedding": summed / mask.sum(dim=1).clamp(min=1e-9)}
