#!/usr/bin/env python3
"""Spreadsheet import speed: a sheet of 34 provinces x 97 indicators x 5 years (16,490
figures) imported into a site whose provinces have no data yet (every figure added), and
imported again (every figure unchanged), as CSV and as xlsx in both layouts.

Usage: import.py [--runs 5] [--work DIR] [--bin PATH]

The site is generated in the work folder (default /dev/shm/ictreport-import-bench): the 34
provinces of 2025 (data/provinces-2025.tsv) created with `ictreport new province`, 97
indicators (counts, amounts, percents), one source. The CSV is written here; the xlsx files
are `ictreport export` of the imported site, long and wide. Each run imports into a fresh
copy of the empty site (the copy is not timed). Prints the median wall time of the whole
command (start, read, check, merge, validate, write) per case. Target: under a second.
"""
import argparse
import csv
import os
import random
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", ".."))
INDICATORS = 97
YEARS = range(2020, 2025)


def run(args, **kw):
    return subprocess.run(args, check=True, stdout=subprocess.DEVNULL, **kw)


def provinces():
    names = []
    with open(os.path.join(REPO, "data", "provinces-2025.tsv"), encoding="utf-8") as f:
        for line in f:
            cols = line.rstrip("\n").split("\t")
            if cols[0].isdigit() and cols[1] not in names:
                names.append(cols[1])
    return names


def indicators():
    kinds = ["count", "money", "percent"]
    out = []
    for i in range(INDICATORS):
        kind = kinds[i % 3]
        out.append((f"ind_{i:03d}", kind))
    return out


def make_site(bin_path, site):
    os.makedirs(os.path.join(site, "content", "provinces"))
    with open(os.path.join(site, "site.yaml"), "w", encoding="utf-8") as f:
        f.write("title: Thử nhập bảng tính\nbase_url: /\nsearch: false\n")
    with open(os.path.join(site, "content", "sources.yaml"), "w", encoding="utf-8") as f:
        f.write("- id: tong-hop-2025\n  title: Số liệu tổng hợp\n  publisher: Sở\n  date: 2025-06-30\n")
    units = {"count": "đơn vị", "money": "tỷ đồng", "percent": "%"}
    with open(os.path.join(site, "content", "indicators.yaml"), "w", encoding="utf-8") as f:
        f.write("categories:\n  - id: chung\n    name: Chung\n    name_en: General\nindicators:\n")
        for ident, kind in indicators():
            f.write(
                f"  - id: {ident}\n    name: Chỉ số {ident}\n    name_en: Indicator {ident}\n"
                f"    unit: \"{units[kind]}\"\n    kind: {kind}\n    decimals: 1\n"
                f"    better: higher\n    category: chung\n"
            )
    for name in provinces():
        run([bin_path, "new", "province", name, "--root", site])


def write_csv(path):
    rng = random.Random(16)
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["province", "indicator", "year", "value", "source"])
        for name in provinces():
            for ident, kind in indicators():
                for year in YEARS:
                    if kind == "count":
                        value = rng.randint(0, 100000)
                    elif kind == "percent":
                        value = round(rng.uniform(0, 100), 1)
                    else:
                        value = round(rng.uniform(0, 50000), 1)
                    w.writerow([name, ident, year, value, "tong-hop-2025"])


def timed_import(bin_path, pristine, scratch, sheet, fresh):
    if fresh:
        if os.path.exists(scratch):
            shutil.rmtree(scratch)
        shutil.copytree(pristine, scratch)
    start = time.perf_counter()
    run([bin_path, "import", sheet, "--root", scratch])
    return time.perf_counter() - start


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--work", default="/dev/shm/ictreport-import-bench")
    ap.add_argument("--bin", default=os.path.join(REPO, "target", "release", "ictreport"))
    args = ap.parse_args()
    if not os.path.exists(args.bin):
        run(["cargo", "build", "--release"], cwd=REPO)
    if os.path.exists(args.work):
        shutil.rmtree(args.work)
    pristine = os.path.join(args.work, "empty-site")
    scratch = os.path.join(args.work, "site")
    make_site(args.bin, pristine)
    sheets = {"long csv": os.path.join(args.work, "data.csv")}
    write_csv(sheets["long csv"])
    # The xlsx files are exports of the imported site.
    timed_import(args.bin, pristine, scratch, sheets["long csv"], True)
    for name, layout in [("long xlsx", "long"), ("wide xlsx", "wide")]:
        sheets[name] = os.path.join(args.work, f"data-{layout}.xlsx")
        run([args.bin, "export", sheets[name], "--root", scratch, "--layout", layout])
    rows = sum(1 for _ in open(sheets["long csv"], encoding="utf-8")) - 1
    print(f"{len(provinces())} provinces x {INDICATORS} indicators x {len(YEARS)} years = {rows} figures; "
          f"median of {args.runs} runs, wall time of `ictreport import`")
    print(f"{'sheet':<10} {'all added':>10} {'unchanged':>10}")
    for name, sheet in sheets.items():
        added = [timed_import(args.bin, pristine, scratch, sheet, True) for _ in range(args.runs)]
        same = [timed_import(args.bin, pristine, scratch, sheet, False) for _ in range(args.runs)]
        print(f"{name:<10} {statistics.median(added) * 1000:>8.0f} ms {statistics.median(same) * 1000:>7.0f} ms")


if __name__ == "__main__":
    sys.exit(main())
