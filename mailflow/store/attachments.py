"""Attachment bytes, decoded from the raw message when someone asks for them."""

from __future__ import annotations

from sqlmodel import Session

from mailflow.parse import parse_message
from mailflow.store.models import Attachment, Message, RawMessage


def attachment_content(session: Session, attachment_id: int) -> tuple[Attachment, bytes] | None:
    """The attachment and its decoded bytes, or None when it does not exist.

    Parsing is a pure function of the raw bytes, so the bytes found are the ones
    described at import; the hash check guards against a parser change in between.
    """
    attachment = session.get(Attachment, attachment_id)
    if attachment is None:
        return None
    message = session.get(Message, attachment.message_id)
    raw = session.get(RawMessage, message.raw_id) if message else None
    if raw is None:
        return None
    parts = parse_message(raw.data, raw.received_at).attachments
    if (
        attachment.part_index < len(parts)
        and parts[attachment.part_index].sha256 == attachment.sha256
    ):
        return attachment, parts[attachment.part_index].content
    matching = [p for p in parts if p.sha256 == attachment.sha256]
    return (attachment, matching[0].content) if matching else None
