# Two entry points, each doing its own set-up in .venv (Python 3.11):
#   make run    triglot run over texts/, results in out/
#   make test   the whole test suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
MT_STAMP := $(VENV)/.installed-mt
RAY_STAMP := $(VENV)/.installed-ray

.PHONY: run test setup clean lock

$(STAMP): pyproject.toml requirements.lock requirements-test.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.lock -r requirements-test.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $(STAMP)

setup: $(STAMP)

# The optional MT extra, so the argostranslate tests run: CPU PyTorch first (a local
# wheel on these machines; without the pin pip would fetch a multi-GB CUDA build).
$(MT_STAMP): $(STAMP) requirements-mt.lock
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -r requirements-mt.lock
	touch $(MT_STAMP)

# The optional Ray extra, so the cluster executor's tests run on a real Ray on the loopback.
$(RAY_STAMP): $(STAMP) requirements-ray.lock
	$(BIN)/pip install --quiet -r requirements-ray.lock
	touch $(RAY_STAMP)

run: $(STAMP)
	$(BIN)/triglot run texts --out out

test: $(STAMP) $(MT_STAMP) $(RAY_STAMP)
	$(BIN)/python -m pytest -q

clean:
	rm -rf $(VENV) out .pytest_cache

# Re-pin dependencies from pyproject.toml into the lock files (needs the package index).
TEST_PKGS := (pytest|hypothesis|iniconfig|pluggy|sortedcontainers|elementpath|selenium|trio|trio-websocket|outcome|attrs|certifi|urllib3|websocket-client|wsproto|sniffio|PySocks)
lock:
	rm -rf /tmp/triglot-lock && $(PYTHON) -m venv /tmp/triglot-lock
	/tmp/triglot-lock/bin/pip install --quiet -e '.[test]'
	/tmp/triglot-lock/bin/pip freeze --exclude-editable | grep -vE '^(-e|triglot)' | sort > /tmp/triglot-freeze.txt
	(echo '# Pinned runtime dependencies (pip freeze of a clean venv); regenerate with `make lock`.'; \
	 grep -vE '^$(TEST_PKGS)==' /tmp/triglot-freeze.txt) > requirements.lock
	(echo '# Pinned test dependencies.'; grep -E '^$(TEST_PKGS)==' /tmp/triglot-freeze.txt) > requirements-test.lock
	/tmp/triglot-lock/bin/pip install --quiet torch==2.13.0 && /tmp/triglot-lock/bin/pip install --quiet -e '.[mt]'
	/tmp/triglot-lock/bin/pip freeze --exclude-editable | grep -vE '^(-e|triglot|torch)' | sort \
	 | comm -23 - /tmp/triglot-freeze.txt > /tmp/triglot-mt.txt
	(echo '# Pinned optional MT extra (argostranslate and what it pulls), installed by the test set-up after torch==2.13.0.'; \
	 cat /tmp/triglot-mt.txt) > requirements-mt.lock
	/tmp/triglot-lock/bin/pip freeze --exclude-editable | sort > /tmp/triglot-before-ray.txt
	/tmp/triglot-lock/bin/pip install --quiet -e '.[ray]'
	/tmp/triglot-lock/bin/pip freeze --exclude-editable | grep -vE '^(-e|triglot|torch)' | sort \
	 | comm -23 - /tmp/triglot-before-ray.txt > /tmp/triglot-ray.txt
	(echo '# Pinned optional Ray extra (--executor ray), installed by the test set-up; Apache-2.0.'; \
	 cat /tmp/triglot-ray.txt) > requirements-ray.lock
