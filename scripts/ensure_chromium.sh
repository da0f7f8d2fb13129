#!/usr/bin/env bash
# Make sure Debian's Chromium is at /usr/bin/chromium for the browser tests (tests/test_docs_browser.py).
# Installs the Debian package `chromium` with apt-get only when it is missing; never downloads a browser
# from anywhere else (playwright-core drives this binary through `executablePath`).
# Idempotent: does nothing when /usr/bin/chromium already exists.
set -euo pipefail

CHROMIUM=/usr/bin/chromium

if [[ -x "$CHROMIUM" ]]; then
    exit 0
fi

if [[ "$(id -u)" != "0" ]]; then
    echo "ensure_chromium: $CHROMIUM is missing and this is not root, so it cannot be installed here." >&2
    echo "ensure_chromium: install Debian's browser as root, then re-run make setup:" >&2
    echo "    sudo apt-get update && sudo apt-get install -y --no-install-recommends chromium" >&2
    exit 1
fi

if ! command -v apt-get >/dev/null 2>&1; then
    echo "ensure_chromium: $CHROMIUM is missing and apt-get is not available (not a Debian machine?)." >&2
    exit 1
fi

echo "ensure_chromium: installing Debian's chromium package (one-time, 10-60 s)..." >&2
start=$SECONDS
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends chromium >/dev/null
if [[ ! -x "$CHROMIUM" ]]; then
    echo "ensure_chromium: apt-get finished but $CHROMIUM is still missing." >&2
    exit 1
fi
echo "ensure_chromium: $("$CHROMIUM" --version 2>/dev/null || echo chromium) installed in $((SECONDS - start)) s" >&2
