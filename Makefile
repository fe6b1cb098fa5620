# Busbar — the two commands of the README, plus code generation and the benchmark.
.PHONY: deps run test generate bench build release

deps:
	@scripts/install-deps.sh

## Run the server on its embedded defaults: SQLite in ./data, the demo station and token.
run: deps
	swift run busbar serve --demo

## Run every test (real sockets on 127.0.0.1, real SQLite files, real GLPK, real TLS).
test: deps
	swift build --build-tests
	swift test --skip-build

build: deps
	swift build

release: deps
	swift build -c release

## Regenerate the OCPP message types from the official JSON schemas.
generate:
	swift run busbar-codegen Schemas/ocpp-2.0.1 Sources/OCPP/Generated

## Load benchmark (not a test): see docs/benchmarks.md.
bench: release
	scripts/bench.sh
