"""The one place that reads the wall clock (the pure core never does)."""

from __future__ import annotations

from datetime import UTC, datetime, tzinfo

from mailflow.parse.dates import aware

__all__ = ["aware", "in_zone", "utc_now"]


def utc_now() -> datetime:
    """Now, as an aware datetime in UTC."""
    return datetime.now(UTC)


def in_zone(moment: datetime, tz: tzinfo) -> datetime:
    """``moment`` as given by a person: a time without a zone is read in ``tz`` (the service's)."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=tz)
