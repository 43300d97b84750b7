#!/usr/bin/env bash
# System packages the test suite needs: Debian's Chromium for the browser tests.
# Installed when missing and we may (root with apt-get); otherwise explain.
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian's chromium for the browser tests…"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
else
  echo "chromium is missing: install Debian's 'chromium' package (sudo apt-get install chromium)." >&2
  exit 1
fi
