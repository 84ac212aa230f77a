# The targets people and CI run. Each sets up the local virtual environment first.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_DIR ?= demo
PYTEST_ARGS ?=

.PHONY: install demo test bench lint clean

$(STAMP): pyproject.toml scripts/system-deps.sh
	bash scripts/system-deps.sh
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev,spark]'
	touch $(STAMP)

install: $(STAMP)  ## create .venv and install paymaan with its dev tools

demo: $(STAMP)  ## synthetic monitors -> workspace -> pipeline -> report; prints where the report is
	DEMO_DIR=$(DEMO_DIR) bash scripts/demo.sh

test: $(STAMP)  ## the whole test suite (PostgreSQL tests run when PAYMAAN_TEST_POSTGRES_URL is set; .ci/run sets it)
	$(BIN)/python -m pytest -n 2 $(PYTEST_ARGS)

bench: $(STAMP)  ## benchmarks; figures go to bench/results.md
	$(BIN)/python -m bench

lint: $(STAMP)  ## ruff and mypy
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy

clean:
	rm -rf $(VENV) $(DEMO_DIR) .pytest_cache .mypy_cache .ruff_cache
