#!/usr/bin/env bash
# Build the static HTML API reference of openapi.yaml (make docs): <out>/index.html, default build/docs/.
# Redocly's `build-docs` with --inlineBundle: the Redoc scripts are inside the one HTML file, so the page
# needs no CDN when it is viewed (tests/tools/test_docs_browser.py loads it in Chromium and records every request).
set -euo pipefail
cd "$(dirname "$0")/.."

out="${1:-build/docs}"
mkdir -p "$out"
export REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true NO_COLOR=1

log="$(mktemp)"
trap 'rm -f "$log"' EXIT
if ! node_modules/.bin/redocly build-docs openapi.yaml --inlineBundle \
    --title "Lexer Activity API reference" --output "$out/index.html" >"$log" 2>&1; then
    cat "$log" >&2
    echo "build_docs: redocly build-docs failed" >&2
    exit 1
fi

# Redoc's sidebar footer ("API docs by Redocly") loads its logo from cdn.redoc.ly: the only remote asset.
# Point it at an empty data: URL instead; the image's own onError handler then hides it (the link stays).
sed -i -e 's#https://cdn\.redoc\.ly/redoc/logo-mini-full\.svg#data:,#g' \
    -e 's#https://cdn\.redoc\.ly/redoc/logo-mini\.svg#data:,#g' "$out/index.html"
if grep -q 'cdn\.redoc\.ly' "$out/index.html"; then
    echo "build_docs: $out/index.html still names cdn.redoc.ly (a new Redoc version?)" >&2
    exit 1
fi

# The page must not load scripts, styles, fonts or images from elsewhere.
if grep -Eo '<(script|link|img|iframe)[^>]*(src|href)="(https?:)?//[^"]*"' "$out/index.html" >&2; then
    echo "build_docs: $out/index.html references remote assets (listed above)" >&2
    exit 1
fi
echo "build_docs: $out/index.html ($(($(wc -c <"$out/index.html") / 1024)) KiB, self-contained)"
