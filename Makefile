# Two commands on a fresh machine: `make run` serves the chat, `make test` runs the tests.
VENV   := .venv
PY     := $(VENV)/bin/python
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
HOST   ?= 127.0.0.1
PORT   ?= 7860
INDEX  ?= indexes/default

.PHONY: install run index test test-quick bench clean

# torch first, pinned: it is a local CPU build; an unpinned torch pulls a CUDA build.
$(STAMP): pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet torch==2.13.0
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

# Incremental: indexes seeds/ when the index is missing or a seed changed, else does nothing.
index: install
	$(BIN)/assistant index seeds/ --index $(INDEX)

run: index
	$(BIN)/assistant serve --index $(INDEX) --host $(HOST) --port $(PORT) --folder seeds

test: install
	$(PY) -m pytest

# Day-to-day tier: everything but the tests marked slow (browser, servers, whole corpora).
test-quick: install
	$(PY) -m pytest -m "not slow"

# Figures, not pass/fail: us against plain llama-index (ingest, query at 1k-100k chunks,
# memory, cold start), indexing speed on the BBC corpus, the cost of quote extraction, and
# start-up and memory as the archive grows (search files against rebuilding from Chroma).
bench: install
	$(PY) -m pip install --quiet -e '.[bench]'
	$(PY) bench/run.py
	$(PY) bench/ingest_bbc.py
	$(PY) bench/quote_cost.py
	$(PY) bench/index_memory.py
	$(PY) bench/archive_scale.py --sizes 1000,10000,100000

clean:
	rm -rf $(VENV) $(INDEX)
