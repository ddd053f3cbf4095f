#!/usr/bin/env python3
"""Side-by-side build benchmark: ictreport and Hugo on the same synthetic provinces.

Usage: build.py [--sizes 5,100,1000,10000] [--runs N] [--work /dev/shm/ictreport-bench]

For each size N it generates the Hugo site with ../shared/bench/gen_sites.py, converts it
to an ictreport site (convert.py), then builds both interleaved, several runs each, into
fresh output folders on tmpfs. Each build runs as a child process whose wall time
(time.perf_counter) and peak RSS (os.wait4) are measured. ictreport is also run with one
worker thread, and its outputs with 1 and all threads are compared byte for byte.
Prints a table of medians. Also times the bundled five-province site.
"""
import argparse
import filecmp
import os
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", ".."))
GEN = os.path.abspath(os.path.join(REPO, "..", "shared", "bench", "gen_sites.py"))
BIN = os.path.join(REPO, "target", "release", "ictreport")


def run(cmd, env=None):
    """Runs cmd; returns (seconds, peak RSS in MB). Fails loudly on a non-zero exit."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    stderr = proc.stderr.read().decode(errors="replace")
    proc.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{' '.join(cmd)} failed:\n{stderr}")
    return elapsed, usage.ru_maxrss / 1024


def dir_bytes(path):
    return sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(path) for f in fs)


def same_tree(a, b):
    cmp = filecmp.dircmp(a, b)
    if cmp.left_only or cmp.right_only or cmp.diff_files or cmp.funny_files:
        return False
    # dircmp compares shallowly by stat; check contents too.
    _, mismatch, errors = filecmp.cmpfiles(a, b, cmp.common_files, shallow=False)
    return not mismatch and not errors and all(same_tree(os.path.join(a, d), os.path.join(b, d)) for d in cmp.common_dirs)


def fresh(path):
    shutil.rmtree(path, ignore_errors=True)
    return path


def bench_size(n, runs, work):
    base = os.path.join(work, f"n{n}")
    hugo_site = os.path.join(base, "hugo")
    ict_site = os.path.join(base, "ictreport")
    if not os.path.isdir(ict_site):
        subprocess.run([sys.executable, GEN, str(n), base], check=True, stdout=subprocess.DEVNULL)
        subprocess.run([sys.executable, os.path.join(HERE, "convert.py"), hugo_site, ict_site], check=True, stdout=subprocess.DEVNULL)
    out = os.path.join(work, "out")
    one_thread = dict(os.environ, RAYON_NUM_THREADS="1")
    results = {"hugo": [], "ict": [], "ict1": []}
    for _ in range(runs):
        # Interleaved so that drift on the machine hits all three alike.
        results["hugo"].append(run(["hugo", "--quiet", "-s", hugo_site, "-d", fresh(out + "-hugo")]))
        results["ict"].append(run([BIN, "build", "--root", ict_site, "--output", fresh(out + "-ict")]))
        results["ict1"].append(run([BIN, "build", "--root", ict_site, "--output", fresh(out + "-ict1")], env=one_thread))
    identical = same_tree(out + "-ict", out + "-ict1")
    sizes = {"hugo": dir_bytes(out + "-hugo"), "ict": dir_bytes(out + "-ict")}
    return results, sizes, identical


def median(pairs, i):
    return statistics.median(p[i] for p in pairs)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="5,100,1000,10000")
    ap.add_argument("--runs", type=int, default=0, help="runs per size (default: 11, 7, 5, 3 by size)")
    ap.add_argument("--work", default="/dev/shm/ictreport-bench")
    args = ap.parse_args()
    if not os.path.exists(BIN):
        sys.exit(f"{BIN} missing: run cargo build --release first")
    os.makedirs(args.work, exist_ok=True)
    print(f"machine: {os.cpu_count()} cores; work folder {args.work}; {subprocess.run(['hugo', 'version'], capture_output=True, text=True).stdout.split()[1]}")
    header = f"{'N':>6} | {'tool':<16} | {'median ms':>10} | {'pages/s':>9} | {'peak RSS MB':>11} | {'output MB':>9} | {'vs Hugo':>8}"
    print(header)
    print("-" * len(header))
    for n in [int(s) for s in args.sizes.split(",")]:
        runs = args.runs or (11 if n <= 100 else 5 if n <= 1000 else 3)
        results, sizes, identical = bench_size(n, runs, args.work)
        hugo_ms = median(results["hugo"], 0) * 1000
        for key, label in (("hugo", "hugo"), ("ict", "ictreport"), ("ict1", "ictreport 1 thr")):
            ms = median(results[key], 0) * 1000
            rss = median(results[key], 1)
            size = sizes["hugo" if key == "hugo" else "ict"] / 1e6
            ratio = "" if key == "hugo" else f"{ms / hugo_ms:.2f}x"
            print(f"{n:>6} | {label:<16} | {ms:>10.1f} | {n / (ms / 1000):>9.0f} | {rss:>11.1f} | {size:>9.1f} | {ratio:>8}")
        speedup = median(results["ict1"], 0) / median(results["ict"], 0)
        print(f"{n:>6} | two threads vs one: {speedup:.2f}x faster; outputs byte-identical: {'yes' if identical else 'NO'}  ({runs} runs)")
    # The bundled five-province site, with its charts, search index and both languages.
    bundled = [run([BIN, "build", "--root", REPO, "--output", fresh(os.path.join(args.work, "out-bundled"))]) for _ in range(11)]
    print(f"bundled site (5 provinces, 2 languages, search): median {median(bundled, 0) * 1000:.1f} ms, peak RSS {median(bundled, 1):.1f} MB")


if __name__ == "__main__":
    main()
