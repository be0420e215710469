"""Content-Transfer-Encoding: a part's payload to its bytes, tolerating damage."""

from __future__ import annotations

import binascii
import re

_NOT_BASE64 = re.compile(rb"[^A-Za-z0-9+/]")
_IDENTITY = frozenset({"", "7bit", "8bit", "binary"})
_UUENCODE = frozenset({"x-uuencode", "uuencode", "uue", "x-uue"})


def decode_base64(data: bytes, defects: list[str]) -> bytes:
    """Base64 ignoring stray characters; a damaged tail is cut to the last whole byte."""
    try:
        # Fast path: binascii already skips line breaks and stray characters.
        return binascii.a2b_base64(data)
    except binascii.Error:
        pass  # bad padding or length: clean up below
    cleaned = _NOT_BASE64.sub(b"", data)
    if len(cleaned) % 4 == 1:
        cleaned = cleaned[:-1]
        defects.append("base64-truncated")
    cleaned += b"=" * (-len(cleaned) % 4)
    # Padding in the middle (concatenated base64 runs) is dropped with the stray characters.
    return binascii.a2b_base64(cleaned)


def decode_uuencode(data: bytes, defects: list[str]) -> bytes:
    """uuencoded data between its ``begin`` and ``end`` lines; bad lines are skipped."""
    out: list[bytes] = []
    lines = iter(data.splitlines())
    for line in lines:
        if line.startswith(b"begin "):
            break
    for line in lines:
        stripped = line.strip()
        if stripped == b"end":
            break
        if not stripped:
            continue
        try:
            out.append(binascii.a2b_uu(stripped))
        except binascii.Error:
            defects.append("uuencode-invalid")
    return b"".join(out)


def decode_transfer(payload: bytes, cte: str, defects: list[str]) -> bytes:
    """Decode ``payload`` sent with transfer encoding ``cte`` (lower-case)."""
    if cte in _IDENTITY:
        return payload
    if cte == "quoted-printable":
        return binascii.a2b_qp(payload)
    if cte == "base64":
        return decode_base64(payload, defects)
    if cte in _UUENCODE:
        return decode_uuencode(payload, defects)
    defects.append(f"cte-unknown:{cte[:40]}")
    return payload
