"""The report as documents: XLSX, CSV, the printable page and its PDF (supervisors).

Same period parameters as ``/reports`` (:data:`~mailflow.web.filters.ReportQuery`); the
tables are the domain layer's (:func:`~mailflow.services.report_tables.report_tables`), every
row of them (no log limit), rendered by :func:`mailflow.documents.render` in the user's
language and the service's time zone. Files are attachments named for the period:
``bilan-cooperation-2025.xlsx`` for a calendar year.

- ``GET /reports.xlsx``: one sheet per table;
- ``GET /reports.csv``: a ZIP of one CSV per table; ``?table=by_topic``: that table's CSV;
- ``GET /reports.pdf``: the printable report as PDF (A4);
- ``GET /reports/print``: the same page as HTML, to print from the browser.
"""

from __future__ import annotations

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from mailflow.documents import MEDIA_TYPES, Format, extension_of, file_name, period_line, render
from mailflow.documents.printable import CSP
from mailflow.errors import NotFound
from mailflow.services.report_tables import TABLE_KEYS, report_tables
from mailflow.web.deps import Db, Supervisor, get_state
from mailflow.web.filters import ReportQuery
from mailflow.web.render import request_language

router = APIRouter()

TITLE = "Cooperation activity report"


@router.get("/reports.xlsx")
def report_xlsx(request: Request, db: Db, user: Supervisor, wanted: ReportQuery) -> Response:
    return _document(request, db, user, wanted, "xlsx")


@router.get("/reports.pdf")
def report_pdf(request: Request, db: Db, user: Supervisor, wanted: ReportQuery) -> Response:
    return _document(request, db, user, wanted, "pdf")


@router.get("/reports.csv")
def report_csv(
    request: Request,
    db: Db,
    user: Supervisor,
    wanted: ReportQuery,
    table: str | None = Query(None, max_length=40, description="one table's key"),
) -> Response:
    if table is not None and table not in TABLE_KEYS:
        raise NotFound(f"no report table {table!r}")
    return _document(request, db, user, wanted, "csv", table=table)


@router.get("/reports/print")
def report_print(request: Request, db: Db, user: Supervisor, wanted: ReportQuery) -> Response:
    response = _document(request, db, user, wanted, "html")
    response.headers["Content-Security-Policy"] = CSP
    return response


def _document(
    request: Request,
    db: Db,
    user: Supervisor,
    wanted: ReportQuery,
    fmt: Format,
    *,
    table: str | None = None,
) -> Response:
    report = wanted.build(db, log_limit=None)
    tables = report_tables(report)
    lang = request_language(request, user)
    first, last = report.period.first_day, report.period.last_day
    data = render(
        tables,
        fmt,
        lang=lang,
        tz=get_state(request).tz,
        title=TITLE,
        subtitle=period_line(first, last, lang),
        table=table,
    )
    extension = extension_of(tables, fmt, table=table)
    headers = {"Cache-Control": "private, no-store", "X-Content-Type-Options": "nosniff"}
    if fmt != "html":
        stem = file_name(first, last, extension)
        if table is not None:
            stem = stem.replace(f".{extension}", f"-{table}.{extension}")
        headers["Content-Disposition"] = f'attachment; filename="{stem}"'
    return Response(data, media_type=MEDIA_TYPES[extension], headers=headers)
