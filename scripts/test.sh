#!/usr/bin/env bash
# The test command: Node.js 24, dependencies and the build when needed, then every test tier.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/prepare.sh
npx vitest run "$@"
