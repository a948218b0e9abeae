#!/usr/bin/env bash
# Builds build/static/ from the npm packages: nhsuk-frontend's JS and images, htmx, and our Sass
# compiled with no remote font. Run by `make install` (and so `make run` and `make test`); axe-core is
# not copied: the browser tests read it from node_modules/ (attend/tests/system/conftest.py).
set -euo pipefail
cd "$(dirname "$0")/.."
out=build/static
rm -rf "$out" && mkdir -p "$out/nhsuk" "$out/css" "$out/js"
nhsuk=node_modules/nhsuk-frontend/dist/nhsuk
cp -r "$nhsuk/assets" "$out/nhsuk/assets"
cp "$nhsuk"/nhsuk-frontend-*.min.js "$out/js/nhsuk-frontend.min.js"
cp node_modules/htmx.org/dist/htmx.min.js "$out/js/htmx.min.js"
npx --no-install sass --no-source-map --style=compressed --quiet-deps --silence-deprecation=import \
  --load-path=node_modules attend/core/assets/scss/main.scss "$out/css/main.css"
if grep -q 'https\?://' "$out/css/main.css"; then
  echo "build/static/css/main.css refers to a remote address; pages must request nothing outside the server" >&2
  exit 1
fi
