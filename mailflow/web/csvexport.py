"""CSV downloads that open cleanly in a spreadsheet (UTF-8 with BOM, ';' for French Excel).

Streaming CSV of plain rows (the audit log, admin lists). The report's tables, with French
headers, labels and Paris times, are rendered by :mod:`mailflow.documents`
(``/reports.csv``, :mod:`mailflow.web.routes.report_files`).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from fastapi.responses import StreamingResponse

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_response(
    filename: str, header: Sequence[str], rows: Iterable[Sequence[Any]], *, delimiter: str = ";"
) -> StreamingResponse:
    return StreamingResponse(
        _lines(header, rows, delimiter),
        media_type="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "X-Content-Type-Options": "nosniff",
            "Cache-Control": "private, no-store",
        },
    )


def cell(value: Any) -> str:
    """A value as text; text that a spreadsheet would run as a formula is quoted with '."""
    if value is None:
        return ""
    text = value.isoformat() if hasattr(value, "isoformat") else str(value)
    if isinstance(value, str) and text.startswith(_FORMULA_START):
        return "'" + text
    return text


def _lines(header: Sequence[str], rows: Iterable[Sequence[Any]], delimiter: str) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    yield "\ufeff" + _take(buffer)
    for row in rows:
        writer.writerow([cell(v) for v in row])
        if buffer.tell() > 64_000:
            yield _take(buffer)
    yield _take(buffer)


def _take(buffer: io.StringIO) -> str:
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text
