# training-impacts: the two commands of the README are `make build` and `make test`.
# Everything else here is set-up that both share.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: build test lint data report validate docs bench clean help

help:
	@echo "make build   install into .venv, run dbt build (with its tests) into the warehouse, print a summary"
	@echo "make test    install into .venv, run every test (pytest, including whole dbt builds in temp files)"
	@echo "make lint    ruff on the Python (pyproject.toml), sqlfluff with dbt's templater (.sqlfluff) on models/, analyses/, tests/"
	@echo "make data    download Epoch AI and OWID data into data/raw/ (FROM=DIR takes local copies)"
	@echo "make report  figures, report.md and a self-contained report.html in reports/ (reads the warehouse)"
	@echo "make validate  great-expectations suites on the warehouse; Data Docs in reports/data_docs/ (CSV=path adds a raw Epoch file)"
	@echo "make bench   10k/100k/1M synthetic runs through the marts vs per-run Python loops: reports/bench.md (BENCH_10M=1 adds 10M)"
	@echo "make docs    build the warehouse (as make build), then dbt's static docs site with the lineage graph: target/static_index.html"

# The virtual environment, rebuilt when pyproject.toml changes.
# An unsupported Python stops here, before a .venv exists; a failed install removes the
# half-made .venv, so the next `make` starts clean instead of failing on it.
SUPPORTED_PYTHON := (3, 11) <= sys.version_info[:2] < (3, 14)

DOCS_ASSETS_SPEC := python/training_impacts/quality/data_docs_assets
DOCS_ASSETS := $(VENV)/data_docs_assets

$(STAMP): pyproject.toml $(DOCS_ASSETS_SPEC)/package-lock.json
	@$(PYTHON) -c 'import sys; sys.exit(0 if $(SUPPORTED_PYTHON) else 1)' || { \
	  echo "training-impacts needs Python 3.11, 3.12 or 3.13 (dbt-core 1.11 and its pins); $(PYTHON) is $$($(PYTHON) -V 2>&1)." >&2; \
	  echo "Run with another interpreter, e.g. make build PYTHON=python3.13" >&2; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) || { rm -rf $(VENV); exit 1; }
	$(BIN)/python -m pip install --quiet --upgrade pip || { rm -rf $(VENV); exit 1; }
	$(BIN)/python -m pip install --quiet -e . || { rm -rf $(VENV); echo "install failed: .venv removed" >&2; exit 1; }
	@# The Data Docs' styles and scripts, from the npm registry, so the docs read offline; without
	@# npm the docs still work online, so a failure here is only a note.
	@mkdir -p $(DOCS_ASSETS) && cp $(DOCS_ASSETS_SPEC)/package.json $(DOCS_ASSETS_SPEC)/package-lock.json $(DOCS_ASSETS)/ && \
	  (cd $(DOCS_ASSETS) && npm ci --no-audit --no-fund --ignore-scripts --legacy-peer-deps --loglevel=error >/dev/null 2>&1) || \
	  echo "note: npm could not install the Data Docs' styles and scripts into $(DOCS_ASSETS); Data Docs will load them from the internet" >&2
	touch $(STAMP)

build: $(STAMP)
	$(BIN)/training-impacts build

test: $(STAMP)
	$(BIN)/python -m pytest

# ruff checks every Python file of the checkout (python/, the benchmark, dbt's Python models).
# sqlfluff's dbt templater compiles each model, and some macros query the database while they
# compile (the input files' headers, sizes and row counts; int_monte_carlo__run_draws counts the
# runs of int_training_runs__impacts). So it runs on a DuckDB file of its own in a temporary
# folder, never the warehouse, and needs no build: the Epoch input is the bundled sample's CSV
# file, the raw-data folder an empty one, custom and OWID inputs unset (their models compile
# empty), and int_training_runs__impacts an empty stand-in table. dbt's target/ and logs/ go
# there too. sqlfluff only warns on a model dbt cannot compile and skips it: here that fails.
LINT_STAND_INS := create schema intermediate; \
  create table intermediate.int_training_runs__impacts (run_source varchar, method_profile varchar);

lint: $(STAMP)
	$(BIN)/ruff check
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && mkdir "$$tmp/raw" && \
	  $(BIN)/duckdb "$$tmp/lint.duckdb" -c "$(LINT_STAND_INS)" && \
	  echo "sqlfluff lint models analyses tests" && \
	  { env -u CUSTOM_RUNS_CSV -u CARBON_INTENSITY_CSV TRAINING_IMPACTS_DB="$$tmp/lint.duckdb" \
	      TRAINING_IMPACTS_RAW_DIR="$$tmp/raw" EPOCH_MODELS_CSV="$(CURDIR)/seeds/epoch/epoch_notable_models_sample.csv" \
	      DBT_PROJECT_DIR="$(CURDIR)" DBT_TARGET_PATH="$$tmp/target" DBT_LOG_PATH="$$tmp/logs" \
	      $(BIN)/sqlfluff lint models analyses tests 2>&1 || echo $$? >"$$tmp/rc"; } | tee "$$tmp/out" && \
	  if grep -q "Skipped file" "$$tmp/out"; then echo "make lint: dbt could not compile a file (above)" >&2; exit 1; fi && \
	  exit $$(cat "$$tmp/rc" 2>/dev/null || echo 0)

data: $(STAMP)
	$(BIN)/training-impacts fetch $(if $(FROM),--from $(FROM),)

report: $(STAMP)
	$(BIN)/training-impacts report

validate: $(STAMP)
	$(BIN)/training-impacts validate $(if $(CSV),--epoch-csv $(CSV),)

docs: $(STAMP)
	@echo "make docs: first builds the warehouse (as make build does), then writes dbt's static docs site"
	$(BIN)/training-impacts build
	$(BIN)/dbt docs generate --static
	@echo "docs: target/static_index.html (one file: open it in a browser; lineage graph bottom right)"

bench: $(STAMP)
	$(BIN)/python -m benchmarks $(if $(BENCH_10M),--with-10m,)

clean:
	rm -rf target logs $(VENV)
