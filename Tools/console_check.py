#!/usr/bin/env python3
"""Drives the agent console in headless Chromium (Chrome DevTools Protocol).

Opens /console?conversation=ID on a running `grounded serve`, waits until the page watches the
conversation's suggestions, sends a customer message through the API, and asserts that a
suggestion with a highlighted source (a <mark> inside a suggestion card) appears. Saves a
screenshot. Exit code 0 when it does, 1 otherwise.

  python3 Tools/console_check.py --base http://127.0.0.1:8080 --customer check@example.com --out console.png
"""
import argparse
import base64
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request

import websocket  # websocket-client, from PyPI


def post(base, path, body):
    request = urllib.request.Request(base + path, data=json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json",
                                              "Authorization": "Bearer " + os.environ["GROUNDED_API_KEY"]})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.load(response)


class Page:
    """One page of a headless Chromium, driven over its DevTools websocket."""

    def __init__(self, port):
        targets = []
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/json", timeout=2) as r:
                    targets = [t for t in json.load(r) if t.get("type") == "page"]
                if targets:
                    break
            except OSError:
                pass
            time.sleep(0.1)
        if not targets:
            raise SystemExit("error: Chromium's DevTools did not come up")
        self.ws = websocket.create_connection(targets[0]["webSocketDebuggerUrl"], timeout=30)
        self.next_id = 0

    def call(self, method, **params):
        self.next_id += 1
        self.ws.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == self.next_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})

    def evaluate(self, expression):
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        return result.get("result", {}).get("value")

    def wait(self, expression, seconds):
        deadline = time.time() + seconds
        while time.time() < deadline:
            if self.evaluate(expression):
                return True
            time.sleep(0.1)
        return False


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--base", required=True)
    ap.add_argument("--customer", default="console-check@example.com")
    ap.add_argument("--out", default="console.png")
    ap.add_argument("--chromium", default=shutil.which("chromium") or shutil.which("chromium-browser") or "chromium")
    args = ap.parse_args()

    # A conversation handed to a person, so the console has something to show.
    first = post(args.base, "/v1/answer", {"customer": {"email": args.customer}, "message": "Can I talk to a person?"})
    conversation = first["conversationID"]
    print(f"conversation {conversation}: {first['status']}")

    profile = tempfile.mkdtemp(prefix="console-check-")
    port = 9333
    browser = subprocess.Popen([args.chromium, "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
                                f"--remote-debugging-port={port}", f"--user-data-dir={profile}", "--window-size=1400,900",
                                "about:blank"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        page = Page(port)
        page.call("Page.enable")
        page.call("Page.navigate", url=f"{args.base}/console?conversation={conversation}#key={os.environ['GROUNDED_API_KEY']}")
        if not page.wait("document.getElementById('status').textContent.includes('conversation')", 15):
            raise SystemExit("error: the console did not open the conversation")
        # The page watches the conversation once its event stream is open.
        page.wait("typeof state !== 'undefined' && !!state.events", 10)
        time.sleep(0.5)
        message = "My lamp arrived damaged. Is the shipping refunded?"
        sent = post(args.base, "/v1/answer", {"customer": {"email": args.customer}, "channel": "chat", "message": message})
        print(f"customer message sent: {sent['status']}")
        # Suggestions for this message (not the ones shown on opening), with a marked span.
        found = page.wait("(document.querySelector('#suggestions > p.why') || {textContent: ''}).textContent.includes(%s)"
                          " && !!document.querySelector('#suggestions .card mark')" % json.dumps(message), 15)
        marked = page.evaluate("Array.from(document.querySelectorAll('#suggestions .card mark')).map(m => m.textContent)") or []
        shot = page.call("Page.captureScreenshot", format="png")
        with open(args.out, "wb") as f:
            f.write(base64.b64decode(shot["data"]))
        print(f"screenshot: {os.path.abspath(args.out)}")
        if not found:
            print("suggestions shown:", page.evaluate("document.getElementById('suggestions').innerText.slice(0, 300)"), file=sys.stderr)
            print("FAIL: no suggestion with a highlighted source appeared", file=sys.stderr)
            return 1
        print(f"PASS: {len(marked)} highlighted source spans, e.g. “{marked[0][:80]}”")
        return 0
    finally:
        browser.terminate()
        browser.wait(timeout=10)
        shutil.rmtree(profile, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
