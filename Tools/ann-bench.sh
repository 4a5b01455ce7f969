#!/usr/bin/env bash
# Grounded's HNSW beside hnswlib, FAISS (IndexHNSWFlat) and USearch, in one run, on the same files
# and the same M / efConstruction. The headline set is real: 100,000 sentences of
# ../shared/data/minilm-text embedded with the native MiniLM (1,000 held-out sentences are the
# queries; exact top 100 by a BLAS brute-force scan), made once into .build/ann-data/minilm-text-384.
# Beside it GloVe-50 angular (100k x 50, ../shared/data); with SETS="... clustered" also a seeded
# 100k x 384 synthetic clustered set. Each set is measured in alternating rounds (peers, ours,
# peers, ours, ...) and every figure is the best over the rounds, because the machine is shared; the
# table gives queries/second at matched recall@10 and the ratio ours / peer, with the CPU model and
# the kernel level (AVX2 or AVX-512, chosen at run time). "grounded" is the default index (the
# graph search reads half-precision copies, floats re-rank); grounded-f32 searches the floats
# themselves and grounded-int8 reads int8 codes.
# Usage: Tools/ann-bench.sh [rounds]; QUERIES (default 5000; a set with fewer uses all), EF (default
# "16 32 48 64 96 128 256") and SETS (default "minilm-text glove") choose the queries, the efSearch
# sweep and the sets. Writes ann-out/.
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
echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) cores"
sets=()
for name in ${SETS:-minilm-text glove}; do
  case "$name" in
    minilm-text)
      text=.build/ann-data/minilm-text-384
      if [ ! -f "$text/groundtruth.ivecs" ]; then
        bash Tools/fetch-model.sh
        mkdir -p .build/ann-data/minilm-text
        gzip -dc ../shared/data/minilm-text/sentences.txt.gz > .build/ann-data/minilm-text/sentences.txt
        .build/release/grounded-lab bench text-set --sentences .build/ann-data/minilm-text/sentences.txt \
          --queries 1000 --out "$text"
      fi
      sets+=("$text") ;;
    glove) sets+=(../shared/data/glove-50-angular) ;;
    clustered)
      clustered=.build/ann-data/clustered-384
      [ -f "$clustered/groundtruth.ivecs" ] || python3 Tools/ann_peers.py --make-clustered "$clustered"
      sets+=("$clustered") ;;
    *) echo "unknown set $name: minilm-text, glove or clustered" >&2; exit 2 ;;
  esac
done
for set in "${sets[@]}"; do
  name=$(basename "$set")
  ours=() peers=()
  for round in $(seq 1 "$rounds"); do
    echo "== $name, round $round of $rounds"
    common=(--set "$set" --queries "$queries" --ef "${ef[@]}")
    python3 Tools/ann_peers.py "${common[@]}" --json "$out/$name-peers-$round.json"
    .build/release/grounded-lab bench vectors "${common[@]}" --filters --json "$out/$name-ours-$round.json"
    .build/release/grounded-lab bench vectors "${common[@]}" --quantization none --json "$out/$name-f32-$round.json"
    .build/release/grounded-lab bench vectors "${common[@]}" --quantization int8 --json "$out/$name-int8-$round.json"
    ours+=("$out/$name-ours-$round.json" "$out/$name-f32-$round.json" "$out/$name-int8-$round.json")
    peers+=("$out/$name-peers-$round.json")
  done
  python3 Tools/ann_table.py --ours "${ours[@]}" --peers "${peers[@]}" | tee "$out/$name-table.txt"
done
