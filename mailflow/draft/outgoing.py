"""The bytes of a reply as it goes out: headers that thread, both parts, UTF-8 throughout."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime

from mailflow.thread.subject import reference_tags, strip_prefixes

MAX_REFERENCES = 20  # long chains are cut from the middle, as RFC 5322 section 3.6.4 allows


@dataclass(frozen=True, slots=True)
class Outgoing:
    """Everything in a sent reply; Message-IDs without angle brackets."""

    from_name: str
    from_addr: str
    to: Sequence[str]
    subject: str
    text: str
    html: str
    message_id: str
    date: datetime
    lang: str = "fr"
    cc: Sequence[str] = ()
    reply_to: str = ""
    in_reply_to: str | None = None
    references: Sequence[str] = ()
    auto_submitted: bool = False


def reply_subject(subject: str, ref: str, prefix: str) -> str:
    """``Re: <subject> [REF]``: one reply prefix, our tag once."""
    base, _ = strip_prefixes(subject)
    if ref not in reference_tags(base, prefix):
        base = f"{base} [{ref}]".strip()
    return f"Re: {base}"


def build_message(out: Outgoing) -> bytes:
    """The message as sent and as stored (CRLF line ends, quoted-printable UTF-8 parts)."""
    msg = EmailMessage(policy=policy.SMTP)
    msg["From"] = Address(display_name=out.from_name, addr_spec=out.from_addr)
    msg["To"] = ", ".join(out.to)
    if out.cc:
        msg["Cc"] = ", ".join(out.cc)
    if out.reply_to:
        msg["Reply-To"] = out.reply_to
    msg["Subject"] = out.subject
    msg["Date"] = format_datetime(out.date)
    msg["Message-ID"] = f"<{out.message_id}>"
    if out.in_reply_to:
        msg["In-Reply-To"] = f"<{out.in_reply_to}>"
    references = _references(out)
    if references:
        msg["References"] = " ".join(f"<{r}>" for r in references)
    if out.auto_submitted:
        msg["Auto-Submitted"] = "auto-replied"  # RFC 3834: answers to this are never automatic
        msg["X-Auto-Response-Suppress"] = "All"  # Exchange: no out-of-office to our ack
    msg.set_content(out.text, subtype="plain", charset="utf-8", cte="quoted-printable")
    msg.add_alternative(out.html, subtype="html", charset="utf-8", cte="quoted-printable")
    msg["Content-Language"] = out.lang  # after the parts: set_content drops Content-* headers
    # A boundary from the Message-ID keeps the bytes a pure function of the reply.
    msg.set_boundary("=_mailflow_" + hashlib.sha256(out.message_id.encode()).hexdigest()[:24])
    return msg.as_bytes()


def _references(out: Outgoing) -> list[str]:
    chain = [r for r in out.references if r]
    if out.in_reply_to and out.in_reply_to not in chain:
        chain.append(out.in_reply_to)
    if len(chain) > MAX_REFERENCES:
        chain = [chain[0], *chain[-(MAX_REFERENCES - 1) :]]
    return chain
