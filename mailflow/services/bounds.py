"""Bounds of what a person may ask for: ids the store can hold, dates in a sane range.

A value out of these bounds is refused here, in the domain, with a message fit to show
(:class:`~mailflow.errors.InvalidInput` → 400, :class:`~mailflow.errors.NotFound` → 404)
before it reaches the database or date arithmetic, where it would overflow an integer column
or a ``datetime`` and answer 500. The web edge also declares :data:`MAX_ID` on its int
parameters (``Path(ge=1, le=MAX_ID)``), so the OpenAPI document shows the bounds.
"""

from __future__ import annotations

import math
from datetime import date, datetime

from mailflow.errors import InvalidInput

MAX_ID = 2**31 - 1
"""The largest id: every id column is ``INTEGER``, 4 bytes on PostgreSQL (SQLite would take
2**63 - 1; one bound for both databases keeps the answers the same)."""
FIRST_DAY = date(1970, 1, 1)
LAST_DAY = date(2100, 12, 31)
"""Dates people filter on stay within these days: mail older than 1970 or after 2100 is not
ours to hold, and the margins keep ``day ± a year`` and time zones far from ``date.max``."""
_RANGE = f"between {FIRST_DAY.isoformat()} and {LAST_DAY.isoformat()}"


def is_id(value: object) -> bool:
    """Whether ``value`` could be the id of a row (an int from 1 to :data:`MAX_ID`)."""
    return isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= MAX_ID


def check_id(value: object, what: str) -> int:
    """``value`` as an id; anything else is refused, naming ``what`` (``"page cursor"``)."""
    if not is_id(value):
        raise InvalidInput(f"invalid {what}: ids are whole numbers from 1 to {MAX_ID}")
    assert isinstance(value, int)
    return value


def check_number(value: object, what: str, *, low: int, high: int) -> int:
    """A whole number from ``low`` to ``high``; infinities, NaN, floats and booleans refused."""
    if isinstance(value, float) and not math.isfinite(value):
        raise InvalidInput(f"invalid {what}: not a finite number")
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise InvalidInput(f"invalid {what}: a whole number from {low} to {high} is expected")
    return value


def check_day(day: date | None, what: str) -> date | None:
    """``day`` (or None) if it lies from :data:`FIRST_DAY` to :data:`LAST_DAY`."""
    if day is not None and not FIRST_DAY <= _day_of(day) <= LAST_DAY:
        raise InvalidInput(f"the {what} must be {_RANGE}")
    return day


def check_moment(moment: datetime | None, what: str) -> datetime | None:
    """``moment`` (or None) if its day, in its own zone, lies within the bounds."""
    check_day(moment, what)
    return moment


def check_period(start: date | None, end: date | None) -> None:
    """The days of a period a person chose (either may be left out), each within bounds."""
    check_day(start, "start date")
    check_day(end, "end date")


def _day_of(day: date) -> date:
    return day.date() if isinstance(day, datetime) else day
