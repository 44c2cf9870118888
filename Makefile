# The two commands a newcomer needs: `make lab` and `make test`.
# Both create .venv (with the Python found below) and install smbkit with its
# course and test extras first, so nothing but Python 3.11 is needed beforehand.

PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3 2>/dev/null)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.smbkit-installed
# JupyterLab refuses to run as root without --allow-root (CI machines and containers run as root).
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)
# Exercise notebooks are executed by tests/test_exercises.py (solution and learner copy).
NOTEBOOKS := $(shell find notebooks -name '*.ipynb' -not -path '*/.ipynb_checkpoints/*' | sort)
ALL_NOTEBOOKS := $(shell find notebooks exercises dashboard -name '*.ipynb' -not -path '*/.ipynb_checkpoints/*' | sort)

.PHONY: help install lab dashboard test lint unit notebooks exercises learner-copies data bench report clean

help:
	@echo "make lab    set everything up and open the course in JupyterLab"
	@echo "make test   set everything up and run every test (lint, unit, doctests, notebooks, exercises)"
	@echo "make data   rebuild the bundled datasets from their generators"
	@echo "make bench  run the benchmarks in benchmarks/ (slow; not part of make test)"
	@echo "make report write report.html, the client report, on the bundled Daily Crumb"
	@echo "make dashboard  serve the live client dashboard (Voila) at http://127.0.0.1:8866/"

$(STAMP): pyproject.toml
	@test -n "$(PYTHON)" || { echo "No python3.11 or python3 on PATH: install Python 3.11 first."; exit 1; }
	@$(PYTHON) -c 'import sys; v = sys.version_info; sys.exit(0 if v >= (3, 11) else "smbkit needs Python 3.11 or newer; found " + sys.version.split()[0])'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	@touch $(STAMP)

install: $(STAMP)

lab: $(STAMP)
	$(BIN)/jupyter lab $(ROOT_FLAG) notebooks/00_start_here.ipynb

# The live client dashboard, no code shown (`smbkit dashboard --data FILE` for a client's
# exports). Voila needs no --allow-root.
dashboard: $(STAMP)
	$(BIN)/voila dashboard/dashboard.ipynb --no-browser --port=8866 --Voila.ip=127.0.0.1

lint: $(STAMP)
	$(BIN)/ruff check smbkit tests benchmarks notebooks exercises dashboard
	$(BIN)/ruff format --check smbkit tests benchmarks notebooks/conftest.py exercises --exclude "*.ipynb"
	$(BIN)/nbstripout --verify $(ALL_NOTEBOOKS)

# Unit tests, property tests, doctests, exercises and browser tests on one worker per core
# (--dist loadfile keeps each file on one worker: module-scoped fixtures and kernels stay put).
unit: $(STAMP)
	$(BIN)/pytest tests smbkit --doctest-modules -n auto --dist loadfile --durations=10

# Every lesson and exercise notebook, run top to bottom in a fresh kernel. The IPython
# profile in tests/ipython turns warnings inside the kernel into errors.
notebooks: $(STAMP)
	IPYTHONDIR=$(CURDIR)/tests/ipython MPLBACKEND=Agg $(BIN)/pytest -p no:cacheprovider \
		-o filterwarnings= -o testpaths= \
		--nbval-lax --nbval-current-env --nbval-cell-timeout=120 --durations=10 $(NOTEBOOKS)

test: lint unit notebooks

learner-copies: $(STAMP)
	$(BIN)/python exercises/build.py

data: $(STAMP)
	$(BIN)/python -m smbkit.datasets build all

# The client-ready HTML report on the bundled Daily Crumb (`smbkit report --data FILE` for a
# client's export).
report: $(STAMP)
	$(BIN)/smbkit report --out report.html

bench: $(STAMP)
	for f in benchmarks/bench_*.py; do echo "== $$f"; $(BIN)/python $$f || exit 1; done

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis build *.egg-info
