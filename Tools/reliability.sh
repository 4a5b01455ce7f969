#!/usr/bin/env bash
# Reliability under faults, with figures (release build, real files, real SQLite, real HTTP):
#   ingest   kill -9 an ingest at several moments: the previous build still serves, the next
#            ingest completes, SQLite passes integrity_check
#   serve    kill -9 the server under load: it restarts on the same data, answers, the audit
#            chain verifies, SQLite passes integrity_check
#   corrupt  truncate and bit-flip every index file in turn: each is refused with a clear error,
#            never a crash
#   fuzz     Tools/fuzz_api.py over every API operation; mutated documents through the parsers
#   soak     wrk on POST /v1/answer for N seconds with the server's memory sampled every 10 s
#   conversation  one customer's one conversation grows by N messages, one after another (a chat
#            that never closes): latency per message and the server's memory, first window
#            against the last (goal: flat — history read per message is bounded)
#   streams  200 assist streams opened and abandoned (curl killed): file descriptors, RSS and open
#            streams return to their baseline; then the time from SIGTERM to exit, with an agent's
#            stream open and without
#   schema   schemathesis (PyPI) against openapi.json on a live server, with a key of each role:
#            cases run, failures by kind, server errors (goal: 0 and 0)
#
#   Tools/reliability.sh [all|ingest|serve|corrupt|fuzz|soak|streams|schema] [soak-seconds=300]
#   Tools/reliability.sh conversation [messages=3000]
set -euo pipefail
cd "$(dirname "$0")/.."
what="${1:-all}" soak_seconds="${2:-300}" soak_arg="${2:-}"
bash Tools/setup.sh >/dev/null
for tool in wrk sqlite3; do
  if ! command -v "$tool" >/dev/null; then
    sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq wrk sqlite3 >/dev/null
  fi
done
swift build -c release --product grounded >&2
bin="$PWD/.build/release/grounded"
work="$(mktemp -d)"
pids=()
trap 'for p in "${pids[@]:-}"; do kill -9 "$p" 2>/dev/null || true; done; rm -rf "$work"' EXIT
failed=0
fail() { echo "  FAIL: $*"; failed=1; }
integrity() { [ "$(sqlite3 "$1" 'PRAGMA integrity_check')" = "ok" ]; }

# A corpus big enough that an ingest takes a few seconds: Corpus/ copied 40 times, ids made unique.
big_corpus() {
  local out="$work/big"
  [ -d "$out" ] && return
  for i in $(seq 1 40); do
    mkdir -p "$out/c$i"
    (cd Corpus && find . -mindepth 2 -type f \( -name '*.md' -o -name '*.txt' -o -name '*.html' \)) | while read -r f; do
      mkdir -p "$out/c$i/$(dirname "$f")"
      sed -E "s/^id: (.*)$/id: \1-c$i/" "Corpus/$f" > "$out/c$i/$f"
    done
  done
}

serve() { # serve <index> <data> [serve options…] → sets $base $server
  local out="$work/serve.$RANDOM" index="$1" data="$2"
  shift 2
  "$bin" serve --index "$index" --data "$data" --port 0 "$@" > "$out" 2>> "$work/serve.log" &
  server=$!; pids+=("$server")
  for _ in $(seq 600); do grep -q "on http://" "$out" 2>/dev/null && break; sleep 0.1; done
  base="$(grep -o 'http://127.0.0.1:[0-9]*' "$out")"
}

ask_ok() { "$bin" ask --index "$1" "How long do I have to return an item?" 2>&1 | grep -q "\[1\]"; }

