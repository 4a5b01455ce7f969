#!/usr/bin/env python3
"""The vector-index peers a user would pick instead of Grounded's HNSW -- hnswlib, FAISS
(IndexHNSWFlat) and USearch -- measured on the same fvecs/ivecs files as `grounded-lab bench vectors`,
with the same M and efConstruction, and written as JSON for Tools/ann_table.py.

  python3 Tools/ann_peers.py --set DIR --json peers.json [--queries N] [--ef 10 16 ...]
  python3 Tools/ann_peers.py --make-clustered DIR [--n 100000 --dim 384 --nq 1000 --seed 42]

Vectors are L2-normalised and compared by inner product (= cosine), as Grounded does. Timings:
best of at least 3 passes (a shared machine disturbs single passes); "1 thread" is one batched call
with the library limited to one thread, "all" the same call on --threads threads.
"""
import argparse
import json
import os
import sys
import tempfile
import time

import numpy as np


def read_vecs(path, dtype):
    raw = np.fromfile(path, dtype=np.int32)
    dim = int(raw[0])
    rows = raw.reshape(-1, dim + 1)
    if not np.all(rows[:, 0] == dim):
        sys.exit(f"{path}: records of differing dimensions")
    return rows[:, 1:].copy().view(dtype)


def write_vecs(path, matrix, dtype):
    matrix = np.ascontiguousarray(matrix, dtype=dtype)
    n, d = matrix.shape
    out = np.empty((n, d + 1), dtype=np.int32)
    out[:, 0] = d
    out[:, 1:] = matrix.view(np.int32)
    out.tofile(path)


def unit(x):
    x = np.ascontiguousarray(x, dtype=np.float32)
    norms = np.linalg.norm(x, axis=1, keepdims=True)
    norms[norms == 0] = 1
    return np.ascontiguousarray(x / norms, dtype=np.float32)


def exact_top10(base, queries):
    out = np.empty((len(queries), 10), dtype=np.int32)
    for s in range(0, len(queries), 512):
        scores = queries[s:s + 512] @ base.T
        part = np.argpartition(-scores, 9, axis=1)[:, :10]
        order = np.argsort(-np.take_along_axis(scores, part, axis=1), axis=1)
        out[s:s + 512] = np.take_along_axis(part, order, axis=1)
    return out


def make_clustered(folder, n, dim, nq, clusters, seed):
    """A seeded mixture of Gaussian clusters on the unit sphere, like text embeddings: points and
    queries drawn from the same mixture, with exact top-10 ground truth."""
    os.makedirs(folder, exist_ok=True)
    rng = np.random.default_rng(seed)
    centres = rng.standard_normal((clusters, dim), dtype=np.float32)
    def draw(m):
        which = rng.integers(0, clusters, size=m)
        return unit(centres[which] + 0.9 * rng.standard_normal((m, dim), dtype=np.float32))
    base, queries = draw(n), draw(nq)
    write_vecs(os.path.join(folder, "base.fvecs"), base, np.float32)
    write_vecs(os.path.join(folder, "query.fvecs"), queries, np.float32)
    write_vecs(os.path.join(folder, "groundtruth.ivecs"), exact_top10(base, queries), np.int32)
    print(f"wrote {folder}: {n} x {dim}, {nq} queries, {clusters} clusters, seed {seed}")


def best_of(fn, seconds):
    times, result = [], None
    while len(times) < 3 or sum(times) < seconds:
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
    return result, min(times)


def recall(found, truth):
    found = np.asarray(found)[:, :10]
    return float(np.mean([len(set(f.tolist()) & set(t.tolist())) / 10 for f, t in zip(found, truth)]))


class Hnswlib:
    name = "hnswlib"
    def build(self, x, m, efc, threads):
        import hnswlib
        self.index = hnswlib.Index(space="ip", dim=x.shape[1])
        self.index.init_index(max_elements=len(x), M=m, ef_construction=efc, random_seed=100)
        self.index.add_items(x, np.arange(len(x)), num_threads=threads)
    def size(self):
        with tempfile.TemporaryDirectory() as d:
            p = os.path.join(d, "i")
            self.index.save_index(p)
            return os.path.getsize(p)
    def search(self, q, ef, threads):
        self.index.set_ef(ef)
        return self.index.knn_query(q, k=10, num_threads=threads)[0]


