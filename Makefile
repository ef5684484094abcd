# Faceoff: `make run` starts the app on the embedded data; `make test` runs lint, type checks, validation and the whole suite.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8501
# two workers halve the suite's time on a 2-core machine (each worker starts its own app server when it needs one)
PYTEST_ARGS ?= -n 2

.PHONY: run test lint typecheck validate bench-deps bench bench-quick deploy-check perf load clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.app-installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install -q -r requirements.txt
	touch $@

$(VENV)/.dev-installed: requirements-dev.txt $(VENV)/.app-installed
	$(BIN)/pip install -q -r requirements-dev.txt
	touch $@

$(VENV)/.bench-installed: requirements-bench.txt | $(BIN)/python
	$(BIN)/pip install -q -r requirements-bench.txt
	touch $@

run: $(VENV)/.app-installed
	$(BIN)/streamlit run app.py --server.port $(PORT) --server.headless true

lint: $(VENV)/.dev-installed
	$(BIN)/ruff check .

typecheck: $(VENV)/.dev-installed
	$(BIN)/mypy

validate: $(VENV)/.app-installed
	$(BIN)/python -m faceoff validate

test: $(VENV)/.dev-installed
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/python -m faceoff validate
	$(BIN)/python -m pytest $(PYTEST_ARGS)

bench-deps: $(VENV)/.bench-installed

bench-quick: $(VENV)/.bench-installed
	$(BIN)/python -m faceoff bench run --quick

bench: $(VENV)/.bench-installed
	$(BIN)/python -m faceoff bench run

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache tests/artifacts

# Production readiness (docs/production.md): the performance benchmark, the load test and the deploy dry-run.
perf: $(VENV)/.dev-installed
	$(BIN)/python -m faceoff perf

load: $(VENV)/.dev-installed
	$(BIN)/python perf/loadtest.py

deploy-check: $(VENV)/.dev-installed
	$(BIN)/python perf/deploy_check.py

# Several replicas behind HAProxy with sticky sessions and restarts (deploy/replicas.py, docs/production.md).
.PHONY: serve-replicas failover capacity
REPLICAS ?= 2
serve-replicas: $(VENV)/.app-installed
	$(BIN)/python deploy/replicas.py --replicas $(REPLICAS) --port $(PORT)

# Failover under load through the proxy (a replica killed mid-run) and the capacity measurement (docs/production.md).
failover: $(VENV)/.dev-installed
	$(BIN)/python perf/failover.py

capacity: $(VENV)/.dev-installed
	$(BIN)/python perf/capacity.py
