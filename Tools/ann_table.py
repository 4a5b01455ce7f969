#!/usr/bin/env python3
"""One table from `grounded bench vectors --json` and Tools/ann_peers.py --json on the same set:
at each recall@10 target, each index's best queries/second among the efSearch values that reach it,
and the ratio ours / peer; then build time and file size.

  python3 Tools/ann_table.py ours.json peers.json [--targets 0.9 0.95 0.99]
"""
import argparse
import json


def best_at(sweep, target, key):
    reached = [p[key] for p in sweep if p["recall"] >= target]
    return max(reached) if reached else None


def main():
    p = argparse.ArgumentParser()
    p.add_argument("ours")
    p.add_argument("peers")
    p.add_argument("--targets", type=float, nargs="+", default=[0.90, 0.95, 0.99])
    a = p.parse_args()
    ours, peers = json.load(open(a.ours)), json.load(open(a.peers))
    name = "grounded" + ("-int8" if ours.get("quantization") == "int8" else "")
    rows = [{"name": name, "buildSeconds": ours["buildSeconds"], "fileBytes": ours["fileBytes"], "sweep": ours["sweep"]}]
    rows += peers["peers"]
    print(f"\n{ours['set']}: {ours['count']} x {ours['dimension']}, {ours['queries']} queries, M {ours['m']}, "
          f"efConstruction {ours['efConstruction']}; build on {ours['buildThreads']} threads, "
          f"'all' = {ours['threads']} threads")
    header = f"{'index':<12} {'recall':>6} {'q/s 1t':>9} {'ours/peer':>9} {'q/s all':>9} {'ours/peer':>9}"
    print(header)
    print("-" * len(header))
    for target in a.targets:
        mine1, mine_all = best_at(rows[0]["sweep"], target, "qps1"), best_at(rows[0]["sweep"], target, "qpsAll")
        for r in rows:
            one, many = best_at(r["sweep"], target, "qps1"), best_at(r["sweep"], target, "qpsAll")
            if one is None:
                print(f"{r['name']:<12} {target:>6.2f} {'not reached':>9}")
                continue
            ratio1 = f"{mine1 / one:.2f}x" if mine1 and r is not rows[0] else ""
            ratio_all = f"{mine_all / many:.2f}x" if mine_all and r is not rows[0] else ""
            print(f"{r['name']:<12} {target:>6.2f} {one:>9.0f} {ratio1:>9} {many:>9.0f} {ratio_all:>9}")
    print(f"\n{'index':<12} {'build s':>8} {'ours/peer':>9} {'file MiB':>9}")
    for r in rows:
        ratio = f"{rows[0]['buildSeconds'] / r['buildSeconds']:.2f}x" if r is not rows[0] else ""
        print(f"{r['name']:<12} {r['buildSeconds']:>8.2f} {ratio:>9} {r['fileBytes'] / 1048576:>9.1f}")
    if ours.get("loadSeconds"):
        print(f"\ngrounded: {ours['bytesPerVector']} bytes/vector in memory ({ours['searchBytesPerVector']} read by the "
              f"graph search); load of the saved index {ours['loadSeconds'] * 1000:.1f} ms")
    for f in ours.get("filtered", []):
        print(f"grounded filtered at {f['share'] * 100:.0f}% admitted: recall@10 {f['recall']:.4f}, {f['qps1']:.0f} q/s 1 thread")


if __name__ == "__main__":
    main()
