# Sourced by the README's commands and CI: Node.js 24 first on PATH, dependencies installed when
# the lockfile changed, and the workspace compiled to JavaScript when a source changed.
# shellcheck source=node.sh
source "$(dirname "${BASH_SOURCE[0]}")/node.sh"
# shellcheck source=system-packages.sh
source "$(dirname "${BASH_SOURCE[0]}")/system-packages.sh"
ameide_use_node24
ameide_ensure_bwrap
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
node scripts/build.mjs
