#!/usr/bin/env bash
# Load on POST /v1/answer over loopback with wrk (Debian's package): builds the release binary,
# ingests Corpus/ into a temporary index, serves it, drives it, then checks the server still
# answers correctly. Prints requests/second and p50/p90/p99 latency.
#
#   Tools/load.sh [seconds=15] [connections=8] [threads=2]
set -euo pipefail
cd "$(dirname "$0")/.."
duration="${1:-15}" connections="${2:-8}" threads="${3:-2}"
bash Tools/setup.sh
if ! command -v wrk >/dev/null; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq wrk >/dev/null
fi
source Tools/serve-corpus.sh
serve_corpus Corpus >/dev/null
echo "server: $base (pid $server)"

cat > "$work/answer.lua" <<LUA
-- Cycles through answerable and unanswerable questions on every channel, with a channel key.
local key = "$(GROUNDED_API_KEY="$key" "$bin" keys create --index "$work/index" --person load-test --role channel 2>/dev/null)"
local bodies = {
  '{"message": "How long do I have to return an item?", "channel": "chat"}',
  '{"message": "How much does Lumen Plus cost?", "channel": "sms"}',
  '{"message": "Does the thermostat need a C wire?", "channel": "voice"}',
  '{"message": "Do you repair electric scooters?", "channel": "email"}',
}
local i = 0
request = function()
  i = i + 1
  return wrk.format("POST", "/v1/answer", {["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. key}, bodies[(i % #bodies) + 1])
end
LUA
wrk -t"$threads" -c"$connections" -d"${duration}s" --latency -s "$work/answer.lua" "$base" | tee "$work/wrk.out"

echo
echo "after the load:"
kill -0 "$server" && echo "  server still running"
curl -sf "$base/ready" >/dev/null && echo "  /ready 200"
status="$(curl -s -X POST -H 'Content-Type: application/json' -H "Authorization: Bearer $key" -d '{"message": "How long do I have to return an item?"}' "$base/v1/answer" \
  | python3 -c 'import json,sys; a=json.load(sys.stdin); print(a["status"], len(a["citations"]), "citations")')"
echo "  a fresh question: $status"
curl -s -H "Authorization: Bearer $key" "$base/metrics" | grep -E '^grounded_answers_total|^grounded_http_requests_total\{method="POST"' | sed 's/^/  /'
non2xx="$(grep -o 'Non-2xx or 3xx responses: [0-9]*' "$work/wrk.out" || true)"
echo "  ${non2xx:-Non-2xx or 3xx responses: 0}"
