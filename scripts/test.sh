#!/usr/bin/env bash
# The whole check: lint, format, types, architecture contracts, then the test suite on SQLite and
# PostgreSQL (browser and accessibility tests included).
set -euo pipefail
cd "$(dirname "$0")/.."
uv() { python3 -m uv "$@"; }

uv run ruff check .
uv run ruff format --check .
uv run mypy
uv run lint-imports --no-cache
uv run python scripts/check_transactions.py
uv run pytest -n 2 "$@"
