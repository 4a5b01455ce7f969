#!/usr/bin/env bash
# The whole test suite: installs what it needs, then runs every test in a release build
# (the numeric tests build 100k-vector indexes; debug code is 10-50x slower).
set -euo pipefail
cd "$(dirname "$0")/.."
bash Tools/setup.sh
bash Tools/fetch-model.sh          # the tests run the native MiniLM on the real weights
export OPENBLAS_NUM_THREADS="${OPENBLAS_NUM_THREADS:-1}"
swift test -c release -Xswiftc -enable-testing "$@"
