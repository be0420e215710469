"""Make the repository root importable (``mailflow``, ``tests.mailbuilder``) under plain pytest.

The project is not installed in the virtualenv; ``pythonpath = ["."]`` in the pytest
configuration would make this file unnecessary.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

ARRIVAL = datetime(2026, 2, 3, 12, 0, tzinfo=UTC)


@pytest.fixture
def arrival() -> datetime:
    """A fixed arrival time (parsing must not read the clock)."""
    return ARRIVAL
