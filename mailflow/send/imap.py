"""Optional copies in the cooperation mailbox: drafts to ``Drafts``, sent replies to ``Sent``.

Best effort: a copy that fails is logged and returned as a problem (the caller records it as
an event), never raised and never retried in a way that could touch the outbox's state.
``client_factory`` is the test seam.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable
from datetime import datetime
from typing import Any

from imapclient.exceptions import IMAPClientError

from mailflow.imapconfig import ImapIntake
from mailflow.imapconn import connect as _connect

log = logging.getLogger("mailflow.send.imap")

ClientFactory = Callable[[ImapIntake], Any]


def connect(imap: ImapIntake) -> Any:
    """A logged-in client, opened as intake opens it: TLS mode, CA file, password or XOAUTH2,
    a network timeout (an unreachable server must not hold the outbox up)."""
    return _connect(imap)


def append(
    imap: ImapIntake,
    folder: str,
    data: bytes,
    flags: tuple[bytes, ...],
    when: datetime,
    *,
    client_factory: ClientFactory = connect,
) -> str | None:
    """Put ``data`` in ``folder``; None when stored, else the problem (already logged).

    A folder the server says is missing (``[TRYCREATE]``, RFC 3501 6.3.11) is created and the
    APPEND tried once more.
    """
    try:
        client = client_factory(imap)
        try:
            try:
                client.append(folder, data, flags=flags, msg_time=when)
            except IMAPClientError as exc:
                if "TRYCREATE" not in str(exc).upper():
                    raise
                log.info("IMAP folder %s does not exist on %s: creating it", folder, imap.host)
                client.create_folder(folder)
                client.append(folder, data, flags=flags, msg_time=when)
        finally:
            _close(client)
    except Exception as exc:
        problem = f"{type(exc).__name__}: {exc}"
        log.warning("IMAP copy to %s on %s failed: %s", folder, imap.host, problem)
        return problem
    return None


def _close(client: Any) -> None:
    try:
        client.logout()
    except Exception:  # the connection is already gone: nothing to say goodbye to
        with contextlib.suppress(Exception):
            client.shutdown()
