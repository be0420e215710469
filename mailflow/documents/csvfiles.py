"""CSV files that open cleanly in a French spreadsheet.

UTF-8 with a byte order mark (so Excel reads the accents), ``;`` between fields in French
and ``,`` in English, CRLF line ends, the translated headers and labels, times as
``dd/mm/yyyy hh:mm`` in the service's time zone, decimal comma in French, no thousands
separator, « — » for no value. Text that a spreadsheet would run as a formula starts
with ``'``. Several tables make a ZIP archive of one CSV per table (``<table key>.csv``).
"""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import datetime
from zoneinfo import ZoneInfo

from mailflow.documents.cells import CellText, local_time
from mailflow.services.tables import Table

BOM = "\ufeff"


def delimiter_of(lang: str) -> str:
    return ";" if lang == "fr" else ","


def table_csv(table: Table, *, lang: str, tz: ZoneInfo) -> bytes:
    """One table as a CSV file."""
    text = CellText(lang, tz, for_spreadsheet=True)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter_of(lang), lineterminator="\r\n")
    writer.writerow([text.header(c) for c in table.columns])
    for row in table.rows:
        writer.writerow([text(c, v) for c, v in zip(table.columns, row, strict=True)])
    return (BOM + buffer.getvalue()).encode("utf-8")


def tables_zip(tables: list[Table], *, lang: str, tz: ZoneInfo, edited: datetime) -> bytes:
    """A ZIP archive of one CSV per table, named by the table's key, dated ``edited``."""
    stamp = local_time(edited, tz).timetuple()[:6]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for table in tables:
            info = zipfile.ZipInfo(f"{table.key}.csv", date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, table_csv(table, lang=lang, tz=tz))
    return out.getvalue()
