#!/bin/sh
# Prepares what the browser tests (tests/e2e) need, and does nothing that is already done:
#   - Debian's Chromium and a font, when /usr/bin/chromium is missing (needs root, or sudo);
#   - the npm packages (axe-core, htmx.org) from package-lock.json, when node_modules is missing.
# Playwright's own browser downloads are never used: the tests launch /usr/bin/chromium.
set -eu

cd "$(dirname "$0")/.."

if [ ! -x /usr/bin/chromium ]; then
    if [ "$(id -u)" -eq 0 ]; then
        as_root=""
    elif command -v sudo >/dev/null 2>&1; then
        as_root="sudo"
    else
        echo "install-browser: /usr/bin/chromium is missing and this needs root (or sudo)." >&2
        exit 1
    fi
    echo "install-browser: installing Debian's chromium and fonts-dejavu-core"
    $as_root apt-get update
    DEBIAN_FRONTEND=noninteractive $as_root apt-get install -y --no-install-recommends \
        chromium fonts-dejavu-core
else
    echo "install-browser: /usr/bin/chromium is present"
fi

if [ ! -d node_modules ]; then
    echo "install-browser: installing the npm packages (npm ci)"
    npm ci --ignore-scripts --no-audit --no-fund
else
    echo "install-browser: node_modules is present"
fi
