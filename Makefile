# The two commands a new machine needs: `make demo` and `make test`.
JOBS ?= $(shell nproc)
# ccache hits across clones of the repository at other paths (CI builds a fresh clone).
export CCACHE_BASEDIR := $(CURDIR)
export CCACHE_NOHASHDIR := true

.PHONY: deps deps-test demo test test-tsan soak bench fuzz build-release build-test clean

deps:
	@scripts/install-deps.sh

# What the tests run beside the build: peers, checkers, tsc, chromium (scripts/install-deps.sh).
deps-test:
	@scripts/install-deps.sh --test

build-release: deps
	@cmake -S . -B build/release -G Ninja -DCMAKE_BUILD_TYPE=Release -DRPCFORGE_BUILD_TESTS=OFF -DRPCFORGE_BUILD_BENCHMARKS=OFF >/dev/null
	@cmake --build build/release -j $(JOBS)

demo: build-release
	@examples/run-example.sh build/release/examples/calculator/calculator_server \
		build/release/examples/calculator/calculator_client

# Sanitizer builds at -O1 -g1: what the sanitizers' authors recommend for speed with readable
# reports (line tables are enough for symbolised stack traces), and it compiles in about 60%
# of the time -O2 -g takes, which keeps `make test` well inside its half hour on two cores.
SANITIZER_FLAGS := -DCMAKE_BUILD_TYPE=RelWithDebInfo "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -g1 -DNDEBUG"

build-test: deps-test
	@cmake -S . -B build/test -G Ninja $(SANITIZER_FLAGS) -DRPCFORGE_SANITIZE=address,undefined >/dev/null
	@cmake --build build/test -j $(JOBS)

test: build-test
	@cd build/test && ctest --output-on-failure -j $(JOBS) --timeout 300

# ThreadSanitizer; not part of `make test` (it needs its own build and is slower).
test-tsan: deps-test
	@cmake -S . -B build/tsan -G Ninja $(SANITIZER_FLAGS) -DRPCFORGE_SANITIZE=thread >/dev/null
	@cmake --build build/tsan -j $(JOBS)
	@cd build/tsan && TSAN_OPTIONS="halt_on_error=1 suppressions=$(CURDIR)/tests/tsan.supp" ctest --output-on-failure -j $(JOBS) --timeout 600

# The soak (docs/testing.md): mixed load and faults against servers in the sanitizer build, for
# SOAK_SECONDS; not part of `make test`, which runs a 20-second version (soak.short).
SOAK_SECONDS ?= 300
soak: deps-test
	@cmake -S . -B build/test -G Ninja $(SANITIZER_FLAGS) -DRPCFORGE_SANITIZE=address,undefined >/dev/null
	@cmake --build build/test -j $(JOBS) --target rpcforge_soak
	@build/test/tests/soak/rpcforge_soak --seconds $(SOAK_SECONDS)

# Benchmarks in a Release build of their own; figures are for comparing within one run:
# the micro-benchmarks, then the side-by-side suite (table, bench/results/latest.json and .png),
# then what metrics cost (two servers taking turns on one stream of calls, bench/metrics_cost.py).
bench:
	@scripts/install-deps.sh --bench
	@cmake -S . -B build/bench -G Ninja -DCMAKE_BUILD_TYPE=Release -DRPCFORGE_BUILD_TESTS=OFF -DRPCFORGE_BUILD_EXAMPLES=OFF >/dev/null
	@cmake --build build/bench -j $(JOBS)
	@build/bench/bench/generator_bench
	@build/bench/bench/runtime_bench
	@build/bench/bench/codec_bench
	@build/bench/bench/balancer_bench
	@bench/run_suite.py --build-dir build/bench
	@bench/metrics_cost.py --build-dir build/bench

# libFuzzer targets (tests/fuzz, docs/fuzzing.md) in a clang build of their own, with ASan and
# UBSan: each runs FUZZ_SECONDS, then a table of execs, coverage and findings (exit 1 on any).
# FUZZ_TARGETS narrows the run (e.g. FUZZ_TARGETS="json_reader protocol").
FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?=
fuzz:
	@scripts/install-deps.sh --fuzz
	@CC=clang-14 CXX=clang++-14 cmake -S . -B build/fuzz -G Ninja $(SANITIZER_FLAGS) -DRPCFORGE_SANITIZE=address,undefined \
		-DRPCFORGE_BUILD_FUZZERS=ON -DRPCFORGE_BUILD_TESTS=OFF -DRPCFORGE_BUILD_EXAMPLES=OFF -DRPCFORGE_BUILD_BENCHMARKS=OFF >/dev/null
	@nice -n 5 cmake --build build/fuzz -j $(JOBS) --target fuzzers
	@tests/fuzz/run_fuzzers.sh build/fuzz $(FUZZ_SECONDS) $(FUZZ_TARGETS)

clean:
	rm -rf build
