#!/usr/bin/env bash
# Install, create the SQLite database, load the demo mailbox, and start mailflow:
# the web app on http://127.0.0.1:8000 (plus SMTP/IMAP intake when enabled in the
# configuration) until Ctrl-C. Safe to run again: nothing is imported or created twice.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh
export MAILFLOW_DATA_DIR=${MAILFLOW_DATA_DIR:-data}
mailflow=.venv/bin/mailflow
$mailflow init
# The demo mail is live mail for this demo: draft replies as the service would.
$mailflow import --draft examples/demo-mailbox
$mailflow threads --limit 30

# A first administrator, so the web app can be used at once.
if [ "$($mailflow user list --json)" = "[]" ]; then
  password=$(.venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(12))')
  MAILFLOW_PASSWORD=$password $mailflow user add admin --role admin --name "Administrateur" >/dev/null
  (umask 077 && printf '%s\n' "$password" > "$MAILFLOW_DATA_DIR/admin-password.txt")
fi
echo
echo "Web app: http://127.0.0.1:8000  user: admin  password: in $MAILFLOW_DATA_DIR/admin-password.txt"
echo
exec $mailflow serve
