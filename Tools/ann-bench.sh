#!/usr/bin/env bash
# Grounded's HNSW beside hnswlib, FAISS (IndexHNSWFlat) and USearch, in one run, on the same files
# and the same M / efConstruction: GloVe-50 angular (100k x 50, ../shared/data) and a seeded
# 100k x 384 clustered set (written once to .build/ann-data). Each set is measured in alternating
# rounds (peers, ours, peers, ours, ...) and every figure is the best over the rounds, because the
# machine is shared; the table gives queries/second at matched recall@10 and the ratio ours / peer.
# Usage: Tools/ann-bench.sh [rounds]; QUERIES (default 5000) and EF (default "16 32 48 64 96 128 256")
# choose the queries and the efSearch sweep for every index alike. Writes ann-out/.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds="${1:-2}"
queries="${QUERIES:-5000}"
read -r -a ef <<< "${EF:-16 32 48 64 96 128 256}"
bash Tools/setup.sh
python3 -c "import numpy, hnswlib, faiss, usearch" 2>/dev/null ||
  pip install --quiet numpy hnswlib==0.8.0 faiss-cpu==1.15.1 usearch==2.26.6
swift build -c release --product grounded-lab
export OPENBLAS_NUM_THREADS=1
out=ann-out; mkdir -p "$out"
clustered=.build/ann-data/clustered-384
[ -f "$clustered/groundtruth.ivecs" ] || python3 Tools/ann_peers.py --make-clustered "$clustered"
for set in ../shared/data/glove-50-angular "$clustered"; do
  name=$(basename "$set")
  ours=() peers=()
  for round in $(seq 1 "$rounds"); do
    echo "== $name, round $round of $rounds"
    common=(--set "$set" --queries "$queries" --ef "${ef[@]}")
    python3 Tools/ann_peers.py "${common[@]}" --json "$out/$name-peers-$round.json"
    .build/release/grounded-lab bench vectors "${common[@]}" --filters --json "$out/$name-ours-$round.json"
    .build/release/grounded-lab bench vectors "${common[@]}" --quantization int8 --json "$out/$name-int8-$round.json"
    ours+=("$out/$name-ours-$round.json" "$out/$name-int8-$round.json"); peers+=("$out/$name-peers-$round.json")
  done
  python3 Tools/ann_table.py --ours "${ours[@]}" --peers "${peers[@]}" | tee "$out/$name-table.txt"
done
