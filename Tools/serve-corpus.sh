# Sourced by the Tools scripts that drive a live server: builds the release binary, ingests a
# corpus into a temporary index, serves it on a free port, and sets $base, $server, $work and
# $key (the admin key the first start wrote; send it as Authorization: Bearer $key) (removed,
# and the server stopped, on exit).
#
#   source Tools/serve-corpus.sh <corpus> [ingest options…]
swift build -c release --product grounded >&2
bin=.build/release/grounded
work="$(mktemp -d)"
server=""
trap '{ kill "$server" && wait "$server"; } 2>/dev/null || true; rm -rf "$work"' EXIT
serve_corpus() {
  local corpus="$1"; shift
  "$bin" ingest "$corpus" --index "$work/index" "$@" | head -3
  "$bin" serve --index "$work/index" --port 0 > "$work/serve.out" 2> "$work/serve.log" &
  server=$!
  for _ in $(seq 600); do grep -q "on http://" "$work/serve.out" 2>/dev/null && break; sleep 0.1; done
  base="$(grep -o 'http://127.0.0.1:[0-9]*' "$work/serve.out")"
  key="$(cat "$work/index/service/admin.key")"
  export GROUNDED_API_KEY="$key"
  echo "server: $base (pid $server)"
}
