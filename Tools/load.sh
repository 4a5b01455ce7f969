#!/usr/bin/env bash
# Load on POST /v1/answer over loopback with wrk (Debian's package): builds the release binary,
# ingests Corpus/ into a temporary index (MiniLM when the model is there, as the product runs),
# serves it, drives it with every question of the suite (Questions/corpus.jsonl) on the four
# channels, half anonymous and half from 64 known customers (Tools/load_bodies.py), after a
# warm-up of the same length; then checks the server still answers and that every answer was
# archived. Prints the CPU, requests/second and p50/p90/p99 latency.
#
#   Tools/load.sh [seconds=15] [connections=8] [threads=2] [embedder=minilm|builtin]
set -euo pipefail
cd "$(dirname "$0")/.."
duration="${1:-15}" connections="${2:-8}" threads="${3:-2}"
embedder="${4:-$([ -f Models/all-MiniLM-L6-v2/model.safetensors ] && echo minilm || echo builtin)}"
bash Tools/setup.sh
if ! command -v wrk >/dev/null; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq wrk >/dev/null
fi
source Tools/serve-corpus.sh
serve_corpus Corpus --embedder "$embedder" >/dev/null
echo "server: $base (pid $server), embedder $embedder"
echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) cores"
channel_key="$(GROUNDED_API_KEY="$key" "$bin" keys create --index "$work/index" --person load-test --role channel 2>/dev/null)"
python3 Tools/load_bodies.py "$channel_key" > "$work/answer.lua"
echo "warm-up (${duration}s, not counted): the intent model, caches, first conversations"
wrk -t"$threads" -c"$connections" -d"${duration}s" -s "$work/answer.lua" "$base" > "$work/warmup.out"
wrk -t"$threads" -c"$connections" -d"${duration}s" --latency -s "$work/answer.lua" "$base" | tee "$work/wrk.out"

echo
echo "after the load:"
kill -0 "$server" && echo "  server still running"
curl -sf "$base/ready" >/dev/null && echo "  /ready 200"
status="$(curl -s -X POST -H 'Content-Type: application/json' -H "Authorization: Bearer $channel_key" -d '{"message": "How long do I have to return an item?"}' "$base/v1/answer" \
  | python3 -c 'import json,sys; a=json.load(sys.stdin); print(a["status"], len(a["citations"]), "citations")')"
echo "  a fresh question: $status"
curl -s -H "Authorization: Bearer $key" "$base/metrics" | grep -E '^grounded_answers_total|^grounded_http_requests_total\{method="POST"' | sed 's/^/  /'
non2xx="$(grep -o 'Non-2xx or 3xx responses: [0-9]*' "$work/wrk.out" || true)"
sent="$(cat "$work/warmup.out" "$work/wrk.out" | grep -o '^ *[0-9]* requests in' | awk '{n += $1} END {print n + 1}')"
archived="$(python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("SELECT count(*) FROM answers").fetchone()[0])' "$work/index/service/service.sqlite")"
echo "  answers completed (warm-up, load, the check): $sent; archived in the store: $archived"
echo "  (the archive may hold up to $connections more: requests in flight when wrk stopped)"
echo "  ${non2xx:-Non-2xx or 3xx responses: 0}"
