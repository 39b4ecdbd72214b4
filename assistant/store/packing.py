"""Vectors in 8 bits a dimension, with one float32 scale per row (about 0.4 kB a sentence
of 384 dimensions; cosines change by under 0.01), as text a Chroma metadata field holds."""
from __future__ import annotations

import base64

import numpy as np


def quantize(vectors: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Rows in int8 and a float32 scale per row (its largest magnitude over 127)."""
    vectors = np.asarray(vectors, dtype=np.float32)
    scales = np.abs(vectors).max(axis=1, keepdims=True) / 127.0
    scales[scales == 0] = 1.0
    return np.round(vectors / scales).astype(np.int8), scales[:, 0].astype(np.float32)


def pack(vectors: np.ndarray) -> str:
    """Rows of unit vectors as text: a float32 scale per row, then the rows in int8."""
    codes, scales = quantize(vectors)
    return base64.b64encode(scales.tobytes() + codes.tobytes()).decode("ascii")


def unpack_codes(raw: str, dimensions: int) -> tuple[np.ndarray, np.ndarray] | None:
    """The int8 rows and their scales `pack` wrote, or None when `raw` does not hold rows
    of that width."""
    data = _decoded(raw)
    return None if data is None else _codes(data, dimensions)


def unpack(raw: str, dimensions: int) -> np.ndarray | None:
    """The rows `pack` wrote, as float32, or None when they cannot be read."""
    got = unpack_codes(raw, dimensions)
    return None if got is None else _floats(got)


def unpack_rows(raw: str, rows: int) -> np.ndarray | None:
    """The `rows` rows `pack` wrote, of whatever width they are, or None when `raw` does
    not hold that many (so a reader needs no model to know the dimensions)."""
    data = _decoded(raw)
    if data is None or not rows:
        return None
    width, rest = divmod(len(data), rows)
    got = _codes(data, width - 4) if not rest and width > 4 else None
    return None if got is None else _floats(got)


def _decoded(raw: str) -> bytes | None:
    try:
        return base64.b64decode(raw, validate=True)
    except (ValueError, TypeError):
        return None


def _codes(data: bytes, dimensions: int) -> tuple[np.ndarray, np.ndarray] | None:
    rows, rest = divmod(len(data), 4 + dimensions)
    if rest or not rows:
        return None
    scales = np.frombuffer(data[: 4 * rows], dtype=np.float32)
    codes = np.frombuffer(data[4 * rows :], dtype=np.int8).reshape(rows, dimensions)
    return codes, scales


def _floats(got: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
    codes, scales = got
    return codes.astype(np.float32) * scales[:, None]
