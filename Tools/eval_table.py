#!/usr/bin/env python3
"""Ours beside the peers: reads the report `grounded-lab eval --out` wrote and the JSON
`Tools/eval_peers.py` printed (the peers on the same chunks), and prints one table, then the
quality bar of the evaluation issue checked against both.

The bar's peer figures were measured independently (`../shared/bench/README.md`: doc2dial,
~100-150-word chunks along the upstream span boundaries); they are the constants below. The chunk
budget is checked from the report: recall is compared at a median chunk of at most 150 words.

  python3 Tools/eval_table.py --report eval-out/report-minilm.json --peers eval-out/peers.json
"""
import argparse
import json
import sys

KINDS = [("first_turn", "retrievalFirstTurn", "first turn"),
         ("latest_turn", "retrievalLatestTurn", "latest turn"),
         ("with_history", "retrievalWithHistory", "with history")]

# ../shared/bench/README.md: the best independently measured peer (RRF of BM25 and MiniLM) per query
# kind, chunk recall@10 and nDCG@10; and the sentence baseline's answer token F1.
REFERENCE = {"first_turn": (81.6, 61.3), "latest_turn": (56.2, 39.4), "with_history": (73.0, 51.5)}
REFERENCE_F1 = {"first turn": 22.1, "all, with history": 19.6}
# The margins: at least 5 points for first-turn and history queries, ahead for the latest turn;
# 10 points of answer F1 over the sentence baseline; chunks at most 150 words at the median.
MARGIN = {"first_turn": 5.0, "latest_turn": 0.0, "with_history": 5.0}
F1_MARGIN = 10.0
BUDGET_WORDS = 150


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--report", required=True)
    ap.add_argument("--peers", required=True)
    args = ap.parse_args()
    report = json.load(open(args.report))["doc2dial"]
    peers = json.load(open(args.peers)).get("peers", {})

    print("chunk R@10 / nDCG@10 (%)      " + "".join(f"{title:>16}" for _, _, title in KINDS))
    rows = [(name, {k: (m[k]["chunk_recall@10"], m[k]["chunk_ndcg@10"]) for k, _, _ in KINDS})
            for name, m in peers.items()]
    rows.append(("ours", {k: (report[key]["chunkRecallAt10"], report[key]["chunkNDCGAt10"]) for k, key, _ in KINDS}))
    for name, cells in rows:
        print(f"{name + (' (same chunks)' if name != 'ours' else ''):30}"
              + "".join(f"{cells[k][0]:9.1f} /{cells[k][1]:5.1f}" for k, _, _ in KINDS))

    ours = rows[-1][1]
    met = True
    median = report["chunks"]["medianWords"]
    print(f"\nchunk budget: median {median} words (at most {BUDGET_WORDS}): {'yes' if median <= BUDGET_WORDS else 'NO'}")
    met &= median <= BUDGET_WORDS
    print("lead over the best peer, R@10 / nDCG@10 (points)   independent figures   same chunks")
    for k, _, title in KINDS:
        ref = REFERENCE[k]
        lead = (ours[k][0] - ref[0], ours[k][1] - ref[1])
        # "at least" the margin where there is one, otherwise simply ahead
        ok = all(x >= MARGIN[k] if MARGIN[k] > 0 else x > 0 for x in lead)
        met &= ok
        same = ""
        if peers:
            best = (max(c[k][0] for _, c in rows[:-1]), max(c[k][1] for _, c in rows[:-1]))
            same = f"{ours[k][0] - best[0]:+6.1f} / {ours[k][1] - best[1]:+5.1f}"
        need = f"≥ {MARGIN[k]:.0f}" if MARGIN[k] > 0 else "> 0"
        print(f"  {title:14} (bar {need:>4})  {lead[0]:+18.1f} / {lead[1]:+5.1f} {'ok' if ok else 'SHORT':5}  {same:>14}")
    for title, key in (("first turn", "answersFirstTurn"), ("all, with history", "answersWithHistory")):
        f1 = report[key]["tokenF1"]
        bar = REFERENCE_F1[title] + F1_MARGIN
        met &= f1 >= bar
        print(f"answer token F1, {title}: {f1:.1f} (bar {bar:.1f}: sentence baseline {REFERENCE_F1[title]} + {F1_MARGIN:.0f}) "
              + ("ok" if f1 >= bar else "SHORT"))
    print(f"declines: {report['declinedWithoutGold']:.1f}% with the gold document removed, "
          f"{report['declinedAnswerable']:.1f}% of answerable questions")
    print("quality bar: " + ("met" if met else "not met"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
