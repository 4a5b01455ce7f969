#!/usr/bin/env python3
"""The intent peer for `grounded-lab eval intents`: scikit-learn TF-IDF (word 1-2 grams + char_wb 3-5
grams, sublinear tf) + logistic regression, trained and scored on the splits the Swift command
exported, under the same protocol as ours:

- C is 10, the best of {1, 10, 100} on both sets in ../shared/bench (pass --grid 1,10,100 to choose
  again on a stratified 10% of the training examples);
- on CLINC150 the out-of-scope examples of the training split are a class of their own, and the
  confidence threshold is picked on out-of-fold predictions of 5 stratified folds of the training
  examples: the highest that rejects at most --max-in-scope-rejection of the in-scope ones, or
  (without it) the one that maximises (in-scope accuracy + out-of-scope recall) / 2; a message is rejected
  when the out-of-scope class wins or the confidence is below the threshold;
- the model is then fitted on every training example.

Prints one JSON object. Usage:

    python3 Tools/intent_peers.py --splits DIR [--out-of-scope out_of_scope]
"""
import argparse
import csv
import json
import os
import sys
import time

for _v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_v, "1")


def read(path):
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    return [r["text"] for r in rows], [r["intent"] for r in rows]


def pipeline(C):
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import FeatureUnion, make_pipeline
    features = FeatureUnion([
        ("word", TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, lowercase=True)),
        ("char", TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True, lowercase=True)),
    ])
    return make_pipeline(features, LogisticRegression(C=C, max_iter=3000))


def ece(confidence, correct, bins=15):
    import numpy as np
    total = 0.0
    idx = np.minimum(bins - 1, (confidence * bins).astype(int))
    for b in range(bins):
        m = idx == b
        if m.any():
            total += m.sum() * abs(correct[m].mean() - confidence[m].mean())
    return 100 * total / len(confidence)


def decide(model, texts, oos, threshold):
    """(best in-scope intent, accepted intent or None, confidence) per text."""
    import numpy as np
    p = model.predict_proba(texts)
    classes = model.classes_
    order = np.argsort(-p, axis=1, kind="stable")
    out = []
    for i in range(len(texts)):
        top = order[i, 0]
        best_in = next((classes[j] for j in order[i] if classes[j] != oos), classes[top])
        rejected = classes[top] == oos or p[i, top] < threshold
        out.append((best_in, None if rejected else classes[top], float(p[i, top])))
    return out


def pick_threshold(p, classes, gold, oos, budget):
    """As ours: with a budget, the highest threshold rejecting at most that share of in-scope
    examples; without, the one maximising (in-scope accuracy + out-of-scope recall) / 2."""
    import numpy as np
    top = p.argmax(1)
    conf = p.max(1)
    pred = classes[top]
    gold = np.asarray(gold)
    inscope = gold != oos
    if inscope.all() or not inscope.any():
        return None
    if budget is not None:
        allowed = int(np.floor(budget * inscope.sum()))
        always = int(np.sum(inscope & (pred == oos)))
        c = np.sort(conf[inscope & (pred != oos)])
        k = max(0, min(len(c), allowed - always))
        return 0.0 if k == 0 else float(np.nextafter(np.float32(c[k - 1]), np.float32(1)))
    best = (-1.0, 0.0)
    for t in [0.0] + sorted(set(np.nextafter(conf, 1).tolist())):
        rejects = (pred == oos) | (conf < t)
        score = (np.mean((pred == gold) & ~rejects & inscope) / inscope.mean() + np.mean(rejects & ~inscope) / (~inscope).mean()) / 2
        if score > best[0] + 1e-12:
            best = (score, t)
    return best[1]


def auc(positives, negatives):
    import numpy as np
    neg = np.sort(np.asarray(negatives))
    pos = np.asarray(positives)
    below = np.searchsorted(neg, pos, side="left")
    upto = np.searchsorted(neg, pos, side="right")
    return 100 * float(np.sum(below + 0.5 * (upto - below))) / (len(pos) * len(neg))


def curve_area(scores, correct, outside):
    """As ours (RejectionCurve.area): area under in-scope accuracy against out-of-scope recall as
    the threshold on the score sweeps; equal scores are rejected together."""
    import numpy as np
    scores = np.asarray(scores, dtype=float)
    correct = np.asarray(correct, dtype=bool)
    outside = np.asarray(outside, dtype=bool)
    n_in, n_out = int((~outside).sum()), int(outside.sum())
    if n_in == 0 or n_out == 0:
        return None
    order = np.argsort(-scores, kind="stable")
    accepted, caught = float((correct & ~outside).sum()), 0.0
    prev = (0.0, accepted / n_in)
    total, i = 0.0, 0
    while i < len(order):
        s = scores[order[i]]
        while i < len(order) and scores[order[i]] == s:
            j = order[i]
            if outside[j]:
                caught += 1
            elif correct[j]:
                accepted -= 1
            i += 1
        point = (caught / n_out, accepted / n_in)
        total += (point[0] - prev[0]) * (point[1] + prev[1]) / 2
        prev = point
    return 100 * total