class Faiss:
    name = "faiss-hnsw"
    def build(self, x, m, efc, threads):
        import faiss
        self.faiss = faiss
        faiss.omp_set_num_threads(threads)
        self.index = faiss.IndexHNSWFlat(x.shape[1], m, faiss.METRIC_INNER_PRODUCT)
        self.index.hnsw.efConstruction = efc
        self.index.add(x)
    def size(self):
        return int(self.faiss.serialize_index(self.index).nbytes)
    def search(self, q, ef, threads):
        self.faiss.omp_set_num_threads(threads)
        self.index.hnsw.efSearch = ef
        return self.index.search(q, 10)[1]


class Usearch:
    name = "usearch"
    def build(self, x, m, efc, threads):
        from usearch.index import Index
        self.index = Index(ndim=x.shape[1], metric="ip", dtype="f32", connectivity=m, expansion_add=efc)
        self.index.add(np.arange(len(x), dtype=np.uint64), x, threads=threads)
    def size(self):
        return int(self.index.serialized_length)
    def search(self, q, ef, threads):
        self.index.expansion_search = ef
        return self.index.search(q, 10, threads=threads).keys.astype(np.int64)


PEERS = {"hnswlib": Hnswlib, "faiss": Faiss, "usearch": Usearch}


def version(package):
    from importlib.metadata import version as v
    try:
        return v(package)
    except Exception:
        return "?"


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--set")
    p.add_argument("--make-clustered")
    p.add_argument("--n", type=int, default=100_000)
    p.add_argument("--dim", type=int, default=384)
    p.add_argument("--nq", type=int, default=1000)
    p.add_argument("--clusters", type=int, default=100)
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--queries", type=int, default=10_000)
    p.add_argument("--ef", type=int, nargs="+", default=[10, 16, 24, 32, 48, 64, 96, 128, 256])
    p.add_argument("--m", type=int, default=16)
    p.add_argument("--ef-construction", type=int, default=200)
    p.add_argument("--threads", type=int, default=os.cpu_count())
    p.add_argument("--build-threads", type=int, default=os.cpu_count())
    p.add_argument("--peers", default="hnswlib,faiss,usearch")
    p.add_argument("--seconds", type=float, default=1.0)
    p.add_argument("--json")
    a = p.parse_args()
    if a.make_clustered:
        make_clustered(a.make_clustered, a.n, a.dim, a.nq, a.clusters, a.seed)
        return
    if not a.set:
        p.error("--set or --make-clustered is required")
    base = unit(read_vecs(os.path.join(a.set, "base.fvecs"), np.float32))
    queries = unit(read_vecs(os.path.join(a.set, "query.fvecs"), np.float32)[:a.queries])
    truth_path = os.path.join(a.set, "groundtruth.ivecs")
    truth = read_vecs(truth_path, np.int32)[:len(queries), :10] if os.path.exists(truth_path) else exact_top10(base, queries)
    report = {"set": a.set, "count": len(base), "dimension": base.shape[1], "queries": len(queries),
              "m": a.m, "efConstruction": a.ef_construction, "threads": a.threads,
              "buildThreads": a.build_threads, "peers": []}
    for key in a.peers.split(","):
        peer = PEERS[key]()
        t = time.perf_counter()
        peer.build(base, a.m, a.ef_construction, a.build_threads)
        build = time.perf_counter() - t
        entry = {"name": peer.name, "version": version({"faiss": "faiss-cpu"}.get(key, key)),
                 "buildSeconds": build, "fileBytes": peer.size(), "sweep": []}
        print(f"== {peer.name} {entry['version']}: build {build:.2f} s ({a.build_threads} threads), "
              f"{entry['fileBytes'] / 1048576:.1f} MiB")
        for ef in a.ef:
            found, one = best_of(lambda: peer.search(queries, ef, 1), a.seconds)
            _, many = best_of(lambda: peer.search(queries, ef, a.threads), a.seconds)
            point = {"ef": ef, "recall": recall(found, truth), "qps1": len(queries) / one, "qpsAll": len(queries) / many}
            entry["sweep"].append(point)
            print(f"   ef {ef:4d}: recall@10 {point['recall']:.4f}, {point['qps1']:9.0f} q/s 1 thread, "
                  f"{point['qpsAll']:9.0f} q/s {a.threads} threads")
        report["peers"].append(entry)
    if a.json:
        with open(a.json, "w") as f:
            json.dump(report, f, indent=1)


if __name__ == "__main__":
    main()
