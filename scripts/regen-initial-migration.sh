#!/usr/bin/env bash
# Until the first release, the initial migration is generated from mailflow/store/models.py.
# Run after changing models; tests/store/test_migrations.py fails when they disagree.
set -euo pipefail
cd "$(dirname "$0")/.."
rm -f mailflow/migrations/versions/0001_initial_schema.py
tmp=$(mktemp -d)
# Later, hand-written revisions (0002_...) build on 0001: keep them aside meanwhile.
mkdir "$tmp/later"
find mailflow/migrations/versions -maxdepth 1 -name '0*.py' -exec mv {} "$tmp/later/" \;
trap 'mv "$tmp"/later/*.py mailflow/migrations/versions/ 2>/dev/null || true; rm -rf "$tmp"' EXIT
.venv/bin/python - "$tmp" <<'PY'
import sys
from alembic import command
from mailflow.store.db import make_engine
from mailflow.store.migrate import alembic_config
engine = make_engine(f"sqlite:///{sys.argv[1]}/gen.sqlite3")
command.revision(alembic_config(engine), message="initial schema", autogenerate=True, rev_id="0001")
PY
.venv/bin/ruff format -q mailflow/migrations/versions/0001_initial_schema.py
.venv/bin/ruff check -q --fix mailflow/migrations/versions/0001_initial_schema.py || true
