#!/usr/bin/env bash
# The test command: installs dependencies when needed, then runs every test tier.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
npx vitest run "$@"
