#!/usr/bin/env bash
# The figures of the README: ingest time and index size for Corpus/ and doc2dial, ask latency,
# and HNSW recall@10 / queries per second on GloVe-50 (all from ../shared/data); Tools/ann-bench.sh
# puts the HNSW index beside hnswlib, FAISS and USearch.
set -euo pipefail
cd "$(dirname "$0")/.."
bash Tools/setup.sh
export OPENBLAS_NUM_THREADS="${OPENBLAS_NUM_THREADS:-1}"
swift build -c release --product grounded-lab
data=../shared/data
.build/release/grounded-lab bench --corpus Corpus --corpus "$data/doc2dial/documents.jsonl" \
  --questions "$data/doc2dial/questions.jsonl" "$@"
.build/release/grounded-lab bench vectors --set "$data/glove-50-angular" --queries 1000 --ef 32 64 128
