"""The Date header to an aware datetime, falling back to the arrival time."""

from __future__ import annotations

from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Literal

DateSource = Literal["header", "arrival"]
_EARLIEST_YEAR = 1970


def aware(moment: datetime) -> datetime:
    """``moment`` with a timezone; naive datetimes are taken as UTC."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def parse_date(
    value: str | None, arrival: datetime, defects: list[str]
) -> tuple[datetime, DateSource]:
    """The header date when plausible (1970 to the year after arrival), else ``arrival``."""
    arrival = aware(arrival)
    if value is None or not value.strip():
        defects.append("date-missing")
        return arrival, "arrival"
    try:
        parsed = parsedate_to_datetime(value)
    except (ValueError, TypeError, OverflowError, IndexError):
        defects.append("date-unparsable")
        return arrival, "arrival"
    if not _EARLIEST_YEAR <= parsed.year <= arrival.year + 1:
        defects.append("date-out-of-range")
        return arrival, "arrival"
    return aware(parsed), "header"
