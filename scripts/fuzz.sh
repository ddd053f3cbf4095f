#!/usr/bin/env bash
# Coverage-guided fuzzing of the parsers with cargo-fuzz (libFuzzer).
#
#   scripts/fuzz.sh --smoke               every target briefly, 90 s in all (the step in scripts/test.sh)
#   scripts/fuzz.sh --install             only installs cargo-fuzz (scripts/test.sh does it early)
#   scripts/fuzz.sh [TARGET...] [-t SECS]  longer runs (default 600 s each); see fuzz/README.md
#
# New inputs go to fuzz/target/corpus/<target>/ (kept between runs, not in git); the seeds in
# fuzz/corpus/<target>/ are only read. A crash, a panic, a hang (-timeout) or a runaway
# allocation (-rss_limit_mb) stops the run, leaves the input in fuzz/artifacts/<target>/ and
# fails the script.
#
# The smoke is repeatable: it starts from the same random seed every time (FUZZ_SEED, default
# 1), so a CI failure is found again by running the smoke here, and a smoke that passed here
# for longer than CI's budget passes in CI. Longer runs take a fresh seed unless FUZZ_SEED
# is set. The smoke builds without a sanitizer: the crate has no `unsafe`, panics and
# overflows are what it finds, and AddressSanitizer makes the cold build take minutes
# longer; longer runs use AddressSanitizer (FUZZ_SANITIZER=none|address|… chooses).
#
# cargo-fuzz and the built targets are kept in a cache outside the checkout
# ($ICTREPORT_CACHE, default ~/.cache/ictreport), so that a fresh clone on the same machine
# (as CI uses) builds neither again. The targets are keyed by the hash of what they are built
# from (fuzz/ sources, src/, Cargo.toml, the lock files, the compiler): a run with nothing
# changed goes straight to fuzzing; the two newest builds are kept.
set -euo pipefail
cd "$(dirname "$0")/.."

all_targets=(metrics frontmatter markdown workbook)
targets=()
seconds=600
smoke=0
install_only=0
while [ $# -gt 0 ]; do
  case "$1" in
    --smoke) smoke=1 ;;
    --install) install_only=1 ;;
    -t) seconds="$2"; shift ;;
    *) targets+=("$1") ;;
  esac
  shift
done
[ ${#targets[@]} -gt 0 ] || targets=("${all_targets[@]}")
# The smoke's budget is fixed, whatever the number of targets: they share it.
if [ "$smoke" = 1 ]; then
  seconds=$(( ${FUZZ_SMOKE_SECONDS:-90} / ${#targets[@]} ))
  sanitizer="${FUZZ_SANITIZER:-none}"
  seed="${FUZZ_SEED:-1}"
else
  sanitizer="${FUZZ_SANITIZER:-address}"
  seed="${FUZZ_SEED:-0}" # 0: libFuzzer picks one
fi

cache="${ICTREPORT_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/ictreport}"
tools="$cache/cargo-fuzz-0.13.2"
if [ ! -x "$tools/bin/cargo-fuzz" ]; then
  echo "== installing cargo-fuzz into $tools"
  cargo install --quiet --locked --root "$tools" cargo-fuzz@0.13.2
fi
export PATH="$tools/bin:$PATH"
[ "$install_only" = 0 ] || exit 0

# cargo-fuzz passes -Z flags to rustc: a nightly toolchain, or the stable one told to accept them.
if rustup run nightly rustc --version >/dev/null 2>&1; then
  fuzz=(cargo +nightly fuzz)
  rustc=(rustup run nightly rustc)
else
  export RUSTC_BOOTSTRAP=1
  fuzz=(cargo fuzz)
  rustc=(rustc)
fi

# How the targets are built: cargo-fuzz's release build uses one codegen unit, which on a
# 2-core machine doubles the build (8 minutes cold); 16 units build in parallel and fuzz a
# little slower. They keep cargo-fuzz's debug assertions and overflow checks (an overflow in
# calamine on an over-long xlsx cell reference was found that way; src/sheet/xlsx_refs.rs now
# refuses such references first). FUZZ_BUILD_FLAGS overrides them (e.g. "--codegen-units 1").
read -r -a build_flags <<<"${FUZZ_BUILD_FLAGS:---codegen-units 16}"
build_flags+=(--sanitizer "$sanitizer")

dict_of() {
  case "$1" in
    markdown) echo fuzz/dict/markdown.dict ;;
    workbook) echo fuzz/dict/workbook.dict ;;
    *) echo fuzz/dict/yaml.dict ;;
  esac
}

# What the targets are built from; the toolchain and the build settings too, since each
# rebuilds them.
sources_hash() {
  {
    find fuzz/Cargo.toml fuzz/Cargo.lock fuzz/fuzz_targets fuzz/src src Cargo.toml Cargo.lock \
      -type f -print0 | sort -z | xargs -0 sha256sum
    "${rustc[@]}" -vV
    echo "${build_flags[*]}"
    # The profile overrides scripts/test.sh exports change the build too.
    env | grep -E '^(CARGO_PROFILE_|RUSTFLAGS=)' | sort
  } | sha256sum | cut -d' ' -f1
}
triple=$("${rustc[@]}" -vV | sed -n 's/^host: //p')
# Where `cargo fuzz build` puts them (cargo-fuzz always passes --target).
bins="${CARGO_TARGET_DIR:-fuzz/target}/$triple/release"
hash=$(sources_hash)
kept="$cache/fuzz-targets/$hash"
have() { # DIR: whether every target is built in DIR
  local t
  for t in "${all_targets[@]}"; do [ -x "$1/$t" ] || return 1; done
}
if have "$kept"; then
  echo "== fuzz: the targets are up to date in $kept (nothing they are built from changed)"
else
  echo "== fuzz: building the targets"
  "${fuzz[@]}" build "${build_flags[@]}"
  have "$bins"
  mkdir -p "$kept.part"
  for t in "${all_targets[@]}"; do cp "$bins/$t" "$kept.part/$t"; done
  rm -rf "$kept" && mv "$kept.part" "$kept"
  # Keep this build and the one before it.
  ls -1dt "$cache/fuzz-targets"/*/ | tail -n +3 | xargs -r rm -rf
fi
bins=$kept

for t in "${targets[@]}"; do
  mkdir -p "fuzz/target/corpus/$t"
  log="fuzz/target/$t.log"
  echo "== fuzz: $t for ${seconds}s (seed $seed, sanitizer $sanitizer)"
  mkdir -p "fuzz/artifacts/$t"
  # The binary `cargo fuzz run` would start, started directly (it is built already), with the
  # AddressSanitizer option cargo-fuzz sets.
  if ! ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_odr_violation=0" "$bins/$t" -artifact_prefix="fuzz/artifacts/$t/" \
      -max_total_time="$seconds" -seed="$seed" -timeout=10 -rss_limit_mb=2048 \
      -dict="$(dict_of "$t")" -print_final_stats=1 \
      "fuzz/target/corpus/$t" "fuzz/corpus/$t" >"$log" 2>&1; then
    tail -n 60 "$log"
    echo "fuzz: $t failed; the input is in fuzz/artifacts/$t/ (full log: $log)"
    exit 1
  fi
  runs=$(grep -m1 'stat::number_of_executed_units' "$log" | awk '{print $2}')
  cov=$(grep -E '^#[0-9]+' "$log" | tail -n 1 | grep -o 'cov: [0-9]*' || true)
  echo "fuzz: $t: ${runs:-?} executions in ${seconds}s, ${cov:-cov: ?}, no crash"
done
