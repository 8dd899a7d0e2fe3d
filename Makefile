# One entry point for people and CI. `make run` and `make test` set up .venv when missing.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
TS := $(wildcard resources/translations/*.ts)
QM := $(TS:.ts=.qm)
UI := $(wildcard ui/*.ui)
FORMS := $(patsubst ui/%.ui,sdr_desk/gui/forms/ui_%.py,$(UI))
BENCH_SIZE ?= small

.PHONY: run test install translations forms bench dist server clean lint

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP) translations

resources/translations/%.qm: resources/translations/%.ts $(STAMP)
	$(VENV)/bin/pyside6-lrelease -silent $< -qm $@

translations: $(QM)

# Designer sources compile into sdr_desk/gui/forms/; the generated files are committed, never edited.
sdr_desk/gui/forms/ui_%.py: ui/%.ui $(STAMP)
	$(VENV)/bin/pyside6-uic $< -o $@

forms: $(FORMS)

run: install
	$(PY) -m sdr_desk demo --if-empty --leads 5000
	$(PY) -m sdr_desk gui

lint: install
	$(VENV)/bin/lint-imports

test: install
	$(VENV)/bin/lint-imports
	QT_QPA_PLATFORM=offscreen SDR_DESK_BENCH_SIZE=$(BENCH_SIZE) $(PY) -m pytest
	QT_QPA_PLATFORM=offscreen $(PY) -m sdr_desk gui --self-test

bench: install
	QT_QPA_PLATFORM=offscreen SDR_DESK_BENCH_SIZE=full $(PY) -m pytest tests/benchmarks -s -p no:randomly

server: install
	$(PY) -m sdr_desk server run

dist: install
	$(PY) -m pip install --quiet -e ".[dist]"
	$(VENV)/bin/pyinstaller --noconfirm build.spec

clean:
	rm -rf build dist $(VENV) $(QM)
