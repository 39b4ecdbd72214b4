"""What an index worker keeps between groups of articles: a bounded set of the model's
kernels (not one set for every input shape it has met), and none of the heap the group's
tensors freed. bench/index_memory.py measures the memory itself."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from assistant.indexing import workers
from assistant.models.embedder import chosen_dtype
from conftest import ROOT

# A worker's initializer, then 60 one-text model calls of 60 different lengths (about five
# kernels each), then the first length again; oneDNN says which kernels it found cached.
_PROBE = """
from assistant.config import Settings
from assistant.indexing import workers

class Ready:
    def release(self):
        pass

workers._load_worker("bfloat16", Settings.from_env(), Ready())
encode = workers._Worker.builder.embedder.encode
encode(["one two three"])
for n in range(60):
    encode([" ".join(["word"] * (n + 4))])
print("AGAIN", flush=True)
encode(["one two three"])
"""


@pytest.mark.skipif(chosen_dtype() != "bfloat16", reason="float32 matrix products do not use oneDNN")
def test_a_workers_kernel_cache_forgets_old_shapes():
    env = {k: v for k, v in os.environ.items() if k != "ONEDNN_PRIMITIVE_CACHE_CAPACITY"}
    out = subprocess.run([sys.executable, "-c", _PROBE], cwd=ROOT, capture_output=True,
                         text=True, timeout=300, env={**env, "ONEDNN_VERBOSE": "all"})
    assert out.returncode == 0, out.stderr[-2000:]
    again = out.stdout.split("AGAIN", 1)[1]
    # Kept for every shape (oneDNN's default), the first length would be found again.
    assert "create:cache_miss" in again and "matmul" in again


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc_trim")
def test_malloc_trim_is_found_on_linux():
    assert workers._LIBC.malloc_trim(0) in (0, 1)
