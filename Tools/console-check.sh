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
source Tools/headless-chromium.sh
ensure_headless_chromium
source Tools/serve-corpus.sh
serve_corpus Corpus >/dev/null
echo "console: $base/console"
python3 Tools/console_check.py --base "$base" --out "$out"
