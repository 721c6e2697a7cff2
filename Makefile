# Follow-up — the two commands: `make run` and `make test`.
# Needs only Python 3.11 and make; uv is installed into .tools/ when missing.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
UV := $(shell command -v uv 2>/dev/null)
ifeq ($(UV),)
UV := .tools/bin/uv
endif
RUN := $(UV) run --frozen

.PHONY: help install run test bench check-deploy vendor-bootstrap clean

help:
	@echo "make run    - install, migrate and serve http://127.0.0.1:8000 with a Celery worker and beat"
	@echo "make test   - run the whole test suite"
	@echo "make bench  - run the benchmarks under bench/"

.tools/bin/uv:
	$(PYTHON) -m venv .tools
	.tools/bin/python -m pip install --quiet uv

.venv/.synced: uv.lock pyproject.toml | $(UV)
	$(UV) sync --frozen --python $(PYTHON)
	@touch $@

install: .venv/.synced

run: install
	$(RUN) python manage.py migrate --noinput
	$(RUN) honcho --procfile Procfile.dev start

test: install
	$(RUN) pytest

bench: install
	@command -v wrk >/dev/null || (apt-get install -y -qq wrk || echo "install wrk for the dashboard benchmark")
	$(RUN) python -m bench

# The pinned Bootstrap build under static/vendor comes from the npm registry.
BOOTSTRAP_VERSION := 5.3.8
vendor-bootstrap:
	rm -rf /tmp/followup-bootstrap && mkdir -p /tmp/followup-bootstrap
	cd /tmp/followup-bootstrap && npm pack --silent bootstrap@$(BOOTSTRAP_VERSION) && tar xzf bootstrap-$(BOOTSTRAP_VERSION).tgz
	cp /tmp/followup-bootstrap/package/dist/css/bootstrap.min.css* /tmp/followup-bootstrap/package/dist/js/bootstrap.bundle.min.js* /tmp/followup-bootstrap/package/LICENSE static/vendor/bootstrap/

clean:
	rm -rf .venv .tools var staticfiles .pytest_cache
