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

## run: the local demo (schedext serve --local with a generated certificate)
run: build
	$(OUT)/schedext serve --local

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
