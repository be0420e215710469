"""The report's documents over HTTP (XLSX, CSV, PDF, printable page), and the five views of
one report (page, XLSX, CSV, PDF, ``mailflow report --json``) giving the same numbers."""

from __future__ import annotations

import csv
import html
import io
import json
import re
import subprocess
import zipfile
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlencode

import pytest
from openpyxl import load_workbook
from sqlalchemy import Engine
from sqlmodel import Session, select
from typer.testing import CliRunner

from mailflow.cli.main import app as cli
from mailflow.i18n import load_translations
from mailflow.labels import LABELS
from mailflow.services.report_tables import TABLE_KEYS
from mailflow.store.models import Thread
from mailflow.web.render import _env
from tests.web.conftest import TestClient

RANGE = {"start": "2026-01-01", "end": "2026-03-31"}
NAME = "bilan-cooperation-2026-01-01_2026-03-31"
FRENCH = load_translations()["fr"].gettext


@pytest.fixture
def db_url(tmp_path: Path) -> Iterator[str]:
    """SQLite only: the numbers come from the domain layer, tested on both databases."""
    yield f"sqlite:///{tmp_path / 'mailflow.sqlite3'}"


def _answer(engine: Engine, ref: str, hours: float | None, topic: str) -> None:
    """Answer a thread ``hours`` after it came (``None``: not answered) and set its topic."""
    with Session(engine) as session:
        thread = session.exec(select(Thread).where(Thread.ref == ref)).one()
        if hours is not None:
            thread.first_response_at = thread.created_at + timedelta(hours=hours)
        thread.topic = topic
        session.commit()


def test_downloads_are_for_supervisors(staff: TestClient) -> None:
    for path in ("/reports.xlsx", "/reports.csv", "/reports.pdf", "/reports/print"):
        assert staff.get(path, params=RANGE).status_code == 403, path


def test_xlsx_download(supervisor: TestClient) -> None:
    response = supervisor.get("/reports.xlsx", params=RANGE)
    assert response.status_code == 200
    assert response.headers["content-disposition"] == f'attachment; filename="{NAME}.xlsx"'
    assert response.headers["content-type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(response.content))
    assert len(book.sheetnames) == len(TABLE_KEYS)
    assert all(sheet.freeze_panes == "A2" for sheet in book.worksheets)
    log = book[FRENCH("Response log")]
    received = [c for c in log[2] if c.is_date]
    assert received and received[0].number_format == "dd/mm/yyyy hh:mm"
    year = supervisor.get("/reports.xlsx", params={"start": "2026-01-01", "end": "2026-12-31"})
    assert 'filename="bilan-cooperation-2026.xlsx"' in year.headers["content-disposition"]


def test_csv_download_zip_or_one_table(supervisor: TestClient) -> None:
    response = supervisor.get("/reports.csv", params=RANGE)
    assert response.headers["content-disposition"] == f'attachment; filename="{NAME}.zip"'
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert archive.namelist() == [f"{key}.csv" for key in TABLE_KEYS]
    one = supervisor.get("/reports.csv", params={**RANGE, "table": "response_log"})
    assert one.headers["content-disposition"] == (f'attachment; filename="{NAME}-response_log.csv"')
    assert one.content.startswith("\ufeff".encode())
    text = one.content.decode("utf-8-sig")
    # The sample mail is dated 12:34 +0100: 12:34 in Paris (winter time), whatever the server.
    assert ";Journée d'étude formation;" in text and ";03/02/2026 12:34;" in text
    assert supervisor.get("/reports.csv", params={"table": "secrets"}).status_code == 404


def test_printable_page_and_pdf(supervisor: TestClient, tmp_path: Path) -> None:
    page = supervisor.get("/reports/print", params=RANGE)
    assert page.status_code == 200 and "content-disposition" not in page.headers
    csp = page.headers["content-security-policy"]
    assert csp.startswith("default-src 'none'; style-src 'sha256-")
    assert "Du 1er\u00a0janvier au 31\u00a0mars 2026" in page.text
    pdf = supervisor.get("/reports.pdf", params=RANGE)
    assert pdf.headers["content-disposition"] == f'attachment; filename="{NAME}.pdf"'
    assert pdf.content.startswith(b"%PDF-")
    (tmp_path / "r.pdf").write_bytes(pdf.content)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "30", str(tmp_path / "r.pdf"), str(tmp_path / "p")], check=True
    )
    info = subprocess.run(
        ["pdfinfo", str(tmp_path / "r.pdf")], capture_output=True, text=True, check=True
    )
    pages = int(re.search(r"^Pages:\s+(\d+)", info.stdout, re.MULTILINE).group(1))  # type: ignore[union-attr]
    assert pages == len(list(tmp_path.glob("p-*.png"))) >= 2


