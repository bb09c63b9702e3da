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

bench: bench-webhook

## bench-webhook: webhook throughput/latency over loopback HTTPS beside a parse-only floor
bench-webhook: build bench-tools
	$(DOTNET) run --project bench/SchedulerExtender.Bench -c $(CONFIG) --no-build -- webhook

## bench-tools: the load generator (hey, Debian package)
bench-tools:
	@command -v hey >/dev/null || { apt-get update -qq && apt-get install -y -qq hey; }

.PHONY: bench-extender
bench: bench-extender

## bench-extender: extender filter/prioritize at 100, 1,000, 5,000 nodes, full list and NodeNames, beside a parse-only floor
bench-extender: build
	$(DOTNET) run --project bench/SchedulerExtender.Bench -c $(CONFIG) --no-build -- extender

clean:
	rm -rf $(OUT) */*/bin */*/obj

## bench-solver: the provisioning solver on 5,000 pending Spark pods against every cn-shenzhen type; prints pods/s
.PHONY: bench-solver
bench-solver:
	$(DOTNET) run --project bench/SchedulerExtender.Bench -c $(CONFIG) -- solver --prices $(SHARED)/data/alibabacloud-prices-2024-06-12.json

## bench-sim: the cost simulator on 24 h of builtin:spark-day (2,000 applications, ~47,000 pods), every strategy, cn-shenzhen prices; prints seconds
.PHONY: bench-sim
bench: bench-sim
bench-sim:
	$(DOTNET) run --project bench/SchedulerExtender.Bench -c $(CONFIG) -- sim --prices $(SHARED)/data/alibabacloud-prices-2024-06-12.json
