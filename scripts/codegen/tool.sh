#!/usr/bin/env bash
# Runs one of the pinned code generators of buf.gen.yaml (protoc, protoc-gen-go,
# protoc-gen-connect-go), provisioning them on first use (scripts/lib/codegen.sh), so that a plain
# `buf generate` works on a fresh machine. Progress goes to stderr: stdout is the plugin protocol.
#
#   tool.sh <command> [args...]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$here/../lib/codegen.sh"
ameide_use_codegen_tools >&2
exec "$@"
