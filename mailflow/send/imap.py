"""Optional copies in the cooperation mailbox: drafts to ``Drafts``, sent replies to ``Sent``.

Best effort: a copy that fails is logged and recorded as an event, never retried in a way
that could touch the outbox's state. ``client_factory`` is the test seam.
"""

from __future__ import annotations

import logging
import ssl
from collections.abc import Callable
from datetime import datetime
from typing import Any

from mailflow.settings import ImapIntake

log = logging.getLogger("mailflow.send.imap")

ClientFactory = Callable[[ImapIntake], Any]


def connect(imap: ImapIntake) -> Any:
    from imapclient import IMAPClient

    context = ssl.create_default_context(cafile=str(imap.ca_file) if imap.ca_file else None)
    client = IMAPClient(imap.host, port=imap.port, ssl=imap.security == "tls", ssl_context=context)
    if imap.security == "starttls":
        client.starttls(context)
    client.login(imap.username, _password(imap))
    return client


def _password(imap: ImapIntake) -> str:
    if imap.password_file:
        return imap.password_file.read_text(encoding="utf-8").strip()
    return imap.password


def append(
    imap: ImapIntake,
    folder: str,
    data: bytes,
    flags: tuple[bytes, ...],
    when: datetime,
    *,
    client_factory: ClientFactory = connect,
) -> bool:
    """Put ``data`` in ``folder``; False (logged) when the server could not take it."""
    try:
        client = client_factory(imap)
        try:
            client.append(folder, data, flags=flags, msg_time=when)
        finally:
            client.logout()
    except Exception as exc:
        log.warning("IMAP copy to %s on %s failed: %r", folder, imap.host, exc)
        return False
    return True
