#!/usr/bin/env bash
# The main job: Node.js 24, dependencies and the build when needed, then the end-to-end demo
# (stack included). Exits non-zero unless run 1 ends done and run 2 fails for missing credentials.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/prepare.sh
exec node bin/ameide.mjs demo "$@"
