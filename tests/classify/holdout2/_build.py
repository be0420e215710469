"""Build the second held-out batch (40 messages) of tests/classify/holdout2/.

Written after the rules were tuned on batch 1 and never tuned on: its score is the honest
estimate of how the default rules do on unseen mail. Run from the repository root:
    .venv/bin/python tests/classify/holdout2/_build.py
"""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "holdout"))

from _mailmaker import Maker, quote_gmail, quote_outlook  # noqa: E402
from textwrap import dedent as D  # noqa: E402

m = Maker(HERE, datetime(2027, 1, 4))
AR = [("Auto-Submitted", "auto-replied"), ("X-Auto-Response-Suppress", "All")]

exec((HERE / "_specs.py").read_text(encoding="utf-8"))

m.finish()
print(len(m.labels), "messages written to", HERE)
