#!/usr/bin/env python3
"""Pathological Markdown bodies, timed through `ictreport check`: 20,000 identical headings,
20,000 inline values, 50,000 link reference definitions with a link through each. Each body
goes into one province of tests/fixtures/good (under the 4 MB file limit); the target is
under a second each in a release build (issue 24). The same sizes at a quarter are timed too,
so the growth shows (linear: about 4×).

Usage: markdown.py [--binary PATH] [--runs N]
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", ".."))
BIN = os.path.join(REPO, os.environ.get("CARGO_TARGET_DIR", "target"), "release", "ictreport")
VALUE = 'Năm {{ value(indicator="ict_revenue", year=2019) }} tăng.\n\n'


def headings(n):
    return "## Mục\n\nchữ\n\n" * n


def values(n):
    return VALUE * n


def references(n):
    defs = "".join(f"[r{i}]: https://e.org/{i}\n" for i in range(n))
    uses = "".join(f"[a][r{i}]\n\n" for i in range(n))
    return defs + "\n" + uses


CASES = [("identical headings", headings, 20_000), ("inline values", values, 20_000),
         ("link reference definitions", references, 50_000)]


def site_with(work, body):
    root = os.path.join(work, "site")
    shutil.rmtree(root, ignore_errors=True)
    shutil.copytree(os.path.join(REPO, "tests", "fixtures", "good"), root)
    index = os.path.join(root, "content", "provinces", "alpha", "index.md")
    with open(index, "a", encoding="utf-8") as f:
        f.write("\n" + body)
    return root


def timed_check(binary, root, runs):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run([binary, "check", "-q", "--root", root],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        times.append(time.perf_counter() - start)
        if done.returncode != 0:
            sys.exit(f"check failed:\n{done.stderr[-2000:]}")
    return statistics.median(times)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", default=BIN)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    if not os.path.exists(args.binary):
        sys.exit(f"{args.binary} missing: run cargo build --release first")
    print("| body | N/4 | N | growth |")
    print("| --- | --- | --- | --- |")
    with tempfile.TemporaryDirectory() as work:
        for name, body, n in CASES:
            small = timed_check(args.binary, site_with(work, body(n // 4)), args.runs)
            large = timed_check(args.binary, site_with(work, body(n)), args.runs)
            print(f"| {n:,} {name} | {small:.2f} s | {large:.2f} s | {large / small:.1f}× |")


if __name__ == "__main__":
    main()
