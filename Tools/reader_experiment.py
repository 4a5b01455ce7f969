#!/usr/bin/env python3
"""An experiment, not part of the product: can a reading model fine-tuned here answer what the
engine's sentence picker cannot (PolicyQA phrases, MTRAG-UN declines)?

It fine-tunes all-MiniLM-L6-v2 (the engine's own encoder, from Models/) as an extractive reader
with a no-answer option (start/end logits; the [CLS] position means "no answer"), on
  - doc2dial: the dialogues outside part 0 (sha256 of the dialogue id mod 5), a window of about
    160 words around each gold span, and one window of the same page without it;
  - PolicyQA: the questions of every other policy (sorted by title: 0, 2, 4, ...), the gold
    segment, and for about half of them another segment of the same policy with no answer;
  - MTRAG-UN: the tasks of the collection not scored (--test), UNDERSPECIFIED left out;
    UNANSWERABLE tasks' passages as no-answer, ANSWERABLE/PARTIAL passages with their sentence
    closest to the reference (token F1 >= 0.3) as the span.
and scores it on what it never saw:
  - MTRAG-UN, the --test collection: each task's last two user turns read against the top 3
    pooled passages by BM25; the margin (best span minus no-answer) against the labels
    (ANSWERABLE + PARTIAL vs UNANSWERABLE), beside the BM25 score's own separation;
  - PolicyQA, the other policies: span F1 reading the gold segment, and reading the top 3
    segments of the policy by BM25 (end to end, as `grounded-lab eval policyqa` retrieves).

  pip install /opt/wheels/torch-*.whl transformers rank-bm25 scikit-learn
  python3 Tools/reader_experiment.py train --test clapnq --out /tmp/reader-clapnq   # ~37 min, 2 cores
  python3 Tools/reader_experiment.py score --test clapnq --model /tmp/reader-clapnq

Docs/evaluation.md gives the figures and why the reader is not in the product.
"""
import argparse
import hashlib
import json
import random
import re
import sys
import time
from collections import Counter

DATA = "../shared/data"
BASE = "Models/all-MiniLM-L6-v2"
WORDS = re.compile(r"\w+")


def bucket(key, parts=5):
    return int(hashlib.sha256(key.encode()).hexdigest(), 16) % parts


def f1(a, b):
    a, b = WORDS.findall(a.lower()), WORDS.findall(b.lower())
    common = sum((Counter(a) & Counter(b)).values())
    return 0 if common == 0 else 2 * common / (len(a) + len(b))


def window_with(text, start, end, width=160):
    """About `width` words of `text` that contain [start, end), at a random place; the span's
    offsets in the window."""
    spans = [m.span() for m in re.finditer(r"\S+", text)]
    if not spans:
        return text, start, end
    first = next((i for i, (a, b) in enumerate(spans) if b > start), len(spans) - 1)
    last = next((i for i, (a, b) in enumerate(spans) if b >= end), len(spans) - 1)
    lo = max(0, first - random.randint(0, max(0, width - (last - first + 1))))
    hi = min(len(spans) - 1, lo + width - 1)
    return text[spans[lo][0]:spans[hi][1]], start - spans[lo][0], end - spans[lo][0]


