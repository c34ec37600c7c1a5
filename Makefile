# Two entry points: `make run` (set up, then serve the assistant) and `make test`
# (set up, then run the whole suite; `make test-fast`: the unit tests alone).
# Both create .venv on first use.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test test-fast index eval bench setup browser clean

setup: $(STAMP)

# torch first, pinned: the CPU build that `pip install torch==2.13.0` takes here;
# an unpinned torch pulled in by sentence-transformers would be a multi-GB CUDA build.
$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --upgrade pip
	$(BIN)/pip install torch==2.13.0
	$(BIN)/pip install -e '.[test]'
	touch $(STAMP)

# Debian's chromium for the Playwright browser test (never a browser download),
# and a CJK font so the page it renders shows Chinese instead of empty boxes.
browser:
	@{ command -v chromium >/dev/null 2>&1 && fc-list :lang=zh | grep -q .; } || \
	  { apt-get update && apt-get install -y chromium fonts-wqy-zenhei; }

run: $(STAMP)
	$(BIN)/python app.py

test: $(STAMP) browser
	$(BIN)/python -m pytest -q

# The unit tests alone (fake embedder, no browser): under a minute on an idle machine.
test-fast: $(STAMP)
	$(BIN)/python -m pytest -q -m "not model and not browser"

index: $(STAMP)
	$(BIN)/python -m assistant index

eval: $(STAMP)
	$(BIN)/python -m assistant eval

bench: $(STAMP)
	$(BIN)/python scripts/benchmark.py

clean:
	rm -rf $(VENV) index/*.faiss index/*.json index/*.npy index/bm25 .cache
