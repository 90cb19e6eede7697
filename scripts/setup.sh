#!/usr/bin/env bash
# Installs what Balise needs on a fresh Debian machine. `setup.sh run`: the application.
# `setup.sh test`: also the development tools, Chromium and the npm packages for browser tests.
set -euo pipefail
cd "$(dirname "$0")/.."
purpose="${1:-run}"

if ! python3 -m uv --version >/dev/null 2>&1; then
  python3 -m pip install --quiet --disable-pip-version-check "uv==0.13.9"
fi

missing=()
# WeasyPrint renders PDF reports with Pango.
ldconfig -p | grep -q libpangoft2-1.0 || missing+=(libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core)

if [ "$purpose" = "test" ]; then
  python3 -m uv sync --frozen --quiet
  [ -x /usr/bin/chromium ] || missing+=(chromium fonts-dejavu-core)
  command -v pg_dump >/dev/null 2>&1 || missing+=(postgresql-client)
  command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)
  # Spark's audit tests run PySpark in local mode on a Java runtime.
  command -v java >/dev/null 2>&1 || missing+=(openjdk-17-jre-headless)
  if [ ${#missing[@]} -gt 0 ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
  [ -d node_modules ] || npm ci --silent --no-audit --no-fund
  [ -d tests/oidc_provider/node_modules ] || (cd tests/oidc_provider && npm ci --silent --no-audit --no-fund)
else
  if [ ${#missing[@]} -gt 0 ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
  python3 -m uv sync --frozen --no-dev --quiet
  command -v npm >/dev/null 2>&1 && [ ! -d node_modules ] && npm ci --silent --no-audit --no-fund --omit=dev || true
fi

# htmx is served from our own origin; every page works without it.
if [ -f node_modules/htmx.org/dist/htmx.min.js ]; then
  mkdir -p src/balise/web/static/vendor
  cp node_modules/htmx.org/dist/htmx.min.js src/balise/web/static/vendor/htmx.min.js
fi
