# Sentra — two commands: `make run` (set up and serve the demo) and `make test` (the whole suite).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test setup assets lint migrate-check serve clean

$(STAMP): requirements.txt requirements-dev.txt constraints.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt -c constraints.txt
	touch $(STAMP)

setup: $(STAMP) assets

assets:
	./scripts/vendor_assets.sh

run: setup
	$(PY) manage.py migrate --no-input
	$(PY) manage.py seed_demo_if_empty
	# the import worker (background imports from the web) runs beside the server and stops with it
	$(PY) manage.py import_worker & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver 127.0.0.1:8000

test: setup
	./scripts/ensure_system_deps.sh
	$(VENV)/bin/ruff check .
	$(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/pytest

clean:
	rm -rf $(VENV) node_modules sentra/static/vendor staticfiles
