#!/usr/bin/env python3
"""Side-by-side build benchmark: ictreport and Hugo (and Zola, when installed) on the same
synthetic provinces.

Usage: build.py [--sizes 5,1000,10000] [--runs N] [--work /dev/shm/ictreport-bench]
                [--baseline PATH/TO/OLD/ictreport]

For each size N it generates the Hugo site with ../shared/bench/gen_sites.py, converts it
to an ictreport site (convert.py), then builds every tool interleaved, several runs each, into
fresh output folders on tmpfs. Each build runs as a child process whose wall time
(time.perf_counter) and peak RSS (os.wait4) are measured. ictreport runs with all worker
threads and with one (RAYON_NUM_THREADS=1), and its two outputs are compared byte for byte.
Prints a table of medians (time, pages/s, peak RSS, output size, files and files per
province, the province page's median and largest size), the speed-up of two threads over one, the growth from 1,000 to 10,000 provinces,
the bundled site (five provinces, two languages, search) built cold, and the same figures as
a Markdown table for docs/benchmarks.md, and pass or FAIL for issue 29's output targets
(largest province page <= 40 KB, <= 2 files per province, <= 600 MB at N = 10,000).

With --baseline, another ictreport binary (an earlier commit's release build) is timed in
the same interleaved runs, so a before/after comparison sees the same machine load.

Zola is timed when a `zola` binary is found ($ZOLA, else the PATH): it is not packaged on
crates.io, PyPI, npm or Debian, so it is built from its source (docs/benchmarks.md says
how). Its site is the generated pages (byte-identical to Hugo's) in the skeleton
scripts/bench/skel/zola, whose templates print what the Hugo skeleton prints.
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
SHARED = os.path.abspath(os.path.join(REPO, "..", "shared", "bench"))
GEN = os.path.join(SHARED, "gen_sites.py")
# Issue 29's memory target: ictreport's peak RSS building 10,000 provinces (two threads).
RSS_TARGET_MB = 300
BIN = os.path.join(REPO, os.environ.get("CARGO_TARGET_DIR", "target"), "release", "ictreport")


def run(cmd, env=None):
    """Runs cmd; returns (seconds, peak RSS in MB). Fails loudly on a non-zero exit."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    # Read stderr before waiting, so that a chatty child cannot block on a full pipe.
    stderr = proc.stderr.read().decode(errors="replace")
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{' '.join(cmd)} failed:\n{stderr}")
    return elapsed, usage.ru_maxrss / 1024


def tree_size(path):
    """(bytes, files) of a folder, the stamp and hidden files included."""
    total = files = 0
    for d, _, fs in os.walk(path):
        for f in fs:
            total += os.path.getsize(os.path.join(d, f))
            files += 1
    return total, files


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


ZOLA = os.environ.get("ZOLA") or shutil.which("zola")
ZOLA_SKEL = os.path.join(HERE, "skel", "zola")


def zola_available():
    return ZOLA is not None and os.path.isfile(ZOLA)


def zola_site(base):
    """The Zola copy of the generated site: our skeleton plus Hugo's content folder (the
    generator writes the same page files for both)."""
    site = os.path.join(base, "zola")
    if not os.path.isdir(os.path.join(site, "content")):
        shutil.rmtree(site, ignore_errors=True)
        shutil.copytree(ZOLA_SKEL, site)
        shutil.copytree(os.path.join(base, "hugo", "content"), os.path.join(site, "content"))
    return site


BASELINE = None  # --baseline: an earlier ictreport binary, timed alongside


def tools(base):
    """The builds to time for one size: (key, label, command for an output folder, env)."""
    one_thread = dict(os.environ, RAYON_NUM_THREADS="1")
    two_threads = dict(os.environ, RAYON_NUM_THREADS="2")
    ict_site = os.path.join(base, "ictreport")
    out = [("hugo", "Hugo", lambda o: ["hugo", "--quiet", "-s", os.path.join(base, "hugo"), "-d", o], None)]
    if zola_available():
        zsite = zola_site(base)
        out.append(("zola", "Zola", lambda o: [ZOLA, "--root", zsite, "build", "--output-dir", o, "--force"], None))
    # The HTML site only: the PDF edition is timed by pdf.py (Hugo writes no PDF).
    out.append(("ict", "ictreport", lambda o: [BIN, "build", "--no-pdf", "--root", ict_site, "--output", o], two_threads))
    out.append(("ict1", "ictreport 1 thr", lambda o: [BIN, "build", "--no-pdf", "--root", ict_site, "--output", o], one_thread))
    if BASELINE:
        out.append(("base", "baseline", lambda o: [BASELINE, "build", "--root", ict_site, "--output", o], two_threads))
    return out


