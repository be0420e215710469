"""Built-in kind detection from headers and structure (rule files add subject phrases).

Each check is a small function returning what it saw, or None. The kind is the first of
``bounce > auto_reply > bulk > human`` with any evidence: a bounce of an auto-reply is a
bounce, an out-of-office sent by a list server is an auto-reply, and a newsletter that set
``Auto-Submitted`` is an auto-reply too (it must never be answered either way).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from mailflow.classify.autoheaders import (
    AUTO_REPLY_PRECEDENCE,
    AUTOREPLY_HEADERS,
    BULK_HEADERS,
    BULK_PRECEDENCE,
    SUPPRESS_HEADER,
    auto_submitted,
    autoreply_flag,
    null_return_path,
    precedence,
)
from mailflow.parse.message import ParsedMessage

KIND_ORDER = ("bounce", "auto_reply", "bulk")
BUILTIN_FILE = "(built-in)"

_DAEMON_LOCAL_PARTS = re.compile(
    r"^(?:mailer[-_.]?daemon|postmaster|mail[-_.]?daemon|mdaemon|mail[-_.]?delivery"
    r"|mail[-_.]?administrator|internet[-_.]?mail[-_.]?delivery)$"
)
_DAEMON_NAMES = re.compile(
    r"mail delivery (?:subsystem|system|service)|mailer[- ]daemon|postmaster"
    r"|mail administrator|delivery status notification|internet mail delivery",
    re.IGNORECASE,
)
_AUTO_REPLY_SUBJECT = re.compile(
    r"auto(?:matic)?[- ]?(?:reply|response|antwort)|out of (?:the )?office|absence|absent"
    r"|r[ée]ponse automatique|abwesen|vacation|away from|cong[ée]s?|autoreply|\bauto:",
    re.IGNORECASE,
)
_CHALLENGE_PREFIXES = (
    "x-boxbe",
    "x-bluebottle-request",
    "x-spamarrest",
    "x-choicemail",
    "x-mailblocks",
    "x-spam-arrest",
)
# A header name starting with one of them, in header names joined by (and after) "\n".
_CHALLENGE_KEY = re.compile("\n(?:" + "|".join(map(re.escape, _CHALLENGE_PREFIXES)) + ")")


@dataclass(frozen=True, slots=True)
class Evidence:
    """A built-in check that fired."""

    kind: str
    check: str
    field: str
    matched: str


class Headers:
    """A message and the first value of each header, looked up in a dict: the checks ask
    for some twenty headers, and ``ParsedMessage.header`` scans the list each time."""

    __slots__ = ("first", "header", "parsed")

    def __init__(self, parsed: ParsedMessage) -> None:
        self.parsed = parsed
        self.first = dict(reversed(parsed.headers))  # reversed: the first value wins
        # Like ``ParsedMessage.header``, for a lower-case name (dict.get: no Python call).
        self.header: Callable[[str], str | None] = self.first.get


Check = Callable[[Headers], "tuple[str, str] | None"]


def _report_of_type(msg: Headers, report_type: str) -> tuple[str, str] | None:
    """A ``multipart/report`` whose content type names ``report_type``."""
    value = (msg.header("content-type") or msg.parsed.content_type).lower()
    if "multipart/report" in value and report_type in value:
        return "header:content-type", f"multipart/report; report-type={report_type}"
    return None


def _dsn(msg: Headers) -> tuple[str, str] | None:
    return _report_of_type(msg, "delivery-status")


def _delivery_report(msg: Headers) -> tuple[str, str] | None:
    report = msg.parsed.delivery_report
    if report is None:
        return None
    return "delivery_report", report.status or report.action or "delivery report"


def _daemon_sender(msg: Headers) -> tuple[str, str] | None:
    sender = msg.parsed.from_
    if sender is None:
        return None
    if _DAEMON_LOCAL_PARTS.match(sender.local_part.lower()):
        return "from", sender.addr
    found = _DAEMON_NAMES.search(sender.name)
    return ("display_name", found.group(0)) if found else None


def _read_receipt(msg: Headers) -> tuple[str, str] | None:
    return _report_of_type(msg, "disposition-notification")


def _auto_submitted(msg: Headers) -> tuple[str, str] | None:
    word = auto_submitted(msg.header("auto-submitted"))
    return ("header:auto-submitted", word) if word is not None else None


def _autoreply_headers(msg: Headers) -> tuple[str, str] | None:
    for name in AUTOREPLY_HEADERS:
        value = msg.header(name)
        if value is not None and autoreply_flag(value):
            return f"header:{name}", value.strip() or "(present)"
    return None


def _precedence_auto_reply(msg: Headers) -> tuple[str, str] | None:
    word = precedence(msg.header("precedence"))
    return ("header:precedence", word) if word in AUTO_REPLY_PRECEDENCE else None


def _suppress_with_subject(msg: Headers) -> tuple[str, str] | None:
    # Outlook sets X-Auto-Response-Suppress on many ordinary messages too: only an
    # auto-reply-like subject makes it evidence.
    if msg.header(SUPPRESS_HEADER) is None:
        return None
    found = _AUTO_REPLY_SUBJECT.search(msg.parsed.subject)
    return ("subject", found.group(0)) if found else None


def _null_return_path(msg: Headers) -> tuple[str, str] | None:
    # RFC 3834 asks auto-responders to send with an empty envelope sender, and mailing
    # lists and newsletters never do (they want the bounces); bounces are caught earlier.
    value = msg.header("return-path")
    return ("header:return-path", "<>") if null_return_path(value) else None


def _challenge_response(msg: Headers) -> tuple[str, str] | None:
    # Challenge-response filters (Boxbe, Bluebottle, SpamArrest...) answer automatically.
    if _CHALLENGE_KEY.search("\n" + "\n".join(msg.first)) is None:  # one scan, in C
        return None
    for key, value in msg.parsed.headers:
        if key.startswith(_CHALLENGE_PREFIXES):
            return f"header:{key}", value.strip()[:80] or "(present)"
    return None


def _precedence_bulk(msg: Headers) -> tuple[str, str] | None:
    word = precedence(msg.header("precedence"))
    return ("header:precedence", word) if word in BULK_PRECEDENCE else None


def _list_headers(msg: Headers) -> tuple[str, str] | None:
    for name in BULK_HEADERS:
        value = msg.header(name)
        if value is not None:
            return f"header:{name}", value.strip()[:80] or "(present)"
    return None


# (kind, check name, check, headers): a check with headers listed finds nothing when
# none of them is there, so it is not called then (most checks, for most mail).
CHECKS: tuple[tuple[str, str, Check, frozenset[str]], ...] = (
    ("bounce", "dsn-report", _dsn, frozenset()),
    ("bounce", "delivery-report", _delivery_report, frozenset()),
    ("bounce", "daemon-sender", _daemon_sender, frozenset()),
    ("auto_reply", "read-receipt", _read_receipt, frozenset()),
    ("auto_reply", "auto-submitted", _auto_submitted, frozenset({"auto-submitted"})),
    ("auto_reply", "autoreply-header", _autoreply_headers, frozenset(AUTOREPLY_HEADERS)),
    ("auto_reply", "precedence-auto-reply", _precedence_auto_reply, frozenset({"precedence"})),
    (
        "auto_reply",
        "auto-response-suppress",
        _suppress_with_subject,
        frozenset({SUPPRESS_HEADER}),
    ),
    ("auto_reply", "challenge-response", _challenge_response, frozenset()),
    ("auto_reply", "null-return-path", _null_return_path, frozenset({"return-path"})),
    ("bulk", "precedence-bulk", _precedence_bulk, frozenset({"precedence"})),
    ("bulk", "list-headers", _list_headers, frozenset(BULK_HEADERS)),
)

_LISTED = frozenset().union(*(needs for _, _, _, needs in CHECKS))
_UNCONDITIONAL = tuple(entry for entry in CHECKS if not entry[3])


def builtin_evidence(msg: ParsedMessage) -> list[Evidence]:
    """Every built-in check that fires on ``msg``."""
    found: list[Evidence] = []
    headers = Headers(msg)
    present = headers.first.keys() & _LISTED  # for most mail: none of them
    for kind, name, check, needs in CHECKS if present else _UNCONDITIONAL:
        if needs and present.isdisjoint(needs):
            continue
        seen = check(headers)
        if seen is not None:
            found.append(Evidence(kind, name, *seen))
    return found
