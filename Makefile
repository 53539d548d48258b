# Two commands matter: `make run` serves the app, `make test` runs every check.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8501
DATA ?= data

.PHONY: run test lint typecheck validate browser nginx format clean

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "Python 3.11 or newer is required (found $$($(PYTHON) --version))."; exit 1; }
	@$(PYTHON) -m venv $(VENV) 2>/dev/null || { \
		echo "python3 -m venv is missing; installing Debian's python3-venv."; \
		$(call as_root,apt-get update -qq && apt-get install -y -qq python3-venv) && $(PYTHON) -m venv $(VENV); }

$(BIN)/.runtime: requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@touch $@

$(BIN)/.dev: requirements-dev.txt $(BIN)/.runtime
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@touch $@

# Serve the app at http://localhost:$(PORT).
run: $(BIN)/.runtime
	$(BIN)/streamlit run app.py --server.port $(PORT)

# Lint, type-check, validate the data and run the whole test suite (browser tests included).
test: $(BIN)/.dev browser nginx
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/python -m incidents validate $(DATA)
	$(BIN)/python -m pytest

validate: $(BIN)/.runtime
	$(BIN)/python -m incidents validate $(DATA)

format: $(BIN)/.dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Browser tests drive Debian's chromium; install it when missing and we are allowed to.
browser:
	@command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || \
		$(call as_root,apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) || \
		echo "chromium is not installed and cannot be installed here: browser tests will be skipped."

# The deployment test runs two replicas behind deploy/nginx.conf; install Debian's nginx when missing and allowed.
# Only the binary is used (the test starts it on loopback with its own configuration); no service is enabled.
nginx:
	@command -v nginx >/dev/null 2>&1 || test -x /usr/sbin/nginx || \
		$(call as_root,apt-get update -qq && export DEBIAN_FRONTEND=noninteractive && { apt-get install -y -qq nginx-light || apt-get install -y -qq nginx; }) || \
		echo "nginx is not installed and cannot be installed here: the nginx deployment test will be skipped."

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache

# Run a command as root: directly when we are root, through passwordless sudo otherwise.
as_root = { if [ "$$(id -u)" = 0 ]; then sh -c '$(1)'; \
	elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo sh -c '$(1)'; \
	else false; fi; }

# Benchmark from 1,000 to 1,000,000 synthetic events; writes docs/performance.md (minutes; up to ~12 GB).
.PHONY: bench
bench: $(BIN)/.dev
	$(BIN)/python -m benchmarks
