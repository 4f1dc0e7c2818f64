#!/usr/bin/env bash
# Installs the Debian packages the tests need, if missing: Chromium (Playwright drives it; it
# downloads no browser of its own), Redis and PostgreSQL (n8n's queue mode), HAProxy (the load balancer
# in front of n8n's webhook processes). The default list is all.
set -euo pipefail
wanted=("$@")
[ ${#wanted[@]} -gt 0 ] || wanted=(chromium redis-server postgresql haproxy)
missing=()
for package in "${wanted[@]}"; do
	dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'ok installed' || missing+=("$package")
done
[ ${#missing[@]} -gt 0 ] || exit 0
if [ "$(id -u)" != 0 ]; then
	echo "Missing Debian packages: run 'sudo apt-get install -y --no-install-recommends ${missing[*]}'" >&2
	exit 1
fi
echo "Installing ${missing[*]} from Debian's packages…" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >&2
apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
