#!/usr/bin/env python3
"""Preview-server latency: edit one province's metrics.yaml under `ictreport serve` and
measure how long until open pages are told to reload, and how many files were rewritten.

Usage: serve.py [--sizes bundled,1000] [--edits 9] [--work /dev/shm/ictreport-bench]

Reports per site: the server's own figure (file event to reload message, which includes the
watcher's debounce), the time a client sees (write to the event on the stream), the rebuild
time, pages rendered and files written. The synthetic site comes from build.py's work folder
(generated on demand).
"""
import argparse
import http.client
import json
import os
import queue
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", ".."))
BIN = os.path.join(REPO, "target", "release", "ictreport")
GEN = os.path.abspath(os.path.join(REPO, "..", "shared", "bench", "gen_sites.py"))


def synthetic(n, work):
    base = os.path.join(work, f"n{n}")
    site = os.path.join(base, "ictreport")
    if not os.path.isdir(site):
        subprocess.run([sys.executable, GEN, str(n), base], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        subprocess.run([sys.executable, os.path.join(HERE, "convert.py"), os.path.join(base, "hugo"), site], check=True, stdout=subprocess.DEVNULL)
    return site


def events(port, q):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    conn.request("GET", "/__ictreport/events")
    resp = conn.getresponse()
    for raw in resp:
        line = raw.decode().strip()
        if line.startswith("data: "):
            q.put((time.perf_counter(), json.loads(line[6:])))


def bench(label, source_root, metrics_rel, edits, work):
    root = os.path.join(work, f"serve-{label}")
    shutil.rmtree(root, ignore_errors=True)
    shutil.copytree(source_root, root, ignore=shutil.ignore_patterns("output", "target", ".git", "node_modules", "tests", "fuzz"))
    out = os.path.join(work, f"serve-{label}-out")
    shutil.rmtree(out, ignore_errors=True)
    proc = subprocess.Popen([BIN, "serve", "--port", "0", "--root", root, "--output", out], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    lines = queue.Queue()
    threading.Thread(target=lambda: [lines.put(l) for l in proc.stderr], daemon=True).start()
    first = proc.stdout.readline()
    port = int(re.search(r":(\d+)/", first).group(1))
    q = queue.Queue()
    threading.Thread(target=events, args=(port, q), daemon=True).start()
    _, state = q.get(timeout=120)
    version = state["version"]
    metrics = os.path.join(root, metrics_rel)
    text = open(metrics, encoding="utf-8").read()
    value = re.search(r"value: ([0-9.]+)", text).group(1)
    client, server, rebuild, pages, written = [], [], [], [], []
    for i in range(edits):
        new = text.replace(f"value: {value}", f"value: {float(value) + i + 1}", 1)
        start = time.perf_counter()
        with open(metrics, "w", encoding="utf-8") as f:
            f.write(new)
        while True:
            at, state = q.get(timeout=120)
            if state["version"] > version:
                version = state["version"]
                break
        client.append((at - start) * 1000)
        assert not state["errors"], state["errors"]
        # The server prints the rebuild line, then the event-to-reload line.
        while True:
            line = lines.get(timeout=120)
            m = re.search(r"Rebuilt \(province .*\): (\d+) pages rendered, (\d+) files written, \d+ removed in ([0-9.]+) ms", line)
            if m:
                pages.append(int(m.group(1)))
                written.append(int(m.group(2)))
                rebuild.append(float(m.group(3)))
            m = re.search(r"([0-9.]+) ms from the file event to the reload message", line)
            if m:
                server.append(float(m.group(1)))
                break
        time.sleep(0.6)  # let the deferred search index finish before the next edit
    proc.send_signal(2)
    proc.wait(timeout=30)
    med = statistics.median
    print(f"{label:>9} | {med(server):>12.1f} | {med(client):>12.1f} | {med(rebuild):>10.1f} | {med(pages):>5.0f} | {med(written):>7.0f}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="bundled,1000")
    ap.add_argument("--edits", type=int, default=9)
    ap.add_argument("--work", default="/dev/shm/ictreport-bench")
    args = ap.parse_args()
    os.makedirs(args.work, exist_ok=True)
    print("serve: one province's metrics.yaml edited; medians in ms (event→reload includes the 10 ms debounce)")
    print(f"{'site':>9} | {'event→reload':>12} | {'write→client':>12} | {'rebuild':>10} | {'pages':>5} | {'written':>7}")
    for size in args.sizes.split(","):
        if size == "bundled":
            bench("bundled", REPO, "content/provinces/vinh-phuc/metrics.yaml", args.edits, args.work)
        else:
            n = int(size)
            site = synthetic(n, args.work)
            first = sorted(os.listdir(os.path.join(site, "content", "provinces")))[n // 2]
            bench(str(n), site, f"content/provinces/{first}/metrics.yaml", args.edits, args.work)


if __name__ == "__main__":
    main()
