#!/usr/bin/env bash
# Speed and memory benchmark, side by side with Hugo (see scripts/bench/build.py), and the
# preview server's rebuild latency (scripts/bench/serve.py), the PDF edition
# (scripts/bench/pdf.py), and pathological Markdown bodies
# (scripts/bench/markdown.py: 20,000 headings, 20,000 inline values, 50,000 link definitions). Installs Hugo from Debian's
# packages when missing. Not part of the tests: it prints figures, and pass or FAIL for
# issue 29's targets (province page <= 40 KB, <= 2 files per province, <= 600 MB of output and
# at most 300 MB peak RSS at N = 10,000; build.py prints them).
#   scripts/bench.sh                       # N = 5, 1000, 10000, the bundled site, then serve latency
#   scripts/bench.sh --sizes 5,1000        # a quicker run
#   scripts/bench.sh --sizes 5 --no-serve  # without the serve latency
set -euo pipefail
cd "$(dirname "$0")/.."
serve=1
args=()
for a in "$@"; do
  if [ "$a" = --no-serve ]; then serve=0; else args+=("$a"); fi
done
if ! command -v hugo >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq -o DPkg::Lock::Timeout=600
  apt-get install -y -qq -o DPkg::Lock::Timeout=600 hugo >/dev/null
fi
cargo build --release --quiet
python3 scripts/bench/build.py "${args[@]}"
python3 scripts/bench/markdown.py
# The PDF edition: the bundled site and 1,000 provinces, with and without --no-pdf.
python3 scripts/bench/pdf.py
if [ "$serve" = 1 ]; then
  python3 scripts/bench/serve.py
fi
