"""Address headers to :class:`Address` objects.

:func:`email.utils.getaddresses` runs on the value *before* RFC 2047 decoding, so a decoded
display name holding a comma or angle brackets cannot split or forge an address; each name is
decoded afterwards.
"""

from __future__ import annotations

import re
from email.utils import getaddresses

from mailflow.parse.headers import decode_words, raw_to_text, unfold
from mailflow.parse.message import Address
from mailflow.parse.sanitise import strip_controls

WEBMAIL_DOMAINS = frozenset(
    {
        "aliceadsl.fr",
        "aol.com",
        "aol.fr",
        "bbox.fr",
        "bluewin.ch",
        "club-internet.fr",
        "free.fr",
        "gmail.com",
        "gmx.com",
        "gmx.de",
        "gmx.fr",
        "gmx.net",
        "googlemail.com",
        "hotmail.be",
        "hotmail.co.uk",
        "hotmail.com",
        "hotmail.fr",
        "icloud.com",
        "ik.me",
        "laposte.net",
        "libero.it",
        "live.be",
        "live.com",
        "live.fr",
        "mac.com",
        "mail.ru",
        "mailo.com",
        "me.com",
        "msn.com",
        "netcourrier.com",
        "neuf.fr",
        "numericable.fr",
        "orange.fr",
        "outlook.com",
        "outlook.fr",
        "posteo.de",
        "proton.me",
        "protonmail.com",
        "riseup.net",
        "sfr.fr",
        "skynet.be",
        "sympatico.ca",
        "t-online.de",
        "tutanota.com",
        "videotron.ca",
        "wanadoo.fr",
        "web.de",
        "yahoo.co.uk",
        "yahoo.com",
        "yahoo.fr",
        "yandex.ru",
        "ymail.com",
        "zoho.com",
    }
)
"""Mailbox providers: sharing one of these domains says nothing about sharing an employer.
The one list: threading, the partner directory (``webmail = true`` in rule files) and
the admin's suggestions all use it."""

_VALID_ADDR = re.compile(r"[^@\s<>()\[\],;:\"]+@[^@\s<>()\[\],;:\"]+")
# The two shapes most mail uses, read without getaddresses (its tokenizer is slow):
# "addr@host" and 'Name <addr@host>' / '"Name, Title" <addr@host>'.
_SIMPLE = re.compile(
    r"\s*(?:\"([^\"\\]*)\"|([^\"\\<>(),;:@]*?))\s*<([^@\s<>()\[\],;:\"]+@[^@\s<>()\[\],;:\"]+)>\s*"
    r"|\s*([^@\s<>()\[\],;:\"]+@[^@\s<>()\[\],;:\"]+)\s*"
)
_MAX_ADDR_CHARS = 320


def _pairs(texts: list[str]) -> list[tuple[str, str]]:
    """(display name, address) pairs, with a fast path for a lone simple mailbox."""
    if len(texts) == 1:
        match = _SIMPLE.fullmatch(texts[0])
        if match is not None:
            quoted, bare_name, addr, lone = match.groups()
            name = quoted if quoted is not None else " ".join((bare_name or "").split())
            return [(name, addr or lone)]
    return getaddresses(texts)


def parse_addresses(raw_values: list[str], header: str, defects: list[str]) -> list[Address]:
    """Every valid mailbox in the raw values of one header; invalid ones become defects."""
    if not raw_values:
        return []  # most headers are absent; getaddresses([]) still costs several µs
    texts = [strip_controls(raw_to_text(unfold(value))) for value in raw_values]
    found: list[Address] = []
    for name, addr in _pairs(texts):
        addr = addr.strip().lower()
        if not addr:
            continue  # group syntax or empty list, e.g. "undisclosed-recipients:;"
        if len(addr) > _MAX_ADDR_CHARS or _VALID_ADDR.fullmatch(addr) is None:
            defects.append(f"address-invalid:{header}")
            continue
        found.append(Address(name=strip_controls(decode_words(name, defects)).strip(), addr=addr))
    return found
