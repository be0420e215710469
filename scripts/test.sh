#!/usr/bin/env bash
# The whole test suite from a clean checkout: install, check style and types, run every
# test (PostgreSQL, Dovecot, SMTP, browser ones included). Servers the tests need are
# started by the test fixtures and stopped at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh --dev

# The machine's PostgreSQL (127.0.0.1:5432, trust auth) must be up.
if ! pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql)" main start || true
fi

.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/mypy
.venv/bin/python -m pytest "$@"
