# KMKM — the front door. `make run` and `make test` are the two commands a new user needs.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
BIN    := $(VENV)/bin
MANAGE := $(PY) src/manage.py
STAMP  := $(VENV)/.installed

.PHONY: install run serve worker test test-browser lint fmt typecheck bench seed ci lock migrations-check reset-local-db clean

$(STAMP): requirements/lock.txt pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "KMKM needs Python 3.11 or newer"'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --require-hashes -r requirements/lock.txt
	$(PY) -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

install: $(STAMP)

## Set up everything from nothing and serve the demo clinic on http://127.0.0.1:8000
run: install
	$(MANAGE) migrate --noinput
	$(MANAGE) load_demo_clinic
	$(MANAGE) collectstatic --noinput --verbosity 0
	$(PY) -m kmkm.devserver

worker: install
	$(MANAGE) db_worker

seed: install
	$(MANAGE) migrate --noinput
	$(MANAGE) load_demo_clinic

## The whole suite (unit, integration and browser tests) on SQLite
test: install
	$(BIN)/pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

fmt: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

typecheck: install
	$(BIN)/mypy

migrations-check: install
	$(MANAGE) makemigrations --check --dry-run

bench: install
	bench/site
	bench/booking
	bench/profile_accuracy
	bench/profile_speed

ci:
	bash .ci/run

lock:
	$(PYTHON) -m piptools compile --quiet --generate-hashes --allow-unsafe --strip-extras \
	  --no-emit-index-url --no-emit-find-links -o requirements/lock.txt requirements/dev.in

reset-local-db:
	rm -f var/db.sqlite3
	$(MAKE) seed

clean:
	rm -rf $(VENV) var/static
