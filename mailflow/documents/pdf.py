"""The PDF of the printable report, made by WeasyPrint from the same HTML.

WeasyPrint lays text out with Pango and the fonts of the machine (Debian's
``libpango-1.0-0``, ``libpangoft2-1.0-0`` and ``fonts-dejavu-core``, installed by
``scripts/bootstrap.sh``). The page needs no resource; the URL fetcher refuses every URL
anyway, so nothing in a table can make the renderer read a file or the network.
"""

from __future__ import annotations

from weasyprint import HTML, URLFetcher


def pdf_of(html: str) -> bytes:
    """The PDF of ``html`` (A4, as its print CSS says)."""
    document = HTML(string=html, url_fetcher=URLFetcher(allowed_protocols=()))
    return bytes(document.write_pdf())  # without a target, write_pdf returns the bytes
