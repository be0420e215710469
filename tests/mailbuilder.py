"""Build raw RFC 5322 messages for tests: realistic bytes made by the test, not piles of files.

Two levels:

* :func:`build_message` -- one call for the usual shapes: text only, text + HTML
  (``multipart/alternative``), either of them plus attachments (``multipart/mixed``)::

      raw = build_message(
          subject="Demande de partenariat",
          text="Bonjour,\\n...",
          html="<p>Bonjour,</p>",
          charset="windows-1252",
          attachments=[attachment(b"%PDF-1.7 ...", "convention.pdf", "application/pdf")],
      )

* the parts themselves (:func:`text_part`, :func:`html_part`, :func:`attachment`,
  :func:`multipart`, :func:`message_part`, :class:`Part`) assembled with :func:`render`, for
  any other tree (``multipart/related``, ``multipart/report``, nested messages, broken ones).

Header values may be ``str`` (non-ASCII ones are RFC 2047 encoded unless ``encode=False``) or
``bytes`` (written as they are: raw 8-bit headers, broken encoded words). Every function takes
``newline`` (``"\\r\\n"`` by default, as on the wire; ``"\\n"`` as in mbox/Maildir files).
Only the standard library is used, and nothing here parses: the bytes are exactly what the
arguments say, so tests can build malformed mail on purpose.
"""

from __future__ import annotations

import base64
import binascii
import itertools
import quopri
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from urllib.parse import quote

HeaderValue = str | bytes
Headers = Sequence[tuple[str, HeaderValue]]

_boundary_counter = itertools.count(1)

DEFAULT_DATE = "Tue, 03 Feb 2026 12:34:54 +0100"


def encode_word(text: str, charset: str = "utf-8", encoding: str = "B") -> str:
    """One RFC 2047 encoded word for ``text`` (``encoding`` is ``"B"`` or ``"Q"``)."""
    data = text.encode(charset)
    if encoding.upper() == "B":
        payload = base64.b64encode(data).decode("ascii")
    else:
        payload = "".join(
            "_" if byte == 0x20 else chr(byte) if _q_safe(byte) else f"={byte:02X}" for byte in data
        )
    return f"=?{charset}?{encoding}?{payload}?="


def _q_safe(byte: int) -> bool:
    return 0x21 <= byte <= 0x7E and chr(byte) not in '=?_"(),.:;<>@[\\]'


def encode_header(value: str, charset: str = "utf-8", encoding: str = "B") -> str:
    """``value`` as is when ASCII, else one encoded word per 30 characters, folded."""
    if value.isascii():
        return value
    chunks = [value[i : i + 30] for i in range(0, len(value), 30)]
    return "\r\n ".join(encode_word(chunk, charset, encoding) for chunk in chunks)


def _header_bytes(name: str, value: HeaderValue, newline: str, encode: bool) -> bytes:
    if isinstance(value, bytes):
        raw = value
    else:
        raw = (encode_header(value) if encode else value).encode("utf-8")
    raw = raw.replace(b"\r\n", b"\n").replace(b"\n", newline.encode("ascii"))
    return name.encode("ascii") + b": " + raw + newline.encode("ascii")


def render_headers(headers: Headers, newline: str = "\r\n", *, encode: bool = True) -> bytes:
    """The header block (without the empty line that ends it)."""
    return b"".join(_header_bytes(name, value, newline, encode) for name, value in headers)


@dataclass
class Part:
    """One MIME entity: its own headers and either a body or sub-parts.

    ``body`` is already transfer-encoded; the helper functions below do the encoding.
    """

    headers: list[tuple[str, HeaderValue]]
    body: bytes = b""
    parts: list[Part] = field(default_factory=list)
    boundary: str | None = None
    preamble: bytes = b""
    epilogue: bytes = b""
    close: bool = True
    """Write the closing ``--boundary--`` line (False builds a truncated multipart)."""


def _transfer_encode(data: bytes, cte: str, newline: str) -> bytes:
    nl = newline.encode("ascii")
    if cte == "base64":
        encoded = base64.b64encode(data)
        lines = [encoded[i : i + 76] for i in range(0, len(encoded), 76)]
        return nl.join(lines) + nl
    if cte == "quoted-printable":
        encoded = binascii.b2a_qp(data.replace(b"\r\n", b"\n"), header=False)
        return encoded.replace(b"\n", nl) + (b"" if encoded.endswith(b"\n") else nl)
    text = data.replace(b"\r\n", b"\n").replace(b"\n", nl)
    return text if text.endswith(nl) else text + nl


