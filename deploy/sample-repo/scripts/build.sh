#!/bin/sh
# Builds the sample's artifact: a tarball of the sources at this commit.
set -e
mkdir -p dist
git archive --format=tar HEAD > dist/sample-service.tar
echo "built dist/sample-service.tar ($(wc -c < dist/sample-service.tar) bytes)"
