"""The report documents (mailflow/documents) from hand-made tables: XLSX, CSV, HTML, PDF."""

from __future__ import annotations

import csv
import io
import re
import subprocess
import zipfile
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from babel.messages.pofile import read_po
from openpyxl import load_workbook

from mailflow.documents import extension_of, file_name, period_line, render
from mailflow.documents.cells import CellText
from mailflow.documents.figures import default_figures
from mailflow.documents.titles import edition_line
from mailflow.errors import InvalidInput
from mailflow.i18n import LOCALE_DIR
from mailflow.services.tables import Cell, Column, Table

PARIS = ZoneInfo("Europe/Paris")
EDITED = datetime(2026, 1, 5, 13, 5, tzinfo=UTC)
RECEIVED = datetime(2025, 7, 11, 15, 0, tzinfo=UTC)  # 17:00 in Paris (summer time)
HOSTILE = '=HYPERLINK("http://203.0.113.9") <script>alert(1)</script>'

BY_TOPIC = Table(
    "by_topic",
    "By topic",
    (
        Column("group", "Group", Cell.LABEL, labels="topic"),
        Column("threads", "Threads", Cell.COUNT),
        Column("first_response_p50", "Median", Cell.DAYS),
        Column("share", "Answered", Cell.PERCENT),
    ),
    (("training", 12, 1.125, 0.5), ("partnership", 3, None, 0.125), ("nonsense", 1234, 0.4, 1)),
)
LOG = Table(
    "response_log",
    "Response log",
    (
        Column("ref", "Reference"),
        Column("subject", "Subject"),
        Column("partner_type", "Partner type", Cell.LABEL, labels="partner_type"),
        Column("received", "Received", Cell.DATETIME),
        Column("day", "Month", Cell.DATE),
    ),
    tuple(
        (f"COOP-2025-{n:05d}", HOSTILE, "bdp", RECEIVED, date(2025, 7, 11)) for n in range(1, 81)
    ),
)
VOLUME = Table(
    "volume_topic",
    "Threads received",
    (
        Column("start", "Month", Cell.DATE),
        Column("training", "Training", Cell.COUNT),
        Column("total", "Total", Cell.COUNT),
    ),
    tuple((date(2025, m, 1), m, m) for m in range(1, 13)),
)
TABLES = [VOLUME, BY_TOPIC, LOG]


def _render(fmt: str, tables: list[Table] = TABLES, **options: object) -> bytes:
    return render(
        tables,
        fmt,  # type: ignore[arg-type]
        tz=PARIS,
        title="Cooperation activity report",
        subtitle=period_line(date(2025, 1, 1), date(2025, 12, 31), "fr"),
        edited=EDITED,
        **options,  # type: ignore[arg-type]
    )


def test_xlsx_sheets_french_headers_typed_cells() -> None:
    book = load_workbook(io.BytesIO(_render("xlsx")))
    assert book.sheetnames == [
        "Conversations reçues",
        "Par thème",
        "Journal des réponses",
    ]
    topics, log = book["Par thème"], book["Journal des réponses"]
    assert [c.value for c in topics[1]] == [
        "Groupe",
        "Conversations",
        "Médiane",
        "Répondues",
    ]
    assert topics.freeze_panes == "A2" and log.freeze_panes == "A2"
    assert topics.auto_filter.ref == "A1:D4"
    assert [c.value for c in topics[2]] == ["Formation", 12, 1.1, 0.5]
    assert topics["C2"].number_format == "0.0" and topics["D2"].number_format == "0.0%"
    assert topics["C3"].value == "—"  # no value: never 0, never empty
    assert topics["A4"].value == "nonsense"  # an unknown id is shown as is
    received = log["D2"]
    assert received.is_date and received.value == datetime(2025, 7, 11, 17, 0)
    assert received.number_format == "dd/mm/yyyy hh:mm"
    assert log["E2"].is_date and log["E2"].number_format == "dd/mm/yyyy"
    assert log["C2"].value == "Bibliothèque départementale"
    assert log["B2"].value == HOSTILE and log["B2"].data_type == "s"  # text, not a formula
    assert log.max_row == 81  # the documents cut long tables, the spreadsheet never
    assert 8 <= log.column_dimensions["B"].width <= 60


def test_csv_bom_semicolons_french_labels_paris_times() -> None:
    data = _render("csv", table="response_log")
    assert data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Référence", "Objet", "Type de partenaire", "Reçu", "Mois"]
    _ref, subject, partner, received, day = rows[1]
    assert (partner, received, day) == (
        "Bibliothèque départementale",
        "11/07/2025 17:00",
        "11/07/2025",
    )
    assert subject == "'" + HOSTILE  # a spreadsheet would run it as a formula
    assert b"\r\n" in data
    topics = _render("csv", table="by_topic").decode("utf-8-sig").splitlines()
    assert topics[1:] == [
        "Formation;12;1,1;50,0%",
        "Partenariat;3;—;12,5%",
        "nonsense;1234;0,4;100,0%",
    ]


