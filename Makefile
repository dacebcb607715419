# docextract: `make demo` and `make test` set everything up on a fresh machine.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
DEMO_OUT := build/demo-reports

.PHONY: setup system venv demo test lint typecheck fixtures clean

setup: system venv

system:
	@bash scripts/setup_system.sh

# Re-installs when pyproject.toml changes; the stamp records the last good install.
$(STAMP): pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

venv: $(STAMP)

demo: setup
	@rm -rf $(DEMO_OUT)
	$(VENV)/bin/docextract batch fixtures/submissions --out $(DEMO_OUT)

test: setup
	$(PY) -m pytest -n 2 --dist loadfile -q

lint: venv
	$(VENV)/bin/ruff check src tests scripts
	$(VENV)/bin/mypy

fixtures: setup
	$(PY) scripts/make_fixtures.py --out fixtures

clean:
	rm -rf build .pytest_cache .mypy_cache .ruff_cache
