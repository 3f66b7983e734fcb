#!/usr/bin/env bash
# `npm run generate`: every generated tree from proto/ (TypeScript, the Go module, the Python
# package) with the pinned generators; CI runs it and fails when gen/ differs.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/node.sh
source scripts/lib/codegen.sh
ameide_use_node24
ameide_use_codegen_tools
node_modules/.bin/buf generate
