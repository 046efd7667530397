# CivicFusion: the two commands.
#   make demo   install, fetch and start Neo4j, create the schema, load the sample
#               multi-agency data, link people across agencies, serve the workbench on 127.0.0.1
#   make test   install what the tests need and run the whole suite (unit + real Neo4j)

PYTHON ?= python3
SHARED ?= ../shared/data
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.civicfusion-installed

.PHONY: demo test bench bench-full install lint format stop clean help

help:
	@echo "make demo   - install and run CivicFusion on sample data (127.0.0.1)"
	@echo "make test   - run every test against a real Neo4j the project starts itself"
	@echo "make bench  - benchmarks (own Neo4j; prints tables, writes bench/results/; < 30 min)"
	@echo "make bench-full - the same with the 1M-record online load and backups too"
	@echo "make stop   - stop the local Neo4j server"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	bash scripts/ensure-system-deps.sh
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e ".[dev]"
	touch $@

install: $(STAMP)

demo: install
	$(BIN)/civicfusion db fetch
	$(BIN)/civicfusion db start
	$(BIN)/civicfusion db init
	$(BIN)/civicfusion demo-data --out var/demo-data --agencies 3 --people 2000 --seed 7
	$(BIN)/civicfusion load manifest var/demo-data/manifest.json
	@if [ -d "$(SHARED)" ]; then \
	  $(BIN)/civicfusion load nibrs-flat $(SHARED)/nibrs-search-ncjis/flat/honolulupdNIBRSReport-2019-05.txt --agency HPD && \
	  $(BIN)/civicfusion load edges $(SHARED)/covert-networks/caviar-morselli/nodes.csv \
	    $(SHARED)/covert-networks/caviar-morselli/edges.csv --agency CAVIAR --source-system wiretap --rel-type CALLED; \
	else echo "($(SHARED) not found: real NIBRS and CAVIAR samples skipped)"; fi
	$(BIN)/civicfusion resolve
	$(BIN)/civicfusion db status
	@echo
	@echo "Neo4j is running on 127.0.0.1 with 3 synthetic agencies, Honolulu NIBRS and CAVIAR (data under ./var)."
	@echo "Ctrl-C stops the workbench; 'make stop' stops Neo4j."
	$(BIN)/civicfusion users demo
	$(BIN)/civicfusion serve

test: install
	$(BIN)/civicfusion db fetch
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest; rc=$$?; \
	  if [ $$rc -eq 5 ]; then echo "pytest ran no tests: that is a failure"; exit 1; fi; \
	  exit $$rc

bench: install
	$(BIN)/civicfusion db fetch
	$(BIN)/python bench/load.py --online-up-to 100000
	$(BIN)/python bench/er.py
	$(BIN)/python bench/ui.py --people 10000
	$(BIN)/python bench/sync.py --rows 100000 --changes 1000
	$(BIN)/python bench/markdown.py > bench/results/tables.md

# bench + the 1M-record online load, the backup/restore bench at 100k and 1M, the 1M-row RMS sync
# (~25-35 more minutes on 2 cores)
bench-full: install
	$(BIN)/civicfusion db fetch
	$(BIN)/python bench/load.py
	$(BIN)/python bench/er.py
	$(BIN)/python bench/ui.py --people 10000
	$(BIN)/python bench/backup.py --records 100000 1000000
	$(BIN)/python bench/sync.py --rows 1000000 --changes 10000
	$(BIN)/python bench/markdown.py > bench/results/tables.md

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

stop:
	-$(BIN)/civicfusion db stop

clean: stop
	rm -rf $(VENV) var .pytest_cache .ruff_cache
