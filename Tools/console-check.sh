#!/usr/bin/env bash
# Checks the agent console in headless Chromium (Debian's chromium package): serves Corpus/,
# opens the console on a handed-off conversation, sends a customer message, and asserts that a
# suggestion with a highlighted source appears. Saves the screenshot (default console.png).
#
#   Tools/console-check.sh [screenshot.png]
set -euo pipefail
cd "$(dirname "$0")/.."
out="$(realpath -m "${1:-console.png}")"
bash Tools/setup.sh
if ! command -v chromium >/dev/null; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
fi
python3 -c "import websocket" 2>/dev/null || pip install -q websocket-client
swift build -c release --product grounded >&2
bin=.build/release/grounded
work="$(mktemp -d)"
trap 'kill "$server" 2>/dev/null || true; rm -rf "$work"' EXIT
"$bin" ingest Corpus --index "$work/index" >/dev/null
"$bin" serve --index "$work/index" --port 0 > "$work/serve.out" 2> "$work/serve.log" &
server=$!
for _ in $(seq 100); do grep -q "on http://" "$work/serve.out" 2>/dev/null && break; sleep 0.1; done
base="$(grep -o 'http://127.0.0.1:[0-9]*' "$work/serve.out")"
echo "console: $base/console"
python3 Tools/console_check.py --base "$base" --out "$out"
