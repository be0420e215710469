"""Make a draft from the database rows: choose the template, render it, store the result."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import replace
from datetime import datetime

from sqlalchemy import select
from sqlmodel import Session, col

from mailflow.draft.context import LANGUAGES, Original, ReplyInput, reply_language
from mailflow.draft.outgoing import reply_subject
from mailflow.draft.render import Rendered, choose_template, render_reply
from mailflow.draft.typography import local_date
from mailflow.errors import TemplateCheckError
from mailflow.parse import Address, parse_message
from mailflow.settings import Settings
from mailflow.states import Direction, DraftPurpose, DraftState, MessageKind
from mailflow.store.models import Draft, Message, RawMessage, Thread, User

log = logging.getLogger("mailflow.draft")


def needs_four_eyes(settings: Settings, topic: str) -> bool:
    return settings.replies.four_eyes_all or topic in settings.replies.four_eyes_topics


def staff_name(session: Session, username: str | None) -> str:
    """A signed-in user's display name; "" for the system or an unknown actor."""
    if not username:
        return ""
    user = session.execute(select(User).where(col(User.username) == username)).scalars().first()
    return (user.display_name or user.username) if user else ""


def reply_to_addresses(
    reply_to: Iterable[Address], sender: Address | None, ours: Iterable[str]
) -> list[str]:
    """Where an answer goes: Reply-To when given, else From; never to our own addresses."""
    own = {a.lower() for a in ours}
    chosen = [a.addr for a in reply_to] or ([sender.addr] if sender else [])
    return [a for a in dict.fromkeys(chosen) if a and a.lower() not in own]


def recipients_of(session: Session, message: Message, settings: Settings) -> list[str]:
    raw = session.get(RawMessage, message.raw_id)
    if raw is None:
        return [message.from_addr] if message.from_addr else []
    parsed = parse_message(raw.data, raw.received_at)
    return reply_to_addresses(parsed.reply_to, parsed.from_, settings.our_addresses)


def reply_input(
    thread: Thread, message: Message, settings: Settings, *, staff: str, now: datetime
) -> ReplyInput:
    original = Original(
        from_name=message.from_name,
        from_addr=message.from_addr,
        subject=message.subject,
        date=message.date,
        body_text=message.body_text,
        message_id=message.message_id,
        references=tuple(message.references),
    )
    return ReplyInput(
        lang=reply_language(message.lang, thread.partner_type),
        ref=thread.ref,
        original=original,
        service=settings.organisation_name,
        today=local_date(now, settings.replies.timezone),
        partner_type=thread.partner_type,
        topic=thread.topic,
        organisation=thread.organisation or "",
        staff_name=staff,
        signatures=dict(settings.replies.signature),
        timezone=settings.replies.timezone,
    )


def render_for(
    settings: Settings, data: ReplyInput, wanted: str | None
) -> tuple[Rendered | None, str]:
    """The rendered reply, falling back to ``generic``; (None, problem) when nothing renders."""
    directory = settings.templates_dir.resolve()
    first = choose_template(directory, data.lang, wanted, data.partner_type)
    problems: list[str] = []
    for name in dict.fromkeys([first, f"{data.lang}/generic.j2"]):
        try:
            return render_reply(directory, name, data), "; ".join(problems)
        except TemplateCheckError as exc:
            log.error("template %s does not render for %s: %s", name, data.ref, exc)
            problems.append(str(exc))
    return None, "; ".join(problems)


def fill(
    draft: Draft,
    session: Session,
    thread: Thread,
    message: Message,
    settings: Settings,
    *,
    wanted: str | None,
    staff: str,
    now: datetime,
) -> Draft:
    """Render into ``draft`` (new or regenerated); a broken template leaves a visible error."""
    data = reply_input(thread, message, settings, staff=staff, now=now)
    if wanted and "/" in wanted:  # "en/partnership": a template chosen with its language
        lang, _, wanted = wanted.removesuffix(".j2").partition("/")
        data = replace(data, lang=lang) if lang in LANGUAGES else data
    rendered, problem = render_for(settings, data, wanted)
    draft.thread_id = thread.id  # type: ignore[assignment]
    draft.in_reply_to_message = message.id
    draft.raw_id = message.raw_id
    draft.lang = data.lang
    draft.to_addrs = recipients_of(session, message, settings)
    draft.subject = reply_subject(
        message.subject or thread.subject, thread.ref, settings.reference_prefix
    )
    draft.template = rendered.template if rendered else ""
    draft.body_text = rendered.text if rendered else ""
    draft.body_html = rendered.html if rendered else ""
    draft.last_error = f"template problem: {problem}" if problem else None
    draft.four_eyes = needs_four_eyes(settings, thread.topic)
    draft.updated_at = now
    return draft


def new_draft(
    session: Session,
    thread: Thread,
    message: Message,
    settings: Settings,
    *,
    wanted: str | None,
    now: datetime,
    purpose: str = DraftPurpose.REPLY,
    staff: str = "",
) -> Draft:
    draft = Draft(
        thread_id=thread.id or 0,
        purpose=purpose,
        state=DraftState.DRAFT,
        created_at=now,
        updated_at=now,
    )
    return fill(draft, session, thread, message, settings, wanted=wanted, staff=staff, now=now)


def latest_inquiry(session: Session, thread_id: int) -> Message | None:
    """The newest message a person sent us in the thread: what a reply answers."""
    query = (
        select(Message)
        .where(
            col(Message.thread_id) == thread_id,
            col(Message.direction) == Direction.IN,
            col(Message.kind) == MessageKind.HUMAN,
        )
        .order_by(col(Message.date).desc(), col(Message.id).desc())
    )
    return session.execute(query).scalars().first()
