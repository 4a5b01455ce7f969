#!/usr/bin/env bash
# Two server replicas sharing one PostgreSQL store (Debian's server on loopback, Tools/postgres.sh)
# and one index folder:
#   1. a customer's conversation starts on replica A and continues on replica B;
#   2. both replicas take load at once and the shared audit chain still verifies;
#   3. PostgreSQL restarts while both replicas take load: they recover without a restart and every
#      answer they acknowledged is in the store;
#   4. a re-index publishes a new build that both replicas serve within seconds, while a client
#      keeps asking both, with no failed request.
#
#   Tools/replicas.sh
#   POOL=1 Tools/replicas.sh      # each store on one connection, as before the pool (for comparison)
set -euo pipefail
cd "$(dirname "$0")/.."
bash Tools/setup.sh >/dev/null
command -v wrk >/dev/null || { sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"; $sudo apt-get install -y -qq wrk >/dev/null; }
swift build -c release --product grounded >&2
bin="$PWD/.build/release/grounded"
work="$(mktemp -d)"
export PGWORK=/tmp/grounded-postgres-replicas
source Tools/postgres.sh
url="$(start_postgres 55433)" || { echo "PostgreSQL did not start: see $PGWORK/log"; exit 1; }
url="$url${POOL:+?pool=$POOL}"
pids=()
trap 'for p in "${pids[@]:-}"; do kill "$p" 2>/dev/null || true; done; stop_postgres; rm -rf "$work"' EXIT
failed=0
fail() { echo "  FAIL: $*"; failed=1; }

cp -r Corpus "$work/corpus"
"$bin" ingest "$work/corpus" --index "$work/index" | head -1
replica() { # replica <name> → sets $base_<name>
  "$bin" serve --index "$work/index" --data "$work/$1" --store "$url" --port 0 > "$work/$1.out" 2> "$work/$1.log" &
  pids+=("$!")
  for _ in $(seq 600); do grep -q "on http://" "$work/$1.out" 2>/dev/null && break; sleep 0.1; done
  printf -v "base_$1" '%s' "$(grep -o 'http://127.0.0.1:[0-9]*' "$work/$1.out")"
}
replica a   # the first start on an empty key store writes the admin key
replica b
key="$(cat "$work/a/admin.key")"
echo "PostgreSQL: $url; replica A $base_a, replica B $base_b"
ask() { # ask <base> <json> → response body
  curl -sf -H "Authorization: Bearer $key" -H 'Content-Type: application/json' -d "$2" "$1/v1/answer"
}
field() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }

echo "== a conversation continues across replicas"
first="$(ask "$base_a" '{"customer": {"email": "ines@example.com"}, "message": "How long do I have to return an item?"}')"
second="$(ask "$base_b" '{"customer": {"email": "ines@example.com"}, "message": "And when will I get my refund?"}')"
conv_a="$(echo "$first" | field '["conversationID"]')"; conv_b="$(echo "$second" | field '["conversationID"]')"
echo "  replica A answered in conversation $conv_a; replica B answered the next message in $conv_b"
[ "$conv_a" = "$conv_b" ] || fail "the replicas kept different conversations"
turns="$(curl -sf -H "Authorization: Bearer $key" "$base_a/v1/conversations/$conv_a" | field '["turns"]' | python3 -c 'import sys,ast; print(len(ast.literal_eval(sys.stdin.read())))')"
echo "  replica A reads the conversation with $turns turns (2 questions, 2 answers, from both replicas)"
[ "$turns" = 4 ] || fail "expected 4 turns, read $turns"

echo "== both replicas under load at once; one audit chain"
cat > "$work/load.lua" <<LUA
request = function()
  return wrk.format("POST", "/v1/answer", {["Content-Type"] = "application/json", ["Authorization"] = "Bearer $key"},
    '{"message": "How much does Lumen Plus cost?", "customer": {"email": "load' .. math.random(1, 500) .. '@example.com"}}')
end
LUA
wrk -t1 -c4 -d10s -s "$work/load.lua" "$base_a" > "$work/wrk-a.out" 2>&1 &
wa=$!
wrk -t1 -c4 -d10s -s "$work/load.lua" "$base_b" > "$work/wrk-b.out" 2>&1
wait "$wa"
for r in a b; do
  echo "  replica ${r^^}: $(grep -o '[0-9]* requests in [0-9.]*s' "$work/wrk-$r.out"), $(grep -o 'Requests/sec: *[0-9.]*' "$work/wrk-$r.out")$(grep -o ', Non-2xx or 3xx responses: [0-9]*' "$work/wrk-$r.out" || true)"
  ! grep -q "Non-2xx" "$work/wrk-$r.out" || fail "replica $r answered with errors"
