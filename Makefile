# Two commands do everything on a fresh machine with python3 and make:
#   make report   run every notebook over the sample corpus (or CORPUS=path) into reports/
#   make test     run the test suite
# Both create .venv and install the project when it is missing, and re-install when the
# dependency list (pyproject.toml) changed.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
CORPUS ?= data/sample
OUT    ?= reports

.PHONY: report test lab bench clean

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	@touch $(STAMP)

report: $(STAMP)
	$(PY) -m toolkit report "$(CORPUS)" --out "$(OUT)"

test: $(STAMP)
	$(PY) -m pytest

lab: $(STAMP)
	$(VENV)/bin/jupyter lab notebooks/

bench: $(STAMP)
	$(PY) benchmarks/bench_load.py

clean:
	rm -rf $(VENV) $(OUT) .pytest_cache
