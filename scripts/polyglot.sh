#!/usr/bin/env bash
# The polyglot tier: the contracts as other languages consume them. Packs @ameide/proto and
# @ameide/contracts as they would be published and compiles a program against the packs; builds
# the generated Go module; installs and imports the generated Python package; then, against the local platform
# (`ameide up`), a Go client generated from proto/ drives a sample run to done over gRPC, and a
# Python consumer decodes and checks the facts that run produced. Needs Go >= 1.26 and Python >= 3.9.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/prepare.sh
root="$PWD"

step() { printf '\n-- %s\n' "$1"; }
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

step "TypeScript: @ameide/proto and @ameide/contracts as published packages"
mkdir -p "$tmp/ts"
npm pack --silent --pack-destination "$tmp/ts" -w @ameide/proto -w @ameide/contracts >/dev/null
cp examples/ts-consumer/consumer.ts examples/ts-consumer/tsconfig.json "$tmp/ts/"
(
  cd "$tmp/ts"
  cat >package.json <<JSON
{ "name": "ts-consumer", "private": true, "type": "module",
  "dependencies": { "@ameide/proto": "file:./$(ls ameide-proto-*.tgz)", "@ameide/contracts": "file:./$(ls ameide-contracts-*.tgz)",
    "@bufbuild/protobuf": "^2.17.0" } }
JSON
  npm install --silent --no-audit --no-fund
  node "$root/node_modules/typescript/bin/tsc" -p tsconfig.json
  node dist/consumer.js
)

step "Go: the generated module builds, the client compiles"
command -v go >/dev/null || { echo "polyglot: Go is needed (go >= 1.26 on PATH)" >&2; exit 1; }
(cd gen/go && go vet ./...)
(cd examples/go-client && go vet ./... && go build -o "$tmp/go-client" .)

step "Python: the generated package installs and every module imports"
venv="${AMEIDE_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/ameide}/polyglot-venv"
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check ./gen/python -r examples/python-consumer/requirements.txt
rm -rf gen/python/build gen/python/src/*.egg-info
"$venv/bin/python" - <<'PY'
import importlib, pathlib
root = pathlib.Path("gen/python/src")
modules = sorted(".".join(p.relative_to(root).with_suffix("").parts) for p in root.rglob("*_pb2.py"))
for name in modules:
    importlib.import_module(name)
print(f"imported {len(modules)} modules")
PY

step "the platform, with the sample repository"
node bin/ameide.mjs up
trap 'node bin/ameide.mjs down; rm -rf "$tmp"' EXIT
token="$(node bin/ameide.mjs token --tenant local --role operator --role approver --role viewer --subject go-client)"
repo=".ameide/repos/sample-service.git"
commit="$(git --git-dir "$repo" rev-parse main)"

step "Go client: a sample run to done over gRPC"
AMEIDE_TOKEN="$token" "$tmp/go-client" -repo-url "file://$PWD/$repo" -commit "$commit" | tee "$tmp/run.json"

step "Python consumer: the run's facts decode and hold"
run="$("$venv/bin/python" -c 'import json,sys; print(json.load(open(sys.argv[1]))["process_instance_id"])' "$tmp/run.json")"
mapfile -t work < <("$venv/bin/python" -c 'import json,sys; print("\n".join(json.load(open(sys.argv[1]))["work_request_ids"]))' "$tmp/run.json")
"$venv/bin/python" examples/python-consumer/check_facts.py --run "$run" --work "${work[@]}"
echo "polyglot: passed"
