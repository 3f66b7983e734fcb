#!/usr/bin/env bash
# buf breaking for the v1 contracts (category FILE: wire, JSON, and the generated code's names,
# so a renamed RPC or a message moved to another package fails too). A v1 package must stay
# compatible with every earlier state of itself, so the check runs against HEAD and each earlier
# commit that changed proto/
# (plus BUF_BREAKING_AGAINST when set, e.g. '.git#branch=main' on a feature branch).
set -euo pipefail
cd "$(dirname "$0")/.."
buf="node_modules/.bin/buf"

against=()
if [ -n "${BUF_BREAKING_AGAINST:-}" ]; then
  against+=("$BUF_BREAKING_AGAINST")
fi
if git rev-parse --verify -q HEAD >/dev/null; then
  # Every earlier commit that touched the contracts, and HEAD itself: the working tree is what is
  # being checked, and an uncommitted change must hold against the last commit too.
  against+=(".git#ref=$(git rev-parse HEAD)")
  while read -r sha; do
    [ -n "$sha" ] && against+=(".git#ref=${sha}")
  done < <(git log --format=%H HEAD -- proto | grep -v "^$(git rev-parse HEAD)$" || true)
fi

if [ "${#against[@]}" -eq 0 ]; then
  echo "buf breaking: no earlier contract commit to compare with (first commit); skipped"
  exit 0
fi
for ref in "${against[@]}"; do
  echo "buf breaking against ${ref}"
  "$buf" breaking --against "$ref"
done
echo "buf breaking: compatible with ${#against[@]} earlier state(s)"
