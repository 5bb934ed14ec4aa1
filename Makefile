# Every target does its own set-up, so a fresh machine needs only `make demo` or `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# libtesseract-dev, libleptonica-dev, g++, pkg-config: tesserocr is built against Debian's libtesseract, the
# library the `tesseract` command uses, so both OCR engines read every page alike.
APT_PACKAGES := tesseract-ocr tesseract-ocr-ind tesseract-ocr-eng hunspell-id hunspell-en-us chromium \
	libtesseract-dev libleptonica-dev g++ pkg-config
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: setup system venv demo test test-all lint eval-samples eval-real bench clean

setup: system venv

system:
	@missing=$$(for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:" $$missing; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi

venv: $(BIN)/.installed

$(BIN)/.installed: pyproject.toml | system
	[ -x $(BIN)/python ] || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q --no-binary tesserocr -e '.[dev]'
	touch $@

## The main job on the samples: store and extract every sample into the embedded SQLite database
## (./data/), then export the records to out/ (JSON, CSV, XLSX).
demo: setup
	$(BIN)/pk-extract import samples/ --workers $$(nproc)
	mkdir -p out
	$(BIN)/pk-extract export --format json -o out/agreements.json
	$(BIN)/pk-extract export --format csv -o out/targets.csv
	$(BIN)/pk-extract export --format xlsx -o out/agreements.xlsx

## The default test suite (what CI runs).
test: setup
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -n 2 -q

lint: venv
	$(BIN)/ruff check .

eval-samples: setup
	$(BIN)/pk-extract eval samples/

eval-real: setup
	$(BIN)/pk-extract eval ../shared/real

bench: setup
	$(BIN)/python bench/ingest_bench.py

clean:
	rm -rf $(VENV) out .pytest_cache
