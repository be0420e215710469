"""The report's numbers on threads written by the test, with a fixed calendar and clock."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from itertools import count
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from mailflow.services.report_cache import ReportCache, cached_report
from mailflow.services.report_stats import WorkingClock
from mailflow.services.report_tables import TABLE_KEYS, report_tables
from mailflow.services.reports import Report, build_report, period_of
from mailflow.store.models import Draft, Event, Thread
from mailflow.workdays import CalendarConfig, SlaTargets, WorkingCalendar

PARIS = ZoneInfo("Europe/Paris")
CALENDAR = WorkingCalendar(CalendarConfig(), PARIS)
NOW = datetime(2025, 8, 1, 12, tzinfo=PARIS)
_numbers = count(1)


def paris(*args: int) -> datetime:
    return datetime(*args, tzinfo=PARIS)  # type: ignore[misc]


def add_thread(
    session: Session,
    received: datetime,
    answered: datetime | None = None,
    *,
    partner_type: str = "bdp",
    topic: str = "training",
    status: str = "waiting",
    assignee: str | None = None,
    resolved: datetime | None = None,
    replies: tuple[tuple[str | None, str | None], ...] = (),
) -> Thread:
    """A thread from a partner; ``replies`` are (author, approver) of replies sent from the
    outbox, one minute apart from the first response."""
    n = next(_numbers)
    thread = Thread(
        ref=f"COOP-{received.year}-{n:05d}",
        subject=f"Demande {n}",
        status=status,
        partner_type=partner_type,
        topic=topic,
        assignee=assignee,
        created_at=received,
        last_activity_at=answered or received,
        first_response_at=answered,
        resolved_at=resolved,
    )
    session.add(thread)
    session.flush()
    for i, (author, approver) in enumerate(replies):
        sent = (answered or received).replace(minute=i)
        session.add(
            Draft(
                thread_id=thread.id,
                state="sent",
                purpose="reply",
                author=author,
                approved_by=approver,
                sent_at=sent,
                created_at=sent,
                updated_at=sent,
            )
        )
    return thread


def report_of(engine: Engine, first: date, last: date, sla: SlaTargets | None = None) -> Report:
    with Session(engine) as session:
        period = period_of(first, last, tz=PARIS)
        return build_report(session, period, calendar=CALENDAR, sla=sla or SlaTargets(), now=NOW)


JULY = (date(2025, 7, 1), date(2025, 7, 31))


def test_working_days_over_the_14_july_weekend(engine: Engine) -> None:
    with Session(engine) as session:
        tuesday = add_thread(session, paris(2025, 7, 11, 17), paris(2025, 7, 15, 10))
        wednesday = add_thread(session, paris(2025, 7, 11, 17), paris(2025, 7, 16, 10))
        session.commit()
        ids = tuesday.id, wednesday.id
    report = report_of(engine, *JULY, SlaTargets(working_days=1))
    first, second = (report.measured[i] for i in ids)
    assert (first.first_response, first.taken) == (0.125, 1)
    assert (second.first_response, second.taken) == (1.125, 2)
    assert [b.row.id for b in report.breaches] == [ids[1]]  # 2 working days > target 1
    assert report.breaches[0].due == paris(2025, 7, 15, 17)
    overall = report.times["all"][0]
    assert overall.median_days == (0.125 + 1.125) / 2 and overall.p90_days == 1.125


def test_targets_per_topic_and_partner_type(engine: Engine) -> None:
    with Session(engine) as session:
        add_thread(session, paris(2025, 7, 7, 9), paris(2025, 7, 9, 12), topic="training")
        add_thread(session, paris(2025, 7, 7, 9), paris(2025, 7, 9, 12), topic="event")
        session.commit()
    sla = SlaTargets(working_days=3, by_topic={"training": 2})
    report = report_of(engine, *JULY, sla)
    assert [(b.row.topic, b.working_days, b.target) for b in report.breaches] == [
        ("training", 3, 2)
    ]


def test_comparison_with_the_same_period_a_year_earlier(engine: Engine) -> None:
    with Session(engine) as session:
        add_thread(session, paris(2025, 7, 7, 9), paris(2025, 7, 7, 13))  # 0.5
        for hours in (1, 2, 3):  # July 2024: 3 threads, median 2 h = 0.25 day
            add_thread(session, paris(2024, 7, 8, 9), paris(2024, 7, 8, 9 + hours))
        add_thread(session, paris(2024, 8, 1, 9), paris(2024, 8, 1, 10))  # outside
        session.add(Event(at=paris(2025, 7, 8, 9), actor="system", action="thread.reopened"))
        session.commit()
    report = report_of(engine, *JULY)
    assert report.previous.period.first_day == date(2024, 7, 1)
    assert report.previous.period.last_day == date(2024, 7, 31)
    assert (report.figures.threads, report.previous.threads) == (1, 3)
    assert report.figures.overall.median_days == 0.5
    assert report.previous.overall.median_days == 0.25
    assert (report.figures.reopenings, report.previous.reopenings) == (1, 0)
    comparison = next(t for t in report_tables(report) if t.key == "comparison")
    assert [row[2] for row in comparison.rows] == [1, 3]


def test_leap_day_a_year_earlier() -> None:
    period = period_of(date(2024, 2, 1), date(2024, 2, 29), tz=PARIS)
    assert period.year_before().last_day == date(2023, 2, 28)


def test_cross_table_and_no_answer_is_none(engine: Engine) -> None:
    with Session(engine) as session:
        add_thread(session, paris(2025, 7, 7, 9), paris(2025, 7, 7, 11), partner_type="bdp")
        add_thread(session, paris(2025, 7, 7, 9), paris(2025, 7, 7, 13), partner_type="bdp")
        add_thread(session, paris(2025, 7, 7, 9), None, partner_type="srl", status="new")
        session.commit()
    report = report_of(engine, *JULY)
    bdp, srl = report.cross["bdp", "training"], report.cross["srl", "training"]
    assert (bdp.count, bdp.answered, bdp.median_days) == (2, 2, 0.375)
    assert (srl.count, srl.answered, srl.median_days, srl.p90_days) == (1, 0, None, None)
    by_type = {t.group: t for t in report.times["partner_type"]}
    assert by_type["srl"].median_days is None  # shown « — », never 0
    tables = {t.key: t for t in report_tables(report)}
    assert tables["cross_counts"].rows == (("bdp", 2, 2), ("srl", 1, 1))
    assert tables["cross_median"].rows == (("bdp", 0.375, 0.375), ("srl", None, None))


def test_staff_workload(engine: Engine) -> None:
    with Session(engine) as session:
        add_thread(
            session,
            paris(2025, 7, 7, 9),
            paris(2025, 7, 7, 10),
            assignee="alice",
            replies=(("alice", None), ("bob", "bob")),
        )
        add_thread(
            session,
            paris(2025, 7, 8, 9),
            paris(2025, 7, 8, 13),
            assignee="alice",
            replies=((None, "bob"),),  # no author: the approver sent it
        )
        add_thread(session, paris(2025, 7, 9, 9), None, assignee="carol", status="new")
        session.commit()
    report = report_of(engine, *JULY)
    loads = {s.name: s for s in report.staff}
    assert set(loads) == {"alice", "bob", "carol"}
    alice, bob, carol = loads["alice"], loads["bob"], loads["carol"]
    assert (alice.assigned, alice.answered, alice.replies, alice.first_responses) == (2, 1, 1, 1)
    assert alice.median_days == 0.125
    assert (bob.assigned, bob.answered, bob.replies, bob.first_responses) == (0, 2, 2, 1)
    assert bob.median_days == 0.5
    assert (carol.assigned, carol.answered, carol.median_days) == (1, 0, None)


def test_threads_we_started_and_acknowledged_ones(engine: Engine) -> None:
    with Session(engine) as session:
        ours = add_thread(session, paris(2025, 7, 7, 9), paris(2025, 7, 7, 9))
        add_thread(session, paris(2025, 7, 7, 9), None, status="new")
        session.commit()
        our_id = ours.id
    report = report_of(engine, *JULY)
    assert our_id not in report.measured  # our own message is nobody's answer
    assert report.times["all"][0].count == 1 and report.times["all"][0].answered == 0
    assert report.times["all"][0].median_days is None


def test_about_to_breach(engine: Engine) -> None:
    # NOW is Friday 1 August 2025 12:00; target 3 days.
    with Session(engine) as session:
        soon = add_thread(session, paris(2025, 7, 29, 15), None, status="new")  # due Fri 15:00
        add_thread(session, paris(2025, 7, 31, 15), None, status="open")  # due Tue 5 Aug
        add_thread(session, paris(2025, 7, 25, 9), None, status="new")  # already in breach
        add_thread(session, paris(2025, 7, 29, 15), None, status="closed")  # closed
        session.commit()
        soon_id = soon.id
    report = report_of(engine, *JULY)
    assert [b.row.id for b in report.due_soon] == [soon_id]
    assert report.due_soon[0].due == paris(2025, 8, 1, 15)


def test_volumes_by_week_or_month(engine: Engine) -> None:
    with Session(engine) as session:
        add_thread(session, paris(2025, 1, 6, 9), None)
        add_thread(session, paris(2025, 12, 31, 23), None)
        session.commit()
    year = report_of(engine, date(2025, 1, 1), date(2025, 12, 31))
    assert year.step == "month" and len(year.buckets) == 12
    assert year.volumes["partner_type"][1]["bdp"] == [1, *[0] * 10, 1]
    quarter = report_of(engine, date(2025, 1, 1), date(2025, 3, 31))
    assert quarter.step == "week" and quarter.buckets[0] == date(2024, 12, 30)


@pytest.mark.parametrize("key", TABLE_KEYS)
def test_every_table_has_typed_rows(engine: Engine, key: str) -> None:
    with Session(engine) as session:
        add_thread(session, paris(2025, 7, 7, 9), paris(2025, 7, 8, 10), replies=(("al", None),))
        session.commit()
    table = next(t for t in report_tables(report_of(engine, *JULY)) if t.key == key)
    for row in table.rows:
        assert len(row) == len(table.columns)
        for column, value in zip(table.columns, row, strict=True):
            if column.cell == "datetime" and value is not None:
                assert isinstance(value, datetime) and value.tzinfo is not None
            if column.cell == "label":
                assert column.labels and isinstance(value, str)


def test_the_working_clock_is_the_calendar() -> None:
    clock = WorkingClock(CALENDAR)
    instants = [
        paris(2025, 7, 11, 17),
        paris(2025, 7, 15, 10),
        paris(2025, 3, 29, 23, 30),  # the night of the change to summer time
        paris(2025, 3, 31, 8, 59),
        paris(2025, 10, 24, 16, 59, 59),
        paris(2025, 12, 24, 12, 0, 0, 1),
        paris(2026, 1, 2, 9),
        datetime(2025, 5, 1, 7, 30, tzinfo=ZoneInfo("UTC")),
    ]
    for a in instants:
        for b in instants:
            expected = CALENDAR.working_time(a, b) // timedelta(microseconds=1)
            assert clock.between(a, b) == expected, (a, b)


def test_a_cached_report_follows_the_data(engine: Engine) -> None:
    cache = ReportCache()
    period = period_of(*JULY, tz=PARIS)
    with Session(engine) as session:
        add_thread(session, paris(2025, 7, 7, 9), None, status="new")
        session.commit()

        def cached() -> Report:
            return cached_report(session, period, calendar=CALENDAR, sla=SlaTargets(), cache=cache)

        first = cached()
        assert cached() is first
        thread = session.get(Thread, first.rows[0].id)
        assert thread is not None
        thread.first_response_at = paris(2025, 7, 7, 11)  # an answer: a new version
        session.commit()
        second = cached()
        assert second is not first and second.times["all"][0].answered == 1
