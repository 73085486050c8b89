# The two commands of the README are `make run` and `make test`; both set up .venv first.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip --quiet --disable-pip-version-check

.PHONY: run serve bench test lint fixtures translations clean

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
	$(PY) manage.py createcachetable
	$(PY) manage.py load_fixtures
	$(PY) manage.py create_local_editor
	$(PY) manage.py runserver --insecure 127.0.0.1:8000

## serve: production settings under gunicorn on 127.0.0.1:8000 (see docs/deploy.md).
## Without SECRET_KEY in the environment it serves a local trial: SQLite, plain HTTP.
serve: $(VENV)/.runtime-installed
	@set -e; \
	if [ -z "$${SECRET_KEY:-}" ]; then \
	  echo "No SECRET_KEY in the environment: serving a local trial (SQLite, plain HTTP on 127.0.0.1)."; \
	  [ -s .local-secret-key ] || $(PY) -c "import secrets; print(secrets.token_urlsafe(50))" > .local-secret-key; \
	  export SECRET_KEY="$$(cat .local-secret-key)" \
	    DATABASE_URL="$${DATABASE_URL:-sqlite:///$(CURDIR)/db.sqlite3}" \
	    ALLOWED_HOSTS="$${ALLOWED_HOSTS:-127.0.0.1,localhost}" SITE_URL="$${SITE_URL:-http://127.0.0.1:8000}" \
	    SECURE_SSL_REDIRECT=0 SESSION_COOKIE_SECURE=0 CSRF_COOKIE_SECURE=0 SECURE_HSTS_SECONDS=0 SERVE_MEDIA=1 \
	    STAFF_TWO_FACTOR_REQUIRED="$${STAFF_TWO_FACTOR_REQUIRED:-0}"; \
	  DJANGO_SETTINGS_MODULE=cms.settings.prod $(PY) manage.py migrate --noinput; \
	  DJANGO_SETTINGS_MODULE=cms.settings.prod $(PY) manage.py createcachetable; \
	fi; \
	export DJANGO_SETTINGS_MODULE=cms.settings.prod; \
	$(PY) manage.py collectstatic --noinput --verbosity 0; \
	exec $(VENV)/bin/gunicorn --config cms/gunicorn.conf.py

## bench: page benchmarks over synthetic archives of 1,000, 10,000 and 100,000 articles, and a
## load test under gunicorn; writes bench/RESULTS.md (bench/README.md). BENCH_ARGS: sizes, --pages-only.
bench: $(VENV)/.dev-installed
	$(PY) bench/run.py $(BENCH_ARGS)

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

## translations: refresh locale/*/django.po from the code and templates, then compile the .mo
## files in Python (extraction needs GNU gettext's xgettext; compiling needs nothing more)
translations: $(VENV)/.runtime-installed
	$(PY) manage.py makemessages -l ru -l kk -l ky -l tg -l uz -l tk --no-obsolete \
	  --ignore=.venv --ignore=tests --ignore=bench --ignore=docs
	$(PY) manage.py compile_translations

clean:
	rm -rf $(VENV) staticfiles

## screenshots: retake the README's screenshots (docs/*.png) from a throwaway copy of the demo
.PHONY: screenshots
screenshots: $(VENV)/.dev-installed
	$(PY) docs/screenshots.py
