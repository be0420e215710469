"""Supervisor reports: numbers, CSV exports, the audit log; the arithmetic behind them."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

from mailflow.services.report_tables import TABLE_KEYS
from mailflow.services.reports import percentile
from mailflow.store.models import Thread
from mailflow.workdays import CalendarConfig, WorkingCalendar
from tests.web.conftest import TestClient, csrf_of

PARIS = ZoneInfo("Europe/Paris")
RANGE = {"start": "2026-01-01", "end": "2026-03-31"}


def _answer(engine: Engine, ref: str, hours: float) -> None:
    with Session(engine) as session:
        thread = session.execute(
            Thread.__table__.select().where(Thread.__table__.c.ref == ref)
        ).first()
        assert thread is not None
        row = session.get(Thread, thread.id)
        assert row is not None
        row.first_response_at = row.created_at + timedelta(hours=hours)
        session.commit()


def test_percentiles() -> None:
    assert percentile([1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0], 90) == 9.0
    assert percentile([5.0], 90) == 5.0


def test_report_page_and_numbers(supervisor: TestClient, app_engine: Engine) -> None:
    _answer(app_engine, "COOP-2026-00001", 2)
    _answer(app_engine, "COOP-2026-00002", 10)
    page = supervisor.get("/reports", params=RANGE)
    assert page.status_code == 200
    assert page.text.count('<svg class="chart"') == 5
    summary = supervisor.get("/api/reports/summary", params=RANGE).json()
    assert summary["threads"] == 3
    calendar = WorkingCalendar(CalendarConfig(), PARIS)
    with Session(app_engine) as session:
        days = sorted(
            calendar.working_days(t.created_at, t.first_response_at)
            for t in session.exec(select(Thread)).all()
            if t.first_response_at
        )
    assert summary["response_times"][0]["median_days"] == pytest.approx(sum(days) / 2)
    assert summary["response_times"][0]["p90_days"] == pytest.approx(days[1])
    assert summary["by_partner_type"] and "« — »" not in page.text
    assert summary["sla_breaches"] == ["COOP-2026-00003"]  # never answered


def test_every_table_downloads_as_csv(supervisor: TestClient) -> None:
    for table in (
        "response-log",
        "volume-partner-type",
        "volume-topic",
        "response-times",
        "sla-breaches",
        "backlog",
        *TABLE_KEYS,
    ):
        response = supervisor.get(f"/reports/{table}.csv", params=RANGE, follow_redirects=True)
        assert response.status_code == 200, table
        assert response.headers["content-disposition"].startswith("attachment;")
        text = response.content.decode("utf-8-sig")
        rows = list(csv.reader(io.StringIO(text), delimiter=";"))
        assert len(rows) >= (2 if "-" in table else 1), table
    log = supervisor.get(
        "/reports/response-log.csv", params=RANGE, follow_redirects=True
    ).content.decode("utf-8-sig")
    assert "COOP-2026-00002;Journée d'étude formation" in log
    assert supervisor.get("/reports/secrets.csv").status_code == 404


def test_bad_report_input(supervisor: TestClient) -> None:
    assert (
        supervisor.get("/reports", params={"start": "2026-05-01", "end": "2026-01-01"}).status_code
        == 400
    )
    assert supervisor.get("/reports", params={"start": "yesterday"}).status_code == 422
    for path in ("/reports", "/reports.csv", "/api/reports/summary"):
        assert supervisor.get(path, params={"step": "decade"}).status_code == 400, path
    assert (
        supervisor.get("/reports", params={"start": "2000-01-01", "end": "2026-01-01"}).status_code
        == 400
    )


def test_csv_cells_cannot_become_formulas() -> None:
    from mailflow.web.csvexport import cell

    assert cell("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert cell(-3) == "-3"


def test_audit_log_filters_and_csv(supervisor: TestClient) -> None:
    token = csrf_of(supervisor)
    supervisor.post("/threads/COOP-2026-00001/notes", data={"body": "vu", "csrf_token": token})
    supervisor.post(
        "/threads/COOP-2026-00002/classification", data={"topic": "training", "csrf_token": token}
    )
    page = supervisor.get("/audit", params={"action": "note.added"}).text
    assert "note.added" in page and "thread.reclassified" not in page.split("<tbody>")[1]
    page = supervisor.get("/audit", params={"ref": "COOP-2026-00002"}).text
    assert "thread.reclassified" in page.split("<tbody>")[1]
    events = supervisor.get("/api/events", params={"actor": "supervisor"}).json()
    assert {e["action"] for e in events} == {"note.added", "thread.reclassified"}
    csv_text = supervisor.get("/audit.csv", params={"actor": "supervisor"}).content.decode(
        "utf-8-sig"
    )
    assert csv_text.count("\r\n") == 3
    assert (
        supervisor.get("/audit", params={"start": "2026-02-01", "end": "2026-01-01"}).status_code
        == 400
    )


def test_groups_without_answers_show_a_dash(supervisor: TestClient) -> None:
    page = supervisor.get("/reports", params=RANGE).text  # nothing answered
    summary = supervisor.get("/api/reports/summary", params=RANGE).json()
    assert all(t["median_days"] is None for t in summary["by_partner_type"])
    by_partner = page.split('id="by_partner_type"')[1].split("</details>")[0]
    assert '<td class="num">—</td>' in by_partner
    assert "0 h" not in page and ">0,0<" not in page
