#!/usr/bin/env bash
# Install, create the SQLite database, load the demo mailbox, and start mailflow.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh
export MAILFLOW_DATA_DIR=${MAILFLOW_DATA_DIR:-data}
.venv/bin/mailflow init
.venv/bin/mailflow import examples/demo-mailbox
.venv/bin/mailflow threads --limit 30
