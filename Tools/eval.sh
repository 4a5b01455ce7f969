#!/usr/bin/env bash
# The evaluation report: `grounded-lab eval` on doc2dial and PolicyQA (from ../shared/data), then the
# peers (BM25 from rank_bm25, MiniLM through sentence-transformers, their RRF) on the same chunks,
# then ours beside them and the quality bar (Tools/eval_table.py).
# Usage: Tools/eval.sh [builtin|minilm] [more grounded-lab eval options]; writes eval-out/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash Tools/setup.sh
embedder="${1:-minilm}"; shift || true
[ "$embedder" = minilm ] && bash Tools/fetch-model.sh
swift build -c release --product grounded-lab
out=eval-out; mkdir -p "$out"
data=../shared/data
.build/release/grounded-lab eval --embedder "$embedder" --out "$out/report-$embedder.json" \
  --per-question "$out/questions-$embedder.jsonl" --export-chunks "$out/chunks.jsonl" "$@"
if python3 -c "import rank_bm25, sentence_transformers" 2>/dev/null; then
  python3 Tools/eval_peers.py --chunks "$out/chunks.jsonl" --questions "$data/doc2dial/questions.jsonl" \
    --model Models/all-MiniLM-L6-v2 > "$out/peers.json"
  echo "peers on the same chunks: $out/peers.json"
  python3 Tools/eval_table.py --report "$out/report-$embedder.json" --peers "$out/peers.json" | tee "$out/table-$embedder.txt"
else
  echo "peers skipped: pip install rank-bm25 sentence-transformers, then rerun"
fi