section_ingest() {
  echo "== kill -9 during ingest"
  big_corpus
  local index="$work/ingest-index"
  "$bin" ingest Corpus --index "$index" >/dev/null
  local good; good="$("$bin" stats --index "$index" | head -1)"
  local t0=$(date +%s.%N)
  "$bin" ingest "$work/big" --index "$work/timing-index" >/dev/null
  local full; full=$(echo "$(date +%s.%N) - $t0" | bc)
  echo "  a full ingest of the big corpus takes ${full}s; killing at 10%..90% of that"
  local survived=0 trials=0
  for fraction in 0.1 0.3 0.5 0.7 0.9; do
    trials=$((trials + 1))
    "$bin" ingest "$work/big" --index "$index" >/dev/null 2>&1 &
    local p=$!
    sleep "$(echo "$full * $fraction" | bc)"
    kill -9 "$p" 2>/dev/null || true
    wait "$p" 2>/dev/null || true
    if ask_ok "$index" && integrity "$index/knowledge.sqlite"; then survived=$((survived + 1)); else fail "index unusable after a kill at $fraction"; fi
  done
  echo "  $survived of $trials killed ingests left the index answering and SQLite intact"
  if "$bin" ingest "$work/big" --index "$index" >/dev/null && ask_ok "$index" && integrity "$index/knowledge.sqlite"; then
    echo "  the next ingest completed: $("$bin" stats --index "$index" | head -1)"
  else
    fail "the ingest after the kills did not complete"
  fi
  echo "  (before: $good)"
}

section_serve() {
  echo "== kill -9 during serving"
  local index="$work/serve-index" data="$work/serve-data"
  "$bin" ingest Corpus --index "$index" >/dev/null
  serve "$index" "$data"
  local key; key="$(cat "$data/admin.key")"
  cat > "$work/answer.lua" <<LUA
request = function()
  return wrk.format("POST", "/v1/answer", {["Content-Type"] = "application/json", ["Authorization"] = "Bearer $key"},
    '{"message": "How long do I have to return an item?", "customer": {"email": "soak' .. math.random(1, 50) .. '@example.com"}}')
end
LUA
  wrk -t2 -c8 -d6s -s "$work/answer.lua" "$base" > "$work/wrk-kill.out" 2>&1 &
  local load=$!
  sleep 3
  kill -9 "$server"
  wait "$load" 2>/dev/null || true
  echo "  killed the server mid-load after $(grep -o '[0-9]* requests' "$work/wrk-kill.out" | head -1 || echo '?')"
  integrity "$data/service.sqlite" && echo "  service.sqlite integrity_check: ok" || fail "service.sqlite is damaged"
  serve "$index" "$data"
  local status; status="$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $key" -H 'Content-Type: application/json' \
    -d '{"message": "How long do I have to return an item?"}' "$base/v1/answer")"
  [ "$status" = 200 ] && echo "  restarted on the same data: /v1/answer $status" || fail "after restart /v1/answer gave $status"
  "$bin" audit verify --index "$index" --data "$data" | sed 's/^/  /' || fail "the audit chain does not verify after the kill"
  kill "$server"; wait "$server" 2>/dev/null || true
}

