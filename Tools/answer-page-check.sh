#!/usr/bin/env bash
# Checks the customer's answer page in headless Chromium (Debian's chromium package) at a phone's
# size: serves Corpus/, asks a question as a known customer on SMS, opens the answer's link and
# asserts that every cited span is highlighted in its source's passage, with no script and no
# sideways scrolling. Saves the screenshot (default answer-page.png).
#
#   Tools/answer-page-check.sh [screenshot.png]
set -euo pipefail
cd "$(dirname "$0")/.."
out="$(realpath -m "${1:-answer-page.png}")"
bash Tools/setup.sh
source Tools/headless-chromium.sh
ensure_headless_chromium
source Tools/serve-corpus.sh
serve_corpus Corpus >/dev/null
python3 Tools/answer_page_check.py --base "$base" --out "$out"
