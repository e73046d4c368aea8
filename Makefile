# Two commands on a fresh machine (Python 3.11+, make):
#   make run    set up .venv, build and validate the graph, and serve it (prints the URL)
#   make test   set up .venv and run the whole test suite
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: setup system-deps run build test bench bench-scale bench-validation bench-stores bench-questions stores clean

$(BIN)/.installed: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	# bytecode for the editable sources now, so a cold command does not compile them (pip does
	# not for an editable install; a machine with PYTHONDONTWRITEBYTECODE never would)
	$(BIN)/python -m compileall -q src
	touch $@

setup: $(BIN)/.installed

build: setup
	$(BIN)/wco-kg build --out dist

run: setup
	$(BIN)/wco-kg serve --out dist --host $(HOST) --port $(PORT)

# System packages the tests drive: Virtuoso Open Source 7 (the triple-store tests) and Chromium
# (the browser test), from Debian. Installed when missing and running as root; otherwise the
# tests that need them fail and say what to install.
SYSTEM_DEPS := virtuoso-t:virtuoso-opensource-7 chromium:chromium
# What `make bench` drives: Virtuoso 7 (one of the four servers) and wrk (the load generator).
BENCH_DEPS := virtuoso-t:virtuoso-opensource-7 wrk:wrk
DEPS ?= $(SYSTEM_DEPS)
system-deps:
	@missing=""; for dep in $(DEPS); do \
	  command -v $${dep%%:*} >/dev/null 2>&1 || missing="$$missing $${dep#*:}"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing$$missing (apt-get)"; \
	    export DEBIAN_FRONTEND=noninteractive; \
	    policy=/usr/sbin/policy-rc.d; made=""; \
	    if [ ! -e $$policy ]; then printf '#!/bin/sh\nexit 101\n' > $$policy; chmod +x $$policy; made=1; fi; \
	    apt-get update -qq && apt-get install -y -qq --no-install-recommends $$missing >/dev/null; rc=$$?; \
	    [ -n "$$made" ] && rm -f $$policy; exit $$rc; \
	  else echo "missing system packages:$$missing (install them, e.g. apt-get install$$missing)"; fi; \
	fi

test: setup system-deps
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# The endpoint against oxigraph serve-read-only and Virtuoso 7, in one run (bench/serve_bench.py).
bench: setup
	@$(MAKE) -s system-deps DEPS="$(BENCH_DEPS)"
	$(BIN)/python bench/serve_bench.py

# Scale benchmark: 10k/100k/1M-triple networks, ours vs rdflib + pySHACL (about 30 min on 2 cores)
bench-scale: setup
	$(BIN)/python bench/run.py

# Push time and time to answer every question on Virtuoso and Oxigraph against the embedded store.
# Validation benchmark: pyshacl-turbo vs pySHACL on the real build, 100k and 1M triples, with
# the planted violations checked (about 15 min on 2 cores; pySHACL cut at 300 s)
bench-validation: setup
	$(BIN)/python bench/validation_bench.py

bench-stores: setup system-deps
	$(BIN)/python bench/stores_bench.py

# Start Virtuoso 7 and Oxigraph on loopback for trying `wco-kg push`; prints their endpoints; Ctrl+C stops.
stores: setup system-deps
	$(BIN)/python scripts/triplestores.py start all

clean:
	rm -rf dist .pytest_cache

# Engine time of every question on the embedded store, before (main) and after (this checkout).
bench-questions: setup
	$(BIN)/python bench/questions_bench.py --baseline main
