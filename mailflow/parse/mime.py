"""``parse_message``: raw bytes to a :class:`ParsedMessage`, never raising on bad mail.

The MIME tree is the email package's ``compat32`` one (see :mod:`mailflow.parse.tree`), which
keeps values raw; decoding is done explicitly by the modules beside this one (``policy.default``
builds a header object per access and is several times slower). Anything odd goes into
``defects``; see :class:`~mailflow.parse.limits.ParseLimits` for the bounds.
"""

from __future__ import annotations

from datetime import datetime
from email.message import Message

from mailflow.parse.addresses import parse_addresses
from mailflow.parse.canonical import split_header_body
from mailflow.parse.dates import parse_date
from mailflow.parse.envelope import HeaderBlock, read_headers
from mailflow.parse.guard import guarded
from mailflow.parse.html import html_to_text
from mailflow.parse.ids import parse_id_list, parse_message_id
from mailflow.parse.lang import guess_lang
from mailflow.parse.limits import DEFAULT_LIMITS, ParseLimits
from mailflow.parse.message import Address, DeliveryReport, ParsedMessage
from mailflow.parse.parts import Parts, walk_parts
from mailflow.parse.report import delivery_report, looks_like_bounce
from mailflow.parse.tree import parse_tree

__all__ = ["parse_message"]


def _addresses(block: HeaderBlock, name: str, defects: list[str]) -> list[Address]:
    return parse_addresses(block.raw_values(name), name, defects)


def _first_address(block: HeaderBlock, name: str, defects: list[str]) -> Address | None:
    found = parse_addresses(block.raw_values(name)[:1], name, defects)
    return found[0] if found else None


def _references(block: HeaderBlock, limits: ParseLimits, defects: list[str]) -> list[str]:
    ids = parse_id_list(" ".join(block.raw_values("references")), limits.max_message_id_chars)
    if len(ids) > limits.max_references:
        defects.append("references-truncated")
        ids = ids[-limits.max_references :]
    return ids


def _body_text(parts: Parts, defects: list[str]) -> str:
    if parts.text is not None and (parts.text.strip() or parts.html is None):
        return parts.text
    return html_to_text(parts.html, defects) if parts.html is not None else ""


def _report(
    root: Message,
    content_type: str,
    raw: bytes,
    block: HeaderBlock,
    parts: Parts,
    body: str,
    own_id: str | None,
) -> DeliveryReport | None:
    standard = content_type == "multipart/report" and (
        str(root.get_param("report-type", "")).lower() == "delivery-status"
        or any(a.content_type == "message/delivery-status" for a in parts.attachments)
    )
    if not standard and not looks_like_bounce(block.first("from"), block.first("subject") or ""):
        return None
    return delivery_report(
        attachments=parts.attachments,
        body_text=body,
        raw_body=split_header_body(raw)[1][:200_000].decode("utf-8", "replace"),
        own_id=own_id,
        standard=standard,
    )


def parse_message(
    raw: bytes, arrival: datetime, *, limits: ParseLimits = DEFAULT_LIMITS
) -> ParsedMessage:
    """Parse ``raw`` (a whole message as received); ``arrival`` stands in for a bad Date."""
    defects: list[str] = []
    root = parse_tree(raw, defects)
    block = read_headers(root, limits, defects)
    message_id = parse_message_id(block.first("message-id"), limits.max_message_id_chars, defects)
    date, date_source = parse_date(block.first("date"), arrival, defects)
    parts = walk_parts(root, limits, defects)
    body = _body_text(parts, defects)
    subject = block.first("subject") or ""
    content_type = guarded(root.get_content_type, "text/plain", defects, "content-type")
    report = guarded(
        lambda: _report(root, content_type, raw, block, parts, body, message_id),
        None,
        defects,
        "report",
    )
    return ParsedMessage(
        message_id=message_id,
        in_reply_to=parse_id_list(block.first("in-reply-to") or "", limits.max_message_id_chars),
        references=_references(block, limits, defects),
        subject=subject,
        from_=_first_address(block, "from", defects),
        sender=_first_address(block, "sender", defects),
        reply_to=_addresses(block, "reply-to", defects),
        to=_addresses(block, "to", defects),
        cc=_addresses(block, "cc", defects),
        date=date,
        date_source=date_source,
        headers=block.decoded,
        content_type=content_type,
        body_text=body,
        body_html=parts.html,
        attachments=parts.attachments,
        lang=guess_lang(subject, body, limits.lang_sample_chars),
        defects=list(dict.fromkeys(defects)),
        delivery_report=report,
    )
