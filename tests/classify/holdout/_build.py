"""Build the first held-out batch (120 messages) of tests/classify/holdout/.

Written before reading rules/: each message is as a cooperation librarian would expect it to
arrive at cooperation@example.org, labelled by hand. Run from the repository root:
    .venv/bin/python tests/classify/holdout/_build.py
"""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from _mailmaker import Maker, quote_gmail, quote_outlook  # noqa: E402
from textwrap import dedent as D  # noqa: E402

m = Maker(HERE, datetime(2026, 1, 5))
AR = [("Auto-Submitted", "auto-replied"), ("X-Auto-Response-Suppress", "All")]

exec((HERE / "_specs_a.py").read_text(encoding="utf-8"))
exec((HERE / "_specs_b.py").read_text(encoding="utf-8"))
exec((HERE / "_specs_c.py").read_text(encoding="utf-8"))

m.finish()
print(len(m.labels), "messages written to", HERE)
