#!/usr/bin/env bash
# `npm run generate`: every generated tree from proto/ (TypeScript, the Go module, the Python
# package). `buf generate` alone does the same; the Go and Python generators are pinned and
# provisioned on first use by scripts/codegen/tool.sh. CI runs it and fails when gen/ differs.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/node.sh
ameide_use_node24
node_modules/.bin/buf generate
