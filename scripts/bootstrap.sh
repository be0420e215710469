#!/usr/bin/env bash
# Install what mailflow needs on a Debian machine: system packages (when missing),
# a virtualenv in .venv, and the pinned Python packages. Idempotent.
#   scripts/bootstrap.sh          what the service needs (Pango and fonts for the PDF report)
#   scripts/bootstrap.sh --dev    plus what the test suite needs (Dovecot, Postfix, swaks, Chromium, Poppler)
set -euo pipefail
cd "$(dirname "$0")/.."

# Pango, HarfBuzz and fonts for WeasyPrint (the PDF report, mailflow/documents/pdf.py).
want=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core)
if [ "${1:-}" = "--dev" ]; then
  # poppler-utils: pdftoppm/pdftotext/pdfinfo read the PDF report in tests.
  # postfix: tests/intake/test_postfix.py runs a private instance in front of the LMTP endpoint.
  want+=(dovecot-imapd postfix swaks chromium chromium-driver isync poppler-utils)
fi
missing=()
for pkg in "${want[@]}"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if [ "${#missing[@]}" -gt 0 ]; then
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "installing Debian packages: ${missing[*]}"
  $sudo apt-get update -qq
  # policy-rc.d keeps the distribution's own dovecot and postfix from starting: tests run
  # their own. Postfix asks what kind of mail server this is: none (tests write main.cf).
  printf '#!/bin/sh\nexit 101\n' | $sudo tee /usr/sbin/policy-rc.d >/dev/null
  $sudo chmod +x /usr/sbin/policy-rc.d
  echo "postfix postfix/main_mailer_type select No configuration" | $sudo debconf-set-selections
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
  $sudo rm -f /usr/sbin/policy-rc.d
fi

python=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$python" -m venv .venv
fi
extras=""; [ "${1:-}" = "--dev" ] && extras="[dev]"
stamp=".venv/.installed$extras"
if [ ! -f "$stamp" ] || [ constraints.txt -nt "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -c constraints.txt -e ".$extras"
  touch "$stamp"
fi
