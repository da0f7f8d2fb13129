# Lexer Activity API contract kit. Target names are fixed by CONVENTIONS.md; logic lives in scripts/.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
# uv bootstraps the venv, so its version is read from the lock it installs (one pin, in pyproject.toml).
UV_VERSION := $(shell sed -n '/^name = "uv"$$/{n;s/^version = "\(.*\)"$$/\1/p;}' uv.lock)
PORT ?= 8080
PRISM_PORT ?= 4010
NODE_BIN := node_modules/.bin
# Keep the Node tools quiet and offline-friendly: no telemetry, no update checks.
export REDOCLY_TELEMETRY := off
export REDOCLY_SUPPRESS_UPDATE_NOTICE := true
export UV_PROJECT_ENVIRONMENT := $(abspath $(VENV))
export UV_NO_PROGRESS := 1
# Byte-compiled at install: importing connexion from source alone costs ~0.5 s of the mock's start-up.
export UV_COMPILE_BYTECODE := 1

PY_STAMP := $(VENV)/.synced
NODE_STAMP := node_modules/.installed

.PHONY: help setup mock test client prism lint bench clients codegen-spec docs

help:
	@echo "Targets: setup mock test client prism lint bench clients codegen-spec docs (see README.md)"

setup: $(PY_STAMP) $(NODE_STAMP)
	@scripts/ensure_debian_tools.sh

# Re-run only when the lock or the project files are newer than the last install.
$(PY_STAMP): pyproject.toml uv.lock $(wildcard generated_client/pyproject.toml)
	$(if $(UV_VERSION),,$(error uv.lock pins no uv version: add uv to the dev group of pyproject.toml))
	@test -x $(PY) || python3 -m venv $(VENV)
	@$(VENV)/bin/uv --version 2>/dev/null | grep -q "^uv $(UV_VERSION) " || $(PY) -m pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"
	$(VENV)/bin/uv sync --locked
	@touch $@

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

mock: $(PY_STAMP)
	$(PY) -m mock_server --host 127.0.0.1 --port $(PORT)

prism: $(NODE_STAMP)
	$(NODE_BIN)/prism mock openapi.yaml --host 127.0.0.1 --port $(PRISM_PORT)

lint: $(PY_STAMP) $(NODE_STAMP)
	$(VENV)/bin/openapi-spec-validator openapi.yaml
	$(NODE_BIN)/spectral lint openapi.yaml --fail-severity=hint --quiet
	$(NODE_BIN)/redocly lint openapi.yaml --max-problems 50
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

test: setup lint
	$(VENV)/bin/pytest

client: $(PY_STAMP)
	$(PY) scripts/generate_client.py

# BENCH_ARGS="--duration 2 --rounds 1" (or BENCH_QUICK=1) for a short run; see scripts/bench.py --help.
bench: setup
	$(PY) scripts/bench.py $(BENCH_ARGS)

# Generates and builds every language of scripts/clients/ (needs java, node, go, ...; see docs/other-languages.md).
clients: $(PY_STAMP) $(NODE_STAMP)
	$(PY) scripts/generate_clients.py $(CLIENTS_ARGS)

codegen-spec: $(PY_STAMP)
	$(PY) scripts/codegen_spec.py

docs: $(NODE_STAMP)
	scripts/build_docs.sh build/docs
