#!/usr/bin/env bash
# Stops a release whose git tag is not package.json's version (tag v1.2.3 for version 1.2.3).
set -euo pipefail
cd "$(dirname "$0")/.."
tag="${1:?usage: scripts/check-release-tag.sh <tag, e.g. v0.1.0>}"
version="$(node -p "require('./package.json').version")"
if [ "$tag" != "v$version" ]; then
	echo "::error::Tag $tag does not match package.json's version $version: nothing was published. Bump the version with 'npm version <version>' (it commits and tags v<version>), or delete the tag and tag the release commit v$version." >&2
	exit 1
fi
echo "Tag $tag matches package.json's version $version"