def run_set(train_path, validation_path, oos, grid, seed, budget):
    import numpy as np
    from sklearn.metrics import f1_score
    from sklearn.model_selection import train_test_split
    tx, ty = read(train_path)
    vx, vy = read(validation_path)
    start = time.perf_counter()
    C = grid[0]
    if len(grid) > 1:
        fx, hx, fy, hy = train_test_split(tx, ty, test_size=0.1, stratify=ty, random_state=seed)
        C = max(grid, key=lambda c: float(np.mean(pipeline(c).fit(fx, fy).predict(hx) == np.asarray(hy))))
    threshold = None
    if oos in ty:
        from sklearn.model_selection import StratifiedKFold, cross_val_predict
        folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=seed)
        p = cross_val_predict(pipeline(C), tx, ty, cv=folds, method="predict_proba")
        threshold = pick_threshold(p, np.unique(ty), ty, oos, budget)
    model = pipeline(C).fit(tx, ty)
    seconds = time.perf_counter() - start
    inscope = [i for i, y in enumerate(vy) if y != oos]
    outscope = [i for i, y in enumerate(vy) if y == oos]
    decisions = decide(model, vx, oos, threshold if threshold is not None else 0.0)
    # How out of scope a message looks, as ours: above 1 when the out-of-scope class wins, else 1 - confidence.
    proba = model.predict_proba(vx)
    top = proba.argmax(1)
    strangeness = [1 + proba[i, top[i]] if model.classes_[top[i]] == oos else 1 - proba[i, top[i]] for i in range(len(vx))]
    gold = np.asarray([vy[i] for i in inscope])
    best_in = np.asarray([decisions[i][0] for i in inscope])
    conf = np.asarray([decisions[i][2] for i in inscope])
    r = {"C": C, "train_seconds": round(seconds, 1), "train": len(tx), "validation": len(inscope),
         "accuracy": 100 * float(np.mean(best_in == gold)),
         "macro_f1": 100 * float(f1_score(gold, best_in, average="macro")),
         "calibration_error": ece(conf, best_in == gold)}
    if outscope and threshold is not None:
        accepted = [decisions[i][1] for i in inscope]
        rejected_oos = sum(decisions[i][1] is None for i in outscope)
        rejected_in = sum(a is None for a in accepted)
        r.update({"threshold": threshold,
                  "in_scope_accuracy": 100 * float(np.mean([a == g for a, g in zip(accepted, gold)])),
                  "in_scope_rejected": 100 * rejected_in / len(inscope),
                  "oos_recall": 100 * rejected_oos / len(outscope),
                  "oos_precision": 100 * rejected_oos / max(1, rejected_oos + rejected_in),
                  "oos_auc": auc([strangeness[i] for i in outscope], [strangeness[i] for i in inscope]),
                  "curve_area": curve_area(
                      [strangeness[i] for i in inscope] + [strangeness[i] for i in outscope],
                      [decisions[i][0] == vy[i] for i in inscope] + [False] * len(outscope),
                      [False] * len(inscope) + [True] * len(outscope)),
                  "out_of_scope": len(outscope)})
    return r


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--splits", required=True)
    ap.add_argument("--out-of-scope", default="out_of_scope")
    ap.add_argument("--grid", default="10")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--max-in-scope-rejection", type=float, default=None,
                    help="reject at most this share of in-scope training examples out of fold (default: balanced)")
    args = ap.parse_args()
    try:
        import sklearn
    except ImportError as e:
        print(json.dumps({"error": f"scikit-learn is not installed ({e}); pip install scikit-learn"}))
        return 0
    grid = [float(c) for c in args.grid.split(",")]
    out = {"library": f"scikit-learn {sklearn.__version__}: TF-IDF (word 1-2 + char_wb 3-5) + LogisticRegression"}
    for name in ("banking77", "clinc150", "custom"):
        if not os.path.exists(os.path.join(args.splits, name + "-train.csv")):
            continue
        out[name] = run_set(os.path.join(args.splits, name + "-train.csv"), os.path.join(args.splits, name + "-validation.csv"),
                            args.out_of_scope, grid, args.seed, args.max_in_scope_rejection)
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
