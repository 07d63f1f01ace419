# workflowdef developer commands. `make help` lists them.
#
# Every tool is pinned in its own module under tools/ and run with
# `go tool -modfile=...`, so a fresh machine needs nothing but Go.

SHELL := /usr/bin/env bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

BUF          := go tool -modfile=tools/buf/go.mod buf
STATICCHECK  := go tool -modfile=tools/lint/go.mod staticcheck
TEMPORAL_MOD := tools/temporal/go.mod
# Go modules of this repository: the main module, the interop oracle and the
# worker benchmark (both may import the official SDK), the OpenTelemetry
# adapter, and the tool modules.
MODULES      := . interop bench contrib/opentelemetry tools/buf tools/protoc-gen-go tools/lint tools/temporal
# Modules with code to vet, lint and test.
CODE_MODULES := . interop bench contrib/opentelemetry
# Fuzz targets run for FUZZTIME each by make test; inputs that fail are kept
# under the package's testdata/fuzz as regression cases.
FUZZ_TARGETS := ./replay:FuzzReadHistory ./replay:FuzzReplay
FUZZTIME     ?= 20s

.PHONY: help
help: ## Show this help.
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  %-16s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

# The generator's golden cases: each has its own buf.gen.yaml.
GOLDEN_TEMPLATES := $(sort $(wildcard internal/generator/testdata/*/buf.gen.yaml))

.PHONY: generate
generate: ## Regenerate all generated code (gen/, the generator's golden cases) with the pinned tools.
	$(BUF) generate
	@for t in $(GOLDEN_TEMPLATES); do echo "$(BUF) generate --template $$t"; $(BUF) generate --template $$t || exit 1; done

.PHONY: check-generate
check-generate: generate ## Regenerate, then fail if the tree differs from what is committed.
	@if [ -n "$$(git status --porcelain -- gen internal/generator/testdata)" ]; then \
		echo "Generated code is out of date or uncommitted. Run 'make generate' and commit:"; \
		git status --porcelain -- gen internal/generator/testdata; \
		git --no-pager diff --stat -- gen internal/generator/testdata; \
		exit 1; \
	fi

# The generated files the thinness goal is measured on: the every-option
# golden case and the orders example.
GENERATED_LINES_FILES := internal/generator/testdata/everyoption/gen/acme/orders/v1/ordersv1temporal/orders.temporal.go \
	gen/example/orders/v1/ordersv1temporal/orders.temporal.go

.PHONY: generated-lines
generated-lines: ## Count generated lines of code per annotated rpc and per part (goal: at most 30 per rpc).
	go run ./internal/generator/internal/generatedlines $(GENERATED_LINES_FILES)

.PHONY: lint
lint: ## gofmt check, go vet, staticcheck, buf lint, go mod tidy check.
	@unformatted="$$(gofmt -l $$(git ls-files '*.go'))"; \
	if [ -n "$$unformatted" ]; then echo "gofmt would change:"; echo "$$unformatted"; exit 1; fi
	@for m in $(CODE_MODULES); do \
		echo "go vet + staticcheck in $$m"; \
		(cd $$m && go vet ./... && go tool -modfile=$(CURDIR)/tools/lint/go.mod staticcheck ./...) || exit 1; \
	done
	$(BUF) lint
	@for m in $(MODULES); do \
		(cd $$m && go mod tidy -diff) || { echo "go.mod of $$m is not tidy: run 'go mod tidy' in $$m"; exit 1; }; \
	done

.PHONY: tools
tools: ## Build the pinned tools (the Temporal CLI's first build takes minutes).
	@echo "Building pinned tools: buf, protoc-gen-go, staticcheck."
	@$(BUF) --version >/dev/null
	@go tool -modfile=tools/protoc-gen-go/go.mod protoc-gen-go --version >/dev/null
	@$(STATICCHECK) -version >/dev/null
	@echo "Building the Temporal CLI (Server 1.29.1) from $(TEMPORAL_MOD)."
	@echo "The first build compiles the whole Temporal server: expect several minutes on 2 cores. Later builds are cached."
	@time go tool -modfile=$(TEMPORAL_MOD) -n temporal >/dev/null

.PHONY: demo
demo: ## Replay an official Go SDK history on our engine, then catch a nondeterministic code change.
	go run ./examples/replay

.PHONY: test
test: tools check-generate lint ## Everything CI runs: generated code, lint, unit and integration tests with -race, bounded fuzzing.
	@for m in $(CODE_MODULES); do \
		echo "go test -race in $$m"; \
		(cd $$m && go test -race -count=1 ./...) || exit 1; \
	done
	@for t in $(FUZZ_TARGETS); do \
		pkg=$${t%%:*}; fn=$${t##*:}; \
		echo "go test -fuzz $$fn in $$pkg for $(FUZZTIME)"; \
		go test -run '^$$' -fuzz "^$$fn\$$" -fuzztime $(FUZZTIME) -fuzzminimizetime 5s $$pkg || exit 1; \
	done

.PHONY: bench
bench: ## Benchmarks: ours next to the official SDK's on the same inputs.
	go test -run '^$$' -bench . -benchmem ./runtime/... ./replay/...
	cd interop && go test -run '^$$' -bench . -benchmem ./...
	@echo "Worker benchmark: ours next to the official SDK's worker, one dev server with 1 task queue partition, then one with the server's default 4, load from each SDK's client in turn (about 25 minutes on 2 cores)."
	cd bench && go run ./cmd/workerbench