def window_without(text, start, end, width=160):
    spans = [m.span() for m in re.finditer(r"\S+", text)]
    windows = []
    for lo in range(0, max(1, len(spans) - width + 1), width // 2):
        hi = min(len(spans) - 1, lo + width - 1)
        if spans[hi][1] <= start or spans[lo][0] >= end:
            windows.append((spans[lo][0], spans[hi][1]))
    if not windows:
        return None
    a, b = random.choice(windows)
    return text[a:b]


def doc2dial():
    docs = {}
    for line in open(f"{DATA}/doc2dial/documents.jsonl"):
        d = json.loads(line)
        docs[d["doc_id"]] = d["text"]
    questions = []
    for line in open(f"{DATA}/doc2dial/questions.jsonl"):
        q = json.loads(line)
        users = [t["text"] for t in q["history"] if t["role"] == "user"]
        asked = " ".join(users[-2:]) if len(users) > 1 else q["question"]
        questions.append((asked, docs[q["doc_id"]], q["answer"]["start"], q["answer"]["end"], q["dial_id"]))
    return questions


def policyqa():
    out = []
    for policy in json.load(open(f"{DATA}/policyqa/dev.json"))["data"]:
        segments = [p["context"] for p in policy["paragraphs"]]
        for i, p in enumerate(policy["paragraphs"]):
            for qa in p["qas"]:
                out.append(dict(policy=policy["title"], question=qa["question"], segment=i, segments=segments,
                                answers=[(a["text"], a["answer_start"]) for a in qa["answers"]]))
    policies = sorted({x["policy"] for x in out})
    return out, set(policies[::2])


def mtrag():
    tasks = [json.loads(line) for line in open(f"{DATA}/mtrag-un/reference.jsonl")]
    for t in tasks:
        users = [u["text"] for u in t["input"] if u["speaker"] == "user"]
        t["asked"] = " ".join(users[-2:])
        t["label"] = t["answerability"][0] if t["answerability"] else ""
    return tasks


def training_examples(test):
    examples = []  # (question, passage, answer start or -1, answer end)
    for asked, doc, start, end, dialogue in doc2dial():
        if bucket(dialogue) == 0:
            continue
        examples.append((asked,) + window_with(doc, start, end))
        other = window_without(doc, start, end)
        if other:
            examples.append((asked, other, -1, -1))
    questions, training_policies = policyqa()
    for x in questions:
        if x["policy"] not in training_policies:
            continue
        text, start = x["answers"][0]
        examples.append((x["question"], x["segments"][x["segment"]], start, start + len(text)))
        if random.random() < 0.5:
            j = random.randrange(len(x["segments"]))
            if j != x["segment"]:
                examples.append((x["question"], x["segments"][j], -1, -1))
    for t in mtrag():
        if test in t["Collection"].lower() or t["label"] == "UNDERSPECIFIED":
            continue
        reference = t["targets"][0]["text"] if t["targets"] else ""
        for c in t["contexts"][:3]:
            text = c["text"]
            if t["label"] == "UNANSWERABLE":
                examples.append((t["asked"], text, -1, -1))
                continue
            sentences = [m.span() for m in re.finditer(r"[^.!?\n]+[.!?]?", text)]
            best = max(sentences, key=lambda s: f1(text[s[0]:s[1]], reference), default=None)
            if best and f1(text[best[0]:best[1]], reference) >= 0.3:
                a, b = best
                a += len(text[a:b]) - len(text[a:b].lstrip())
                examples.append((t["asked"], text, a, b))
    return examples


def train(args):
    import torch
    from transformers import AutoModelForQuestionAnswering, AutoTokenizer
    torch.set_num_threads(2)
    random.seed(7)
    torch.manual_seed(7)
    tokenizer = AutoTokenizer.from_pretrained(BASE)
    model = AutoModelForQuestionAnswering.from_pretrained(BASE)
    examples = training_examples(args.test)
    print("examples", len(examples), "with an answer", sum(1 for x in examples if x[2] >= 0), flush=True)

    def encode(batch):
        enc = tokenizer([b[0] for b in batch], [b[1] for b in batch], truncation="only_second", max_length=256,
                        padding=True, return_offsets_mapping=True, return_tensors="pt")
        starts, ends = [], []
        for i, (_, _, s, e) in enumerate(batch):
            kinds, offsets = enc.sequence_ids(i), enc["offset_mapping"][i].tolist()
            st = en = 0
            if s >= 0:
                passage = [k for k in range(len(kinds)) if kinds[k] == 1]
                a = [k for k in passage if offsets[k][0] <= s < offsets[k][1] or offsets[k][0] >= s]
                b = [k for k in passage if offsets[k][1] >= e]
                if a and b and a[0] <= b[0] and offsets[b[0]][0] < e:
                    st, en = a[0], b[0]
            starts.append(st)
            ends.append(en)
        enc.pop("offset_mapping")
        return enc, torch.tensor(starts), torch.tensor(ends)

    optimizer = torch.optim.AdamW(model.parameters(), lr=5e-5, weight_decay=0.01)
    batch = 16
    steps = args.epochs * ((len(examples) + batch - 1) // batch)
    schedule = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda k: min(1, (k + 1) / 100) * max(0, 1 - k / steps))
    model.train()
    step, began = 0, time.time()
    for epoch in range(args.epochs):
        random.shuffle(examples)
        for i in range(0, len(examples), batch):
            enc, starts, ends = encode(examples[i:i + batch])
            out = model(**enc, start_positions=starts, end_positions=ends)
            out.loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            schedule.step()
            optimizer.zero_grad()
            step += 1
            if step % 50 == 0:
                print(epoch, step, steps, round(out.loss.item(), 3), round(time.time() - began), flush=True)
    model.save_pretrained(args.out)
    tokenizer.save_pretrained(args.out)
    print("trained in", round(time.time() - began), "s", flush=True)


class Reader:
    def __init__(self, path):
        import torch
        from transformers import AutoModelForQuestionAnswering, AutoTokenizer
        torch.set_num_threads(2)
        self.torch = torch
        self.tokenizer = AutoTokenizer.from_pretrained(path)
        self.model = AutoModelForQuestionAnswering.from_pretrained(path).eval()

    def read(self, question, passages, longest=30):
        """(margin, span text): the best span over the passages; margin = its score - no-answer."""
        torch = self.torch
        best = (-1e9, "")
        with torch.no_grad():
            for p0 in range(0, len(passages), 8):
                part = passages[p0:p0 + 8]
                enc = self.tokenizer([question] * len(part), part, truncation="only_second", max_length=256,
                                     padding=True, return_offsets_mapping=True, return_tensors="pt")
                offsets = enc.pop("offset_mapping")
                out = self.model(**enc)
                for i in range(len(part)):
                    kinds = enc.sequence_ids(i)
                    idx = [k for k in range(len(kinds)) if kinds[k] == 1]
                    s, e = out.start_logits[i], out.end_logits[i]
                    none = (s[0] + e[0]).item()
                    scores = s[idx][:, None] + e[idx][None, :]
                    n = len(idx)
                    ones = torch.ones(n, n, dtype=torch.bool)
                    allowed = torch.triu(ones) & ~torch.triu(ones, diagonal=longest)
                    scores = scores.masked_fill(~allowed, -1e9)
                    k = int(scores.argmax())
                    a, b = divmod(k, n)
                    margin = scores.view(-1)[k].item() - none
                    if margin > best[0]:
                        o = offsets[i].tolist()
                        best = (margin, part[i][o[idx[a]][0]:o[idx[b]][1]])
        return best


def score(args):
    import numpy as np
    from rank_bm25 import BM25Okapi
    from sklearn.metrics import roc_auc_score
    reader = Reader(args.model)
    tasks = mtrag()
    pool = {}
    for t in tasks:
        for c in t["contexts"]:
            pool.setdefault(c["document_id"], c["text"])
    ids = list(pool)
    bm25 = BM25Okapi([WORDS.findall(pool[i].lower()) for i in ids])
    labels, margins, lexical, f1s = [], [], [], []
    for t in tasks:
        if args.test not in t["Collection"].lower() or t["label"] == "UNDERSPECIFIED":
            continue
        scores = bm25.get_scores(WORDS.findall(t["asked"].lower()))
        top = np.argsort(-scores)[:3]
        margin, span = reader.read(t["asked"], [pool[ids[i]] for i in top])
        labels.append(t["label"] != "UNANSWERABLE")
        margins.append(margin)
        lexical.append(scores[top[0]])
        if labels[-1]:
            f1s.append(f1(span, t["targets"][0]["text"]))
    labels, margins = np.array(labels), np.array(margins)
    print(f"MTRAG-UN {args.test}: {len(labels)} tasks; separation (ROC AUC, answerable vs unanswerable): "
          f"reader {roc_auc_score(labels, margins):.3f}, top BM25 score {roc_auc_score(labels, lexical):.3f}")
    for share in (0.05, 0.10, 0.15):
        threshold = np.quantile(margins[labels], share)
        print(f"  declining {share:.0%} of answerable tasks declines {(margins[~labels] < threshold).mean():.1%} "
              f"of unanswerable ones")
    print(f"  span F1 against the reference answers (answerable): {100 * np.mean(f1s):.1f}")
    questions, training_policies = policyqa()
    gold, end_to_end = [], []
    by_policy = {}
    for x in questions:
        if x["policy"] not in training_policies:
            by_policy.setdefault(x["policy"], []).append(x)
    for policy, xs in by_policy.items():
        segments = xs[0]["segments"]
        index = BM25Okapi([WORDS.findall(s.lower()) for s in segments])
        for x in xs[:args.per_policy]:
            answers = [a for a, _ in x["answers"]]
            _, span = reader.read(x["question"], [segments[x["segment"]]])
            gold.append(max(f1(span, a) for a in answers))
            top = np.argsort(-index.get_scores(WORDS.findall(x["question"].lower())))[:3]
            _, span = reader.read(x["question"], [segments[i] for i in top])
            end_to_end.append(max(f1(span, a) for a in answers))
    print(f"PolicyQA, {len(by_policy)} policies never trained on, {len(gold)} questions: span F1 reading the gold "
          f"segment {100 * np.mean(gold):.1f}, reading the top 3 segments by BM25 {100 * np.mean(end_to_end):.1f}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    t = sub.add_parser("train")
    t.add_argument("--test", default="clapnq", choices=["clapnq", "govt"])
    t.add_argument("--epochs", type=int, default=2)
    t.add_argument("--out", required=True)
    s = sub.add_parser("score")
    s.add_argument("--test", default="clapnq", choices=["clapnq", "govt"])
    s.add_argument("--model", required=True)
    s.add_argument("--per-policy", type=int, default=60)
    args = parser.parse_args()
    train(args) if args.command == "train" else score(args)


if __name__ == "__main__":
    sys.exit(main())
