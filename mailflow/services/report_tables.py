"""A :class:`~mailflow.services.reports.Report` as :class:`~mailflow.services.tables.Table` s:
what every export renders (XLSX sheets, CSV files, the printable page, the PDF).

Titles and headers are English message ids (French in the catalogue); label cells carry
taxonomy ids (``labels=`` names the family); ``None`` means no value (« — »).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from mailflow.classify.result import PARTNER_TYPES, TOPICS
from mailflow.labels import LABELS
from mailflow.services.report_facts import ThreadRow
from mailflow.services.report_stats import Breach, Timing
from mailflow.services.reports import Figures, Report
from mailflow.services.tables import Cell, Column, Table

STATUSES_OPEN = ("new", "open", "waiting")
TABLE_KEYS = (
    "volume_partner_type",
    "volume_topic",
    "response_times",
    "by_partner_type",
    "by_topic",
    "cross_counts",
    "cross_median",
    "staff",
    "sla_breaches",
    "due_soon",
    "comparison",
    "backlog",
    "response_log",
)


def report_tables(report: Report) -> list[Table]:
    """Every table of the report, in the order of the page (keys: :data:`TABLE_KEYS`)."""
    return [
        _volume(report, "partner_type", PARTNER_TYPES),
        _volume(report, "topic", TOPICS),
        _timings("response_times", "Response times", None, report.times["all"]),
        _timings(
            "by_partner_type", "By partner type", "partner_type", report.times["partner_type"]
        ),
        _timings("by_topic", "By topic", "topic", report.times["topic"]),
        _cross_counts(report),
        _cross_median(report),
        _staff(report),
        _breaches(report),
        _due_soon(report),
        _comparison(report),
        _backlog(report),
        _log(report),
    ]


def _count(key: str, title: str) -> Column:
    return Column(key, title, Cell.COUNT)


def _days(key: str, title: str) -> Column:
    return Column(key, title, Cell.DAYS)


def _label(key: str, title: str, family: str) -> Column:
    return Column(key, title, Cell.LABEL, labels=family)


def _volume(report: Report, field: str, values: tuple[str, ...]) -> Table:
    _keys, series = report.volumes[field]
    shown = [v for v in values if v in series]
    start = Column("start", "Month" if report.step == "month" else "Week of", Cell.DATE)
    columns = (start, *(_count(v, LABELS[field][v]) for v in shown), _count("total", "Total"))
    rows = tuple(
        (day, *(series[v][i] for v in shown), sum(series[v][i] for v in shown))
        for i, day in enumerate(report.buckets)
    )
    title = (
        "Threads received by partner type"
        if field == "partner_type"
        else ("Threads received by topic")
    )
    return Table(f"volume_{field}", title, columns, rows)


_TIMING_COLUMNS = (
    _count("threads", "Threads"),
    _count("answered", "Answered"),
    _days("first_response_p50", "First response, median (working days)"),
    _days("first_response_p90", "First response, 90th percentile (working days)"),
    _count("resolved", "Resolved"),
    _days("resolution_p50", "Resolution, median (working days)"),
    _days("resolution_p90", "Resolution, 90th percentile (working days)"),
    _count("breaches", "SLA breaches"),
)


def _timing_cells(t: Timing) -> tuple[object, ...]:
    return (
        t.count,
        t.answered,
        t.median_days,
        t.p90_days,
        t.resolved,
        t.resolution_median_days,
        t.resolution_p90_days,
        t.breaches,
    )


def _timings(key: str, title: str, family: str | None, timings: Iterable[Timing]) -> Table:
    group = _label("group", "Group", family) if family else Column("group", "Group")
    rows = tuple((t.group if family else "All threads", *_timing_cells(t)) for t in timings)
    return Table(key, title, (group, *_TIMING_COLUMNS), rows)


def _cross_counts(report: Report) -> Table:
    topics = [t for t in TOPICS if any(k[1] == t for k in report.cross)]
    types = [p for p in PARTNER_TYPES if any(k[0] == p for k in report.cross)]
    columns = (
        _label("partner_type", "Partner type", "partner_type"),
        *(_count(t, LABELS["topic"][t]) for t in topics),
        _count("total", "Total"),
    )
    rows = []
    for p in types:
        counts = [c.count if (c := report.cross.get((p, t))) else 0 for t in topics]
        rows.append((p, *counts, sum(counts)))
    return Table("cross_counts", "Threads by partner type and topic", columns, tuple(rows))


def _cross_median(report: Report) -> Table:
    topics = [t for t in TOPICS if any(k[1] == t for k in report.cross)]
    types = [p for p in PARTNER_TYPES if any(k[0] == p for k in report.cross)]
    by_type = {t.group: t for t in report.times["partner_type"]}
    columns = (
        _label("partner_type", "Partner type", "partner_type"),
        *(_days(t, LABELS["topic"][t]) for t in topics),
        _days("all", "All topics"),
    )
    rows = tuple(
        (
            p,
            *(c.median_days if (c := report.cross.get((p, t))) else None for t in topics),
            by_type[p].median_days if p in by_type else None,
        )
        for p in types
    )
    title = "Median first response by partner type and topic (working days)"
    return Table("cross_median", title, columns, rows)


def _staff(report: Report) -> Table:
    columns = (
        Column("name", "Staff member"),
        _count("assigned", "Assigned"),
        _count("answered", "Answered"),
        _count("replies", "Replies sent"),
        _count("first_responses", "First responses"),
        _days("median", "First response, median (working days)"),
    )
    rows = tuple(
        (s.name, s.assigned, s.answered, s.replies, s.first_responses, s.median_days)
        for s in report.staff
    )
    return Table("staff", "Workload by staff member", columns, rows)


_THREAD_COLUMNS = (
    Column("ref", "Reference"),
    Column("subject", "Subject"),
    _label("partner_type", "Partner type", "partner_type"),
    _label("topic", "Topic", "topic"),
    Column("received", "Received", Cell.DATETIME),
)


def _thread_cells(row: ThreadRow) -> tuple[object, ...]:
    """The cells of :data:`_THREAD_COLUMNS` for ``row``."""
    return (row.ref, row.subject, row.partner_type, row.topic, row.created_at)


def _breaches(report: Report) -> Table:
    first = Column("first_response", "First response", Cell.DATETIME)
    taken = _count("working_days", "Working days taken")
    return _breach_table(
        "sla_breaches",
        "SLA breaches",
        report.breaches,
        (first, taken),
        lambda b: (b.row.first_response_at, b.working_days),
    )


def _due_soon(report: Report) -> Table:
    status, assignee = _label("status", "Status", "status"), Column("assignee", "Assignee")
    return _breach_table(
        "due_soon",
        "About to breach (due within a working day)",
        report.due_soon,
        (status, assignee),
        lambda b: (b.row.status, b.row.assignee),
    )


def _breach_table(
    key: str,
    title: str,
    breaches: Iterable[Breach],
    extra: tuple[Column, ...],
    cells: Callable[[Breach], tuple[object, ...]],
) -> Table:
    """Threads with their target and due time; ``extra`` columns hold ``cells(breach)``."""
    target, due = _count("target", "Target (working days)"), Column("due", "Due", Cell.DATETIME)
    columns = (*_THREAD_COLUMNS, *extra, target, due)
    rows = tuple((*_thread_cells(b.row), *cells(b), b.target, b.due) for b in breaches)
    return Table(key, title, columns, rows)


def _comparison(report: Report) -> Table:
    columns = (
        Column("start", "From", Cell.DATE),
        Column("end", "To", Cell.DATE),
        _count("threads", "Threads"),
        *_TIMING_COLUMNS[1:],
        _count("reopenings", "Reopenings"),
    )
    rows = tuple(_figure_cells(f) for f in (report.figures, report.previous))
    return Table("comparison", "This period and the same period a year earlier", columns, rows)


def _figure_cells(f: Figures) -> tuple[object, ...]:
    return (
        f.period.first_day,
        f.period.last_day,
        f.threads,
        *_timing_cells(f.overall)[1:],
        f.reopenings,
    )


def _backlog(report: Report) -> Table:
    columns = (
        Column("age", "Age (days)"),
        *(_count(s, LABELS["status"][s]) for s in STATUSES_OPEN),
    )
    rows = tuple(
        (name, *(counts.get(s, 0) for s in STATUSES_OPEN)) for name, counts in report.backlog
    )
    return Table("backlog", "Open threads by age (days)", columns, rows)


def _log(report: Report) -> Table:
    columns = (
        *_THREAD_COLUMNS,
        _label("status", "Status", "status"),
        Column("first_response", "First response", Cell.DATETIME),
        _days("first_response_days", "First response (working days)"),
        Column("resolved", "Resolved", Cell.DATETIME),
        Column("answered_by", "Answered by"),
    )
    rows = []
    for r in report.log:
        m = report.measured.get(r.id)
        rows.append(
            (
                *_thread_cells(r),
                r.status,
                r.first_response_at,
                m.first_response if m else None,
                r.resolved_at,
                ", ".join(report.responders.get(r.id, [])) or None,
            )
        )
    return Table("response_log", "Response log", columns, tuple(rows))
