#!/usr/bin/env bash
# Tests the deploy recipes of docs/deploy/ that `cargo test` cannot run (tests/suite/deploy_nginx.rs
# runs the nginx one):
# - the GitHub Pages workflow passes actionlint (syntax, expressions, action inputs, shellcheck
#   on the shell steps) and zizmor (pinned actions, permissions, template injection,
#   credentials), as installed by scripts/install-test-deps.sh; each linter first has to
#   reject a workflow with a known flaw, so a linter that checks nothing cannot pass;
# - netlify.toml parses (Python's tomllib) and its build command, run as Netlify runs it
#   (bash, in the site's folder, with its [build.environment] and Netlify's variables), builds
#   a deploy preview for the preview's address and production for the site's. The site is a
#   copy of tests/fixtures/good and the tool's source this repository, as in a site repository
#   with ictreport as a git submodule. It compiles with `cargo run --release`, which the
#   browser suite needs too; it cannot run inside `cargo test`, which holds the build lock.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD

bin=target/tools/venv/bin
if [ ! -x "$bin/actionlint" ] || [ ! -x "$bin/zizmor" ]; then
  echo "test-deploy: run scripts/install-test-deps.sh first" >&2
  exit 1
fi
workflow=docs/deploy/github-pages.yml

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# An issue title pasted into a shell script: both linters must object.
cat >"$tmp/flawed.yml" <<'YAML'
name: Greet
on: issues
permissions: {}
jobs:
  greet:
    name: Greet
    runs-on: ubuntu-24.04
    steps:
      - run: echo "${{ github.event.issue.title }}"
YAML
if "$bin/actionlint" "$tmp/flawed.yml" >/dev/null 2>&1; then
  echo "test-deploy: actionlint accepted a workflow with a script injection" >&2
  exit 1
fi
if "$bin/zizmor" --offline --quiet "$tmp/flawed.yml" >/dev/null 2>&1; then
  echo "test-deploy: zizmor accepted a workflow with a script injection" >&2
  exit 1
fi
"$bin/actionlint" "$workflow"
# The pedantic persona: every finding, including the low-confidence ones.
"$bin/zizmor" --offline --quiet --persona pedantic "$workflow"
echo "test-deploy: $workflow passes actionlint ($("$bin/actionlint" --version | head -n 1)) and $("$bin/zizmor" --version)"

# netlify.toml: parse it, then run its build command for a preview and for production.
netlify() { # KEY: prints build.KEY, or the build.environment as NAME=VALUE lines
  python3 - "$repo/docs/deploy/netlify.toml" "$1" <<'PY'
import sys, tomllib
build = tomllib.load(open(sys.argv[1], "rb"))["build"]
if sys.argv[2] == "environment":
    print("\n".join(f"{k}={v}" for k, v in build["environment"].items()))
else:
    print(build[sys.argv[2]])
PY
}
command=$(netlify command)
publish=$(netlify publish)
mapfile -t environment < <(netlify environment)
cp -r tests/fixtures/good "$tmp/site"
preview=https://deploy-preview-7--ict-example.netlify.app
production=https://ict.example.org
for context in deploy-preview production; do
  (cd "$tmp/site" && env "${environment[@]}" ICTREPORT_SRC="$repo" CONTEXT="$context" \
    URL="$production" DEPLOY_PRIME_URL="$preview" bash -c "$command")
  case "$context" in
    production) want=$production other=$preview ;;
    *) want=$preview other=$production ;;
  esac
  page="$tmp/site/$publish/tinh/alpha/index.html"
  grep -qF "<link rel=\"canonical\" href=\"$want/tinh/alpha/\">" "$page" || {
    echo "test-deploy: the $context build's canonical link is not $want/tinh/alpha/:" >&2
    grep -F 'rel="canonical"' "$page" >&2
    exit 1
  }
  grep -qF "<loc>$want/</loc>" "$tmp/site/$publish/sitemap.xml" || {
    echo "test-deploy: the $context sitemap does not list $want/" >&2
    exit 1
  }
  if grep -rqF "$other" "$tmp/site/$publish"; then
    echo "test-deploy: the $context build mentions $other" >&2
    exit 1
  fi
  echo "test-deploy: netlify.toml builds the $context for $want/"
done
