# The two commands of the README. Both start with the idempotent set-up (scripts/setup.sh).
#   make demo   set-up, release build of `jobmatch`, the pipeline on generated data, three explained matches
#   make serve  release build of `jobmatch-server` too, then the API and web page over the demo's workspace
#   make test   set-up, the module-graph check, swift test (unit, property, parity and interop tests), then a short fuzz run

SHELL := /bin/bash
# JOBMATCH_WORKSPACE, not WORKSPACE: CI servers set WORKSPACE to the checkout itself.
JOBMATCH_WORKSPACE ?= $(CURDIR)/workspace
JOBMATCH_CACHE ?= $(HOME)/.cache/jobmatch
JOBMATCH_MODEL_CACHE ?= $(JOBMATCH_CACHE)/models
JOBMATCH_VENV ?= $(JOBMATCH_CACHE)/venv
DEMO_JOBS ?= 2000
DEMO_CVS ?= 300
SEED ?= 42
# Seconds per fuzz harness in `make test` (the nine file readers; scripts/fuzz.sh, docs/reliability.md
# "Fuzzing"). The HTTP bodies' harness (httpbody) builds the server's whole stack with the sanitizers,
# about 25 minutes from cold: `make fuzz` runs it with the others.
FUZZ_SECONDS ?= 15
FUZZ_QUICK = csv jsonl parquet safetensors tokenizer eventlog faiss modelconfig docx

export JOBMATCH_WORKSPACE JOBMATCH_CACHE JOBMATCH_MODEL_CACHE JOBMATCH_VENV
export JOBMATCH_PYTHON := $(JOBMATCH_VENV)/bin/python
export JOBMATCH_MODEL_DIR := $(JOBMATCH_MODEL_CACHE)/all-MiniLM-L6-v2
# Under make (and so CI) the set-up has provided the model: its parity tests fail if it is missing.
export JOBMATCH_REQUIRE_MODEL := 1

.PHONY: setup build build-server serve demo test fuzz bench-csv bench-eventlog bench-parquet bench-encoder bench-encoder-process bench-encoder-ratio bench-encoder-precision bench-training bench-processing bench-processing-engines bench-index bench-index-recall bench-server clean

setup:
	@bash scripts/setup.sh

build: setup
	swift build -c release --product jobmatch
	swift build -c release --product jobmatch-extract  # the PDF helper `--cv FILE.pdf` and the server run (Documents)

# `jobmatch serve` and `jobmatch feedback` run this second binary (SwiftNIO, Hummingbird, GRDB).
build-server: setup
	swift build -c release --product jobmatch-server

PORT ?= 8080
serve: build build-server
	.build/release/jobmatch serve --workspace "$(JOBMATCH_WORKSPACE)" --port $(PORT)

demo: build
	@bash scripts/demo.sh "$(JOBMATCH_WORKSPACE)" $(DEMO_JOBS) $(DEMO_CVS) $(SEED)

test: setup
	python3 scripts/module_graph.py --check
	swift test --parallel 2>&1 | tee .build-test.log; exit $${PIPESTATUS[0]}
	bash scripts/fuzz.sh $(FUZZ_SECONDS) $(FUZZ_QUICK)

bench-csv: build
	@bash bench/csv.sh

# Event log: embedded produce/consume vs librdkafka's producer and kcat into the mock cluster.
bench-eventlog: build
	@bash bench/eventlog/run.sh

bench-parquet: setup
	@bash bench/parquet/run.sh

# Swift encoder vs sentence-transformers (PyTorch CPU); BENCH_TEXTS / E5_TEXTS shorten the run.
bench-encoder: setup
	@bash bench/encoder/run.sh

# Whole `jobmatch embed` process vs sentence-transformers' whole process, generated and real texts.
bench-encoder-process: build
	@JOBMATCH_BIN=.build/release/jobmatch bash bench/encoder/process.sh

# Our fp32 against bf16 only (alternated, 9 runs each) on the process benchmark's inputs.
bench-encoder-ratio: build
	@[ -f bench/out/encoder-process/real.jsonl ] || BENCH_INPUTS_ONLY=1 JOBMATCH_BIN=.build/release/jobmatch bash bench/encoder/process.sh
	@JOBMATCH_BIN=.build/release/jobmatch bash bench/encoder/ratio.sh

# Quality (min cosine, Recall@10 vs fp32) and throughput of --precision fp32|bf16|int8 (bench/encoder/precision.sh).
bench-encoder-precision: build
	@JOBMATCH_BIN=.build/release/jobmatch bash bench/encoder/precision.sh

# `jobmatch train` vs sentence-transformers training (MNR + Matryoshka; cached MNR at batch 256).
bench-training: build
	@JOBMATCH_BIN=.build/release/jobmatch bash bench/training/run.sh

bench-processing: setup
	@bash bench/processing/skills.sh

bench-processing-engines: build
	@bash bench/processing/engines.sh

# Vector index (ours: float32/float16/int8) vs faiss-cpu IndexFlatIP on the same files; BENCH_ROUNDS /
# BENCH_SINGLE / BENCH_VECTORS shorten the run (bench/index/run.sh).
bench-index: setup
	@bash bench/index/run.sh

# Recall@10 and memory of every Matryoshka dimension × encoding on real texts (bench/index/recall.sh).
bench-index-recall: setup
	@bash bench/index/recall.sh

# jobmatch serve under load: wrk on /match, 10,000 concurrent /feedback posts, SIGKILL mid-load.
bench-server: build build-server
	@bash bench/server/run.sh

# The long fuzz run of the README's "Fuzzing" section (FUZZ_SECONDS per harness).
fuzz:
	bash scripts/fuzz.sh $(FUZZ_SECONDS)

clean:
	rm -rf .build Fuzz/.build workspace
