# thidua — two commands: `make demo` and `make test` (see README.md).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export UV_PYTHON_DOWNLOADS := never
export PIP_DISABLE_PIP_VERSION_CHECK := 1
PG_URL ?= postgres://postgres@127.0.0.1:5432/test
RUNTIME_DEBS := fonts-liberation2 poppler-utils libicu-dev pkg-config g++
TEST_DEBS := $(RUNTIME_DEBS) chromium zbar-tools libreoffice-writer-nogui

.PHONY: demo test venv debs-runtime debs-test lint unit test-sqlite test-postgres bench reset-demo serve audit

# uv installs in seconds; it comes from PyPI like everything else (`python -m uv`, so no PATH shim is needed).
# `uv sync --locked` installs exactly what uv.lock pins (hashes checked), removes what it does not list,
# and installs the project itself editable; it refuses a uv.lock that no longer matches pyproject.toml.
# After editing the dependencies in pyproject.toml: `python3 -m uv lock`, and commit uv.lock with it.
export UV_PROJECT_ENVIRONMENT := $(VENV)
# Bytecode made once at install (UV_COMPILE_BYTECODE), and for thidua's own modules before each run
# (`pyc` below, quick when up to date): where PYTHONDONTWRITEBYTECODE is set (containers, CI) Python
# would otherwise compile some 700 modules at every start — 0.7 of the 1.5 s a `thidua` command took.
export UV_COMPILE_BYTECODE := 1
$(BIN)/.installed: pyproject.toml uv.lock
	@$(PYTHON) -m uv --version >/dev/null 2>&1 || $(PYTHON) -m pip install -q uv
	@[ -x $(BIN)/python ] || $(PYTHON) -m uv venv -q --python 3.11 $(VENV)
	$(PYTHON) -m uv sync -q --locked --extra test || { $(PYTHON) -m uv lock --check -q 2>/dev/null || \
	  echo "uv.lock không khớp pyproject.toml: chạy '$(PYTHON) -m uv lock' rồi commit uv.lock cùng pyproject.toml."; exit 1; }
	@touch $@

venv: $(BIN)/.installed
	@$(BIN)/python -m compileall -q -j 0 thidua benchmarks >/dev/null

# Debian packages: installed only when missing, and only as root (otherwise say what is missing).
define ensure_debs
	@missing=""; for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then echo "Cài gói Debian:$$missing"; apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	  else echo "Thiếu gói Debian:$$missing (cần quyền root để cài)"; fi; fi
endef

debs-runtime:
	$(call ensure_debs,$(RUNTIME_DEBS))

debs-test:
	$(call ensure_debs,$(TEST_DEBS))

demo: debs-runtime
	@$(MAKE) --no-print-directory venv
	$(BIN)/thidua migrate --noinput -v 0
	$(BIN)/thidua demo
	$(BIN)/thidua collectstatic --noinput -v 0
	$(BIN)/thidua serve

reset-demo: venv
	$(BIN)/thidua demo --reset --yes

lint: venv
	$(BIN)/ruff check thidua tests benchmarks tools
	$(BIN)/lint-imports
	$(BIN)/thidua makemigrations --check --dry-run -v 0

test-sqlite: venv
	THIDUA_DATA_DIR=$$(mktemp -d) $(BIN)/pytest -q -n 2

test-postgres: venv
	@if pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null || (command -v pg_isready >/dev/null || $(BIN)/python -c "import socket; socket.create_connection(('127.0.0.1', 5432), 2)" 2>/dev/null); then \
	  echo "== PostgreSQL ($(PG_URL)) =="; THIDUA_DATA_DIR=$$(mktemp -d) THIDUA_DATABASE_URL=$(PG_URL) $(BIN)/pytest -q -n 2; \
	else echo "PostgreSQL không chạy ở 127.0.0.1:5432: bỏ qua lượt chạy trên PostgreSQL."; fi

test: debs-test
	@$(MAKE) --no-print-directory venv
	@$(MAKE) --no-print-directory lint
	@echo "== SQLite =="
	@$(MAKE) --no-print-directory test-sqlite
	@$(MAKE) --no-print-directory test-postgres

bench: venv
	$(BIN)/python -m benchmarks

# Known vulnerabilities in the locked versions (pip-audit, pinned in uv.lock's `audit` group, isolated).
# Needs the network, so not part of `make test`. Exit 1: vulnerabilities (listed); 3: the vulnerability
# database (PyPI/OSV) could not be reached. AUDIT_SERVICE=osv asks OSV instead of PyPI.
AUDIT_SERVICE ?= pypi
audit:
	@$(PYTHON) -m uv --version >/dev/null 2>&1 || $(PYTHON) -m pip install -q uv
	@PYTHON=$(PYTHON) AUDIT_SERVICE=$(AUDIT_SERVICE) $(PYTHON) tools/audit_deps.py
