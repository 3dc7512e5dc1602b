# Two commands do everything on a fresh machine: `make demo` and `make test` (see README.md).
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
# .python-version selects 3.13 through pyenv; Django 6.1 refuses older Pythons.
PYTHON := $(shell command -v python3.13 || command -v python3)
UV := $(BIN)/uv
DEBIAN_RUNTIME := gettext libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core
DEBIAN_TEST := gettext chromium fonts-dejavu-core libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 poppler-utils

.PHONY: demo test serve bench lint messages clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --disable-pip-version-check uv==0.13.8

$(VENV)/.base: requirements/base.txt pyproject.toml | $(BIN)/python
	$(UV) pip install -q --python $(BIN)/python -r requirements/base.txt
	$(UV) pip install -q --python $(BIN)/python --no-deps -e .
	touch $@

$(VENV)/.dev: requirements/dev.txt $(VENV)/.base
	$(UV) pip install -q --python $(BIN)/python -r requirements/dev.txt
	touch $@

messages:
	$(BIN)/nyata compilemessages -v0 --ignore=.venv

demo: $(VENV)/.base
	scripts/ensure-debian-packages $(DEBIAN_RUNTIME)
	$(MAKE) --no-print-directory messages
	$(BIN)/nyata migrate -v0
	$(BIN)/nyata demo
	@echo "Nyata is at http://127.0.0.1:8000 (Ctrl+C stops it)"
	NYATA_DEBUG=true $(BIN)/nyata runserver 127.0.0.1:8000

lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/nyata makemigrations --check --dry-run -v0

test: $(VENV)/.dev
	scripts/ensure-debian-packages $(DEBIAN_TEST)
	$(MAKE) --no-print-directory messages
	$(MAKE) --no-print-directory lint
	$(BIN)/pytest

bench: $(VENV)/.dev
	$(MAKE) --no-print-directory messages
	@# Every script under bench/ with a main; helpers (loopback.py, minimal_*.py) have none.
	@for script in $$(grep -l '^if __name__ == "__main__":' bench/*.py); do $(BIN)/python $$script || exit 1; done

clean:
	rm -rf $(VENV) var
