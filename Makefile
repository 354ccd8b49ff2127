# Coproduction Sécurité: `make run` starts everything on a fresh machine, `make test` proves it.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
PORT ?= 8000
HOST ?= 127.0.0.1
# The address written into e-mails, SMS, PDFs and QR codes: the one `make run` serves, for the site
# and for the worker and beat that write the messages (a site listening on every interface is
# reached on this machine at 127.0.0.1). Set SITE_URL to override it.
SITE_HOST = $(if $(filter 0.0.0.0 :: [::],$(HOST)),127.0.0.1,$(HOST))
SITE_URL ?= http://$(SITE_HOST):$(PORT)
# Tests run against the machine's PostgreSQL and Redis; each value can be overridden.
TEST_ENV := DJANGO_SETTINGS_MODULE=portal.settings_test

.PHONY: help install install-dev lint messages translations translations-check migrate demo run test bench check-services browser proxy clean

help:
	@echo "make run    installe, prépare et démarre le site, le worker et beat (SQLite, sans serveur)"
	@echo "make test   lance toute la suite de tests (PostgreSQL et Redis requis)"
	@echo "make bench  mesure les performances (PostgreSQL, Redis, gunicorn, wrk)"

# Each stamp is newer than its requirements once everything in them is installed: `make run`
# installs what production needs, `make test` and `make bench` add the tests' and tools' pins.
$(VENV)/.installed: requirements.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	@# XStatic-Bootstrap is published as an sdist whose setup.py needs pkg_resources.
	$(PIP) install --quiet "setuptools<81" wheel
	$(PIP) install --quiet --no-build-isolation $$(grep -i '^XStatic-Bootstrap==' requirements.txt)
	$(PIP) install --quiet -r requirements.txt
	@touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(PIP) install --quiet -r requirements-dev.txt
	@touch $@

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

messages: install
	@cd . && $(PY) manage.py compilemessages --ignore=.venv --verbosity 0

# Catalogues (locale/README.md): extract the marked strings, then list what is left to translate.
translations: install
	$(PY) manage.py translations update

# Fails when a marked string is missing from locale/en or has no English translation.
translations-check: install
	$(PY) manage.py translations check

migrate: install
	$(PY) manage.py migrate --no-input --verbosity 0

demo: migrate
	$(PY) manage.py load_demo

# The demo's messages are written while it loads: they too carry the address of this run.
run: export SITE_URL := $(SITE_URL)
run: messages demo
	@$(PY) -c "import socket,sys; s=socket.socket(); s.bind(('$(HOST)', $(PORT)))" 2>/dev/null || { \
	  echo "Le port $(PORT) est déjà utilisé. Choisissez-en un autre : make run PORT=8001"; exit 1; }
	@echo ""
	@echo "  Site : $(SITE_URL)/   (administration : $(SITE_URL)/admin/)"
	@echo "  Courriels envoyés : var/mail/    Ctrl-C arrête le site, le worker et beat."
	@echo ""
	@# One process group: Ctrl-C reaches all three, and if one of them dies the others are stopped.
	@trap 'kill $$(jobs -p) 2>/dev/null; wait' EXIT; export SITE_URL='$(SITE_URL)'; \
	  $(VENV)/bin/celery -A portal worker --loglevel=INFO --concurrency=2 & \
	  $(VENV)/bin/celery -A portal beat --loglevel=INFO & \
	  $(PY) manage.py runserver $(HOST):$(PORT) & \
	  wait -n

browser:
	@command -v chromium >/dev/null || { \
	  echo "Installation de Chromium (paquet Debian) pour les tests de bout en bout…"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/dev/null \
	  || { echo "Impossible d'installer chromium (root et apt-get requis)."; exit 1; }; }

# nginx stands in front of gunicorn in the reverse-proxy tests, as in production
# (tests/accounts/test_login_limits_behind_proxy.py).
proxy:
	@command -v nginx >/dev/null || test -x /usr/sbin/nginx || { \
	  echo "Installation de nginx (paquet Debian) pour les tests derrière le proxy inverse…"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx) >/dev/null \
	  || { echo "Impossible d'installer nginx (root et apt-get requis)."; exit 1; }; }

# axe-core (WCAG checks in the browser tests) comes from the npm registry, pinned in the lock file.
tests/tooling/node_modules/axe-core/axe.min.js: tests/tooling/package-lock.json
	npm ci --prefix tests/tooling --silent --no-audit --no-fund
	@touch $@

# The layers (pyproject.toml, README "Architecture"), the linter and the formatter, before any test.
lint: install-dev
	$(VENV)/bin/lint-imports --no-cache
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

test: lint messages browser proxy tests/tooling/node_modules/axe-core/axe.min.js
	$(TEST_ENV) $(VENV)/bin/pytest

# Chromium (page weight) comes from the browser target; wrk from Debian; the driver starts a Redis
# server of its own and recreates the bench_portal database (BENCH_DATABASE_URL).
bench: install-dev messages browser
	@command -v wrk >/dev/null || { \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk) >/dev/null \
	  || { echo "Impossible d'installer wrk (root et apt-get requis)."; exit 1; }; }
	@command -v redis-server >/dev/null && command -v createdb >/dev/null || { \
	  echo "make bench a besoin de redis-server et des outils clients de PostgreSQL (createdb)."; exit 1; }
	$(PY) bench/run.py

clean:
	rm -rf $(VENV) staticfiles
