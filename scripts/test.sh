#!/usr/bin/env bash
# The one test command: installs what the tests need (skipping what is present), then runs
# every test: formatting, lints, Rust unit and integration tests, the deploy recipes' lints,
# a fuzz smoke run and the browser suite. Each phase prints its name and its time when it
# ends; the end lists every phase's time and the disk space the test builds take.
set -euo pipefail
cd "$(dirname "$0")/.."

started=$EPOCHREALTIME
timings=()
current=""

# Seconds since $1 (an EPOCHREALTIME), with one decimal.
since() {
  local now=$EPOCHREALTIME
  local ms=$(((${now/./} - ${1/./}) / 1000))
  printf '%d.%d' $((ms / 1000)) $((ms % 1000 / 100))
}

# phase NAME COMMAND...: runs COMMAND under the heading NAME and records its time.
phase() {
  current=$1
  shift
  echo "== $current"
  local t=$EPOCHREALTIME
  "$@"
  local took
  took=$(since "$t")
  echo "-- $current: ${took} s"
  timings+=("$(printf '%8s s  %s' "$took" "$current")")
  current=""
}

summary() {
  local status=$?
  # An early failure leaves no background install behind.
  kill "${fuzz_install:-}" 2>/dev/null || true
  echo "== phases"
  printf '%s\n' "${timings[@]}"
  [ -z "$current" ] || echo "  (failed in: $current)"
  echo "$(printf '%8s s' "$(since "$started")")  total"
  echo "== disk used by the test builds (remove with: cargo clean; rm -rf fuzz/target tests/e2e/node_modules)"
  du -sh target fuzz/target tests/e2e/node_modules 2>/dev/null || true
  exit "$status"
}
trap summary EXIT

# cargo-fuzz compiles in the background while the test tools install (that phase mostly
# waits on the network and dpkg); the fuzz phase waits for it.
mkdir -p target
scripts/fuzz.sh --install >target/fuzz-install.log 2>&1 &
fuzz_install=$!
phase "install test tools (scripts/install-test-deps.sh)" scripts/install-test-deps.sh
phase "cargo fmt --check" cargo fmt --all -- --check
phase "cargo clippy" cargo clippy --all-targets --quiet -- -D warnings
phase "cargo check without the PDF edition" cargo check --no-default-features --all-targets --quiet
# The tests, the Netlify recipe's `cargo run --release` and the browser suite's binary share
# one build: the release profile at optimisation level 1 with debug assertions and overflow
# checks, as in the dev profile. Compiling typst once instead of twice (dev for the tests,
# release for the rest) saves a third of a cold run, and the PDF tests run optimised.
# These builds test behaviour, not speed: scripts/bench.sh builds the real release profile.
# Set the variables (e.g. CARGO_PROFILE_RELEASE_OPT_LEVEL=3) to test another profile.
export CARGO_PROFILE_RELEASE_OPT_LEVEL="${CARGO_PROFILE_RELEASE_OPT_LEVEL:-1}"
export CARGO_PROFILE_RELEASE_DEBUG_ASSERTIONS="${CARGO_PROFILE_RELEASE_DEBUG_ASSERTIONS:-true}"
export CARGO_PROFILE_RELEASE_OVERFLOW_CHECKS="${CARGO_PROFILE_RELEASE_OVERFLOW_CHECKS:-true}"
phase "cargo test --release (opt-level 1, debug assertions)" cargo test --release --quiet
phase "deploy recipes: actionlint, zizmor, netlify.toml (scripts/test-deploy.sh)" scripts/test-deploy.sh
fuzz_smoke() {
  if ! wait "$fuzz_install"; then
    cat target/fuzz-install.log >&2
    return 1
  fi
  scripts/fuzz.sh --smoke
}
phase "fuzz smoke run (fuzz/README.md)" fuzz_smoke

# The test files that read the bundled site at the root base URL share one build of it
# (E2E_SITE_DIR; each file would otherwise build its own, PDFs included); the others (a
# base URL under a path, the preview) build what they need. Each file writes its figures to
# target/e2e-results/; summary.mjs prints them on one line, pass or fail.
browser_suite() {
  rm -rf target/e2e-results target/e2e-site
  cargo run --release --quiet -- build --output target/e2e-site --base-url /
  local status=0
  E2E_SITE_DIR="$PWD/target/e2e-site" node --test --test-reporter=spec tests/e2e/*.test.mjs || status=$?
  node tests/e2e/summary.mjs
  return "$status"
}
phase "browser suite (tests/e2e: Chromium, vnu, axe-core)" browser_suite
