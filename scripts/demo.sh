#!/usr/bin/env bash
# The main job: installs dependencies when needed, then runs the end-to-end demo (stack included).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
exec npx ameide demo "$@"
