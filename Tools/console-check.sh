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
source Tools/serve-corpus.sh
serve_corpus Corpus >/dev/null
echo "console: $base/console"
python3 Tools/console_check.py --base "$base" --out "$out"
