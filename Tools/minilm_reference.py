#!/usr/bin/env python3
"""The Python reference for the MiniLM speed benchmark: sentence-transformers on CPU PyTorch,
the same model folder and the same texts, batch 32, on one and on two threads, plus the latency of
one short query. Prints one JSON object. Run by `grounded bench embedder`; usable alone:

    python3 Tools/minilm_reference.py --model Models/all-MiniLM-L6-v2 --texts texts.json --query "..."
"""
import argparse
import json
import os
import statistics
import sys
import time

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", required=True)
    ap.add_argument("--texts", required=True, help="a JSON array of strings")
    ap.add_argument("--query", required=True)
    ap.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--repeats", type=int, default=200)
    args = ap.parse_args()
    try:
        import torch
        from sentence_transformers import SentenceTransformer
    except ImportError as e:
        print(json.dumps({"error": f"sentence-transformers is not installed ({e})"}))
        return 0
    texts = json.load(open(args.texts, encoding="utf-8"))
    model = SentenceTransformer(args.model, device="cpu")
    model.max_seq_length = 256
    out = {"library": f"sentence-transformers {__import__('sentence_transformers').__version__}, torch {torch.__version__}",
           "texts": len(texts), "throughput": {}}
    for threads in args.threads:
        torch.set_num_threads(threads)
        model.encode(texts[:64], batch_size=32)          # warm-up
        start = time.perf_counter()
        model.encode(texts, batch_size=32)
        out["throughput"][str(threads)] = len(texts) / (time.perf_counter() - start)
    torch.set_num_threads(1)
    for _ in range(10):
        model.encode([args.query])
    times = []
    for _ in range(args.repeats):
        start = time.perf_counter()
        model.encode([args.query])
        times.append((time.perf_counter() - start) * 1000)
    out["query_ms_median"] = statistics.median(times)
    out["query_tokens"] = len(model.tokenizer(args.query)["input_ids"])
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
