# Lexer Activity API contract kit. Target names are part of the kit's interface (docs/setup.md); logic lives in scripts/.
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

# Full installs (everything make test uses) and lean ones (only what make mock / make prism run).
PY_STAMP := $(VENV)/.synced
MOCK_STAMP := $(VENV)/.synced-mock
NODE_STAMP := node_modules/.installed
PRISM_STAMP := node_modules/.installed-prism
UV := $(VENV)/bin/uv

.PHONY: help setup mock test client prism lint bench clients codegen-spec docs spec-compat

help:
	@echo "Targets: setup mock test client prism lint bench clients codegen-spec docs spec-compat (see README.md)"

setup: $(PY_STAMP) $(NODE_STAMP)
	@scripts/ensure_debian_tools.sh

# The venv and the pinned uv that fills it (the bootstrap is the one step not done by uv). The venv gets no
# pip of its own (uv installs everything; ensurepip alone costs some 5 s of a first make mock): the
# machine's pip puts uv into it.
define bootstrap_uv
	$(if $(UV_VERSION),,$(error uv.lock pins no uv version: add uv to the dev group of pyproject.toml))
	@test -x $(PY) || python3 -m venv --without-pip $(VENV)
	@$(UV) --version 2>/dev/null | grep -q "^uv $(UV_VERSION) " || python3 -m pip --python $(PY) install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"
endef

# Re-run only when the lock or the project files are newer than the last install.
$(PY_STAMP): pyproject.toml uv.lock $(wildcard generated_client/pyproject.toml)
	$(bootstrap_uv)
	$(UV) sync --locked
	@touch $@ $(MOCK_STAMP)

# make mock alone: the mock's own dependencies (about 40 packages), not the development toolchain. A full
# install already holds them; --inexact keeps whatever else the venv has.
$(MOCK_STAMP): pyproject.toml uv.lock
	$(bootstrap_uv)
	$(UV) sync --locked --no-dev --inexact --no-install-project
	@touch $@

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@ $(PRISM_STAMP)

# make prism alone: Prism (the one entry of "dependencies"), without the linters and TypeScript. npm ci
# empties node_modules first, so a full install that is still current is kept, and one that is replaced
# loses its stamp.
$(PRISM_STAMP): package.json package-lock.json
	@if [ $(NODE_STAMP) -nt package.json ] && [ $(NODE_STAMP) -nt package-lock.json ]; then touch $@; else \
	  rm -f $(NODE_STAMP) && echo "npm ci --omit=dev" && npm ci --omit=dev --no-audit --no-fund --loglevel=error && touch $@; fi

mock: $(MOCK_STAMP)
	$(PY) -m mock_server --host 127.0.0.1 --port $(PORT) $(MOCK_ARGS)

# Prism on the documents' paths (/v1/..., /api/public/v1/...), each report type answered with its own example:
# a derived edition of the spec (build/openapi.prism.yaml) behind a small front; see scripts/prism_front.py.
# The front needs only the mock's Python dependencies (uvicorn, httpx, PyYAML) and Prism.
prism: $(MOCK_STAMP) $(PRISM_STAMP)
	$(PY) scripts/prism_front.py --host 127.0.0.1 --port $(PRISM_PORT)

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

# openapi.yaml against its last release (releases/): a breaking change needs a new major version.
spec-compat: $(PY_STAMP)
	$(PY) scripts/spec_compat.py
