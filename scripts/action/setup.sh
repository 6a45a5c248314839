#!/usr/bin/env bash
# The GitHub Action's first step: build the CLI bundle from the action's own checkout
# ($GITHUB_ACTION_PATH), once. Runtime libraries are bundled, so this is the only install.
set -euo pipefail
cd "${GITHUB_ACTION_PATH:-$(dirname "$0")/../..}"
if [ ! -f dist/cli.js ]; then
  npm ci --no-audit --no-fund --ignore-scripts >/dev/null
  node scripts/build.mjs --production --cli-only
fi
node dist/cli.js --version
