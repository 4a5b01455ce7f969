#!/usr/bin/env python3
"""The Python reference for the MiniLM speed benchmark: sentence-transformers on CPU PyTorch,
the same model folder and the same texts, batch 32.

Two modes:
- one shot (usable alone): texts per second on one and on two threads, plus the latency of one
  short query, as one JSON object:

      python3 Tools/minilm_reference.py --model Models/all-MiniLM-L6-v2 --texts texts.json --query "..."

- `--serve`, as `grounded-lab bench embedder` runs it: loads the model once, prints
  {"library": ...} (or {"error": ...}), then answers one JSON request per stdin line, so the
  benchmark can time the same slice of texts here and in Swift moments apart:
      {"texts": [...], "threads": n}          -> {"seconds": s}     (model.encode, batch 32)
      {"query": "...", "repeats": r}          -> {"query_ms_median": m, "query_tokens": k}  (one thread)
"""
import argparse
import json
import os
import statistics
import sys
import time

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
os.environ.setdefault("TQDM_DISABLE", "1")


def load(model_dir):
    """The model and a description of the library, or raises ImportError."""
    import torch
    from sentence_transformers import SentenceTransformer, __version__
    model = SentenceTransformer(model_dir, device="cpu")
    model.max_seq_length = 256
    return model, f"sentence-transformers {__version__}, torch {torch.__version__}"


def encode_seconds(model, texts, threads):
    import torch
    torch.set_num_threads(threads)
    start = time.perf_counter()
    model.encode(texts, batch_size=32)
    return time.perf_counter() - start


def query_latency(model, query, repeats):
    import torch
    torch.set_num_threads(1)
    for _ in range(10):
        model.encode([query])
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        model.encode([query])
        times.append((time.perf_counter() - start) * 1000)
    return {"query_ms_median": statistics.median(times),
            "query_tokens": len(model.tokenizer(query)["input_ids"])}


def serve(model_dir):
    try:
        model, library = load(model_dir)
    except ImportError as e:
        print(json.dumps({"error": f"sentence-transformers is not installed ({e})"}), flush=True)
        return 0
    print(json.dumps({"library": library}), flush=True)
    for line in sys.stdin:
        request = json.loads(line)
        if "texts" in request:
            answer = {"seconds": encode_seconds(model, request["texts"], int(request.get("threads", 1)))}
        else:
            answer = query_latency(model, request["query"], int(request.get("repeats", 200)))
        print(json.dumps(answer), flush=True)
    return 0


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", required=True)
    ap.add_argument("--serve", action="store_true", help="answer requests on stdin (see above)")
    ap.add_argument("--texts", help="a JSON array of strings")
    ap.add_argument("--query")
    ap.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--repeats", type=int, default=200)
    args = ap.parse_args()
    if args.serve:
        return serve(args.model)
    if not args.texts or args.query is None:
        ap.error("--texts and --query are needed without --serve")
    try:
        model, library = load(args.model)
    except ImportError as e:
        print(json.dumps({"error": f"sentence-transformers is not installed ({e})"}))
        return 0
    texts = json.load(open(args.texts, encoding="utf-8"))
    out = {"library": library, "texts": len(texts), "throughput": {}}
    for threads in args.threads:
        encode_seconds(model, texts[:64], threads)          # warm-up
        out["throughput"][str(threads)] = len(texts) / encode_seconds(model, texts, threads)
    out.update(query_latency(model, args.query, args.repeats))
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
