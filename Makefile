# The two commands of the README are `make run` and `make test`; both set up .venv first.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip --quiet --disable-pip-version-check

.PHONY: run test lint fixtures clean

$(PY):
	$(PYTHON) -m venv $(VENV)

# Stamp files re-install only when a requirements file changes.
$(VENV)/.runtime-installed: requirements.txt | $(PY)
	$(PIP) install -r requirements.txt
	touch $@

$(VENV)/.dev-installed: requirements.txt requirements-dev.txt | $(PY)
	$(PIP) install -r requirements-dev.txt
	touch $@ $(VENV)/.runtime-installed

## run: set up, load the demo content, print the editor's sign-in and serve on 127.0.0.1:8000
run: $(VENV)/.runtime-installed
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_fixtures
	$(PY) manage.py create_local_editor
	$(PY) manage.py runserver --insecure 127.0.0.1:8000

## test: set up and run the whole suite (pytest's "no tests collected" counts as a failure)
test: $(VENV)/.dev-installed
	@$(PY) -m pytest $(PYTEST_ARGS); status=$$?; \
	if [ $$status -eq 5 ]; then echo "pytest collected no tests: that is a failure"; exit 1; fi; \
	exit $$status

## lint: ruff, formatting and missing migrations
lint: $(VENV)/.dev-installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run

## fixtures: rebuild fixtures/articles.json from fixtures/seeds/ on a throwaway in-memory database
fixtures: $(VENV)/.runtime-installed
	DATABASE_URL=sqlite://:memory: $(PY) manage.py build_seed_fixtures

clean:
	rm -rf $(VENV) staticfiles

## screenshots: retake the README's screenshots (docs/*.png) from a throwaway copy of the demo
.PHONY: screenshots
screenshots: $(VENV)/.dev-installed
	$(PY) docs/screenshots.py
