#!/usr/bin/env python3
"""One table from `grounded-lab bench vectors --json` files and Tools/ann_peers.py --json files on the
same set (any number of rounds of each). For each recall@10 target, each index's queries/second at
that recall (interpolated on its best points over all rounds and efSearch values) and the ratio
ours / peer; then build time (fastest round) and file size.

  python3 Tools/ann_table.py --ours a.json b.json --peers p1.json p2.json [--targets 0.9 0.95 0.99]
"""
import argparse
import json
import math
from collections import OrderedDict


def best_at(points, target, key):
    """Queries/second at exactly `target` recall: on the index's frontier (the best q/s at each
    recall, over all rounds and efSearch values), interpolated linearly in recall and log q/s
    between the two points around the target; None when no point reaches it."""
    frontier = []
    for p in sorted(points, key=lambda p: -p["recall"]):
        if not frontier or p[key] > frontier[-1][1]:
            frontier.append((p["recall"], p[key]))
    frontier.reverse()                      # recall ascending, q/s descending
    if not frontier or frontier[-1][0] < target:
        return None
    if frontier[0][0] >= target:
        return frontier[0][1]
    for (r0, q0), (r1, q1) in zip(frontier, frontier[1:]):
        if r0 <= target <= r1:
            t = (target - r0) / (r1 - r0) if r1 > r0 else 1.0
            return math.exp(math.log(q0) + t * (math.log(q1) - math.log(q0)))
    return None


def collect(ours_files, peer_files):
    rows, meta = OrderedDict(), None
    for path in ours_files:
        r = json.load(open(path))
        meta = meta or r
        # The default storage is "grounded"; the others are named by what the search reads.
        kind = r.get("quantization", "none")
        name = "grounded" + {"float16": "", "none": "-f32", "int8": "-int8"}.get(kind, "-" + kind)
        row = rows.setdefault(name, {"points": [], "build": [], "bytes": r["fileBytes"], "extra": r})
        row["points"] += r["sweep"]
        row["build"].append(r["buildSeconds"])
    for path in peer_files:
        for p in json.load(open(path))["peers"]:
            row = rows.setdefault(p["name"], {"points": [], "build": [], "bytes": p["fileBytes"]})
            row["points"] += p["sweep"]
            row["build"].append(p["buildSeconds"])
    return rows, meta


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--ours", nargs="+", required=True)
    p.add_argument("--peers", nargs="+", required=True)
    p.add_argument("--targets", type=float, nargs="+", default=[0.90, 0.95, 0.99])
    a = p.parse_args()
    rows, meta = collect(a.ours, a.peers)
    mine = [n for n in rows if n.startswith("grounded")]
    print(f"\n{meta['set']}: {meta['count']} x {meta['dimension']}, {meta['queries']} queries; M {meta['m']}, "
          f"efConstruction {meta['efConstruction']}; build on {meta['buildThreads']} threads; "
          f"'all' = {meta['threads']} threads; best of {len(rows['grounded']['build'])} rounds")
    print(f"cpu: {meta.get('cpu', 'not recorded')}; grounded's kernels: {meta.get('kernels', 'not recorded')}")
    head = f"{'index':<14} {'recall':>6} {'q/s 1 thread':>12} {'q/s all':>9}"
    for m in mine:
        head += f" {m + ' ÷':>16} {'(all)':>7}"
    print(head)
    print("-" * len(head))
    for target in a.targets:
        for name, row in rows.items():
            one, many = best_at(row["points"], target, "qps1"), best_at(row["points"], target, "qpsAll")
            if one is None:
                print(f"{name:<14} {target:>6.2f} {'not reached':>12}")
                continue
            line = f"{name:<14} {target:>6.2f} {one:>12.0f} {many:>9.0f}"
            if not name.startswith("grounded"):
                for m in mine:
                    m1, ma = best_at(rows[m]["points"], target, "qps1"), best_at(rows[m]["points"], target, "qpsAll")
                    line += f" {(f'{m1 / one:.2f}x' if m1 else '-'):>16} {(f'{ma / many:.2f}x' if ma else '-'):>7}"
            print(line)
        print()
    print(f"{'index':<14} {'build s':>8} {'grounded ÷ it':>14} {'file MiB':>9}")
    ours_build = min(rows["grounded"]["build"])
    for name, row in rows.items():
        ratio = "" if name == "grounded" else f"{ours_build / min(row['build']):.2f}x"
        print(f"{name:<14} {min(row['build']):>8.2f} {ratio:>14} {row['bytes'] / 1048576:>9.1f}")
    for name in mine:
        e = rows[name]["extra"]
        print(f"\n{name}: {e['bytesPerVector']} bytes/vector in memory, {e['searchBytesPerVector']} of them read by the "
              f"graph search; loading the saved {e['count']:,}-vector index took {e['loadSeconds'] * 1000:.0f} ms "
              f"(checksum and link checks included)")
        for f in e.get("filtered", []):
            print(f"{name} filtered, {f['share'] * 100:.0f}% admitted: recall@10 {f['recall']:.4f}, "
                  f"{f['qps1']:.0f} q/s 1 thread")


if __name__ == "__main__":
    main()
