#!/bin/sh
# Generates the version file the build embeds.
set -e
printf 'export const version = "%s";\n' "$(cat VERSION)" > version.generated.ts
echo "generated version.generated.ts for $(cat VERSION)"
