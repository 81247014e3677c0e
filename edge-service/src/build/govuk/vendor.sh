#!/usr/bin/env bash
# Refreshes the GOV.UK Frontend files the edge serves (src/main/resources/web/govuk/) from the npm registry.
# Run by hand when upgrading; the Maven build never runs Node. Needs npm on the PATH.
#   usage: src/build/govuk/vendor.sh [version]     (default: the version below)
set -euo pipefail

VERSION="${1:-6.6.0}"
SASS_VERSION="1.108.2"
here="$(cd "$(dirname "$0")" && pwd)"
target="$here/../../main/resources/web/govuk"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cd "$work"
npm init -y >/dev/null
npm install --no-audit --no-fund --ignore-scripts "govuk-frontend@$VERSION" "sass@$SASS_VERSION" >/dev/null
dist="node_modules/govuk-frontend/dist/govuk"

mkdir -p "$target"
# CSS: compiled from the package's Sass with our settings (see govuk.scss); JS: the package's own ES module build.
# The pkg: importer resolves packages from the stylesheet's own directory, so compile a copy placed here.
cp "$here/govuk.scss" govuk.scss
npx sass --pkg-importer=node --style=compressed --no-source-map govuk.scss "$target/govuk-frontend.min.css"
cp "$dist/govuk-frontend.min.js" "$target/govuk-frontend.min.js"
cat > "$target/VERSION" <<NOTE
govuk-frontend $VERSION (npm registry, MIT licence: see LICENSE)
govuk-frontend.min.js   the package's dist/govuk/govuk-frontend.min.js, unchanged
govuk-frontend.min.css  compiled from the package's Sass with sass $SASS_VERSION and edge-service/src/build/govuk/govuk.scss
                        (system font stack; no GDS Transport font, no GOV.UK crown or images: this is not a GOV.UK site)
(The npm package ships no licence file; LICENSE is the text of the project's LICENSE.txt.)
Refresh with edge-service/src/build/govuk/vendor.sh [version].
NOTE
# LICENSE (committed next to these files) is the upstream LICENSE.txt; the npm package ships none.
echo "govuk-frontend $VERSION vendored into $target"
