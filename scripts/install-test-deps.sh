#!/usr/bin/env bash
# Installs the tools the tests use on a fresh Debian machine (as root), skipping what is
# already there. Only the package registries are needed (Debian, npm).
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
command -v rsvg-convert >/dev/null 2>&1 || need_apt+=(librsvg2-bin)
command -v java >/dev/null 2>&1 || need_apt+=(default-jre-headless)
fc-list 2>/dev/null | grep -qi "Noto Sans" || need_apt+=(fonts-noto-core)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "== installing ${need_apt[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq -o DPkg::Lock::Timeout=300 "${need_apt[@]}" >/dev/null
fi
