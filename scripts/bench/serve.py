#!/usr/bin/env python3
"""Preview-server latency: edit inputs under `ictreport serve` and measure how long until open
pages are told to reload, and how many files were rewritten.

Usage: serve.py [--sizes bundled,1000] [--edits 9] [--kinds metrics,...] [--work DIR]

Kinds of change: metrics (one province's metrics.yaml), markdown (its index.md), catalog
(content/indicators.yaml), sources (content/sources.yaml), template (a template override),
css (the theme's style.css), config (site.yaml), error (the metrics file broken, then fixed:
the time until open pages show the error, and until a fix clears it). The bundled site gets
every kind; the synthetic one `metrics` and `error` unless --kinds says otherwise.

Reports per site and kind: the server's own figure (file event to reload message, which
includes the watcher's 10 ms debounce), the time a client sees (write to the event on the
stream), the rebuild time, pages rendered, files written and removed before the reload, and
files written after it (downloads, feeds, search index, which a province edit defers). The
synthetic site comes from build.py's work folder (generated on demand).
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
BIN = os.path.join(REPO, os.environ.get("CARGO_TARGET_DIR", "target"), "release", "ictreport")
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


def first_value(text, i):
    value = re.search(r"value: ([0-9.]+)", text).group(1)
    return text.replace(f"value: {value}", f"value: {float(value) + i + 1}", 1)


def first_field(field):
    def change(text, i):
        return re.sub(rf"^(\s*-?\s*{field}: .*)$", rf"\g<1> {i}", text, count=1, flags=re.M)
    return change


# kind -> (file, function giving the file's text for edit i)
KINDS = {
    "metrics": ("content/provinces/{province}/metrics.yaml", first_value),
    "markdown": ("content/provinces/{province}/index.md", lambda t, i: f"{t}\nGhi chú thử {i}.\n"),
    "catalog": ("content/indicators.yaml", first_field("name")),
    "sources": ("content/sources.yaml", first_field("publisher")),
    "template": ("themes/default/templates/page.html", lambda t, i: t.replace("<h1>", f'<h1 data-edit="{i}">', 1)),
    "css": ("themes/default/static/style.css", lambda t, i: f"{t}\n/* edit {i} */\n"),
    "config": ("site.yaml", first_field("title")),
    "error": None,  # see break_and_fix
}

REBUILT = re.compile(r"Rebuilt \((.*?)\): (\d+) pages rendered, (\d+) files written, (\d+) removed in ([0-9.]+) ms")
LATENCY = re.compile(r"([0-9.]+) ms from the file event to the reload message")
DEFERRED = re.compile(r"Then downloads, feeds and search index: (\d+) files written")


def write(path, text):
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def next_state(q, version):
    """Waits for the first build state on the event stream newer than `version`; returns the
    time it arrived and the state."""
    while True:
        at, state = q.get(timeout=300)
        if state["version"] > version:
            return at, state


def server_report(lines):
    """What the server printed for one rebuild: the rebuild line's figures (pages, written,
    removed, ms; None after a failed build), the event-to-reload latency, and the files
    written after the reload. Waits for that last line when one comes, so the next edit does
    not overlap its work, as an editor's next save would come much later."""
    rebuilt, latency, after = None, None, 0
    while True:
        try:
            line = lines.get(timeout=2 if latency is not None else 300)
        except queue.Empty:
            break
        m = REBUILT.search(line)
        if m:
            rebuilt = (int(m.group(2)), int(m.group(3)), int(m.group(4)), float(m.group(5)))
        m = LATENCY.search(line)
        if m:
            latency = float(m.group(1))
        m = DEFERRED.search(line)
        if m:
            after = int(m.group(1))
            break
    return rebuilt, latency, after


