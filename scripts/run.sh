#!/usr/bin/env bash
# Install, create the SQLite database, load the demo mailbox, and start mailflow.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh
export MAILFLOW_DATA_DIR=${MAILFLOW_DATA_DIR:-data}
.venv/bin/mailflow init
.venv/bin/mailflow import examples/demo-mailbox
.venv/bin/mailflow threads --limit 30
# Then run the service: web app on http://127.0.0.1:8000 (plus SMTP/IMAP intake when
# enabled in the configuration) until Ctrl-C.
exec .venv/bin/mailflow serve
