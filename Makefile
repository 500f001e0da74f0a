# liangfa — two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export SECRET_KEY_FILE ?= $(CURDIR)/var/secret_key
ADDR ?= 127.0.0.1:8000

.PHONY: run test lint check setup worker bench clean

$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -r requirements.lock
	$(BIN)/pip install -q --no-deps -e .
	touch $(STAMP)

var/secret_key:
	mkdir -p var
	$(BIN)/python -c "import secrets; print(secrets.token_urlsafe(50))" > var/secret_key
	chmod 600 var/secret_key

var/audit_checkpoint_key:
	mkdir -p var
	$(BIN)/python -c "import secrets; print(secrets.token_urlsafe(48))" > var/audit_checkpoint_key
	chmod 600 var/audit_checkpoint_key

setup: $(STAMP) var/secret_key var/audit_checkpoint_key
	mkdir -p staticfiles

## Set up, migrate, load the demo region once, start one worker and serve http://127.0.0.1:8000 (or ADDR=0.0.0.0:8080)
run: setup
	$(BIN)/liangfa migrate --noinput
	$(BIN)/liangfa collectstatic --noinput -v0
	$(BIN)/liangfa demo --if-empty
	$(BIN)/liangfa run $(ADDR)

## Set up and run the whole suite (DATABASE_URL selects the database; SQLite by default)
test: setup
	$(BIN)/pytest

lint: setup
	$(BIN)/ruff check .

## The CI gate besides the suite
check: setup
	$(BIN)/ruff check .
	$(BIN)/liangfa makemigrations --check --dry-run
	LIANGFA_HTTPS=1 $(BIN)/liangfa check --deploy --fail-level WARNING

worker: setup
	$(BIN)/liangfa worker

bench: setup
	$(BIN)/python bench/import.py

clean:
	rm -rf $(VENV) var
