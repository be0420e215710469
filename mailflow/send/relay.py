"""Hand one message to the SMTP relay; sort failures into temporary and permanent.

smtplib rather than aiosmtplib: ``send_due`` is called from the CLI, from ``serve``'s
worker thread and from the web app, and a blocking client works in all three without
an event loop of its own.
"""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Sequence

from mailflow.errors import PermanentSendError, TemporarySendError
from mailflow.send.relayconfig import Relay


def deliver(relay: Relay, sender: str, recipients: Sequence[str], data: bytes) -> str:
    """Send ``data``; the relay's answer on success.

    Raises :class:`TemporarySendError` (4xx, connection trouble: try again later) or
    :class:`PermanentSendError` (5xx: the relay will never take it). Once the relay has
    answered 250 to DATA nothing raises: the reply is out and must not be sent again.
    """
    if not recipients:
        raise PermanentSendError("no recipient")
    try:
        client = _connect(relay)
    except smtplib.SMTPResponseException as exc:
        raise _classified(exc.smtp_code, _text(exc.smtp_error)) from exc
    except (smtplib.SMTPException, OSError) as exc:
        raise TemporarySendError(f"relay unreachable: {exc}") from exc
    try:
        return _transaction(client, sender, recipients, data)
    except smtplib.SMTPResponseException as exc:
        raise _classified(exc.smtp_code, _text(exc.smtp_error)) from exc
    except (smtplib.SMTPException, OSError) as exc:
        raise TemporarySendError(f"relay connection lost: {exc}") from exc
    finally:
        _close(client)


def _transaction(client: smtplib.SMTP, sender: str, recipients: Sequence[str], data: bytes) -> str:
    client.ehlo_or_helo_if_needed()
    code, answer = client.mail(sender)
    if code != 250:
        raise _classified(code, _text(answer))
    refused = {}
    for recipient in recipients:
        code, answer = client.rcpt(recipient)
        if code not in (250, 251):
            refused[recipient] = (code, answer)
    if len(refused) == len(recipients):
        worst, text = _worst(refused)
        raise _classified(worst, f"recipients refused: {text}")
    code, answer = client.data(data)
    if code != 250:
        raise _classified(code, _text(answer))
    note = f" (refused: {_worst(refused)[1]})" if refused else ""
    return f"{code} {_text(answer)}{note}"


def _close(client: smtplib.SMTP) -> None:
    try:
        client.quit()
    except (smtplib.SMTPException, OSError):
        client.close()  # the relay already answered; a lost QUIT changes nothing


def _connect(relay: Relay) -> smtplib.SMTP:
    context = ssl.create_default_context()
    hostname = relay.local_hostname or None
    if relay.security == "tls":
        client: smtplib.SMTP = smtplib.SMTP_SSL(
            relay.host,
            relay.port,
            local_hostname=hostname,
            timeout=relay.timeout_seconds,
            context=context,
        )
    else:
        client = smtplib.SMTP(
            relay.host, relay.port, local_hostname=hostname, timeout=relay.timeout_seconds
        )
    try:
        if relay.security == "starttls":
            client.starttls(context=context)
        if relay.username:
            client.login(relay.username, relay.password)
    except BaseException:
        client.close()  # a refused STARTTLS or login must not leave the socket open
        raise
    return client


def _worst(recipients: dict[str, tuple[int, bytes]]) -> tuple[int, str]:
    code = min(c for c, _ in recipients.values())  # any 4xx makes the whole send worth retrying
    text = "; ".join(f"{addr}: {c} {_text(m)}" for addr, (c, m) in recipients.items())
    return code, text


def _classified(code: int, text: str) -> TemporarySendError | PermanentSendError:
    message = f"{code} {text}"
    if 500 <= code < 600:
        return PermanentSendError(message, code)
    return TemporarySendError(message, code)


def _text(value: bytes | str) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else value
