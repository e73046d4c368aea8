# Two commands on a fresh machine (Python 3.11+, make):
#   make run    set up .venv, build and validate the graph, and serve it (prints the URL)
#   make test   set up .venv and run the whole test suite
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: setup run build test bench clean

$(BIN)/.installed: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

setup: $(BIN)/.installed

build: setup
	$(BIN)/wco-kg build --out dist

run: setup
	$(BIN)/wco-kg serve --out dist --host $(HOST) --port $(PORT)

test: setup
	$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: setup
	$(BIN)/python bench/serve_bench.py

clean:
	rm -rf dist .pytest_cache
