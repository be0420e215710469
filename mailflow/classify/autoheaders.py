"""The headers that say a program sent a message: the facts, in one place.

Kind detection (:mod:`mailflow.classify.kinds`) reads them as evidence, and the
acknowledgement guard (:mod:`mailflow.draft.loops`) as reasons to stay silent (RFC 3834).
Both use these names and values, so they cannot drift apart. Pure: header values in, words out.
"""

from __future__ import annotations

import re

AUTO_REPLY_PRECEDENCE = frozenset({"auto_reply", "auto-reply"})
"""``Precedence`` values of out-of-office and other automatic answers."""
BULK_PRECEDENCE = frozenset({"bulk", "list", "junk"})
"""``Precedence`` values of lists and mass mailings (RFC 3834 section 2)."""
AUTOMATIC_PRECEDENCE = AUTO_REPLY_PRECEDENCE | BULK_PRECEDENCE

LIST_HEADERS = ("list-id", "list-unsubscribe", "list-post")
"""Mailing-list headers (RFC 2369, RFC 2919)."""
CAMPAIGN_HEADERS = (
    "x-campaign",
    "x-campaignid",
    "x-mailchimp-id",
    "x-mc-user",
    "x-newsletter",
    "x-mailin-campaign",
    "x-sib-id",
    "x-csa-complaints",
)
"""Newsletter tools' headers. Not X-Mailgun-Tag, X-SG-EID or Feedback-ID: transactional and
personal mail has them too."""
BULK_HEADERS = LIST_HEADERS + CAMPAIGN_HEADERS

AUTOREPLY_HEADERS = ("x-autoreply", "x-autorespond", "x-autoresponder", "x-vacation")
"""Non-standard headers auto-responders set; a value of no, false or 0 denies it."""
_DENIED = frozenset({"no", "false", "0"})

SUPPRESS_HEADER = "x-auto-response-suppress"
"""Outlook's request not to be answered automatically; also set on many ordinary messages."""
_SUPPRESSES_REPLIES = re.compile(r"\b(?:all|autoreply|oof)\b", re.IGNORECASE)

NULL_RETURN_PATHS = frozenset({"<>", ""})
"""An empty envelope sender: bounces and (RFC 3834 section 3.3) auto-responders."""


def keyword(value: str) -> str:
    """A structured header's first word, lower-cased: ``auto-replied`` in
    ``Auto-Submitted: Auto-Replied; owner-email=...``."""
    return value.split(";")[0].strip().lower()


def auto_submitted(value: str | None) -> str | None:
    """The ``Auto-Submitted`` keyword when a program sent the message (anything but ``no``,
    RFC 3834 section 5), else None."""
    if value is None:
        return None
    word = keyword(value)
    return None if word == "no" else word or "(empty)"


def precedence(value: str | None) -> str:
    """The ``Precedence`` keyword, "" without the header."""
    return keyword(value) if value is not None else ""


def autoreply_flag(value: str | None) -> bool:
    """Whether an :data:`AUTOREPLY_HEADERS` header's value says "automatic"."""
    return value is not None and value.strip().lower() not in _DENIED


def suppresses_replies(value: str | None) -> bool:
    """Whether ``X-Auto-Response-Suppress`` asks for no automatic answer."""
    return value is not None and _SUPPRESSES_REPLIES.search(value) is not None


def null_return_path(value: str | None) -> bool:
    return value is not None and value.strip() in NULL_RETURN_PATHS
