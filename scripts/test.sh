#!/usr/bin/env bash
# Run the whole test suite (SQLite and, when it answers on 127.0.0.1:5432, PostgreSQL).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || bash scripts/setup.sh
.venv/bin/ruff check src tests bench scripts
# Two workers (pytest-xdist): the machine the suite is made for has two cores.
exec .venv/bin/python -m pytest -n 2 "$@"
