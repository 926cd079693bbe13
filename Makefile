# Two doors for a fresh machine: `make demo` builds .venv, installs the project and runs the offline
# demo on the embedded default; `make test` does the same set-up and runs the tests.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: test demo install lint clean

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	# CPU build of torch first, so the transformers extra does not pull a CUDA build.
	$(BIN)/pip install --quiet "torch==2.13.0"
	$(BIN)/pip install --quiet -e ".[dev,transformers]"
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/yuqing demo

test: $(STAMP)
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check crawlers pipeline nlp alerts tests
	$(BIN)/mypy crawlers pipeline nlp alerts

clean:
	rm -rf $(VENV) build *.egg-info
