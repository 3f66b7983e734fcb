#!/bin/sh
# Stand-in for the Codex CLI (`codex exec ...`), used by `ameide demo` because the Codex service is
# an external paid SaaS that cannot be reached here. Like the real CLI it refuses to run without
# $CODEX_HOME/auth.json; it "implements" the instructions by recording them in CHANGES.md.
test -r "$CODEX_HOME/auth.json" || { echo "codex stand-in: not logged in ($CODEX_HOME/auth.json missing)" >&2; exit 2; }
for last; do :; done
printf -- '- %s\n' "$(printf '%s' "$last" | head -1)" >> CHANGES.md
echo "codex stand-in: recorded the change in CHANGES.md"
