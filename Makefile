# SchedulerExtender — build, test, run and benchmark.
# `make run` starts the local demo; `make test` runs every test.
SHELL := /bin/bash
CONFIG ?= Release
DOTNET ?= dotnet
OUT := out
SHARED ?= $(abspath ../shared)

.PHONY: all build test run clean bench bench-webhook bench-tools

all: build

## build: compile the solution and publish the schedext program to out/schedext
build:
	$(DOTNET) build SchedulerExtender.sln -c $(CONFIG) -nologo -v:q
	$(DOTNET) publish src/SchedulerExtender.Host/SchedulerExtender.Host.csproj -c $(CONFIG) -o $(OUT) -nologo -v:q --no-build

## test: every test project (unit, HTTP on loopback, scripts, manifests)
test: build
	$(DOTNET) test SchedulerExtender.sln -c $(CONFIG) --no-build -nologo -v:q --logger "console;verbosity=minimal"

## run: the local demo: the article's spark-pi on an emulated cluster, a cost summary, exit 0 once its nodes are consolidated away
## (for exploring with kubectl instead: out/schedext serve --local, which stays up)
run: build
	$(OUT)/schedext serve --local --demo --https-url https://127.0.0.1:0 --http-url http://127.0.0.1:0

clean:
	rm -rf $(OUT) */*/bin */*/obj

# ---- benchmarks: never part of `make test` or CI; timings are printed, never asserted ----
BENCH := $(DOTNET) run --project bench/SchedulerExtender.Bench -c $(CONFIG) --no-build --
# Each benchmark leaves its figures here as NAME.json; `make bench` assembles them into bench/results.json.
BENCH_PARTS := $(OUT)/bench-parts
PRICES := $(SHARED)/data/alibabacloud-prices-2024-06-12.json

.PHONY: bench-extender bench-solver bench-sim

## bench: every benchmark below, one after the other (5-10 min; they measure the machine, so never
## in parallel), then bench/results.json and a Markdown table (schema: bench/README.md)
bench: build bench-tools
	@rm -rf $(BENCH_PARTS)
	@echo "== 1/4 webhook (about 1 min)"
	$(BENCH) webhook --parts $(BENCH_PARTS)
	@echo "== 2/4 extender (3-5 min)"
	$(BENCH) extender --parts $(BENCH_PARTS)
	@echo "== 3/4 solver (under 1 min)"
	$(BENCH) solver --prices $(PRICES) --parts $(BENCH_PARTS)
	@echo "== 4/4 simulator (under 2 min)"
	$(BENCH) sim --prices $(PRICES) --parts $(BENCH_PARTS)
	$(BENCH) report --parts $(BENCH_PARTS) --out bench/results.json --markdown $(OUT)/bench-results.md

## bench-webhook: webhook throughput/latency over loopback HTTPS beside a parse-only floor
bench-webhook: build bench-tools
	$(BENCH) webhook --parts $(BENCH_PARTS)

## bench-extender: extender filter/prioritize at 100, 1,000, 5,000 nodes, full list and NodeNames, beside a parse-only and a receive-only floor
bench-extender: build
	$(BENCH) extender --parts $(BENCH_PARTS)

## bench-solver: the provisioning solver on 5,000 pending Spark pods against every cn-shenzhen type; prints pods/s
bench-solver: build
	$(BENCH) solver --prices $(PRICES) --parts $(BENCH_PARTS)

## bench-sim: the cost simulator on 24 h of builtin:spark-day (2,000 applications, ~47,000 pods), every strategy, cn-shenzhen prices; prints seconds
bench-sim: build
	$(BENCH) sim --prices $(PRICES) --parts $(BENCH_PARTS)

## bench-tools: the load generator (hey, Debian package), installed when missing
bench-tools:
	@command -v hey >/dev/null || { export DEBIAN_FRONTEND=noninteractive; apt-get update -qq && apt-get install -y -qq hey; }