def text_part(
    text: str | bytes,
    subtype: str = "plain",
    *,
    charset: str = "utf-8",
    cte: str | None = None,
    newline: str = "\r\n",
    extra_params: str = "",
    headers: Headers = (),
) -> Part:
    """A ``text/<subtype>`` part; ``text`` as str is encoded with ``charset``.

    ``cte`` defaults to ``7bit`` for ASCII and ``quoted-printable`` otherwise; pass bytes and
    ``cte="8bit"`` to put exact bytes on the wire (e.g. mislabelled charsets).
    """
    data = text.encode(charset) if isinstance(text, str) else text
    if cte is None:
        cte = "7bit" if data.isascii() else "quoted-printable"
    content_type = f'text/{subtype}; charset="{charset}"{extra_params}'
    return Part(
        headers=[
            ("Content-Type", content_type),
            ("Content-Transfer-Encoding", cte),
            *headers,
        ],
        body=_transfer_encode(data, cte, newline),
    )


def html_part(
    html: str | bytes,
    *,
    charset: str = "utf-8",
    cte: str | None = None,
    newline: str = "\r\n",
    headers: Headers = (),
) -> Part:
    """A ``text/html`` part (same options as :func:`text_part`)."""
    return text_part(html, "html", charset=charset, cte=cte, newline=newline, headers=headers)


def filename_params(name: str, filename: str, style: str) -> str:
    """``name=...`` in one of the styles mail clients use.

    ``style``: ``plain`` (quoted as is), ``rfc2047`` (quoted encoded word, as Outlook does),
    ``rfc2231`` (``name*=utf-8''...``) or ``rfc2231-split`` (``name*0*=...; name*1*=...``).
    """
    if style == "plain" or (filename.isascii() and style != "rfc2231-split"):
        escaped = filename.replace("\\", "\\\\").replace('"', '\\"')
        return f'{name}="{escaped}"'
    if style == "rfc2047":
        return f'{name}="{encode_word(filename)}"'
    encoded = quote(filename.encode("utf-8"), safe="")
    if style == "rfc2231":
        return f"{name}*=utf-8''{encoded}"
    pieces = [encoded[i : i + 30] for i in range(0, len(encoded), 30)]
    # Never split a %XX escape between two continuation pieces.
    fixed: list[str] = []
    carry = ""
    for piece in pieces:
        piece = carry + piece
        cut = piece.rfind("%", max(0, len(piece) - 2))
        carry, piece = (piece[cut:], piece[:cut]) if cut != -1 else ("", piece)
        fixed.append(piece)
    if carry:
        fixed.append(carry)
    params = [
        f"{name}*{index}*=utf-8''{piece}" if index == 0 else f"{name}*{index}*={piece}"
        for index, piece in enumerate(p for p in fixed if p)
    ]
    return ";\r\n ".join(params)


def _raw_if_needed(value: str) -> HeaderValue:
    return value if value.isascii() else value.encode("utf-8")


def attachment(
    data: bytes,
    filename: str | None = "file.bin",
    content_type: str = "application/octet-stream",
    *,
    disposition: str | None = "attachment",
    filename_style: str = "rfc2231",
    cte: str = "base64",
    content_id: str | None = None,
    newline: str = "\r\n",
) -> Part:
    """An attached file; ``filename=None`` leaves the name out, ``disposition=None`` the header."""
    headers: list[tuple[str, HeaderValue]] = []
    type_value = content_type
    disposition_value = disposition
    if filename is not None:
        type_value += "; " + filename_params("name", filename, filename_style)
        if disposition_value is not None:
            disposition_value += "; " + filename_params("filename", filename, filename_style)
    # A non-ASCII "plain" name is written as raw UTF-8, as some clients do.
    headers.append(("Content-Type", _raw_if_needed(type_value)))
    headers.append(("Content-Transfer-Encoding", cte))
    if disposition_value is not None:
        headers.append(("Content-Disposition", _raw_if_needed(disposition_value)))
    if content_id is not None:
        headers.append(("Content-ID", f"<{content_id}>"))
    return Part(headers=headers, body=_transfer_encode(data, cte, newline))


