# Quickstart: `make demo` then `make test`, from a fresh clone.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export TOKENIZERS_PARALLELISM := false

.PHONY: install demo test test-slow model bench clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	# The CPU build of torch, pinned: a floating torch pulls a several-GB CUDA build.
	$(PY) -m pip install -q torch==2.13.0
	$(PY) -m pip install -q -e ".[all]"
	touch $(STAMP)

install: $(STAMP)

# Trains the default model when absent, then extracts, classifies, scores and reports on samples.
demo: install
	$(PY) -m stance.cli demo

test: install
	$(PY) -m pytest -q

test-slow: install
	$(PY) -m pytest -q -m slow

model: install
	$(PY) -m stance.cli train --config configs/default.yaml

clean:
	rm -rf $(VENV) build dist *.egg-info
