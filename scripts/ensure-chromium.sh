#!/usr/bin/env bash
# Debian's Chromium for the end-to-end tests (Playwright drives it; it downloads no browser of its own).
set -euo pipefail
if [ -x /usr/bin/chromium ]; then exit 0; fi
if [ "$(id -u)" != 0 ]; then
	echo "Chromium is missing: run 'sudo apt-get install -y --no-install-recommends chromium'" >&2
	exit 1
fi
echo "Installing Chromium from Debian's packages…" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >&2
apt-get install -y -qq --no-install-recommends chromium >&2