def break_and_fix(path, text, edits, q, lines, version):
    """Alternately breaks one province's metrics.yaml (a value that is not a number) and
    fixes it; checks that the broken edit reaches open pages as errors naming the file, and
    that the fix clears them. Returns the medians and the last build version."""
    broken_ms, fixed_ms = [], []
    name = os.path.relpath(path, os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(path)))))
    for i in range(edits):
        broken = i % 2 == 0
        write(path, re.sub(r"value: ([0-9.]+)", "value: 12,5 tỷ" if broken else rf"value: \g<1>{i}", text, count=1))
        _, state = next_state(q, version)
        version = state["version"]
        if broken:
            # Each error the event stream carries is an object: its text, file, line and link.
            assert any(name in e["text"] for e in state["errors"]), state["errors"]
        else:
            assert not state["errors"], state["errors"]
        _, latency, _ = server_report(lines)
        (broken_ms if broken else fixed_ms).append(latency)
    write(path, text)
    return statistics.median(broken_ms), statistics.median(fixed_ms), version


def bench(label, source_root, province, kinds, edits, work):
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
    _, state = q.get(timeout=300)
    version = state["version"]
    for kind in kinds:
        if kind == "error":
            path = os.path.join(root, KINDS["metrics"][0].format(province=province))
            text = open(path, encoding="utf-8").read()
            broken, fixed, version = break_and_fix(path, text, max(edits, 2), q, lines, version)
            time.sleep(1.0)
            print(f"{label:>9} | {'error':>8} | {broken:>12.1f} | errors shown; the last good site stays", flush=True)
            print(f"{label:>9} | {'fix':>8} | {fixed:>12.1f} | errors cleared", flush=True)
            continue
        rel, change = KINDS[kind]
        path = os.path.join(root, rel.format(province=province))
        text = open(path, encoding="utf-8").read()
        client, server, rebuilt, later = [], [], [], []
        for i in range(edits):
            new = change(text, i)
            assert new != text, f"{kind}: the edit changes nothing"
            start = time.perf_counter()
            write(path, new)
            at, state = next_state(q, version)
            version = state["version"]
            client.append((at - start) * 1000)
            assert not state["errors"], state["errors"]
            figures, latency, after = server_report(lines)
            rebuilt.append(figures)
            server.append(latency)
            later.append(after)
        # Leave the file as it was, for the next kind.
        write(path, text)
        _, state = next_state(q, version)
        version = state["version"]
        time.sleep(1.0)
        while not lines.empty():
            lines.get()
        med = statistics.median
        pages, written, removed, rebuild = (med(column) for column in zip(*rebuilt))
        print(f"{label:>9} | {kind:>8} | {med(server):>12.1f} | {med(client):>12.1f} | {rebuild:>8.1f} | {pages:>5.0f} | {written:>7.0f} | {removed:>7.0f} | {med(later):>5.0f}", flush=True)
    proc.send_signal(2)
    proc.wait(timeout=30)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="bundled,1000")
    ap.add_argument("--edits", type=int, default=9)
    ap.add_argument("--kinds", default=None, help="comma-separated; default: every kind on the bundled site, metrics on others")
    ap.add_argument("--work", default="/dev/shm/ictreport-bench")
    args = ap.parse_args()
    os.makedirs(args.work, exist_ok=True)
    print("serve: medians in ms over the edits (event→reload includes the 10 ms debounce)")
    print(f"{'site':>9} | {'change':>8} | {'event→reload':>12} | {'write→client':>12} | {'rebuild':>8} | {'pages':>5} | {'written':>7} | {'removed':>7} | {'after':>5}")
    for size in args.sizes.split(","):
        if size == "bundled":
            kinds = (args.kinds or ",".join(KINDS)).split(",")
            bench("bundled", REPO, "vinh-phuc", kinds, args.edits, args.work)
        else:
            n = int(size)
            site = synthetic(n, args.work)
            province = sorted(os.listdir(os.path.join(site, "content", "provinces")))[n // 2]
            kinds = (args.kinds or "metrics,error").split(",")
            bench(str(n), site, province, kinds, args.edits, args.work)


if __name__ == "__main__":
    main()
