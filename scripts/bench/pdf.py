#!/usr/bin/env python3
"""The PDF edition's cost: builds with and without it (`--no-pdf`), on 2 threads
(RAYON_NUM_THREADS=2), the difference being the time spent typesetting.

Usage: pdf.py [--sizes bundled,1000] [--runs N] [--work /dev/shm/ictreport-bench]

`bundled` is the repository's own site (five provinces, two languages: ten province PDFs and
two whole-report PDFs); a number N is the synthetic site of build.py (generated there with
../shared/bench/gen_sites.py and convert.py, reused when present). Prints the median build
time with and without PDFs, the time per province PDF (the PDF time over the number of
province PDFs, the reports included in it), the PDFs' total size and pages.
"""
import argparse
import os
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import build  # noqa: E402  (the same runner, generator and binary)


def pdf_files(out):
    found = []
    for d, _, fs in os.walk(out):
        found.extend(os.path.join(d, f) for f in fs if f.endswith(".pdf"))
    return sorted(found)


def pages(pdf):
    info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout
    return next((int(l.split()[-1]) for l in info.splitlines() if l.startswith("Pages:")), 0)


def site_for(size, work):
    if size == "bundled":
        return build.REPO
    n = int(size)
    # A folder of its own: convert.py turns PDFs off for the HTML benchmarks, this one on.
    base = os.path.join(work, f"pdf-n{n}")
    site = os.path.join(base, "ictreport")
    if not os.path.isdir(site):
        subprocess.run([sys.executable, build.GEN, str(n), base], check=True, stdout=subprocess.DEVNULL)
        subprocess.run([sys.executable, os.path.join(HERE, "convert.py"), os.path.join(base, "hugo"), site],
                       check=True, stdout=subprocess.DEVNULL)
        config = os.path.join(site, "site.yaml")
        with open(config, encoding="utf-8") as f:
            text = f.read()
        with open(config, "w", encoding="utf-8") as f:
            f.write(text.replace("pdf: false\n", "pdf: true\n"))
    return site


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="bundled,1000")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--work", default="/dev/shm/ictreport-bench")
    args = ap.parse_args()
    if not os.path.exists(build.BIN):
        sys.exit(f"{build.BIN} missing: run cargo build --release first")
    os.makedirs(args.work, exist_ok=True)
    env = dict(os.environ, RAYON_NUM_THREADS="2")
    for size in args.sizes.split(","):
        site = site_for(size, args.work)
        out = os.path.join(args.work, "out-pdf")
        cmd = lambda *flags: [build.BIN, "build", *flags, "--root", site, "--output", build.fresh(out)]
        without = statistics.median(build.run(cmd("--no-pdf"), env=env)[0] for _ in range(args.runs))
        timed = [build.run(cmd(), env=env) for _ in range(args.runs)]
        with_pdf = statistics.median(t[0] for t in timed)
        rss = statistics.median(t[1] for t in timed)
        files = pdf_files(out)
        provinces = [f for f in files if os.path.basename(f) != "bao-cao.pdf"]
        reports = [f for f in files if os.path.basename(f) == "bao-cao.pdf"]
        size_mb = sum(os.path.getsize(f) for f in files) / 1e6
        print(f"{size}: build {with_pdf * 1000:,.0f} ms with PDFs, {without * 1000:,.0f} ms without "
              f"(PDFs {max(with_pdf - without, 0) * 1000:,.0f} ms on 2 threads, peak RSS {rss:.0f} MB); "
              f"{len(provinces)} province PDFs, {(with_pdf - without) / max(len(provinces), 1) * 1000:,.1f} ms each "
              f"with the reports' share; {size_mb:.1f} MB in {len(files)} PDFs")
        for f in provinces[:2] + reports:
            print(f"  {os.path.relpath(f, out)}: {os.path.getsize(f) / 1e3:,.0f} kB, {pages(f)} pages")


if __name__ == "__main__":
    main()
