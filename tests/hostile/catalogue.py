"""The hostile-mail catalogue: each case builds its message in memory (no stored files).

Shared by ``tests/hostile/test_hostile_mail.py`` and ``fuzz/hostile_timings.py`` (which
measures time and memory per case for ``docs/limits.md``).
"""

from __future__ import annotations

import base64
import io
import random
import zipfile
from collections.abc import Callable
from dataclasses import dataclass

CRLF = b"\r\n"
HEAD = (
    b"From: Mallory <mallory@example.net>\r\n"
    b"To: cooperation@example.org\r\n"
    b"Subject: hostile\r\n"
    b"Date: Mon, 02 Nov 2026 08:00:00 +0100\r\n"
)


def _head(message_id: str) -> bytes:
    return HEAD + f"Message-ID: <{message_id}@example.net>\r\nMIME-Version: 1.0\r\n".encode()


def nested_multiparts(depth: int = 10_000) -> bytes:
    """``depth`` multiparts, each the only child of the one above."""
    out = [_head("nested"), b'Content-Type: multipart/mixed; boundary="b0"\r\n\r\n']
    for level in range(1, depth):
        out.append(
            b'--b%d\r\nContent-Type: multipart/mixed; boundary="b%d"\r\n\r\n' % (level - 1, level)
        )
    out.append(
        b"--b%d\r\nContent-Type: text/plain\r\n\r\ndeep\r\n--b%d--\r\n" % (depth - 1, depth - 1)
    )
    out.extend(b"--b%d--\r\n" % level for level in range(depth - 2, -1, -1))
    return b"".join(out)


def many_parts(count: int = 100_000) -> bytes:
    """One multipart with ``count`` tiny text parts."""
    part = b"--sep\r\nContent-Type: text/plain\r\n\r\nx\r\n"
    return b"".join(
        [
            _head("wide"),
            b'Content-Type: multipart/mixed; boundary="sep"\r\n\r\n',
            part * count,
            b"--sep--\r\n",
        ]
    )


def long_line(size: int = 50 * 1024 * 1024) -> bytes:
    """A body that is one line of ``size`` bytes."""
    return _head("long-line") + CRLF + b"a" * size + CRLF


def many_header_lines(count: int = 1_000_000) -> bytes:
    """A header block of ``count`` lines."""
    return _head("headers") + b"X-Filler: y\r\n" * count + CRLF + b"body\r\n"


def huge_content_length() -> bytes:
    """Declares 2 GB of body that is not there."""
    return _head("content-length") + b"Content-Length: 2147483648\r\n\r\nshort body\r\n"


def bad_base64() -> bytes:
    """A base64 attachment with garbage, wrong padding and stray bytes."""
    garbage = b"SGVsbG8*&^%$#@!\r\n\x00\xff\xfe====QUJD=\r\nnot base64 at all!!\r\nQQ\r\n"
    return b"".join(
        [
            _head("base64"),
            b'Content-Type: multipart/mixed; boundary="sep"\r\n\r\n',
            b"--sep\r\nContent-Type: text/plain\r\n\r\nsee attached\r\n",
            b"--sep\r\nContent-Type: application/pdf; name=a.pdf\r\n",
            b"Content-Transfer-Encoding: base64\r\n\r\n",
            garbage,
            b"--sep--\r\n",
        ]
    )


HOSTILE_NAME = "../../etc/passwd\x00evil\u202egpj.exe" + "A" * 500


def hostile_filename() -> bytes:
    """An attachment whose name has ``../``, a NUL, an RTL override and 500+ characters."""
    encoded = base64.b64encode(HOSTILE_NAME.encode()).decode()
    name = f"=?utf-8?b?{encoded}?="
    return b"".join(
        [
            _head("filename"),
            b'Content-Type: multipart/mixed; boundary="sep"\r\n\r\n',
            b"--sep\r\nContent-Type: text/plain\r\n\r\nsee attached\r\n",
            f'--sep\r\nContent-Type: application/octet-stream; name="{name}"\r\n'.encode(),
            f'Content-Disposition: attachment; filename="{name}"\r\n'.encode(),
            b"Content-Transfer-Encoding: base64\r\n\r\naGVsbG8=\r\n--sep--\r\n",
        ]
    )


