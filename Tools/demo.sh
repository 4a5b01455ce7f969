#!/usr/bin/env bash
# The demo: installs what it needs, builds the CLI, ingests Corpus/ into Indexes/demo and
# answers sample questions with citations (and declines one).
set -euo pipefail
cd "$(dirname "$0")/.."
bash Tools/setup.sh
bash Tools/fetch-model.sh || echo "MiniLM could not be fetched; the demo uses the built-in embedder" >&2
export OPENBLAS_NUM_THREADS="${OPENBLAS_NUM_THREADS:-1}"
swift build -c release --product grounded
.build/release/grounded demo "$@"
