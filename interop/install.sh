#!/usr/bin/env bash
# Installs the npm reference peers used by the interop tests, from the lockfile.
# Skips the install when node_modules already matches package-lock.json.
set -euo pipefail
cd "$(dirname "$0")"
stamp=node_modules/.ferry-lock-stamp
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  exit 0
fi
npm ci --no-audit --no-fund --loglevel=error
echo "$want" > "$stamp"
