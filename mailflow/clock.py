"""The one place that reads the wall clock (the pure core never does)."""

from __future__ import annotations

from datetime import UTC, datetime

from mailflow.parse.dates import aware

__all__ = ["aware", "utc_now"]


def utc_now() -> datetime:
    """Now, as an aware datetime in UTC."""
    return datetime.now(UTC)
