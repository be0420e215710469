"""Working time: business days and hours, public holidays, due dates, SLA targets. Pure.

No clock, no settings, no I/O: instants and a :class:`CalendarConfig` in, durations and
instants out. The measure, defined in ``docs/reports.md``:

- working time is the time inside business hours (``day_start`` to ``day_end``, wall clock
  in the calendar's zone) on working days: a business day (Monday to Friday by default)
  that is neither a public holiday (the ``holidays`` package) nor a closed day;
- a message received outside working time starts the clock at the next opening;
- ``working_days`` is working time divided by the length of a working day (8 h by default);
  a thread is answered "within N working days" when ``working_days_taken`` (that quotient
  rounded up) is N: received on Friday 11 July 2025 at 17:00, answered on Tuesday 15 July
  at 10:00 (Monday 14 July a holiday) is 1 h of working time, so 1; on Wednesday 16 July at
  10:00, 9 h, so 2;
- ``add_working_days(start, n)`` is the instant at which ``n`` working days of working time
  have run since ``start``: an answer by then is within ``n``.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from datetime import date, datetime, time, timedelta, tzinfo
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import holidays
from pydantic import BaseModel, ConfigDict, Field, PositiveInt, field_validator, model_validator

from mailflow.classify.result import PARTNER_TYPES, TOPICS

Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
WEEKDAYS: tuple[Weekday, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
ALSACE_MOSELLE = "57"
"""The ``holidays`` subdivision (Moselle; ``6AE``, Alsace, has the same days) that adds Good
Friday and 26 December to France's public holidays."""
DEFAULT_SLA_DAYS = 3
_ONE_DAY = timedelta(days=1)


class _Config(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)


class CalendarConfig(_Config):
    """When the service works (``[calendar]``). Times are wall-clock times in ``web.timezone``."""

    business_days: tuple[Weekday, ...] = Field(("mon", "tue", "wed", "thu", "fri"), min_length=1)
    """Days of the week the service works: `mon` … `sun`."""
    day_start: time = time(9, 0)
    """Opening time of a working day (`"09:00"`)."""
    day_end: time = time(17, 0)
    """Closing time of a working day (`"17:00"`); mail received at or after it counts from the next opening."""
    holidays_country: str = "FR"
    """Public holidays of this country (ISO code, from the `holidays` package); empty: none."""
    alsace_moselle: bool = False
    """Also Good Friday and 26 December, the Alsace-Moselle public holidays (France only)."""
    closed_days: tuple[date, ...] = ()
    """Other days the service is closed (annual closure, bridge days): `["2025-08-14"]`."""

    @model_validator(mode="after")
    def _possible(self) -> CalendarConfig:
        if self.day_end <= self.day_start:
            raise ValueError("calendar.day_end must be after calendar.day_start")
        country = self.holidays_country
        if country and country not in holidays.list_supported_countries():
            raise ValueError(f"calendar.holidays_country: no public holidays known for {country!r}")
        if self.alsace_moselle and country != "FR":
            raise ValueError('calendar.alsace_moselle needs holidays_country = "FR"')
        return self


class SlaTargets(_Config):
    """First-response targets in working days (``[sla]``, see :func:`sla_target`)."""

    working_days: int = Field(DEFAULT_SLA_DAYS, gt=0)
    """Default target, in working days (`web.sla_working_days` is the same value)."""
    by_topic: dict[str, PositiveInt] = {}
    """Targets per topic (`{ training = 2 }`), keys among the taxonomy's topics."""
    by_partner_type: dict[str, PositiveInt] = {}
    """Targets per partner type (`{ bdp = 5 }`); with a topic target too, the smaller one applies."""

    @field_validator("by_topic")
    @classmethod
    def _known_topics(cls, value: dict[str, int]) -> dict[str, int]:
        return _known("sla.by_topic", "topic", value, TOPICS)

    @field_validator("by_partner_type")
    @classmethod
    def _known_partner_types(cls, value: dict[str, int]) -> dict[str, int]:
        return _known("sla.by_partner_type", "partner type", value, PARTNER_TYPES)


def _known(key: str, what: str, targets: dict[str, int], known: tuple[str, ...]) -> dict[str, int]:
    for name in targets:
        if name not in known:
            raise ValueError(f"{key}: unknown {what} {name!r} (known: {', '.join(known)})")
    return targets


def sla_target(targets: SlaTargets, *, topic: str | None, partner_type: str | None) -> int:
    """The target of a thread: the smallest of its topic's and its partner type's targets,
    the default when neither has one."""
    found = [
        days
        for days in (
            targets.by_topic.get(topic or ""),
            targets.by_partner_type.get(partner_type or ""),
        )
        if days is not None
    ]
    return min(found, default=targets.working_days)


def known_zone(name: str) -> str:
    """``name`` when it names a time zone (``Europe/Paris``); ValueError otherwise."""
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"unknown time zone {name!r} (e.g. Europe/Paris)") from exc
    return name


