# Quick start: `make demo` builds the demo appendices; `make test` runs the whole suite.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: demo test bench clean

$(BIN)/pipeline: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	$(BIN)/python -m compileall -q pipeline  # as an installed package would be: commands start without compiling
	touch $(BIN)/pipeline

demo: $(BIN)/pipeline
	$(BIN)/pipeline build input/*.xlsx --out output

test: $(BIN)/pipeline
	$(BIN)/mypy
	$(BIN)/pytest

bench: $(BIN)/pipeline
	$(BIN)/pip install --quiet -e '.[bench]'
	$(BIN)/python -m compileall -q pipeline
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) output/*.docx output/*.txt
