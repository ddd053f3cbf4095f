#!/usr/bin/env python3
"""Turn the synthetic Hugo site of ../shared/bench/gen_sites.py into an ictreport site.

Usage: convert.py HUGO_DIR OUT_DIR

Each Hugo page content/provinces/pNNNNN-<slug>.md becomes content/provinces/pNNNNN-<slug>/
with index.md (same Markdown body, same title and region) and metrics.yaml (the same 10
indicators x 6 years of numbers). One indicator catalog and one source cover them all, so
both tools build the same text and data. Search is off (Hugo builds none) and the site has
one language, like the Hugo site.
"""
import json
import os
import re
import sys

INDICATORS = [
    # id, name, unit, kind, better
    ("dan_so_nghin_nguoi", "Dân số", "nghìn người", "index", "higher"),
    ("grdp_ty_dong", "GRDP", "tỷ đồng", "money", "higher"),
    ("grdp_binh_quan_trieu", "GRDP bình quân đầu người", "triệu đồng", "money", "higher"),
    ("thu_ngan_sach_ty", "Thu ngân sách", "tỷ đồng", "money", "higher"),
    ("von_dau_tu_ty", "Vốn đầu tư", "tỷ đồng", "money", "higher"),
    ("xuat_khau_trieu_usd", "Kim ngạch xuất khẩu", "triệu USD", "money", "higher"),
    ("ty_le_ho_ngheo", "Tỷ lệ hộ nghèo", "%", "percent", "lower"),
    ("ty_le_that_nghiep", "Tỷ lệ thất nghiệp", "%", "percent", "lower"),
    ("ty_le_do_thi_hoa", "Tỷ lệ đô thị hoá", "%", "percent", "higher"),
    ("so_doanh_nghiep", "Số doanh nghiệp", "doanh nghiệp", "index", "higher"),
]


def parse_page(text):
    """Splits the page into (front matter fields, body). The front matter is the simple
    YAML gen_sites.py writes: scalars, a list of years, and one JSON object per metric."""
    _, fm, body = text.split("---\n", 2)
    title = re.search(r'^title: "(.*)"$', fm, re.M).group(1)
    region = re.search(r'^  region: "(.*)"$', fm, re.M).group(1)
    metrics = {}
    for m in re.finditer(r"^    (\w+): (\{.*\})$", fm, re.M):
        metrics[m.group(1)] = json.loads(m.group(2))
    return title, region, metrics, body


def q(s):
    return json.dumps(s, ensure_ascii=False)


def main(hugo_dir, out):
    pages = os.path.join(hugo_dir, "content", "provinces")
    os.makedirs(os.path.join(out, "content", "provinces"), exist_ok=True)
    # Hugo and Zola build neither a search index nor PDFs: the benchmark compares HTML builds
    # (the preview benchmark too); scripts/bench/pdf.py times the PDF edition on its own.
    with open(os.path.join(out, "site.yaml"), "w", encoding="utf-8") as f:
        f.write("title: Báo cáo tỉnh\nbase_url: https://example.org/\nlanguage: vi\nsearch: false\npdf: false\n")
    with open(os.path.join(out, "content", "sources.yaml"), "w", encoding="utf-8") as f:
        f.write("- id: bench\n  title: Số liệu tổng hợp (tổng hợp)\n  publisher: Bộ dữ liệu thử hiệu năng\n  date: 2024-12-31\n")
    with open(os.path.join(out, "content", "indicators.yaml"), "w", encoding="utf-8") as f:
        f.write("categories:\n  - id: kinh-te\n    name: Kinh tế – xã hội\n    name_en: Economy and society\nindicators:\n")
        for i, (iid, name, unit, kind, better) in enumerate(INDICATORS):
            f.write(f"  - id: {iid}\n    name: {q(name)}\n    name_en: {q(iid)}\n    unit: {q(unit)}\n"
                    f"    kind: {kind}\n    decimals: 1\n    better: {better}\n    category: kinh-te\n")
            if i < 2:
                f.write("    key: true\n")
    count = 0
    for name in sorted(os.listdir(pages)):
        if not name.startswith("p") or not name.endswith(".md"):
            continue
        slug = name[:-3]
        with open(os.path.join(pages, name), encoding="utf-8") as f:
            title, region, metrics, body = parse_page(f.read())
        body = body.replace("](/provinces/", "](/tinh/")
        d = os.path.join(out, "content", "provinces", slug)
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, "index.md"), "w", encoding="utf-8") as f:
            f.write(f"---\nname: {q(title)}\nregion: {q(region)}\nsources: [bench]\n---\n{body}")
        with open(os.path.join(d, "metrics.yaml"), "w", encoding="utf-8") as f:
            for iid, *_ in INDICATORS:
                f.write(f"{iid}:\n")
                for year, value in metrics[iid].items():
                    f.write(f"  - year: {year}\n    value: {value}\n    source: bench\n")
        count += 1
    print(f"{count} provinces written to {out}")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