done
"$bin" audit verify --index "$work/index" --store "$url" | sed 's/^/  /' || fail "the shared audit chain does not verify"

echo "== PostgreSQL restarts under load; both replicas recover, no acknowledged answer is lost"
cat > "$work/restart.py" <<'PY'
import json, sys, threading, time, urllib.request
bases, key, seconds = sys.argv[1].split(","), sys.argv[2], float(sys.argv[3])
acked, failed, lock = [], {b: 0 for b in bases}, threading.Lock()
def post(base, body):
    request = urllib.request.Request(base + "/v1/answer", data=json.dumps(body).encode(), method="POST",
        headers={"Authorization": "Bearer " + key, "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as r:
        return json.load(r)["id"]
def client(base, n):
    end, i = time.time() + seconds, 0
    while time.time() < end:
        i += 1
        try:
            answer = post(base, {"message": "How much does Lumen Plus cost?",
                                 "customer": {"email": f"restart{n}-{i}@example.com"}})
            with lock: acked.append((base, answer))
        except Exception:
            with lock: failed[base] += 1
            time.sleep(0.05)
threads = [threading.Thread(target=client, args=(b, n)) for n, b in enumerate(bases * 2)]
for t in threads: t.start()
for t in threads: t.join()
lost = 0
for base, answer in acked:
    request = urllib.request.Request(base + "/v1/answers/" + answer, headers={"Authorization": "Bearer " + key})
    try:
        urllib.request.urlopen(request, timeout=10).read()
    except Exception:
        lost += 1
after = {b: post(b, {"message": "How long do I have to return an item?"}) is not None for b in bases}
print(json.dumps({"acknowledged": len(acked), "failed": failed, "lost": lost, "answering_after": after}))
PY
python3 "$work/restart.py" "$base_a,$base_b" "$key" 8 > "$work/restart.json" &
restarter=$!
sleep 3
t0=$(date +%s.%N)
restart_postgres
echo "  PostgreSQL restarted in $(echo "$(date +%s.%N) - $t0" | bc | cut -c1-4)s, 3 s into 8 s of load on both replicas"
wait "$restarter"
python3 - "$work/restart.json" <<'PY' || fail "the replicas lost answers or did not recover"
import json, sys
r = json.load(open(sys.argv[1]))
print(f"  {r['acknowledged']} answers acknowledged; requests refused while the server was down: {r['failed']}")
print(f"  acknowledged answers missing from the store afterwards: {r['lost']}; answering after: {r['answering_after']}")
sys.exit(0 if r["lost"] == 0 and all(r["answering_after"].values()) and r["acknowledged"] > 0 else 1)
PY
"$bin" audit verify --index "$work/index" --store "$url" | sed 's/^/  /' || fail "the audit chain does not verify after the restart"

echo "== a re-index, served by both replicas without a restart"
build_before="$(curl -sf "$base_a/ready" | field '["build"]')"
( ok=0; bad=0; end=$((SECONDS + 12))
  while [ $SECONDS -lt $end ]; do
    for b in "$base_a" "$base_b"; do
      if ask "$b" '{"message": "How long do I have to return an item?"}' >/dev/null; then ok=$((ok + 1)); else bad=$((bad + 1)); fi
    done
  done
  echo "$ok $bad" > "$work/during.txt" ) &
client=$!
sleep 2
find "$work/corpus" -name '*.md' -exec sed -i 's/45 days/50 days/g' {} +   # the returns policy changes
t0=$(date +%s.%N)
"$bin" ingest "$work/corpus" --index "$work/index" | head -1 | sed 's/^/  /'
build_after=""
for _ in $(seq 100); do
  a="$(curl -sf "$base_a/ready" | field '["build"]')"; b="$(curl -sf "$base_b/ready" | field '["build"]')"
  if [ "$a" != "$build_before" ] && [ "$a" = "$b" ]; then build_after="$a"; break; fi
  sleep 0.1
done
echo "  both replicas serve the new build $build_after $(echo "$(date +%s.%N) - $t0" | bc | cut -c1-4)s after the ingest began (before: $build_before)"
[ -n "$build_after" ] || fail "the replicas did not pick up the new build"
wait "$client"
read -r ok bad < "$work/during.txt"
echo "  during the re-index: $ok answers, $bad failed requests"
[ "$bad" = 0 ] || fail "requests failed during the re-index"
answer="$(ask "$base_b" '{"message": "How long do I have to return an item?"}' | field '["text"]')"
echo "  replica B now says: $answer"
echo "$answer" | grep -q "50 days" || fail "replica B does not answer from the new build"

[ $failed -eq 0 ] && echo "replicas: all checks passed" || { echo "replicas: FAILED"; exit 1; }
