#!/usr/bin/env bash
# Build the example site and take the README's screenshots with Debian's headless Chromium.
# Usage: bash docs/screenshots/take.sh   (from the repository root, with alliancegen installed)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
site=$(mktemp -d)
alliancegen build --output "$site/build" >/dev/null
python3 -m http.server 8765 --bind 127.0.0.1 --directory "$site/build" >/dev/null 2>&1 &
server=$!
trap 'kill $server; rm -rf "$site"' EXIT
sleep 1
shoot() {  # name, path, width, height
  chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
    --disable-component-update --disable-sync --no-first-run --hide-scrollbars \
    --user-data-dir="$(mktemp -d)" --window-size="$3,$4" \
    --screenshot="$here/$1.png" "http://127.0.0.1:8765/$2" 2>/dev/null
}
shoot home-desktop "" 1280 1100
shoot alliance-desktop ilmenau/ 1280 1100
shoot home-phone "" 390 1300
shoot alliance-phone ilmenau/ 390 1300
shoot rtl-desktop ar/herzogenrath/ 1280 1100
shoot rtl-phone ar/herzogenrath/mitmachen/ 390 1300
shoot easy-read-desktop leichte-sprache/ 1280 1400
