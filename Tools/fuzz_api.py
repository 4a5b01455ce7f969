#!/usr/bin/env python3
"""Fuzzes the running server's JSON API: every operation in its /openapi.json, with mutated
bodies (wrong types, missing and extra fields, deep nesting, huge and odd strings, truncated and
invalid JSON, invalid UTF-8) and odd path parameters, as an admin. Passes when no request gets a
5xx, every error body is the JSON error shape, and the server still answers at the end.

    python3 Tools/fuzz_api.py http://127.0.0.1:8080 [--requests 3000] [--seed 1]
(key from $GROUNDED_API_KEY)
"""
import argparse
import json
import os
import random
import sys
import urllib.error
import urllib.request

SEEDS = {
    "message": "How long do I have to return an item?", "channel": "chat", "customer": {"email": "fuzz@example.com"},
    "type": "order_placed", "data": {"product": "lumen-hub"}, "purpose": "marketing", "granted": True,
    "targetKind": "answer", "targetID": "ans_x", "who": "fuzz", "rating": "up", "agent": "fuzz", "text": "hello",
    "action": "used", "reason": "fuzz", "document": {"version": "fuzz-1"}, "conversation": [{"role": "user", "text": "hi"}],
}
ODD_STRINGS = ["", " ", "\u0000", "\ud7ff\ue000", "😀" * 50, "a" * 70_000, "'; DROP TABLE customers; --", "../../etc/passwd",
               "%00%ff", "\\u0000", "null", "1e309", "-0", "{}", "[]", "\u202e\u200b", "ß" * 3000]
ODD_VALUES = [None, True, False, 0, -1, 2**63, 1e308, -1e-308, 3.14, [], {}, [None], {"": None}]


def random_value(rng, depth=0):
    kind = rng.randrange(6 if depth < 4 else 3)
    if kind == 0: return rng.choice(ODD_STRINGS)
    if kind == 1: return rng.choice(ODD_VALUES)
    if kind == 2: return "".join(chr(rng.randrange(32, 0x2FFF)) for _ in range(rng.randrange(40)))
    if kind == 3: return [random_value(rng, depth + 1) for _ in range(rng.randrange(4))]
    if kind == 4: return {rng.choice(list(SEEDS)): random_value(rng, depth + 1) for _ in range(rng.randrange(5))}
    nested = "x"
    for _ in range(rng.randrange(10, 400)): nested = [nested]
    return nested


def mutate(rng, base):
    body = dict(base)
    for _ in range(rng.randrange(1, 4)):
        op = rng.randrange(4)
        if op == 0 and body: body.pop(rng.choice(list(body)))
        elif op == 1: body[rng.choice(list(SEEDS))] = random_value(rng)
        elif op == 2: body[rng.choice(["x", "__proto__", "message " * 3])] = random_value(rng)
        elif body: body[rng.choice(list(body))] = random_value(rng)
    return body


def encode(rng, body):
    text = json.dumps(body, ensure_ascii=rng.random() < 0.5).encode("utf-8", "surrogatepass")
    r = rng.random()
    if r < 0.08: return text[: rng.randrange(max(1, len(text)))]          # truncated
    if r < 0.12: return b"\xff\xfe" + text                                  # invalid UTF-8
    if r < 0.15: return bytes(rng.randrange(256) for _ in range(rng.randrange(1, 200)))
    if r < 0.17: return b"[" * 100_000                                      # over the size limit, deep
    return text


def call(base, method, path, key, data=None):
    headers = {"Authorization": "Bearer " + key}
    if data is not None: headers["Content-Type"] = "application/json"
    request = urllib.request.Request(base + path, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("base")
    ap.add_argument("--requests", type=int, default=3000)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    key = os.environ["GROUNDED_API_KEY"]
    rng = random.Random(args.seed)
    spec = json.loads(call(args.base, "GET", "/openapi.json", key)[1])
    operations = [(m.upper(), p) for p, ops in spec["paths"].items() for m in ops
                  if not p.endswith("/assist")]  # an event stream waits for messages by design
    statuses, failures = {}, []
    for i in range(args.requests):
        method, path = rng.choice(operations)
        for name in ("{id}", "{kind}"):
            if name in path:
                value = rng.choice(["routing", "x", "ans_missing", "conv_missing", "%2e%2e", "a" * 300, "%00", "😀", "pol_0", "cus_0"])
                path = path.replace(name, urllib.request.quote(value, safe="%"))
        data = encode(rng, mutate(rng, SEEDS)) if method in ("POST", "PUT") else None
        try:
            status, body = call(args.base, method, path, key, data)
        except Exception as error:  # a dropped connection is a failure too
            failures.append(f"{method} {path}: {error}")
            continue
        statuses[status] = statuses.get(status, 0) + 1
        if status >= 500:
            failures.append(f"{method} {path} -> {status}: {body[:200]!r}")
        elif status >= 400:
            try:
                error = json.loads(body)["error"]
                assert error["status"] == status and error["message"]
            except Exception:
                failures.append(f"{method} {path} -> {status} without the JSON error shape: {body[:200]!r}")
    alive = call(args.base, "GET", "/ready", key)[0] == 200
    print(f"fuzz: {args.requests} requests over {len(operations)} operations (seed {args.seed}); statuses: "
          + ", ".join(f"{k}: {v}" for k, v in sorted(statuses.items())))
    print(f"fuzz: {len(failures)} failures; server ready afterwards: {alive}")
    for f in failures[:20]: print("  " + f)
    sys.exit(0 if not failures and alive else 1)


if __name__ == "__main__":
    main()
