#!/usr/bin/env bash
# The test command: Node.js 24, dependencies and the build when needed, then every test tier.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/prepare.sh
ameide_ensure_chromium
if [ "$#" -gt 0 ]; then
  exec npx vitest run "$@"
fi
npx vitest run --project unit --project workflow --project int --project e2e
# The fault-injection tier restarts the shared engines, so it runs alone, after the others.
npx vitest run --project fault
