# Follow-up — the two commands: `make run` and `make test`. `make help` lists the rest.
# Needs only Python 3.11 and make; uv is installed into .tools/ when missing.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
UV := $(shell command -v uv 2>/dev/null)
ifeq ($(UV),)
UV := .tools/bin/uv
endif
RUN := $(UV) run --frozen
PORT ?= 8000
# The files mypy checks: the playbook's pure rules, the checks, the reminder sweep and sending.
TYPED := config/site.py $(wildcard plans/*.py) outreach/drafts.py \
	outreach/reminders.py outreach/tasks.py

.PHONY: help install run demo remind test test-fast lint lint-types fmt hooks bench screenshots vendor-bootstrap vendor-icons clean

help: ## List every target
	@awk 'BEGIN {FS = ":.*## "} /^[a-z-]+:.*## / {printf "  make %-17s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

.tools/bin/uv:
	$(PYTHON) -m venv .tools
	.tools/bin/python -m pip install --quiet uv

.venv/.synced: uv.lock pyproject.toml | $(UV)
	$(UV) sync --frozen --python $(PYTHON)
	@touch $@

install: .venv/.synced ## Install the locked dependencies into .venv (done by every target that needs them)

run: install ## Serve http://127.0.0.1:8000 with a Celery worker (reminder emails print in its worker.1 output) and beat; PORT=8001 for another port
	$(RUN) python manage.py migrate --noinput
	SITE_URL="$${SITE_URL:-http://127.0.0.1:$(PORT)}" $(RUN) honcho --procfile Procfile.dev start --port $(PORT)

demo: install ## Load demo data for EMAIL (make demo EMAIL=you@example.com), then sign in with it
	@test -n "$(EMAIL)" || (echo "usage: make demo EMAIL=you@example.com" && exit 2)
	$(RUN) python manage.py migrate --noinput
	$(RUN) python manage.py seed_demo --email "$(EMAIL)"

remind: install ## Send every reminder that is due now, without waiting for beat (the worker prints them under make run)
	$(RUN) python manage.py remind_now

# pytest-xdist: two workers; the groups in tests/conftest.py (browser, servers) each keep to one.
XDIST ?= -n 2 --dist loadgroup

test: install ## The whole suite, as CI runs it (browser and real-process tests included)
	$(RUN) pytest $(XDIST)

test-fast: install ## Everything that needs no browser and no extra process (under 90 s)
	$(RUN) pytest $(XDIST) -m "not browser and not processes"

lint: install ## Check: ruff (lint and format), djLint, mypy on the pure modules
	$(RUN) ruff check .
	$(RUN) ruff format --check .
	$(RUN) djlint templates --lint
	$(RUN) djlint templates --check
	$(MAKE) -s lint-types

lint-types: install ## mypy with django-stubs on the pure modules (part of make lint)
	$(RUN) mypy $(TYPED)

fmt: install ## Fix what can be fixed: ruff's safe fixes and format, djLint's reformat
	$(RUN) ruff check --fix .
	$(RUN) ruff format .
	$(RUN) djlint templates --reformat --quiet || true

hooks: install ## Install the git pre-commit hook (runs the same checks as make lint on staged files)
	$(RUN) pre-commit install

bench: install ## Benchmarks under bench/ (needs PostgreSQL, Redis and wrk: apt-get install wrk)
	@command -v wrk >/dev/null || (echo "make bench needs wrk for the page benchmark: apt-get install -y wrk" && exit 1)
	$(RUN) python -m bench

screenshots: install ## Photograph Today on a phone and a laptop into docs/screenshots/ (Chromium, seed_demo, a throwaway database)
	$(RUN) python scripts/screenshots.py

# The pinned Bootstrap build under static/vendor comes from the npm registry.
BOOTSTRAP_VERSION := 5.3.8
vendor-bootstrap: ## Refresh the vendored Bootstrap build from the npm registry (needs npm)
	rm -rf /tmp/followup-bootstrap && mkdir -p /tmp/followup-bootstrap
	cd /tmp/followup-bootstrap && npm pack --silent bootstrap@$(BOOTSTRAP_VERSION) && tar xzf bootstrap-$(BOOTSTRAP_VERSION).tgz
	cp /tmp/followup-bootstrap/package/dist/css/bootstrap.min.css* /tmp/followup-bootstrap/package/dist/js/bootstrap.bundle.min.js* /tmp/followup-bootstrap/package/LICENSE static/vendor/bootstrap/

# The icons: a sprite of only the Bootstrap Icons the templates use (scripts/build_icon_sprite.py lists them).
ICONS_VERSION := 1.13.1
vendor-icons: install ## Rebuild static/vendor/bootstrap-icons/sprite.svg from the npm registry (needs npm)
	rm -rf /tmp/followup-icons && mkdir -p /tmp/followup-icons
	cd /tmp/followup-icons && npm pack --silent bootstrap-icons@$(ICONS_VERSION) && tar xzf bootstrap-icons-$(ICONS_VERSION).tgz
	$(RUN) python scripts/build_icon_sprite.py /tmp/followup-icons/package static/vendor/bootstrap-icons

clean: ## Remove the virtualenv, uv, local data and caches
	rm -rf .venv .tools var staticfiles .pytest_cache .mypy_cache .ruff_cache