def bench_size(n, runs, work):
    base = os.path.join(work, f"n{n}")
    ict_site = os.path.join(base, "ictreport")
    if not os.path.isdir(ict_site):
        subprocess.run([sys.executable, GEN, str(n), base], check=True, stdout=subprocess.DEVNULL)
        subprocess.run([sys.executable, os.path.join(HERE, "convert.py"), os.path.join(base, "hugo"), ict_site], check=True, stdout=subprocess.DEVNULL)
    builds = tools(base)
    results = {key: [] for key, *_ in builds}
    for _ in range(runs):
        # Interleaved so that drift on the machine hits every tool alike.
        for key, _, cmd, env in builds:
            results[key].append(run(cmd(fresh(os.path.join(work, f"out-{key}"))), env=env))
    identical = same_tree(os.path.join(work, "out-ict"), os.path.join(work, "out-ict1"))
    sizes = {key: tree_size(os.path.join(work, f"out-{key}")) for key, *_ in builds}
    return builds, results, sizes, identical, province_pages(os.path.join(work, "out-ict"), n)


def province_pages(out, n):
    """(median, largest) size in bytes of every province page (tinh/<slug>/index.html);
    fails unless there is one page per province, so the 40 KB check cannot pass on a part."""
    root = os.path.join(out, "tinh")
    sizes = [os.path.getsize(os.path.join(root, d, "index.html")) for d in os.listdir(root)
             if os.path.isfile(os.path.join(root, d, "index.html"))]
    if len(sizes) != n:
        sys.exit(f"{root}: {len(sizes)} province pages for {n} provinces")
    return statistics.median(sizes), max(sizes)


# Issue 29's targets for the output, checked on every run (speed targets are only printed).
PAGE_KB = 40
FILES_PER_PROVINCE = 2
OUTPUT_MB_AT_10000 = 600


def targets(rows, pages):
    """Prints pass or FAIL for each output target of the sizes measured. The output target
    holds at N = 10,000 only: without that size it is reported as not measured, with what
    N = 1,000 projects (its output per province times 10,000), never as passed."""
    print()
    measured = {n for n, *_ in rows}
    if 10000 not in measured:
        by_n = {n: f for n, f, *_ in rows}
        projected = (f"; N = 1,000 projects {by_n[1000]['ict'][2] * 10:,.0f} MB"
                     if 1000 in by_n else "")
        print(f"target N=10,000: output <= {OUTPUT_MB_AT_10000} MB: not measured "
              f"(--sizes without 10000){projected}")
    for n, f, *_ in rows:
        median_b, largest = pages[n]
        _, _, mb, files = f["ict"]
        checks = [
            (f"largest province page {largest / 1000:.1f} KB (median {median_b / 1000:.1f}) <= {PAGE_KB} KB",
             largest <= PAGE_KB * 1000),
            (f"{files / n:.3f} files per province <= {FILES_PER_PROVINCE}", files / n <= FILES_PER_PROVINCE),
        ]
        if n == 10000:
            checks.append((f"output {mb:,.0f} MB <= {OUTPUT_MB_AT_10000} MB", mb <= OUTPUT_MB_AT_10000))
        for text, ok in checks:
            print(f"target N={n:,}: {text}: {'pass' if ok else 'FAIL'}")


def median(pairs, i):
    return statistics.median(p[i] for p in pairs)