CONTROL_TEXT = "a\x00b\x07c\x1b[31md\r\ne\x7ff\u202eg"


def control_encoded_words() -> bytes:
    """Subject and From display name whose encoded-words decode to control characters."""
    word = "=?utf-8?b?" + base64.b64encode(CONTROL_TEXT.encode()).decode() + "?="
    head = HEAD.replace(b"Subject: hostile\r\n", f"Subject: {word}\r\n".encode()).replace(
        b"From: Mallory", f"From: {word}".encode()
    )
    return head + b"Message-ID: <control@example.net>\r\n\r\nbody\r\n"


def huge_message_id() -> bytes:
    """A Message-ID of 100 KB."""
    return HEAD + b"Message-ID: <" + b"m" * 100_000 + b"@example.net>\r\n\r\nbody\r\n"


def many_references(count: int = 50_000) -> bytes:
    """A References header with ``count`` ids (folded, as a client would)."""
    ids = b"\r\n ".join(b"<ref-%d@example.net>" % n for n in range(count))
    return _head("references") + b"References: " + ids + b"\r\n\r\nbody\r\n"


def far_future_date() -> bytes:
    """A Date in the year 9999."""
    return HEAD.replace(b"Date: Mon, 02 Nov 2026", b"Date: Fri, 31 Dec 9999") + (
        b"Message-ID: <future@example.net>\r\n\r\nbody\r\n"
    )


def unknown_charset() -> bytes:
    """A text part in a charset that does not exist."""
    return _head("charset") + (
        b"Content-Type: text/plain; charset=x-no-such-charset-42\r\n"
        b"Content-Transfer-Encoding: 8bit\r\n\r\nCaf\xe9 cr\xe8me \xff\xfe\r\n"
    )


ZIP_INFLATED = 256 * 1024 * 1024


def zip_bomb() -> bytes:
    """A small zip (about 250 KB) that inflates to 256 MB, attached as application/zip."""
    buffer = io.BytesIO()
    chunk = b"\0" * (1024 * 1024)
    with (
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive,
        archive.open("bomb.bin", "w", force_zip64=True) as member,
    ):
        for _ in range(ZIP_INFLATED // len(chunk)):
            member.write(chunk)
    data = base64.encodebytes(buffer.getvalue()).replace(b"\n", CRLF)
    return b"".join(
        [
            _head("zip"),
            b'Content-Type: multipart/mixed; boundary="sep"\r\n\r\n',
            b"--sep\r\nContent-Type: text/plain\r\n\r\nour annual report\r\n",
            b"--sep\r\nContent-Type: application/zip; name=report.zip\r\n",
            b"Content-Disposition: attachment; filename=report.zip\r\n",
            b"Content-Transfer-Encoding: base64\r\n\r\n",
            data,
            b"--sep--\r\n",
        ]
    )


def binary_blob(size: int = 1024 * 1024) -> bytes:
    """Not mail at all: random bytes (seeded, so runs compare)."""
    return random.Random(7).randbytes(size)


@dataclass(frozen=True)
class Case:
    """One hostile message and the defects the parser must record for it."""

    name: str
    build: Callable[[], bytes]
    defects: tuple[str, ...] = ()
    slow: bool = False


CASES = [
    # Past ~1000 levels the stdlib parser recurses out: see test_ten_thousand_nested_multiparts.
    Case("nested-10000-multiparts", nested_multiparts, slow=True),
    Case("100000-parts", many_parts, ("part-limit-exceeded",), slow=True),
    Case("50mb-single-line", long_line, ("body-truncated",), slow=True),
    Case("1m-header-lines", many_header_lines, ("header-limit-exceeded",), slow=True),
    Case("2gb-content-length", huge_content_length),
    Case("base64-garbage", bad_base64),
    Case("hostile-attachment-name", hostile_filename, ("filename-sanitised:",)),
    Case("encoded-words-control-chars", control_encoded_words),
    Case("100kb-message-id", huge_message_id, ("message-id-invalid",)),
    Case("50000-references", many_references, ("header-limit-exceeded",)),
    Case("date-year-9999", far_future_date, ("date-out-of-range",)),
    Case("unknown-charset", unknown_charset, ("charset-unknown:",)),
    Case("zip-bomb", zip_bomb, slow=True),
    Case("binary-blob", binary_blob),
]
