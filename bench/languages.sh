#!/usr/bin/env bash
# Build time and peak memory of a generated portal in German alone, and published in three
# languages (each alliance's text translated into English, everything else shown in German).
#
#   bash bench/languages.sh [PAGES]      (default 2000; from the repository root, installed)
set -euo pipefail
pages=${1:-2000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python bench/generate.py "$work/de" --pages "$pages" >/dev/null
cp -r "$work/de" "$work/multi"
printf 'languages: [en, ar]\n' >> "$work/multi/site.yaml"
for folder in "$work"/multi/alliances/*/; do
  printf -- '---\nsummary: An alliance for families.\n---\nIn English.\n' > "$folder/alliance.en.md"
done
for site in de multi; do
  for build in cold no-change; do
    /usr/bin/time -f "$site $build: %e s, peak %M KiB" alliancegen build --content "$work/$site" \
      --output "$work/out-$site" --cache-dir "$work/cache-$site" 2>&1 | grep -E "^$site|^wrote"
  done
done
