#!/usr/bin/env bash
# The one test command: installs what the tests need (skipping what is present), then runs
# every test: formatting, lints, Rust unit and integration tests, and the browser suite.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-test-deps.sh

echo "== cargo fmt --check"
cargo fmt --all -- --check
echo "== cargo clippy"
cargo clippy --all-targets --quiet -- -D warnings
echo "== cargo test"
cargo test --quiet
echo "== fuzz smoke run (fuzz/README.md)"
scripts/fuzz.sh --smoke
echo "== browser suite (tests/e2e: Chromium, vnu, axe-core)"
# Each test file builds the site itself (cargo run --release -- build --output <tmp>) and writes
# its figures to target/e2e-results/; summary.mjs prints them on one line, pass or fail.
rm -rf target/e2e-results
e2e_status=0
node --test --test-reporter=spec tests/e2e/*.test.mjs || e2e_status=$?
node tests/e2e/summary.mjs
exit "$e2e_status"
