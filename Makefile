# Every target that needs Python creates .venv and installs Mamori first, so a fresh clone works.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
SEED ?= onplanetz
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?= -n 2

.PHONY: install run test lint format bench bench-quick clean

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: install
	$(BIN)/mamori demo run --seed $(SEED) --host $(HOST) --port $(PORT)

test: install
	. scripts/test-env.sh && $(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy

format: install
	$(BIN)/ruff format src tests bench
	$(BIN)/ruff check --fix src tests bench

bench: install
	. scripts/test-env.sh && $(BIN)/python -m bench

bench-quick: install
	. scripts/test-env.sh && $(BIN)/python -m bench --quick

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache build src/*.egg-info

# The notice's translatable strings: re-extract them, then merge into the ja, en and fr
# catalogues (docs/notice.md). Translate the new or fuzzy entries; the tests refuse them.
NOTICE_LOCALE := src/mamori/policy/notice/locale
.PHONY: messages
messages: install
	$(BIN)/pybabel extract -F babel.cfg -k N_ -k _n:1,2 --no-location --sort-output --width=100 \
		--project=Mamori --version=0.1.0 --copyright-holder="The Mamori developers" \
		-o $(NOTICE_LOCALE)/notice.pot .
	$(BIN)/pybabel update -i $(NOTICE_LOCALE)/notice.pot -d $(NOTICE_LOCALE) -D notice \
		--ignore-obsolete --width=100
