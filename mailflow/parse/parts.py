"""Walk the MIME tree: choose the body parts and collect the attachments.

Rules, in tree order (multiparts are entered, ``message/*`` parts are not: a forwarded or
bounced message is an attachment, not our body):

* a leaf with ``Content-Disposition: attachment`` or a file name is an attachment;
* otherwise the first ``text/plain`` is the text body and the first ``text/html`` the HTML
  body (a multipart whose boundary is missing counts as text/plain: its text is readable);
* other text leaves (``text/calendar`` without a name, a second text/plain footer...) are
  skipped, except ``text/rfc822-headers``, kept as an attachment for bounce analysis;
* every other leaf (images, PDFs, ``message/rfc822``, ``message/delivery-status``) is an
  attachment.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from email.message import Message
from functools import lru_cache

from mailflow.parse.charset import decode_text
from mailflow.parse.filename import safe_filename
from mailflow.parse.flatten import flatten_bytes, raw_payload, to_bytes
from mailflow.parse.guard import guarded
from mailflow.parse.headers import raw_to_text, unfold
from mailflow.parse.limits import ParseLimits
from mailflow.parse.message import Attachment
from mailflow.parse.sanitise import clean_body, detail, strip_controls
from mailflow.parse.transfer import decode_transfer
from mailflow.parse.tree import POLICY

_KEPT_TEXT = frozenset({"text/rfc822-headers"})
_CACHED_VALUE_CHARS = 200


@dataclass(slots=True)
class Parts:
    """What the walk found."""

    text: str | None = None
    html: str | None = None
    attachments: list[Attachment] = field(default_factory=list)


def first_raw(part: Message, name: str) -> str | None:
    """The first raw value of header ``name`` in ``part`` (case-insensitive)."""
    wanted = name.lower()
    for key, value in part.raw_items():
        if key.lower() == wanted:
            return value
    return None


def _token(part: Message, name: str) -> str:
    """A one-word header (Content-Transfer-Encoding...) lower-cased, comments dropped."""
    value = first_raw(part, name)
    if value is None:
        return ""
    text = strip_controls(raw_to_text(unfold(value)))
    return text.split("(", 1)[0].strip().strip('"').lower()


@lru_cache(maxsize=512)
def _charset_of(content_type: str) -> str | None:
    probe = Message(policy=POLICY)
    probe.set_raw("Content-Type", content_type)
    return probe.get_content_charset()


def content_charset(part: Message) -> str | None:
    """``part.get_content_charset()``, cached by Content-Type value (its only input).

    Its parameter parsing is the costliest step of a text part, and the same few values
    ("text/plain; charset=utf-8") come back in almost every message.
    """
    value = part.get("content-type")
    if value is None:
        return None
    if part.policy is not POLICY or len(value) > _CACHED_VALUE_CHARS:
        return part.get_content_charset()
    return _charset_of(value)


def _may_have_param(part: Message, header: str, param: str) -> bool:
    """False when ``part.get_param(param, header=header)`` surely finds nothing.

    That is when the (first) header is missing, or its value neither names the parameter
    nor has a ``*``: RFC 2231 parameters are the only ones whose parsing can raise.
    """
    value = part.get(header)
    if not isinstance(value, str):
        return value is not None  # absent, or not from our policy: ask the email package
    return "*" in value or param in value.lower()


def _may_have_filename(part: Message) -> bool:
    """False when ``part.get_filename()`` surely returns None without parsing parameters."""
    return _may_have_param(part, "content-disposition", "filename") or _may_have_param(
        part, "content-type", "name"
    )


class _Walker:
    def __init__(self, limits: ParseLimits, defects: list[str]) -> None:
        self.limits = limits
        self.defects = defects
        self.found = Parts()
        self.visited = 0

    def walk(self, part: Message, depth: int) -> None:
        if self.visited >= self.limits.max_parts:
            if "part-limit-exceeded" not in self.defects:
                self.defects.append("part-limit-exceeded")
            return
        self.visited += 1
        self.defects.extend(type(defect).__name__ for defect in part.defects)
        content_type = guarded(part.get_content_type, "text/plain", self.defects, "content-type")
        payload = raw_payload(part)
        if isinstance(payload, list) and content_type.startswith("multipart/"):
            if depth >= self.limits.max_depth:
                self.defects.append("depth-limit-exceeded")
                return
            for child in payload:
                if isinstance(child, Message):
                    self.walk(child, depth + 1)
            return
        self.leaf(part, content_type, depth)

    def leaf(self, part: Message, content_type: str, depth: int) -> None:
        disposition = guarded(part.get_content_disposition, None, self.defects, "disposition")
        filename = (
            guarded(part.get_filename, None, self.defects, "filename")
            if _may_have_filename(part)
            else None
        )
        if disposition != "attachment" and filename is None:
            if content_type == "text/html":
                if self.found.html is None:
                    self.found.html = self.text(part)
                return
            if content_type == "text/plain" or content_type.startswith("multipart/"):
                if self.found.text is None:
                    self.found.text = self.text(part)
                return
            if content_type.startswith("text/") and content_type not in _KEPT_TEXT:
                return
        self.attach(part, content_type, disposition, filename, depth)

    def content(self, part: Message, depth: int) -> bytes:
        cte = _token(part, "content-transfer-encoding")
        payload = raw_payload(part)
        if isinstance(payload, list):
            data = guarded(
                lambda: flatten_bytes(part, self.limits.max_depth - depth),
                b"",
                self.defects,
                "flatten",
            )
            # message/* must not be transfer-encoded, but some bounces base64 them anyway.
            return decode_transfer(data, cte, self.defects) if cte in ("base64",) else data
        data = payload if isinstance(payload, bytes) else to_bytes(str(payload or ""))
        return decode_transfer(data, cte, self.defects)

    def text(self, part: Message) -> str:
        charset = guarded(lambda: content_charset(part), None, self.defects, "charset")
        text = clean_body(decode_text(self.content(part, 0), charset, self.defects, self.limits))
        if len(text) > self.limits.max_body_chars:
            self.defects.append("body-truncated")
            text = text[: self.limits.max_body_chars]
        return text

    def attach(
        self,
        part: Message,
        content_type: str,
        disposition: str | None,
        filename: str | None,
        depth: int,
    ) -> None:
        if len(self.found.attachments) >= self.limits.max_attachments:
            if "attachment-limit-exceeded" not in self.defects:
                self.defects.append("attachment-limit-exceeded")
            return
        data = self.content(part, depth)
        content_id = first_raw(part, "content-id")
        if content_id is not None:
            content_id = strip_controls(raw_to_text(unfold(content_id))).strip().strip("<>")
        self.found.attachments.append(
            Attachment(
                filename=safe_filename(filename, self.defects, self.limits.max_filename_chars),
                content_type=detail(content_type, 255),
                size=len(data),
                sha256=hashlib.sha256(data).hexdigest(),
                content=data,
                disposition=detail(disposition or "attachment"),
                content_id=content_id or None,
            )
        )


def walk_parts(root: Message, limits: ParseLimits, defects: list[str]) -> Parts:
    """The body parts and attachments of ``root`` (see the module docstring)."""
    walker = _Walker(limits, defects)
    walker.walk(root, 0)
    return walker.found