def bundled(work, runs, binary, root):
    """The bundled site, cold (a fresh output folder each run): five provinces, Vietnamese
    and English, the search index."""
    out = os.path.join(work, "out-bundled")
    # The PDF edition is timed by pdf.py; a baseline binary may predate the flag.
    skip = ["--no-pdf"] if binary == BIN else []
    results = [run([binary, "build", *skip, "--root", root, "--output", fresh(out)]) for _ in range(runs)]
    # Built again into the same folder, nothing changed: what a repeated build costs.
    warm = [run([binary, "build", *skip, "--root", root, "--output", out]) for _ in range(runs)]
    return median(results, 0) * 1000, median(results, 1), tree_size(out), median(warm, 0) * 1000


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="5,1000,10000")
    ap.add_argument("--runs", type=int, default=0, help="runs per size (default: 11, 7, 5, 3 by size)")
    ap.add_argument("--work", default="/dev/shm/ictreport-bench")
    ap.add_argument("--baseline", help="an earlier ictreport binary to time alongside")
    args = ap.parse_args()
    global BASELINE
    BASELINE = args.baseline and os.path.abspath(args.baseline)
    if not os.path.exists(BIN):
        sys.exit(f"{BIN} missing: run cargo build --release first")
    os.makedirs(args.work, exist_ok=True)
    hugo_version = subprocess.run(["hugo", "version"], capture_output=True, text=True).stdout.split()[1]
    zola = f"Zola timed ({ZOLA})" if zola_available() else "Zola not timed (no zola binary: set ZOLA; it is not on crates.io, PyPI, npm or Debian)"
    print(f"machine: {os.cpu_count()} cores; work folder {args.work}; Hugo {hugo_version}; {zola}")
    header = (f"{'N':>6} | {'tool':<16} | {'median ms':>10} | {'pages/s':>9} | {'peak RSS MB':>11} | "
              f"{'output MB':>9} | {'files':>7} | {'files/prov':>10} | {'vs Hugo':>8}")
    print(header)
    print("-" * len(header))
    rows = []  # for the Markdown table: (n, {key: (ms, rss, MB, files)}, speedup, identical)
    pages = {}  # n: (median, largest) province page in bytes
    for n in [int(s) for s in args.sizes.split(",")]:
        runs = args.runs or (11 if n <= 100 else 7 if n <= 1000 else 3)
        builds, results, sizes, identical, pages[n] = bench_size(n, runs, args.work)
        hugo_ms = median(results["hugo"], 0) * 1000
        figures = {}
        for key, label, *_ in builds:
            ms = median(results[key], 0) * 1000
            rss = median(results[key], 1)
            size, files = sizes[key]
            figures[key] = (ms, rss, size / 1e6, files)
            ratio = "" if key == "hugo" else f"{ms / hugo_ms:.2f}x"
            print(f"{n:>6} | {label:<16} | {ms:>10.1f} | {n / (ms / 1000):>9.0f} | {rss:>11.1f} | "
                  f"{size / 1e6:>9.1f} | {files:>7} | {files / n:>10.2f} | {ratio:>8}")
        speedup = median(results["ict1"], 0) / median(results["ict"], 0)
        print(f"{n:>6} | two threads vs one: {speedup:.2f}x faster; outputs byte-identical: {'yes' if identical else 'NO'}  ({runs} runs)")
        print(f"{n:>6} | province page: median {pages[n][0] / 1000:.1f} KB, largest {pages[n][1] / 1000:.1f} KB")
        rows.append((n, figures, speedup, identical))
    by_n = {n: f for n, f, *_ in rows}
    if 1000 in by_n and 10000 in by_n:
        per_page = lambda n: by_n[n]["ict"][0] / n
        print(f"linearity: {per_page(1000):.3f} ms per province at 1,000, {per_page(10000):.3f} at 10,000 "
              f"({per_page(10000) / per_page(1000):.2f}x; 1.00 is linear)")
    # Issue 29's speed target: pages per second at least Zola's, in the same interleaved run.
    for n, f in by_n.items():
        if "zola" in f and n >= 1000:
            ict, zola = f["ict"], f["zola"]
            verdict = "pass" if ict[0] <= zola[0] else "FAIL"
            print(f"target N={n:,}: pages/s at least Zola's: ictreport {n / ict[0] * 1000:,.0f}, "
                  f"Zola {n / zola[0] * 1000:,.0f} ({zola[0] / ict[0]:.2f}x), {verdict}; "
                  f"peak RSS ictreport {ict[1]:,.0f} MB, Zola {zola[1]:,.0f} MB")
    if 10000 in by_n:
        rss = by_n[10000]["ict"][1]
        verdict = "pass" if rss <= RSS_TARGET_MB else "FAIL"
        print(f"target: peak RSS at N = 10,000 at most {RSS_TARGET_MB} MB (issue 29): "
              f"{rss:,.0f} MB, {verdict}")
    # The baseline builds the bundled site of its own checkout (<checkout>/target/release/ictreport),
    # whose theme matches it.
    runs = [("", BIN, REPO)]
    if BASELINE:
        runs.append((" (baseline)", BASELINE, os.path.abspath(os.path.join(os.path.dirname(BASELINE), "..", ".."))))
    for label, binary, root in runs:
        ms, rss, (size, files), warm = bundled(args.work, 11, binary, root)
        print(f"bundled site{label}, cold (5 provinces, 2 languages, search): median {ms:.1f} ms, "
              f"peak RSS {rss:.1f} MB, {size / 1e6:.1f} MB in {files} files; built again unchanged: {warm:.1f} ms")
    print()
    print("| N | Hugo | ictreport, 2 threads | ictreport, 1 thread | 2 vs 1 thread | peak RSS Hugo / ictreport | output Hugo / ictreport | files per province Hugo / ictreport |")
    print("|---|---|---|---|---|---|---|---|")
    for n, f, speedup, identical in rows:
        h, i, i1 = f["hugo"], f["ict"], f["ict1"]
        print(f"| {n:,} | {h[0]:,.0f} ms | {i[0]:,.0f} ms ({n / i[0] * 1000:,.0f} pages/s) | {i1[0]:,.0f} ms | "
              f"{speedup:.2f}x{'' if identical else ' (outputs differ!)'} | {h[1]:,.0f} / {i[1]:,.0f} MB | "
              f"{h[2]:,.1f} / {i[2]:,.1f} MB | {h[3] / n:.2f} / {i[3] / n:.2f} |")
    targets(rows, pages)


if __name__ == "__main__":
    main()
