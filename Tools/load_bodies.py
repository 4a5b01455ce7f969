#!/usr/bin/env python3
"""Writes the wrk script Tools/load.sh drives POST /v1/answer with: every question of the suite
(Questions/corpus.jsonl), on the four channels in turn, half of them anonymous and half from one
of 64 known customers (by email), so conversations grow, handoffs happen and customers resolve.

    python3 Tools/load_bodies.py KEY > answer.lua
"""
import json
import sys
from pathlib import Path

key = sys.argv[1]
questions = [json.loads(line)["question"] for line in Path("Questions/corpus.jsonl").read_text().splitlines() if line]
channels = ["chat", "sms", "email", "voice"]
bodies = []
for i, question in enumerate(questions * 2):
    body = {"message": question, "channel": channels[i % len(channels)]}
    if i % 2 == 1:
        body["customer"] = {"email": f"load-{(i // 2) % 64}@example.com"}
    bodies.append(json.dumps(body))

print(f'local key = "{key}"')
print("local bodies = {")
for body in bodies:
    print("  " + json.dumps(body) + ",")
print("}")
print("""local counter = 0
function setup(thread)
  counter = counter + 1
  thread:set("start", counter * 997)
end
local i = 0
function init(args)
  i = start or 0
end
request = function()
  i = i + 1
  return wrk.format("POST", "/v1/answer",
    {["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. key}, bodies[(i % #bodies) + 1])
end""")
