#!/usr/bin/env bash
# The GitHub Action's lint step. Inputs come as INPUT_* variables (see action.yml); tested by
# test/artifacts/integrations.test.mjs. Exit status: the CLI's (0 clean, 1 errors or too many
# warnings, 2 usage or internal failure).
set -uo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
cli="${CFN_HUP_TOOLS_CLI:-$here/dist/cli.js}"
format="${INPUT_FORMAT:-github}"
max="${INPUT_MAX_WARNINGS:--1}"
sarif="${INPUT_SARIF_FILE:-}"

# Paths are split on white space but never glob-expanded here: the CLI expands quoted globs itself.
set -f
read -r -a paths <<<"${INPUT_PATHS:-.}"
set +f
[ ${#paths[@]} -gt 0 ] || paths=(.)

args=()
if [ "$max" != "-1" ]; then args+=(--max-warnings "$max"); fi

if [ -n "$sarif" ]; then
  node "$cli" lint --format sarif "${args[@]}" -- "${paths[@]}" >"$sarif"
  [ -n "${GITHUB_OUTPUT:-}" ] && echo "sarif-file=$sarif" >>"$GITHUB_OUTPUT"
fi
node "$cli" lint --format "$format" "${args[@]}" -- "${paths[@]}"
