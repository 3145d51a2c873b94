# Two commands do all set-up on a fresh machine: `make run` and `make test`.
SHELL := /bin/bash
export UV_PYTHON_DOWNLOADS := never
export UV_LINK_MODE := copy
UV := python3 -m uv

.PHONY: run test lint bench schemas install clean office province pcsclite smartcard browser web kafka \
	loadgen

# uv through pip when missing, then the locked environment. pyscard (the card-reader agent's
# PC/SC backend) has no Linux wheel: it builds against Debian's libpcsclite-dev.
install: pcsclite
	@$(UV) --version >/dev/null 2>&1 || python3 -m pip install --quiet --disable-pip-version-check uv
	@$(UV) sync --frozen --all-packages --quiet

# Debian packages, installed when missing (`make run` and `make test` run as root).
APT_GET := DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends
define apt_need
	@dpkg-query -W -f='$${Status}\n' $(1) 2>/dev/null | grep -c 'ok installed' \
		| grep -qx "$(words $(1))" || { apt-get update -q >/dev/null && $(APT_GET) $(1) >/dev/null; }
endef

pcsclite:
	$(call apt_need,libpcsclite-dev)

# Debian's Chromium for the browser tests (Playwright drives it: its own download cannot work).
browser:
	$(call apt_need,chromium fonts-noto-cjk)

# The real PC/SC stack for the agent's tests: pcscd and the virtual reader driver (vpcd).
smartcard:
	$(call apt_need,pcscd vsmartcard-vpcd)

run: install kafka web
	@$(UV) run --frozen --no-sync liudong run

# Apache Kafka (deploy/kafka/pom.xml pins it) from Maven Central, with the machine's Java 17
# and Maven, into var/cache/kafka/libs when missing or older than the pom. The broker
# (libs/devstack's Broker) runs from there: `make run`'s on var/kafka, each test run's its own.
KAFKA_LIBS := var/cache/kafka/libs
export LIUDONG_KAFKA_LIBS := $(abspath $(KAFKA_LIBS))
$(KAFKA_LIBS)/.complete: deploy/kafka/pom.xml
	@rm -rf $(KAFKA_LIBS)
	@mvn -q -B -Dstyle.color=never -f deploy/kafka/pom.xml dependency:copy-dependencies -DincludeScope=runtime \
		-DoutputDirectory=$(abspath $(KAFKA_LIBS))
	@touch $@
kafka: $(KAFKA_LIBS)/.complete

# bench.checkins' load client (bench/loadgen, Go's standard library only), with the machine's
# Go, into var/cache/bin when missing or older than its sources; bench/load.py runs it.
LOADGEN := var/cache/bin/loadgen
export LIUDONG_LOADGEN := $(abspath $(LOADGEN))
$(LOADGEN): bench/loadgen/go.mod $(wildcard bench/loadgen/*.go)
	@cd bench/loadgen && GOTOOLCHAIN=local go build -o $(abspath $(LOADGEN)) .
loadgen: $(LOADGEN)

# The browser app (web/), with the machine's Node.js and npm: its packages from
# package-lock.json, then built into web/dist (served by the gateway at /) when missing or
# older than its sources.
WEB_SOURCES := $(shell find web/src web/public -type f 2>/dev/null) web/index.html \
	web/package.json web/vite.config.ts $(wildcard web/tsconfig*.json)
web/node_modules/.package-lock.json: web/package-lock.json
	@cd web && npm ci --no-audit --no-fund --loglevel=error
web/dist/index.html: web/node_modules/.package-lock.json $(WEB_SOURCES)
	@cd web && npm run build --silent
web: web/dist/index.html

# The reference provincial receiver (the province's side of the exchange), on :8090.
province: install
	@$(UV) run --frozen --no-sync liudong province

# Lint first: a change that ruff or mypy rejects does not land either.
# LibreOffice Calc (Debian's, headless) opens the report workbooks in the tests. (`soffice`
# alone can be there without Calc: the package is what is asked.)
office:
	@dpkg-query -W -f='$${Status}\n' libreoffice-calc-nogui libreoffice-calc 2>/dev/null \
		| grep -q 'ok installed' || { apt-get update -q >/dev/null && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
		libreoffice-calc-nogui >/dev/null; }

test: install lint kafka office smartcard browser web loadgen
	@cd web && npm test --silent
	@$(UV) run --frozen --no-sync pytest -q

lint: install
	@$(UV) run --frozen --no-sync ruff check --quiet .
	@$(UV) run --frozen --no-sync ruff format --check --quiet .
	@$(UV) run --frozen --no-sync mypy libs services bench tests
	@test -z "$$(gofmt -l bench/loadgen)" || \
		{ echo "gofmt: not formatted (run gofmt -w): $$(gofmt -l bench/loadgen)"; exit 1; }
	@cd bench/loadgen && GOTOOLCHAIN=local go vet .

schemas: install
	@$(UV) run --frozen --no-sync python -m liudong_events.schemas

bench: install kafka loadgen
	@$(UV) run --frozen --no-sync python -m bench.checkins

clean:
	rm -rf var .venv web/node_modules web/dist test-artifacts
