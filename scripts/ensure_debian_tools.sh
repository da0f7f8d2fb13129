#!/usr/bin/env bash
# Debian packages the tests use, installed by `make setup` only when missing, so no test installs anything:
#   chromium -> /usr/bin/chromium  the browser tests (tests/tools/test_docs_browser.py); playwright-core drives this
#                                  binary through `executablePath`, no browser is downloaded from anywhere else
#   wrk      -> wrk on PATH        the load generator of `make bench` (and its smoke test)
#   libssl-dev, pkg-config         OpenSSL headers for the `rust` generator's default client (reqwest with
#                                  native-tls), built by tests/other_langs/test_java_rust_defaults.py
# Idempotent: does nothing when every tool is there.
set -euo pipefail

missing=()
[[ -x /usr/bin/chromium ]] || missing+=(chromium)
command -v wrk >/dev/null 2>&1 || missing+=(wrk)
command -v pkg-config >/dev/null 2>&1 || missing+=(pkg-config)
pkg-config --exists openssl 2>/dev/null || missing+=(libssl-dev)
((${#missing[@]} == 0)) && exit 0

if [[ "$(id -u)" != "0" ]]; then
    echo "ensure_debian_tools: missing ${missing[*]}, and this is not root, so they cannot be installed here." >&2
    echo "ensure_debian_tools: install them as root, then re-run make setup:" >&2
    echo "    sudo apt-get update && sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
    exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "ensure_debian_tools: missing ${missing[*]}, and apt-get is not available (not a Debian machine?)." >&2
    exit 1
fi

echo "ensure_debian_tools: installing Debian's ${missing[*]} (one-time, 10-60 s)..." >&2
start=$SECONDS
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
[[ -x /usr/bin/chromium ]] || { echo "ensure_debian_tools: apt-get ran but /usr/bin/chromium is missing." >&2; exit 1; }
command -v wrk >/dev/null 2>&1 || { echo "ensure_debian_tools: apt-get ran but wrk is not on PATH." >&2; exit 1; }
pkg-config --exists openssl || { echo "ensure_debian_tools: apt-get ran but pkg-config finds no openssl." >&2; exit 1; }
echo "ensure_debian_tools: ${missing[*]} installed in $((SECONDS - start)) s" >&2
