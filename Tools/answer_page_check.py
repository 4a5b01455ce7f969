#!/usr/bin/env python3
"""Opens a customer's answer page (/a/{id}) in headless Chromium at a phone's size.

Asks a question through the API as a known customer on SMS, follows the answer's link, and checks
what a customer sees: every citation's span highlighted (a <mark> holding the sentence the answer
quotes) inside a passage of its source, no script, no sideways scrolling at 390 CSS pixels, body
text of at least 16 px, and none of the customer's ids or e-mail on the page. Saves a full-page
screenshot. Exit code 0 when every check holds, 1 otherwise.

  python3 Tools/answer_page_check.py --base http://127.0.0.1:8080 --out Docs/answer-page.png
"""
import argparse
import base64
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

from console_check import Page, post


def readable(text):
    """A quote as the page shows it: Markdown's marks dropped, spaces collapsed."""
    text = re.sub(r"\*\*(.+?)\*\*|__(.+?)__", lambda m: m.group(1) or m.group(2), text)
    text = re.sub(r"\[([^\]\n]+)\]\(([^)\s]+)\)", r"\1 (\2)", text).replace("`", "")
    return " ".join(text.split())


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--base", required=True)
    ap.add_argument("--out", default="answer-page.png")
    ap.add_argument("--question", default="How many days do I have to return an item, and how do I start a return?")
    ap.add_argument("--chromium", default=shutil.which("chromium") or shutil.which("chromium-browser") or "chromium")
    args = ap.parse_args()

    email = "page-check@example.com"
    answer = post(args.base, "/v1/answer", {"customer": {"email": email}, "channel": "sms", "message": args.question})
    print(f"answer {answer['id']}: {answer['status']}, {len(answer['citations'])} citations; link {answer['link']}")
    path = answer["link"][answer["link"].index("/a/"):]

    profile = tempfile.mkdtemp(prefix="answer-page-check-")
    port = 9334
    browser = subprocess.Popen([args.chromium, "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
                                f"--remote-debugging-port={port}", f"--user-data-dir={profile}", "about:blank"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    failures = []
    try:
        page = Page(port)
        page.call("Page.enable")
        page.call("Emulation.setDeviceMetricsOverride", width=390, height=844, deviceScaleFactor=2, mobile=True)
        page.call("Page.navigate", url=args.base + path)
        if not page.wait("document.readyState === 'complete' && !!document.querySelector('main')", 15):
            raise SystemExit("error: the page did not load")
        marks = page.evaluate(
            "Array.from(document.querySelectorAll('li[id^=source-]')).map(li => "
            "({id: li.id, marks: Array.from(li.querySelectorAll('mark')).map(m => m.textContent)}))") or []
        for c in answer["citations"]:
            shown = next((m["marks"] for m in marks if m["id"] == f"source-{c['number']}"), [])
            if not any(" ".join(s.split()) == readable(c["quote"]) for s in shown):
                failures.append(f"citation {c['number']}: span not highlighted (shown {shown!r})")
        checks = {
            "no script": "document.scripts.length === 0",
            "no sideways scrolling at 390 px": "document.documentElement.scrollWidth <= window.innerWidth",
            "body text of at least 16 px": "parseFloat(getComputedStyle(document.body).fontSize) >= 16",
            "the markers link to their sources": "Array.from(document.querySelectorAll('sup a')).every("
                                                 "a => !!document.querySelector(a.getAttribute('href')))",
        }
        for name, expression in checks.items():
            if not page.evaluate(expression):
                failures.append(name)
        html = page.evaluate("document.documentElement.outerHTML") or ""
        for hidden in [answer.get("customerID"), answer.get("conversationID"), email]:
            if hidden and hidden in html:
                failures.append(f"{hidden} is on the page")
        height = page.evaluate("Math.ceil(document.documentElement.scrollHeight)") or 844
        shot = page.call("Page.captureScreenshot", format="png", captureBeyondViewport=True,
                         clip={"x": 0, "y": 0, "width": 390, "height": height, "scale": 1})
        with open(args.out, "wb") as f:
            f.write(base64.b64decode(shot["data"]))
        print(f"screenshot: {os.path.abspath(args.out)} (390 × {height} CSS px)")
    finally:
        browser.terminate()
        browser.wait(timeout=10)
        shutil.rmtree(profile, ignore_errors=True)
    if failures:
        for f in failures:
            print("FAIL:", f, file=sys.stderr)
        return 1
    print(f"PASS: {sum(len(m['marks']) for m in marks)} highlighted spans in {len(marks)} sources; no script; "
          "fits 390 px")
    return 0


if __name__ == "__main__":
    sys.exit(main())