section_corrupt() {
  echo "== corrupted and truncated index files"
  local index="$work/corrupt-index"
  "$bin" ingest Corpus --index "$index" >/dev/null
  local build; build="$(ls "$index/builds" | head -1)"
  local refused=0 crashed=0 total=0
  for file in "$index/builds/$build"/* "$index/knowledge.sqlite"; do
    for damage in truncate flip zero; do
      total=$((total + 1))
      cp -a "$index" "$work/damaged"
      local target="$work/damaged/${file#"$index"/}"
      local size; size=$(stat -c %s "$target")
      case "$damage" in
        truncate) truncate -s $((size / 2)) "$target" ;;
        flip) printf '\xff\x00\xff\x00\xff\x00\xff\x00' | dd of="$target" bs=1 seek=$((size / 3)) conv=notrunc status=none ;;
        zero) : > "$target" ;;
      esac
      set +e; "$bin" ask --index "$work/damaged" "How long do I have to return an item?" > "$work/out" 2>&1; local rc=$?; set -e
      if [ $rc -ge 128 ] || grep -qi "fatal error\|segmentation" "$work/out"; then
        crashed=$((crashed + 1)); fail "$damage $(basename "$file"): crashed (exit $rc)"
      elif [ $rc -ne 0 ]; then
        refused=$((refused + 1)); echo "  $damage $(basename "$file"): refused — $(grep -m1 -i error "$work/out" | cut -c1-150)"
      else
        echo "  $damage $(basename "$file"): still answered (the damage missed what the question reads)"
      fi
      rm -rf "$work/damaged"
    done
  done
  echo "  $total damaged copies: $refused refused with an error, $crashed crashed"
}

section_fuzz() {
  echo "== fuzzing the JSON API and the document parsers"
  local index="$work/fuzz-index" data="$work/fuzz-data"
  "$bin" ingest Corpus --index "$index" >/dev/null
  serve "$index" "$data"
  GROUNDED_API_KEY="$(cat "$data/admin.key")" python3 Tools/fuzz_api.py "$base" --requests "${FUZZ_REQUESTS:-3000}" | sed 's/^/  /' \
    || fail "the API fuzz found failures"
  kill -0 "$server" 2>/dev/null && echo "  server still running" || fail "the server died"
  kill "$server"; wait "$server" 2>/dev/null || true
  python3 - "$work/docs" <<'PY'
import os, random, sys
rng = random.Random(7)
out = sys.argv[1]
sources = [os.path.join(d, f) for d, _, fs in os.walk("Corpus") for f in fs if f.endswith((".md", ".txt", ".html"))]
for i in range(int(os.environ.get("FUZZ_DOCUMENTS", "300"))):
    src = rng.choice(sources)
    data = bytearray(open(src, "rb").read())
    op = rng.randrange(6)
    if op == 0: data = data[: rng.randrange(len(data) + 1)]
    elif op == 1:
        for _ in range(rng.randrange(1, 30)): data[rng.randrange(len(data))] = rng.randrange(256)
    elif op == 2: data = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 4000)))
    elif op == 3: data = b"---\n" + b"id: x\n" * rng.randrange(1, 5000) + b"---\n" + data
    elif op == 4: data = data.replace(b"\n", b"\r") + b"<" * rng.randrange(10000)
    else: data = b"\xef\xbb\xbf" + data + b"\xc3\x28\xa0\xa1" * 50
    os.makedirs(os.path.join(out, f"d{i}"), exist_ok=True)
    open(os.path.join(out, f"d{i}", os.path.basename(src)), "wb").write(bytes(data))
PY
  local ok=0 refused=0 crashed=0
  for dir in "$work/docs"/*; do
    set +e; "$bin" ingest "$dir" --index "$work/docs-index" > "$work/out" 2>&1; local rc=$?; set -e
    if [ $rc -ge 128 ] || grep -qi "fatal error" "$work/out"; then crashed=$((crashed + 1)); fail "parser crash on $(ls "$dir")"
    elif [ $rc -eq 0 ]; then ok=$((ok + 1)); else refused=$((refused + 1)); fi
  done
  echo "  $((ok + refused + crashed)) mutated documents: $ok ingested, $refused refused with an error, $crashed crashed"
}

section_soak() {
  echo "== soak: POST /v1/answer for ${soak_seconds}s, memory sampled every 10 s"
  local index="$work/soak-index" data="$work/soak-data"
  "$bin" ingest Corpus --index "$index" >/dev/null
  serve "$index" "$data"
  local key; key="$(cat "$data/admin.key")"
  cat > "$work/soak.lua" <<LUA
local bodies = {
  '{"message": "How long do I have to return an item?", "channel": "chat"}',
  '{"message": "How much does Lumen Plus cost?", "channel": "sms"}',
  '{"message": "Does the thermostat need a C wire?", "channel": "voice", "customer": {"email": "soak%d@example.com"}}',
  '{"message": "Do you repair electric scooters?", "channel": "email"}',
}
local i = 0
request = function()
  i = i + 1
  -- Known customers are many (2,000), as in a day of traffic, so no one conversation grows without end.
  local body = string.format(bodies[(i % #bodies) + 1], math.random(1, 2000))
  return wrk.format("POST", "/v1/answer", {["Content-Type"] = "application/json", ["Authorization"] = "Bearer $key"}, body)
end
LUA
  # Warm-up, so the baseline is the server at work, not at rest.
  wrk -t2 -c8 -d10s -s "$work/soak.lua" "$base" > /dev/null
  local baseline; baseline=$(ps -o rss= -p "$server" | tr -d ' ')
  wrk -t2 -c8 -d"${soak_seconds}s" --latency -s "$work/soak.lua" "$base" > "$work/soak.out" 2>&1 &
  local load=$!
  local samples=()
  while kill -0 "$load" 2>/dev/null; do samples+=("$(ps -o rss= -p "$server" | tr -d ' ')"); sleep 10; done
  local last; last=$(ps -o rss= -p "$server" | tr -d ' ')
  local peak=$baseline; for s in "${samples[@]}"; do [ "$s" -gt "$peak" ] && peak=$s; done
  grep -E "Requests/sec|requests in|Non-2xx|Socket errors|  50%|  99%" "$work/soak.out" | sed 's/^/  /'
  echo "  RSS after warm-up ${baseline} KiB; peak ${peak} KiB; at the end ${last} KiB; samples: ${samples[*]}"
  # The bound: growth over the soak under 64 MiB (SQLite's page cache and WAL, the allocator's arenas).
  local growth=$(( (last - baseline) / 1024 ))
  echo "  growth over the soak: ${growth} MiB (bound: 64 MiB)"
  [ "$growth" -lt 64 ] || fail "memory grew ${growth} MiB"
  ! grep -q "Non-2xx\|Socket errors" "$work/soak.out" || fail "errors during the soak"
  kill "$server"; wait "$server" 2>/dev/null || true
}

section_conversation() {
  local messages="${soak_arg:-3000}"
  echo "== one long conversation: $messages messages from one customer, one after another"
  local index="$work/conv-index" data="$work/conv-data"
  "$bin" ingest Corpus --index "$index" >/dev/null
  serve "$index" "$data"
  local key; key="$(cat "$data/admin.key")"
  python3 - "$base" "$key" "$messages" "$server" <<'PY' || fail "the conversation slowed down or grew in memory"
import json, statistics, sys, time, urllib.request
base, key, n, pid = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
questions = ["How long do I have to return an item?", "And when will I get my refund?",
             "How much does Lumen Plus cost?", "Does the thermostat need a C wire?",
             "What if the parcel never arrived?", "Can I change my delivery address?"]
def rss():
    return int(open(f"/proc/{pid}/status").read().split("VmRSS:")[1].split()[0])
def ask(text):
    body = json.dumps({"message": text, "channel": "chat", "customer": {"email": "long@example.com"}}).encode()
    request = urllib.request.Request(base + "/v1/answer", data=body, method="POST",
        headers={"Authorization": "Bearer " + key, "Content-Type": "application/json"})
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=30) as r:
        reply = json.load(r)
    return (time.perf_counter() - started) * 1000, reply.get("conversationID")
window = min(200, n // 4)
for i in range(20): ask(questions[i % len(questions)])        # warm-up, in the same conversation
memory = [rss()]
latencies, conversations = [], set()
for i in range(n):
    ms, conversation = ask(questions[i % len(questions)])
    latencies.append(ms); conversations.add(conversation)
    if i % 500 == 0: memory.append(rss())
memory.append(rss())
first, last = statistics.median(latencies[:window]), statistics.median(latencies[-window:])
p99 = lambda xs: sorted(xs)[int(len(xs) * 0.99) - 1]
print(f"  {n} messages in {len(conversations)} conversation(s); median latency first {window}: {first:.1f} ms, "
      f"last {window}: {last:.1f} ms (p99 {p99(latencies[:window]):.1f} → {p99(latencies[-window:]):.1f} ms)")
print(f"  RSS {memory[0] // 1024} MiB after warm-up, {memory[-1] // 1024} MiB at the end; samples (MiB): "
      + " ".join(str(m // 1024) for m in memory))
growth = (memory[-1] - memory[0]) / 1024
# Flat: the last window's median within 1.5x the first's (+5 ms for a noisy machine); memory under 64 MiB more.
ok = len(conversations) == 1 and last <= 1.5 * first + 5 and growth < 64
sys.exit(0 if ok else 1)
PY
  kill "$server"; wait "$server" 2>/dev/null || true
}

fds() { ls "/proc/$1/fd" | wc -l; }
rss() { ps -o rss= -p "$1" | tr -d ' '; }
open_streams() { curl -s -H "Authorization: Bearer $key" "$base/metrics" | awk '/^grounded_assist_streams_open/ {print int($2)}'; }

# Sends SIGTERM and waits: sets $took (seconds to exit) and $status (the exit status).
time_sigterm() {
  local start; start=$(date +%s.%N)
  kill -TERM "$server"
  status=0; wait "$server" || status=$?
  took=$(printf '%.3f' "$(echo "$(date +%s.%N) - $start" | bc)")
}

section_streams() {
  echo "== 200 abandoned assist streams, then SIGTERM"
  command -v bc >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq bc >/dev/null; }
  local index="$work/streams-index" data="$work/streams-data"
  "$bin" ingest Corpus --index "$index" >/dev/null
  serve "$index" "$data" --stream-keep-alive 1 --shutdown-deadline 10 --retention-hours 0
  local key; key="$(cat "$data/admin.key")"
  local conversation; conversation="$(curl -s -H "Authorization: Bearer $key" -H 'Content-Type: application/json' \
    -d '{"message": "Can I talk to a person?", "customer": {"email": "streams@example.com"}}' "$base/v1/answer" |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["conversationID"])')"
  # Two rounds: the first shows descriptors and streams going back to zero; the second that memory
  # reaches a steady state (what the allocator keeps after round one is reused, not added to).
  local fd0 rss0; fd0=$(fds "$server"); rss0=$(rss "$server")
  local after=()
  for round in 1 2; do
    local clients=()
    for _ in $(seq 200); do
      curl -sN -H "Authorization: Bearer $key" "$base/v1/conversations/$conversation/assist" > /dev/null &
      clients+=($!)
    done
    sleep 3
    local fd1 rss1 open1; fd1=$(fds "$server"); rss1=$(rss "$server"); open1=$(open_streams)
    kill -9 "${clients[@]}" 2>/dev/null || true
    wait "${clients[@]}" 2>/dev/null || true
    sleep 4    # the keep-alive is 1 s: every stream has written to its dead socket by now
    local fd2 rss2 open2; fd2=$(fds "$server"); rss2=$(rss "$server"); open2=$(open_streams)
    after+=("$rss2")
    echo "  round ${round}: open file descriptors before ${fd0}, with 200 streams ${fd1}, after the clients died ${fd2}"
    echo "  round ${round}: RSS before ${rss0} KiB, with 200 streams ${rss1} KiB, after ${rss2} KiB"
    echo "  round ${round}: open streams (/metrics) with the clients ${open1}, after ${open2}"
    [ "$open1" -ge 200 ] || fail "only ${open1} of 200 streams were open"
    [ "$open2" -eq 0 ] || fail "${open2} streams stayed open after their clients died"
    [ "$fd2" -le $((fd0 + 2)) ] || fail "file descriptors stayed up: ${fd0} → ${fd2}"
  done
  local kept=$(( (after[1] - after[0]) / 1024 ))
  echo "  RSS kept by round two beyond round one: ${kept} MiB (bound: 4 MiB)"
  [ "$kept" -lt 4 ] || fail "each round of abandoned streams keeps ${kept} MiB"
  local close_wait; close_wait=$(ss -tnp state close-wait 2>/dev/null | grep -c "pid=$server," || true)
  echo "  server sockets in CLOSE-WAIT afterwards: ${close_wait}"
  [ "$close_wait" -eq 0 ] || fail "${close_wait} sockets left in CLOSE-WAIT"

  curl -sN -H "Authorization: Bearer $key" "$base/v1/conversations/$conversation/assist" > "$work/stream.out" &
  local agent=$!
  sleep 1
  time_sigterm
  echo "  SIGTERM → exit with an agent's stream open: ${took} s (exit ${status}; deadline 10 s)"
  [ "$status" -eq 0 ] || fail "the server exited ${status} on SIGTERM"
  wait "$agent" 2>/dev/null || true
  grep -q "event: closing" "$work/stream.out" && echo "  the agent's stream got its closing event" || fail "no closing event"
  serve "$index" "$data" --retention-hours 0
  time_sigterm
  echo "  SIGTERM → exit with no stream open: ${took} s (exit ${status})"
  [ "$status" -eq 0 ] || fail "the server exited ${status} on SIGTERM"
}

section_schema() {
  echo "== schemathesis: every operation of openapi.json, with a key of each role"
  command -v st >/dev/null || python3 -m pip install -q "schemathesis>=4,<5" >/dev/null 2>&1 \
    || { fail "schemathesis could not be installed from PyPI"; return; }
  local index="$work/schema-index" data="$work/schema-data"
  "$bin" ingest Corpus --index "$index" >/dev/null
  local from=$(( $(wc -l < "$work/serve.log" 2>/dev/null || echo 0) + 1 ))
  serve "$index" "$data" --retention-hours 0
  local checks="not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance"
  checks+=",response_headers_conformance,negative_data_rejection"
  local total=0
  for role in channel agent knowledge-manager qa ops-lead admin; do
    local key; key="$("$bin" keys create --index "$index" --data "$data" --person "schema-$role" --role "$role" 2>/dev/null)"
    # Run from the scratch folder: schemathesis keeps a cache (.schemathesis/) where it runs.
    (cd "$work" && st run "$OLDPWD/Sources/Server/Resources/openapi.json" -u "$base" -H "Authorization: Bearer $key" \
      --checks "$checks" -n "${SCHEMA_EXAMPLES:-25}" --seed 1 --max-time "${SCHEMA_SECONDS:-60}" --output-truncate true \
      --warnings off > "$work/schema-$role.out" 2>&1) || true
    local cases failures
    cases=$(grep -oE '[0-9]+ generated' "$work/schema-$role.out" | tail -1 | grep -oE '[0-9]+' || echo 0)
    failures=$(grep -E '^ *❌ [A-Z]+[0-9]+ ' "$work/schema-$role.out" | sed 's/^ *❌ //' | paste -sd ';' - || true)
    total=$((total + cases))
    echo "  ${role}: ${cases} cases, failures: ${failures:-none}"
    [ -z "$failures" ] || fail "schemathesis found failures as ${role} (see $work/schema-$role.out)"
  done
  local errors; errors=$(tail -n +"$from" "$work/serve.log" | grep -c 'status=5[0-9][0-9]' || true)
  echo "  ${total} cases in all; server errors (5xx) in the server's log: ${errors}"
  [ "$errors" -eq 0 ] || fail "the server answered ${errors} requests with 5xx"
  kill "$server"; wait "$server" 2>/dev/null || true
}

case "$what" in
  all) section_ingest; section_serve; section_corrupt; section_fuzz; section_streams; section_schema; section_soak
    section_conversation ;;
  ingest|serve|corrupt|fuzz|soak|streams|schema|conversation) "section_$what" ;;
  *) echo "usage: Tools/reliability.sh [all|ingest|serve|corrupt|fuzz|soak|streams|schema|conversation] [n]"; exit 2 ;;
esac
[ $failed -eq 0 ] && echo "reliability: all checks passed" || { echo "reliability: FAILED"; exit 1; }