def test_csv_of_several_tables_is_a_zip_and_english_uses_commas() -> None:
    archive = zipfile.ZipFile(io.BytesIO(_render("csv")))
    assert archive.namelist() == ["volume_topic.csv", "by_topic.csv", "response_log.csv"]
    assert archive.getinfo("by_topic.csv").date_time == (2026, 1, 5, 14, 5, 0)  # Paris time
    assert extension_of(TABLES, "csv") == "zip" and extension_of(TABLES, "csv", table="x") == "csv"
    english = _render("csv", table="by_topic", lang="en").decode("utf-8-sig").splitlines()
    assert english[1] == "Training,12,1.1,50.0%"
    log = _render("csv", table="response_log", lang="en").decode("utf-8-sig").splitlines()
    assert ",Departmental library,2025-07-11 17:00,2025-07-11" in log[1]
    with pytest.raises(InvalidInput):
        _render("csv", table="secrets")


def test_printable_page_french_escaped_and_cut() -> None:
    html = _render("html").decode()
    assert "<h1>Bilan d’activité de la coopération</h1>" in html
    assert "Année 2025" in html and "Édité le 5\u00a0janvier 2026 à 14\u00a0h\u00a005" in html
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert html.count("<tbody>") == 3 and html.count('<svg class="chart"') == 2
    assert '<td class="n">—</td>' in html
    short = _render("html", max_rows=50).decode()
    assert "30 lignes de plus\u00a0: voir le fichier XLSX ou CSV." in short
    assert "<td>COOP-2025-00051</td>" not in short


def test_charts_show_no_value_as_a_dash_never_zero() -> None:
    figures = default_figures([BY_TOPIC, VOLUME, LOG], CellText("fr", PARIS))
    assert [f.title for f in figures] == [
        "Médiane · Par thème",
        "Threads received",
    ]
    bars = str(figures[0].svg)
    assert ">Partenariat</text><text x=" in bars and ">—</text>" in bars
    assert "1,1\u00a0j" in bars
    stacked = str(figures[1].svg)
    assert "Total" not in stacked and "janv. 2025" in stacked  # the sum is not stacked on


def test_pdf_pages_render_to_png(tmp_path: Path) -> None:
    one = tmp_path / "one.pdf"
    one.write_bytes(_render("pdf", [BY_TOPIC]))
    assert _pages(one) == 1
    full = tmp_path / "full.pdf"
    full.write_bytes(_render("pdf"))
    subprocess.run(["pdftoppm", "-png", "-r", "40", str(full), str(tmp_path / "page")], check=True)
    pngs = sorted(tmp_path.glob("page-*.png"))
    assert len(pngs) == _pages(full)
    assert 4 <= len(pngs) <= 6  # 80 log rows after the charts
    assert all(p.read_bytes().startswith(b"\x89PNG") for p in pngs)
    text = subprocess.run(
        ["pdftotext", "-layout", str(full), "-"], check=True, capture_output=True, text=True
    ).stdout
    assert "Bilan d’activité de la coopération" in text and "11/07/2025 17:00" in text
    assert re.search(r"Partenariat\s+3\s+—", text)


def _pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    match = re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE)
    assert match
    return int(match.group(1))


def test_titles_and_file_names() -> None:
    assert period_line(date(2025, 1, 1), date(2025, 12, 31), "fr") == "Année 2025"
    assert (
        period_line(date(2025, 3, 1), date(2025, 6, 30), "fr")
        == "Du 1er\u00a0mars au 30\u00a0juin 2025"
    )
    assert period_line(date(2024, 12, 2), date(2025, 1, 1), "fr") == (
        "Du 2\u00a0décembre 2024 au 1er\u00a0janvier 2025"
    )
    assert file_name(date(2025, 1, 1), date(2025, 12, 31), "xlsx") == "bilan-cooperation-2025.xlsx"
    assert file_name(date(2025, 1, 1), date(2025, 3, 31), "pdf") == (
        "bilan-cooperation-2025-01-01_2025-03-31.pdf"
    )
    assert edition_line(datetime(2026, 3, 1, 8, 0, tzinfo=UTC), PARIS, "fr") == (
        "Édité le 1er\u00a0mars 2026 à 9\u00a0h\u00a000"
    )


def test_sheet_names_excel_accepts() -> None:
    long = Table("a", "Threads: [all] / every *one* of them?" * 2, (Column("x", "X"),), (("1",),))
    book = load_workbook(io.BytesIO(_render("xlsx", [long, long])))
    assert all(len(n) <= 31 and not set(n) & set("[]:*?/\\") for n in book.sheetnames)
    assert len(set(book.sheetnames)) == 2


def test_documents_texts_are_in_the_catalogue() -> None:
    with (LOCALE_DIR / "fr.po").open("rb") as handle:
        french = {m.id for m in read_po(handle, locale="fr") if m.string}
    template = (
        Path(__file__).parent.parent / "mailflow/documents/templates/report.html"
    ).read_text()
    used = set(re.findall(r'_\("([^"]+)"\)', template)) | {"Cooperation activity report", "wd"}
    assert used - french == set()
