#!/usr/bin/env bash
# The whole test suite: installs what it needs, then runs every test in a release build
# (the numeric tests build 100k-vector indexes; debug code is 10-50x slower), then runs the
# store tests a second time on PostgreSQL (Debian's server, started on loopback by
# Tools/postgres.sh), so both store backends are tested.
set -euo pipefail
cd "$(dirname "$0")/.."
bash Tools/setup.sh
bash Tools/fetch-model.sh          # the tests run the native MiniLM on the real weights
export OPENBLAS_NUM_THREADS="${OPENBLAS_NUM_THREADS:-1}"
swift test -c release -Xswiftc -enable-testing "$@"

source Tools/postgres.sh
if url="$(start_postgres 55432)"; then
  trap stop_postgres EXIT
  echo "== the store tests again, on PostgreSQL ($url)"
  GROUNDED_TEST_POSTGRES_URL="$url" swift test -c release -Xswiftc -enable-testing --skip-build --filter CustomersTests
else
  echo "PostgreSQL could not be started here: the store tests ran on SQLite only" >&2
  [ -z "${CI:-}" ] || exit 1
fi
