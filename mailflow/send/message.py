"""The outgoing bytes of a draft: the rows it answers turned into an :class:`Outgoing`."""

from __future__ import annotations

import uuid
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlmodel import Session

from mailflow.draft.outgoing import Outgoing, build_message
from mailflow.send.drafting import staff_name
from mailflow.settings import Settings
from mailflow.states import DraftPurpose
from mailflow.store.models import Draft, Message


def from_address(settings: Settings) -> str:
    return settings.relay.from_address or settings.our_addresses[0]


def new_message_id(settings: Settings, draft_id: int) -> str:
    """Made once, when the draft is first claimed, and kept across retries."""
    domain = settings.relay.message_id_domain or from_address(settings).rpartition("@")[2]
    return f"mailflow.{draft_id}.{uuid.uuid4().hex}@{domain}"


def outgoing_bytes(session: Session, settings: Settings, draft: Draft, date: datetime) -> bytes:
    assert draft.outgoing_message_id is not None
    original = (
        session.get(Message, draft.in_reply_to_message) if draft.in_reply_to_message else None
    )
    staff = (
        ""
        if draft.purpose == DraftPurpose.ACK
        else staff_name(session, draft.author or draft.approved_by)
    )
    service = settings.organisation_name
    sender = from_address(settings)
    return build_message(
        Outgoing(
            from_name=f"{staff} ({service})" if staff else service,
            from_addr=sender,
            to=draft.to_addrs,
            cc=draft.cc_addrs,
            reply_to=settings.relay.reply_to or sender,
            subject=draft.subject,
            text=draft.body_text,
            html=draft.body_html,
            message_id=draft.outgoing_message_id,
            date=date.astimezone(ZoneInfo(settings.replies.timezone)),
            lang=draft.lang,
            in_reply_to=original.message_id if original else None,
            references=list(original.references) if original else [],
            auto_submitted=draft.purpose == DraftPurpose.ACK,
        )
    )
