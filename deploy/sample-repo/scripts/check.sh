#!/bin/sh
# The sample's verification: every change must be recorded in CHANGES.md.
set -e
if [ ! -s CHANGES.md ]; then
  echo "CHANGES.md is empty: record the change" >&2
  exit 1
fi
echo "CHANGES.md has $(wc -l < CHANGES.md) entr(y/ies)"