class WorkingCalendar:
    """Working time in one zone. Holidays are computed per year on first use, then kept."""

    __slots__ = ("_closed", "_names", "_weekdays", "config", "day_length", "tz")

    def __init__(self, config: CalendarConfig, tz: tzinfo | str) -> None:
        self.config = config
        self.tz = ZoneInfo(tz) if isinstance(tz, str) else tz
        self._weekdays = frozenset(WEEKDAYS.index(day) for day in config.business_days)
        start, end = (datetime.combine(date.min, t) for t in (config.day_start, config.day_end))
        self.day_length = end - start
        self._closed: dict[int, tuple[frozenset[date], list[date]]] = {}
        self._names: dict[date, str] = {}

    def is_working_day(self, day: date) -> bool:
        """A business day that is neither a public holiday nor a closed day."""
        return day.weekday() in self._weekdays and day not in self._closed_in(day.year)[0]

    def holiday_name(self, day: date) -> str | None:
        """The public holiday's French name (« Fête nationale »), None on other days."""
        self._closed_in(day.year)
        return self._names.get(day)

    def next_opening(self, instant: datetime) -> datetime:
        """The first working moment at or after ``instant`` (itself during working time)."""
        local = self._local(instant)
        day = local.date()
        while True:
            opening, closing = self._hours(day)
            if self.is_working_day(day) and local < closing:
                return self._aware(max(local, opening))
            day += _ONE_DAY

    def working_time(self, start: datetime, end: datetime) -> timedelta:
        """Working time from ``start`` to ``end`` (zero when ``end`` is not after it)."""
        first, last = self._local(start), self._local(end)
        if last <= first:
            return timedelta(0)
        if first.date() == last.date():
            return self._overlap(first, last)
        whole = self._count_working_days(first.date() + _ONE_DAY, last.date() - _ONE_DAY)
        head = self._overlap(first, self._hours(first.date())[1])
        tail = self._overlap(self._hours(last.date())[0], last)
        return head + whole * self.day_length + tail

    def working_hours(self, start: datetime, end: datetime) -> float:
        return self.working_time(start, end) / timedelta(hours=1)

    def working_days(self, start: datetime, end: datetime) -> float:
        """Working time in working days (8 h of working time is 1.0 by default)."""
        return self.working_time(start, end) / self.day_length

    def working_days_taken(self, start: datetime, end: datetime) -> int:
        """:meth:`working_days` rounded up: "answered within N working days"; 0 when no
        working time ran (answered before the next opening)."""
        return -(-self.working_time(start, end) // self.day_length)

    def add_working_days(self, start: datetime, days: int) -> datetime:
        """The instant ``days`` working days of working time after ``start`` (a due date):
        an answer by then has :meth:`working_days_taken` at most ``days``."""
        if days < 0:
            raise ValueError("days must not be negative")
        left, local = days * self.day_length, self._local(start)
        while left:
            opening, closing = self._hours(local.date())
            begin = max(local, opening)
            if self.is_working_day(local.date()) and begin < closing:
                if left <= closing - begin:
                    return self._aware(begin + left)
                left -= closing - begin
            local = datetime.combine(local.date() + _ONE_DAY, time(0))
        return start

    def _local(self, instant: datetime) -> datetime:
        """``instant`` as a naive wall-clock time of the zone (working hours are wall clock)."""
        if instant.tzinfo is None:
            raise ValueError("working time needs aware datetimes")
        return instant.astimezone(self.tz).replace(tzinfo=None)

    def _aware(self, local: datetime) -> datetime:
        return local.replace(tzinfo=self.tz)

    def _hours(self, day: date) -> tuple[datetime, datetime]:
        return (
            datetime.combine(day, self.config.day_start),
            datetime.combine(day, self.config.day_end),
        )

    def _overlap(self, start: datetime, end: datetime) -> timedelta:
        """Working time between two wall-clock times of the same day."""
        if not self.is_working_day(start.date()):
            return timedelta(0)
        opening, closing = self._hours(start.date())
        return max(timedelta(0), min(end, closing) - max(start, opening))

    def _count_working_days(self, first: date, last: date) -> int:
        """Working days from ``first`` to ``last``, both included."""
        if last < first:
            return 0
        weeks, rest = divmod((last - first).days + 1, 7)
        count = weeks * len(self._weekdays)
        count += sum((first.weekday() + i) % 7 in self._weekdays for i in range(rest))
        for year in range(first.year, last.year + 1):
            closed = self._closed_in(year)[1]
            count -= bisect_right(closed, last) - bisect_left(closed, first)
        return count

    def _closed_in(self, year: int) -> tuple[frozenset[date], list[date]]:
        """The year's holidays and closed days, and (sorted) those falling on business days."""
        if year not in self._closed:
            found = self._holidays(year)
            self._names.update(found)
            days = set(found) | {d for d in self.config.closed_days if d.year == year}
            on_business = sorted(d for d in days if d.weekday() in self._weekdays)
            self._closed[year] = (frozenset(days), on_business)
        return self._closed[year]

    def _holidays(self, year: int) -> dict[date, str]:
        country = self.config.holidays_country
        if not country:
            return {}
        subdiv = ALSACE_MOSELLE if self.config.alsace_moselle else None
        # A year outside the package's range gives no holidays rather than an error.
        found = holidays.country_holidays(country, subdiv=subdiv, years=year, language="fr")
        return {day: str(name) for day, name in found.items()}
