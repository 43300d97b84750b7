#!/usr/bin/env bash
# Copies the front-end assets installed from the npm registry (package-lock.json)
# into sentra/static/vendor/, where Django/WhiteNoise serve them. Nothing comes from a CDN.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
dest=sentra/static/vendor
rm -rf "$dest"
mkdir -p "$dest/htmx" "$dest/pico"
cp node_modules/htmx.org/dist/htmx.min.js "$dest/htmx/"
cp node_modules/@picocss/pico/css/pico.min.css "$dest/pico/"
