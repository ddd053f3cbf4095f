#!/usr/bin/env bash
# Coverage-guided fuzzing of the parsers with cargo-fuzz (libFuzzer, AddressSanitizer).
#
#   scripts/fuzz.sh --smoke               every target briefly (the step in scripts/test.sh)
#   scripts/fuzz.sh [TARGET...] [-t SECS]  longer runs (default 600 s each); see fuzz/README.md
#
# New inputs go to fuzz/target/corpus/<target>/ (kept between runs, not in git); the seeds in
# fuzz/corpus/<target>/ are only read. A crash, a panic, a hang (-timeout) or a runaway
# allocation (-rss_limit_mb) stops the run, leaves the input in fuzz/artifacts/<target>/ and
# fails the script.
set -euo pipefail
cd "$(dirname "$0")/.."

all_targets=(metrics frontmatter markdown)
targets=()
seconds=600
while [ $# -gt 0 ]; do
  case "$1" in
    --smoke) seconds="${FUZZ_SMOKE_SECONDS:-40}" ;;
    -t) seconds="$2"; shift ;;
    *) targets+=("$1") ;;
  esac
  shift
done
[ ${#targets[@]} -gt 0 ] || targets=("${all_targets[@]}")

command -v cargo-fuzz >/dev/null 2>&1 || cargo install cargo-fuzz --locked

# cargo-fuzz passes -Z flags to rustc: a nightly toolchain, or the stable one told to accept them.
if rustup run nightly rustc --version >/dev/null 2>&1; then
  fuzz=(cargo +nightly fuzz)
else
  export RUSTC_BOOTSTRAP=1
  fuzz=(cargo fuzz)
fi

dict_of() {
  case "$1" in
    markdown) echo fuzz/dict/markdown.dict ;;
    *) echo fuzz/dict/yaml.dict ;;
  esac
}

echo "== fuzz: building the targets"
"${fuzz[@]}" build

for t in "${targets[@]}"; do
  mkdir -p "fuzz/target/corpus/$t"
  log="fuzz/target/$t.log"
  echo "== fuzz: $t for ${seconds}s"
  if ! "${fuzz[@]}" run "$t" "fuzz/target/corpus/$t" "fuzz/corpus/$t" -- \
      -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
      -dict="$(dict_of "$t")" -print_final_stats=1 >"$log" 2>&1; then
    tail -n 60 "$log"
    echo "fuzz: $t failed; the input is in fuzz/artifacts/$t/ (full log: $log)"
    exit 1
  fi
  runs=$(grep -m1 'stat::number_of_executed_units' "$log" | awk '{print $2}')
  cov=$(grep -E '^#[0-9]+' "$log" | tail -n 1 | grep -o 'cov: [0-9]*' || true)
  echo "fuzz: $t: ${runs:-?} executions in ${seconds}s, ${cov:-cov: ?}, no crash"
done
