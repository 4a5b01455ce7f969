#!/usr/bin/env bash
# Agent-assist latency on a 10k-chunk index: doc2dial's 273 documents ingested five times under
# distinct ids (10,610 chunks of real text; the copies only make the index the size the issue
# names), served, then 200 doc2dial first-turn questions sent as customer messages in handed-off
# conversations (Tools/assist_bench.py). Release build.
#
#   Tools/assist-bench.sh [builtin|minilm] [questions=200]
set -euo pipefail
cd "$(dirname "$0")/.."
embedder="${1:-builtin}" n="${2:-200}"
bash Tools/setup.sh
[ "$embedder" = minilm ] && bash Tools/fetch-model.sh
export OPENBLAS_NUM_THREADS="${OPENBLAS_NUM_THREADS:-1}"
data=../shared/data/doc2dial
source Tools/serve-corpus.sh
mkdir -p "$work/corpus"
python3 - "$data/documents.jsonl" "$work/corpus" <<'PY'
import json, sys
docs = [json.loads(l) for l in open(sys.argv[1])]
for copy in range(5):   # one file per copy: a corpus file may hold at most 8 MiB
    with open(f"{sys.argv[2]}/copy{copy}.jsonl", "w") as out:
        for d in docs:
            out.write(json.dumps(dict(d, doc_id=f"{d['doc_id']}~{copy}")) + "\n")
PY
serve_corpus "$work/corpus" --embedder "$embedder"
curl -s "$base/ready"; echo
python3 Tools/assist_bench.py --base "$base" --questions "$data/questions.jsonl" -n "$n"
