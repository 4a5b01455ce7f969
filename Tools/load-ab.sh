#!/usr/bin/env bash
# Two builds of `grounded` under the same load, alternating, on this machine: each round ingests
# Corpus/ (MiniLM when the model is there) into a fresh index per binary, serves it, warms it up
# and drives POST /v1/answer with Tools/load_bodies.py's mix (the suite's questions on four
# channels, half from 64 known customers) for the same seconds. Prints one line per binary and
# round: requests/s, p50, p99, non-2xx. Build the older binary from a worktree first, e.g.
#
#   git worktree add /tmp/before <commit> && (cd /tmp/before && swift build -c release --product grounded)
#   Tools/load-ab.sh /tmp/before/.build/release/grounded .build/release/grounded [seconds=15] [rounds=2]
set -euo pipefail
cd "$(dirname "$0")/.."
a="$1" b="$2" duration="${3:-15}" rounds="${4:-2}"
embedder="$([ -f Models/all-MiniLM-L6-v2/model.safetensors ] && echo minilm || echo builtin)"
echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) cores; embedder $embedder;" \
  "wrk 2 threads, 8 connections, ${duration}s after a ${duration}s warm-up"
run() {
  local bin="$1" work
  work="$(mktemp -d)"
  "$bin" ingest Corpus --index "$work/index" --embedder "$embedder" > /dev/null
  "$bin" serve --index "$work/index" --port 0 > "$work/serve.out" 2> "$work/serve.log" &
  local server=$!
  for _ in $(seq 600); do grep -q "on http://" "$work/serve.out" 2>/dev/null && break; sleep 0.1; done
  local base key channel
  base="$(grep -o 'http://127.0.0.1:[0-9]*' "$work/serve.out")"
  key="$(cat "$work/index/service/admin.key")"
  channel="$(GROUNDED_API_KEY="$key" "$bin" keys create --index "$work/index" --person load --role channel 2>/dev/null)"
  python3 Tools/load_bodies.py "$channel" > "$work/answer.lua"
  wrk -t2 -c8 -d"${duration}s" -s "$work/answer.lua" "$base" > /dev/null
  wrk -t2 -c8 -d"${duration}s" --latency -s "$work/answer.lua" "$base" > "$work/wrk.out"
  kill "$server"; wait "$server" 2>/dev/null || true
  python3 - "$work/wrk.out" "$bin" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
rps = re.search(r"Requests/sec:\s+([\d.]+)", text).group(1)
p50 = re.search(r"50%\s+(\S+)", text).group(1)
p99 = re.search(r"99%\s+(\S+)", text).group(1)
bad = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
print(f"{sys.argv[2]}: {float(rps):.0f} requests/s, p50 {p50}, p99 {p99}, non-2xx {bad.group(1) if bad else 0}")
PY
  rm -rf "$work"
}
for round in $(seq "$rounds"); do
  echo "round $round"
  run "$a"
  run "$b"
done