def test_the_five_documents_give_the_same_numbers(
    supervisor: TestClient,
    app_engine: Engine,
    db_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Received on Tuesday 3 February 2026 at 12:34, Paris time.
    _answer(app_engine, "COOP-2026-00001", 2, "training")  # 2 h: 0.25 working day
    _answer(app_engine, "COOP-2026-00002", 10, "training")  # 4 h 26 before closing: 0.55
    _answer(app_engine, "COOP-2026-00003", None, "partnership")  # not answered: « — »
    views = {
        "page": _from_page(supervisor.get("/reports", params=RANGE).text),
        "xlsx": _from_xlsx(supervisor.get("/reports.xlsx", params=RANGE).content),
        "csv": _from_csv(supervisor.get("/reports.csv", params=RANGE).content),
        "pdf": _from_pdf(supervisor.get("/reports.pdf", params=RANGE).content, tmp_path),
        "json": _from_json(_cli_json(db_url, tmp_path, monkeypatch)),
    }
    expected = views["json"]
    assert sum(count for count, _ in expected.values()) == 3
    assert expected == {"Formation": (2, 0.4), "Partenariat": (1, None)}
    for name, numbers in views.items():
        assert numbers == expected, name


ByTopic = dict[str, tuple[int, float | None]]
"""French topic label → (threads, median first response in working days, one decimal)."""


def _number(text: str) -> float | None:
    text = text.strip().replace("\u202f", "").replace("\u00a0", "")
    return None if text == "—" else float(text.replace(",", "."))


def _from_rows(rows: list[list[str]]) -> ByTopic:
    """The by-topic rows: label, threads, answered, median, ... (the table's columns)."""
    return {row[0]: (int(_number(row[1]) or 0), _number(row[3])) for row in rows}


def _from_page(page: str) -> ByTopic:
    block = page[page.index('<details id="by_topic">') :]
    block = block[: block.index("</details>")]
    body = block[block.index("<tbody>") : block.index("</tbody>")]
    rows = [
        [
            html.unescape(re.sub(r"<[^>]+>", "", c))
            for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", tr)
        ]
        for tr in re.findall(r"<tr>(.*?)</tr>", body, re.DOTALL)
    ]
    return _from_rows(rows)


def _from_xlsx(data: bytes) -> ByTopic:
    sheet = load_workbook(io.BytesIO(data))[FRENCH("By topic")]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    return {str(r[0]): (int(r[1]), None if r[3] == "—" else float(r[3])) for r in rows}  # type: ignore[arg-type]


def _from_csv(data: bytes) -> ByTopic:
    text = zipfile.ZipFile(io.BytesIO(data)).read("by_topic.csv").decode("utf-8-sig")
    return _from_rows(list(csv.reader(io.StringIO(text), delimiter=";"))[1:])


def _from_pdf(data: bytes, tmp_path: Path) -> ByTopic:
    (tmp_path / "five.pdf").write_bytes(data)
    text = subprocess.run(
        ["pdftotext", "-layout", str(tmp_path / "five.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    start = next(i for i, line in enumerate(text) if line.strip() == FRENCH("By topic"))
    labels = {FRENCH(v) for v in LABELS["topic"].values()}
    found: ByTopic = {}
    for line in text[start + 1 :]:
        match = re.match(r"\s*(\S.*?)\s{2,}(\d+)\s+(\d+)\s+(\S+)", line)
        if match and match.group(1) in labels and match.group(1) not in found:
            found[match.group(1)] = (int(match.group(2)), _number(match.group(4)))
        elif found and not line.strip():
            continue
        elif found and not match:
            break
    return found


def _cli_json(db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict:
    monkeypatch.setenv("MAILFLOW_DATABASE_URL", db_url)
    monkeypatch.setenv("MAILFLOW_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("MAILFLOW_CONFIG", raising=False)
    args = ["report", "--json", "--from", RANGE["start"], "--to", RANGE["end"]]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def _from_json(summary: dict) -> ByTopic:
    found: ByTopic = {}
    for timing in summary["by_topic"]:
        median = timing["median_days"]
        label = FRENCH(LABELS["topic"][timing["group"]])
        found[label] = (timing["count"], None if median is None else round(median, 1))
    assert summary["threads"] == sum(count for count, _ in found.values())
    return found


def test_download_links_partial() -> None:
    links = _env.get_template("report_downloads.html").render(
        _=FRENCH, query=lambda base: urlencode(base), range_query=RANGE
    )
    assert "Télécharger le bilan d’activité\u00a0:" in links
    for path in ("/reports.pdf?", "/reports.xlsx?", "/reports.csv?", "/reports/print?"):
        assert f'href="{path}start=2026-01-01&amp;end=2026-03-31"' in links