def multipart(
    subtype: str,
    *parts: Part,
    boundary: str | None = None,
    params: str = "",
    preamble: bytes = b"",
    epilogue: bytes = b"",
    close: bool = True,
) -> Part:
    """A ``multipart/<subtype>`` holding ``parts``; a unique boundary is made when not given."""
    boundary = boundary or f"=_mailbuilder_{next(_boundary_counter):04d}_="
    return Part(
        headers=[("Content-Type", f'multipart/{subtype}; boundary="{boundary}"{params}')],
        parts=list(parts),
        boundary=boundary,
        preamble=preamble,
        epilogue=epilogue,
        close=close,
    )


def message_part(raw: bytes, content_type: str = "message/rfc822") -> Part:
    """A ``message/rfc822`` (or ``text/rfc822-headers``, ``message/delivery-status``) part."""
    return Part(headers=[("Content-Type", content_type)], body=raw)


def render(part: Part, newline: str = "\r\n", *, encode: bool = True) -> bytes:
    """The bytes of ``part``: its headers, an empty line, then its body or its sub-parts."""
    nl = newline.encode("ascii")
    out = [render_headers(part.headers, newline, encode=encode), nl]
    if part.boundary is None:
        out.append(part.body.replace(b"\r\n", b"\n").replace(b"\n", nl))
        return b"".join(out)
    delimiter = b"--" + part.boundary.encode("ascii")
    if part.preamble:
        out.append(part.preamble + nl)
    for child in part.parts:
        out += [delimiter, nl, render(child, newline, encode=encode)]
        if not out[-1].endswith(nl):
            out.append(nl)
    if part.close:
        out += [delimiter, b"--", nl]
    out.append(part.epilogue)
    return b"".join(out)


def _envelope(
    subject: HeaderValue | None,
    from_: HeaderValue | None,
    to: HeaderValue | None,
    date: HeaderValue | None,
    message_id: HeaderValue | None,
    extra: Iterable[tuple[str, HeaderValue]],
) -> list[tuple[str, HeaderValue]]:
    fields: list[tuple[str, HeaderValue | None]] = [
        ("From", from_),
        ("To", to),
        ("Subject", subject),
        ("Date", date),
        ("Message-ID", message_id),
    ]
    headers = [(name, value) for name, value in fields if value is not None]
    headers += list(extra)
    headers.append(("MIME-Version", "1.0"))
    return headers


def build_message(
    *,
    subject: HeaderValue | None = "Test message",
    from_: HeaderValue | None = "Alice Martin <alice.martin@example.org>",
    to: HeaderValue | None = "cooperation@example.org",
    date: HeaderValue | None = DEFAULT_DATE,
    message_id: HeaderValue | None = "<test-1@example.org>",
    headers: Headers = (),
    text: str | bytes | None = "Hello,\nThis is a test.\n",
    html: str | bytes | None = None,
    charset: str = "utf-8",
    cte: str | None = None,
    attachments: Sequence[Part] = (),
    body: Part | None = None,
    newline: str = "\r\n",
    encode_headers: bool = True,
) -> bytes:
    """A whole message. ``None`` leaves a standard header out; ``headers`` are added after them.

    The body is ``body`` when given, else built from ``text``/``html``/``attachments``:
    one part, ``multipart/alternative`` for text + HTML, inside ``multipart/mixed`` when
    there are attachments.
    """
    if body is None:
        alternatives = [
            text_part(content, subtype, charset=charset, cte=cte, newline=newline)
            for content, subtype in ((text, "plain"), (html, "html"))
            if content is not None
        ]
        main = (
            alternatives[0] if len(alternatives) == 1 else multipart("alternative", *alternatives)
        )
        body = multipart("mixed", main, *attachments) if attachments else main
    envelope = _envelope(subject, from_, to, date, message_id, headers)
    top = Part(
        headers=[*envelope, *body.headers],
        body=body.body,
        parts=body.parts,
        boundary=body.boundary,
        preamble=body.preamble,
        epilogue=body.epilogue,
        close=body.close,
    )
    return render(top, newline, encode=encode_headers)


def qp(text: str, charset: str = "utf-8") -> bytes:
    """Quoted-printable bytes of ``text`` (for hand-written bodies)."""
    return quopri.encodestring(text.encode(charset))
