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
