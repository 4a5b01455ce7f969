#!/usr/bin/env python3
"""Agent-assist latency on a running `grounded serve`: for each question, a customer whose
conversation a person has taken sends it as a message; the suggestions' own `milliseconds` (from
the message reaching the engine to snippets, draft and actions being ready) is read back from
GET /v1/conversations/{id}/assist?limit=1. Also times the whole HTTP round trip of the message.
Prints percentiles.

  python3 Tools/assist_bench.py --base http://127.0.0.1:8080 --questions ../shared/data/doc2dial/questions.jsonl -n 200
"""
import argparse
import json
import os
import time
import urllib.request


def call(base, path, body=None):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(base + path, data=data, method="POST" if data else "GET",
                                     headers={"Content-Type": "application/json",
                                              "Authorization": "Bearer " + os.environ["GROUNDED_API_KEY"]})
    with urllib.request.urlopen(request, timeout=60) as response:
        return response.read().decode()


def percentile(values, p):
    s = sorted(values)
    return s[min(len(s) - 1, int(round(p / 100 * (len(s) - 1))))]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--base", required=True)
    ap.add_argument("--questions", required=True)
    ap.add_argument("-n", type=int, default=200)
    args = ap.parse_args()
    questions = []
    with open(args.questions) as f:
        for line in f:
            q = json.loads(line)
            if q.get("turn_id") == 1:
                questions.append(q["question"])
            if len(questions) >= args.n:
                break
    engine_ms, round_trip_ms, with_draft = [], [], 0
    for i, question in enumerate(questions):
        customer = {"email": f"bench-{i}@example.com"}
        first = json.loads(call(args.base, "/v1/answer", {"customer": customer, "message": "Can I talk to a person?"}))
        started = time.perf_counter()
        call(args.base, "/v1/answer", {"customer": customer, "message": question})
        round_trip_ms.append((time.perf_counter() - started) * 1000)
        events = call(args.base, f"/v1/conversations/{first['conversationID']}/assist?limit=1")
        data = next(line[6:] for line in events.splitlines() if line.startswith("data: "))
        suggestions = json.loads(data)
        engine_ms.append(suggestions["milliseconds"])
        with_draft += suggestions.get("draft") is not None
    print(f"{len(questions)} customer messages, each in a conversation a person has taken")
    for name, values in (("message to suggestions (server)", engine_ms), ("HTTP round trip of the message", round_trip_ms)):
        print(f"  {name}: p50 {percentile(values, 50):.1f} ms, p90 {percentile(values, 90):.1f} ms, "
              f"p99 {percentile(values, 99):.1f} ms, max {max(values):.1f} ms")
    print(f"  with a grounded draft: {with_draft}/{len(questions)}")


if __name__ == "__main__":
    main()
