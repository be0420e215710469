"""Working time (mailflow/workdays.py): the measure of docs/reports.md on a fixed calendar."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from mailflow.errors import ConfigError
from mailflow.settings import load_settings
from mailflow.workdays import CalendarConfig, SlaTargets, WorkingCalendar, sla_target
from tests.test_architecture import FORBIDDEN, PACKAGE, _offenders

PARIS = ZoneInfo("Europe/Paris")
CALENDAR = WorkingCalendar(CalendarConfig(), PARIS)
RECEIVED = datetime(2025, 7, 11, 17, 0, tzinfo=PARIS)  # Friday, at closing time


def at(day: int, hour: int, minute: int = 0, month: int = 7) -> datetime:
    return datetime(2025, month, day, hour, minute, tzinfo=PARIS)


def test_friday_evening_to_tuesday_after_the_14th_of_july_is_one_working_day() -> None:
    answered = at(15, 10)
    assert CALENDAR.working_days_taken(RECEIVED, answered) == 1
    assert CALENDAR.working_hours(RECEIVED, answered) == 1.0
    assert CALENDAR.working_days(RECEIVED, answered) == 0.125


def test_to_wednesday_it_is_two() -> None:
    answered = at(16, 10)
    assert CALENDAR.working_days_taken(RECEIVED, answered) == 2
    assert CALENDAR.working_hours(RECEIVED, answered) == 9.0


def test_the_weekend_and_the_holiday_are_not_working_days() -> None:
    assert [CALENDAR.is_working_day(date(2025, 7, d)) for d in range(11, 17)] == [
        True,  # Friday 11
        False,  # Saturday
        False,  # Sunday
        False,  # Monday 14 July, Fête nationale
        True,
        True,
    ]
    assert CALENDAR.holiday_name(date(2025, 7, 14)) == "Fête nationale"
    assert CALENDAR.holiday_name(date(2025, 7, 15)) is None


def test_after_hours_mail_starts_the_clock_at_the_next_opening() -> None:
    assert CALENDAR.next_opening(RECEIVED) == at(15, 9)
    assert CALENDAR.next_opening(at(15, 7, 30)) == at(15, 9)
    assert CALENDAR.next_opening(at(15, 11)) == at(15, 11)
    # Answered before the service opened: no working time ran.
    assert CALENDAR.working_days_taken(RECEIVED, at(15, 8)) == 0
    assert CALENDAR.working_days_taken(at(15, 10), at(15, 10)) == 0


def test_a_full_working_day_is_one_and_a_minute_more_is_two() -> None:
    assert CALENDAR.working_days_taken(at(15, 10), at(16, 10)) == 1
    assert CALENDAR.working_days_taken(at(15, 10), at(16, 10, 1)) == 2
    assert CALENDAR.working_days(at(15, 9), at(15, 17)) == 1.0


def test_due_dates_agree_with_the_measure() -> None:
    assert CALENDAR.add_working_days(RECEIVED, 1) == at(15, 17)
    assert CALENDAR.add_working_days(RECEIVED, 3) == at(17, 17)
    assert CALENDAR.add_working_days(at(15, 10), 3) == at(18, 10)
    assert CALENDAR.add_working_days(at(18, 10), 1) == at(21, 10)  # over the weekend
    assert CALENDAR.add_working_days(at(15, 10), 0) == at(15, 10)
    start = datetime(2025, 7, 11, 15, 0, tzinfo=UTC)
    for days in range(1, 30):
        due = CALENDAR.add_working_days(start, days)
        assert CALENDAR.working_time(start, due) == days * CALENDAR.day_length
        after = CALENDAR.next_opening(due) + timedelta(minutes=1)  # the next working minute
        assert CALENDAR.working_days_taken(start, due) == days
        assert CALENDAR.working_days_taken(start, after) == days + 1
    with pytest.raises(ValueError, match="negative"):
        CALENDAR.add_working_days(start, -1)


def test_long_spans_count_every_working_day_of_the_year() -> None:
    # 2025: 261 weekdays, 10 public holidays on weekdays (1 Nov falls on a Saturday).
    year = CALENDAR.working_days(at(1, 0, month=1), datetime(2026, 1, 1, tzinfo=PARIS))
    assert year == 251.0
    day_by_day = sum(CALENDAR.is_working_day(date(2025, 1, 1) + timedelta(d)) for d in range(365))
    assert day_by_day == 251


def test_summer_and_winter_time_do_not_change_a_working_day() -> None:
    # 30 March 2025: clocks go forward; business hours are wall-clock hours.
    assert CALENDAR.working_hours(at(28, 9, month=3), at(31, 17, month=3)) == 16.0
    assert CALENDAR.working_hours(at(24, 9, month=10), at(27, 17, month=10)) == 16.0
    assert CALENDAR.add_working_days(at(28, 12, month=3), 1) == at(31, 12, month=3)


def test_alsace_moselle_adds_good_friday_and_saint_stephen() -> None:
    local = WorkingCalendar(CalendarConfig(alsace_moselle=True), PARIS)
    for day in (date(2025, 4, 18), date(2025, 12, 26)):
        assert CALENDAR.is_working_day(day) and not local.is_working_day(day)
    assert local.working_days(at(17, 17, month=4), at(22, 9, month=4)) == 0.0  # Good Friday, Easter


def test_business_days_hours_and_closed_days_come_from_config() -> None:
    config = CalendarConfig(
        business_days=("tue", "wed", "thu", "fri", "sat"),
        day_start=time(8, 30),
        day_end=time(12, 30),
        closed_days=(date(2025, 8, 14),),
    )
    calendar = WorkingCalendar(config, "Europe/Paris")
    assert calendar.day_length == timedelta(hours=4)
    assert calendar.is_working_day(date(2025, 7, 12))  # a Saturday
    assert not calendar.is_working_day(date(2025, 7, 15 - 1))  # Monday (and the 14th)
    assert not calendar.is_working_day(date(2025, 8, 14))
    assert calendar.working_days_taken(at(13, 8, month=8), at(16, 9, month=8)) == 2  # 13, 16
    assert calendar.working_hours(at(11, 12), at(12, 9)) == 1.0  # Fri 12:00-12:30, Sat 8:30-9:00


def test_no_country_means_no_public_holidays() -> None:
    calendar = WorkingCalendar(CalendarConfig(holidays_country=""), PARIS)
    assert calendar.is_working_day(date(2025, 7, 14))
    assert calendar.holiday_name(date(2025, 7, 14)) is None


def test_naive_datetimes_are_refused() -> None:
    with pytest.raises(ValueError, match="aware"):
        CALENDAR.working_time(datetime(2025, 7, 11, 17), at(15, 10))


def test_sla_target_takes_the_smallest_applicable_target() -> None:
    targets = SlaTargets(by_topic={"training": 2}, by_partner_type={"bdp": 5, "srl": 1})
    assert sla_target(targets, topic="training", partner_type="bdp") == 2
    assert sla_target(targets, topic="training", partner_type="srl") == 1
    assert sla_target(targets, topic="event", partner_type="bdp") == 5
    assert sla_target(targets, topic="event", partner_type="library") == 3
    assert sla_target(targets, topic=None, partner_type=None) == 3


def test_calendar_and_sla_settings_from_toml_and_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "mailflow.toml"
    config.write_text(
        "[calendar]\n"
        'business_days = ["mon", "tue", "wed", "thu"]\n'
        "day_start = 08:30:00\n"
        'day_end = "16:30"\n'
        'closed_days = ["2025-08-14"]\n'
        "[sla]\n"
        "working_days = 4\n"
        "by_topic = { training = 2 }\n"
        "[web]\n"
        'timezone = "Europe/Paris"\n',
        encoding="utf-8",
    )
    monkeypatch.setenv("MAILFLOW_CALENDAR__ALSACE_MOSELLE", "true")
    monkeypatch.setenv("MAILFLOW_SLA__BY_PARTNER_TYPE", '{"bdp": 5}')
    monkeypatch.setenv("MAILFLOW_CALENDAR__CLOSED_DAYS", '["2025-08-14", "2025-08-15"]')
    settings = load_settings(config)
    assert settings.calendar == CalendarConfig(
        business_days=("mon", "tue", "wed", "thu"),
        day_start=time(8, 30),
        day_end=time(16, 30),
        alsace_moselle=True,
        closed_days=(date(2025, 8, 14), date(2025, 8, 15)),
    )
    assert settings.sla == SlaTargets(
        working_days=4, by_topic={"training": 2}, by_partner_type={"bdp": 5}
    )
    assert settings.web.sla_working_days == 4  # one value, read under both names
    calendar = settings.working_calendar()
    assert calendar.tz == PARIS and not calendar.is_working_day(date(2025, 12, 26))


def test_the_older_web_sla_key_still_sets_the_default_target() -> None:
    settings = load_settings(None, web={"sla_working_days": 5})
    assert settings.sla.working_days == settings.web.sla_working_days == 5
    assert load_settings(None).web.sla_working_days == 3
    with pytest.raises(ConfigError, match=r"web.sla_working_days \(5\) and sla.working_days \(4\)"):
        load_settings(None, web={"sla_working_days": 5}, sla={"working_days": 4})


@pytest.mark.parametrize(
    ("overrides", "named"),
    [
        ({"sla": {"by_topic": {"trainig": 2}}}, "sla.by_topic: unknown topic 'trainig'"),
        ({"sla": {"by_partner_type": {"bpd": 2}}}, "sla.by_partner_type: unknown partner type"),
        ({"sla": {"by_partner_type": {"bdp": 0}}}, "sla.by_partner_type.bdp: Input should be"),
        ({"sla": {"working_days": 0}}, "sla.working_days: Input should be greater than 0"),
        ({"sla": {"by_topic": {"training": 2}, "days": 3}}, "sla.days: Extra inputs"),
        ({"calendar": {"business_days": ["lun"]}}, "calendar.business_days.0"),
        (
            {"calendar": {"business_days": []}},
            "calendar.business_days: Tuple should have at least 1 item",
        ),
        ({"calendar": {"day_start": "18:00"}}, "calendar.day_end must be after"),
        ({"calendar": {"holidays_country": "XX"}}, "calendar.holidays_country"),
        ({"calendar": {"holidays_country": "DE", "alsace_moselle": True}}, "alsace_moselle"),
        ({"web": {"timezone": "Europe/Pariss"}}, "web.timezone"),
    ],
)
def test_bad_calendar_or_sla_values_stop_start_up_naming_the_key(
    overrides: dict[str, object], named: str
) -> None:
    with pytest.raises(ConfigError) as caught:
        load_settings(None, **overrides)
    assert named in str(caught.value)


def test_workdays_is_pure() -> None:
    source = PACKAGE / "workdays.py"
    assert _offenders([source], FORBIDDEN) == []
    text = source.read_text(encoding="utf-8")
    assert ".now(" not in text and "utcnow(" not in text
