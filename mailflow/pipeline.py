"""Run the stages after the raw store: parse → classify → thread → store → hooks (drafts).

Works on stored raw messages only, so any message can be processed again at any time.
A message that fails is quarantined with its error and the batch goes on.
"""

from __future__ import annotations

import hashlib
import logging
from collections import Counter as Tally
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Protocol

from sqlalchemy import ColumnElement, Engine, func, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, col, delete

from mailflow.classify.result import Classification
from mailflow.parse import ParsedMessage, parse_message
from mailflow.store.models import (
    Attachment,
    Contact,
    Counter,
    Event,
    Message,
    MessageKey,
    RawMessage,
    Thread,
    ThreadOverride,
)
from mailflow.thread import (
    Candidate,
    decide,
    format_reference,
    is_reply_subject,
    reference_tags,
    subject_key,
)

log = logging.getLogger("mailflow.pipeline")

MAX_KEY_LENGTH = 900  # longer Message-IDs are hashed: index entries have a size limit


class Classifier(Protocol):
    def classify(self, msg: ParsedMessage) -> Classification: ...


class DefaultClassifier:
    """Used when no rule set is loaded: every message gets the taxonomy's defaults."""

    def classify(self, msg: ParsedMessage) -> Classification:
        return Classification(lang=msg.lang)


AfterMessage = Callable[[Session, "Processed"], None]


@dataclass(slots=True)
class Processed:
    """One message after the pipeline, as the hooks (drafts, acknowledgements) see it."""

    raw: RawMessage
    parsed: ParsedMessage
    classification: Classification
    message: Message
    thread: Thread
    new_thread: bool
    reopened: bool


@dataclass(slots=True)
class PipelineContext:
    """What processing needs besides the raw bytes."""

    classifier: Callable[[], Classifier] = DefaultClassifier
    reference_prefix: str = "COOP"
    subject_window: timedelta = timedelta(days=30)
    our_addresses: frozenset[str] = frozenset()
    after_message: list[AfterMessage] = field(default_factory=list)


@dataclass(slots=True)
class ProcessReport:
    processed: int = 0
    quarantined: int = 0
    kinds: Tally[str] = field(default_factory=Tally)
    partner_types: Tally[str] = field(default_factory=Tally)
    topics: Tally[str] = field(default_factory=Tally)

    def add(self, other: ProcessReport) -> None:
        self.processed += other.processed
        self.quarantined += other.quarantined
        self.kinds.update(other.kinds)
        self.partner_types.update(other.partner_types)
        self.topics.update(other.topics)


def process_pending(
    engine: Engine, ctx: PipelineContext, *, batch_size: int = 500
) -> ProcessReport:
    """Process every raw message waiting, in arrival order, one batch per transaction."""
    report = ProcessReport()
    while True:
        batch = _process_batch(engine, ctx, batch_size)
        report.add(batch)
        if batch.processed + batch.quarantined < batch_size:
            return report


def reprocess(engine: Engine, ctx: PipelineContext, raw_ids: Iterable[int]) -> ProcessReport:
    """Run the pipeline again on stored messages (after a rule change or a fix)."""
    report = ProcessReport()
    ids = list(raw_ids)
    for start in range(0, len(ids), 200):
        with Session(engine, expire_on_commit=False) as session:
            rows = (
                session.execute(
                    select(RawMessage)
                    .where(col(RawMessage.id).in_(ids[start : start + 200]))
                    .order_by(col(RawMessage.id))
                )
                .scalars()
                .all()
            )
            for raw in rows:
                _process_one_safely(session, ctx, raw, report)
            session.commit()
    return report


def _process_batch(engine: Engine, ctx: PipelineContext, batch_size: int) -> ProcessReport:
    report = ProcessReport()
    with Session(engine, expire_on_commit=False) as session:
        query = (
            select(RawMessage)
            .where(col(RawMessage.state) == "received")
            .order_by(col(RawMessage.id))
            .limit(batch_size)
        )
        if engine.dialect.name == "postgresql":
            query = query.with_for_update(skip_locked=True)  # another instance takes the others
        rows: Sequence[RawMessage] = session.execute(query).scalars().all()
        for raw in rows:
            _process_one_safely(session, ctx, raw, report)
        session.commit()
    return report


def _process_one_safely(
    session: Session, ctx: PipelineContext, raw: RawMessage, report: ProcessReport
) -> None:
    raw.attempts += 1
    try:
        with session.begin_nested():
            done = process_one(session, ctx, raw)
    except Exception as exc:
        log.warning("quarantined raw message %s (%s): %r", raw.id, raw.source_detail[:200], exc)
        raw.state = "quarantined"
        raw.error = f"{type(exc).__name__}: {exc}"[:4000]
        raw.processed_at = _now()
        session.add(
            Event(
                at=_now(),
                actor="system",
                action="message.quarantined",
                data={"raw_id": raw.id, "error": raw.error},
            )
        )
        report.quarantined += 1
        return
    report.processed += 1
    report.kinds[done.classification.kind] += 1
    report.partner_types[done.classification.partner_type] += 1
    report.topics[done.classification.topic] += 1


def process_one(session: Session, ctx: PipelineContext, raw: RawMessage) -> Processed:
    """Parse, classify, thread and store one raw message (inside the caller's transaction)."""
    previous = (
        session.execute(select(Message).where(col(Message.raw_id) == raw.id)).scalars().first()
    )
    previous_thread = previous.thread_id if previous else None
    if previous is not None:
        _forget_message(session, previous)

    parsed = parse_message(raw.data, raw.received_at)
    classification = ctx.classifier().classify(parsed)
    own_id = _key(parsed.message_id) if parsed.message_id else None
    if own_id and _is_duplicate_id(session, own_id):
        parsed.defects.append("duplicate-message-id")
        own_id = None  # the id is someone else's: link by references only (JWZ)
    thread, attached_by = _choose_thread(session, ctx, raw, parsed, own_id, previous_thread)
    new_thread = thread.id is None
    if new_thread:
        session.add(thread)
        session.flush()
    assert thread.id is not None

    message = _message_row(raw, parsed, classification, thread.id, attached_by, ctx)
    session.add(message)
    session.flush()
    assert message.id is not None
    for part in parsed.attachments:
        session.add(
            Attachment(
                message_id=message.id,
                filename=part.filename,
                content_type=part.content_type[:255],
                size=part.size,
                sha256=part.sha256,
                content=part.content,
            )
        )
    _record_keys(session, own_id, parsed, thread.id)
    reopened = _update_thread(session, thread, message, classification, new_thread)
    if message.direction == "in" and message.from_addr:
        _touch_contact(session, message)
    raw.state = "processed"
    raw.error = None
    raw.processed_at = _now()
    done = Processed(raw, parsed, classification, message, thread, new_thread, reopened)
    for hook in ctx.after_message:
        hook(session, done)
    return done


def _forget_message(session: Session, message: Message) -> None:
    session.execute(delete(Attachment).where(col(Attachment.message_id) == message.id))
    if message.message_id:
        session.execute(
            update(MessageKey)
            .where(col(MessageKey.message_id) == _key(message.message_id))
            .values(seen=False)
        )
    session.delete(message)
    session.flush()


def _is_duplicate_id(session: Session, message_id: str) -> bool:
    key = session.get(MessageKey, message_id)
    return key is not None and key.seen


def _choose_thread(
    session: Session,
    ctx: PipelineContext,
    raw: RawMessage,
    parsed: ParsedMessage,
    own_id: str | None,
    previous_thread: int | None,
) -> tuple[Thread, str]:
    override = session.get(ThreadOverride, raw.dedupe_key)
    if override is not None:
        forced = (
            session.execute(select(Thread).where(col(Thread.ref) == override.thread_ref))
            .scalars()
            .first()
        )
        if forced is not None:
            return forced, "manual"
    decision = decide(
        sender=parsed.from_.addr if parsed.from_ else None,
        date=parsed.date,
        is_reply=is_reply_subject(parsed.subject),
        header_thread=_thread_by_headers(session, own_id, parsed),
        tag_candidates=_candidates(
            session, col(Thread.ref).in_(reference_tags(parsed.subject, ctx.reference_prefix))
        ),
        subject_candidates=_subject_candidates(session, parsed, ctx),
        window=ctx.subject_window,
    )
    thread_id = decision.thread_id or previous_thread
    if thread_id is not None:
        thread = session.get(Thread, thread_id)
        if thread is not None:
            return thread, decision.attached_by if decision.thread_id else "new"
    return Thread(
        ref=next_reference(session, ctx.reference_prefix, parsed.date.year),
        subject=parsed.subject[:2000],
        subject_key=subject_key(parsed.subject),
        created_at=parsed.date,
        last_activity_at=parsed.date,
        tags=[],
        status="new",
        message_count=0,
    ), "new"


def _thread_by_headers(session: Session, own_id: str | None, parsed: ParsedMessage) -> int | None:
    # The closest ancestor first: In-Reply-To, then References from the last one back.
    ids = [_key(i) for i in [*parsed.in_reply_to, *reversed(parsed.references)]]
    if own_id:
        ids.append(own_id)  # a child that arrived first left a placeholder for us
    if not ids:
        return None
    rows = session.execute(
        select(col(MessageKey.message_id), col(MessageKey.thread_id)).where(
            col(MessageKey.message_id).in_(ids)
        )
    ).all()
    found = dict(rows)
    for message_id in ids:
        if message_id in found:
            return int(found[message_id])
    return None


def _candidates(session: Session, condition: ColumnElement[bool]) -> list[Candidate]:
    threads = session.execute(select(Thread).where(condition).limit(20)).scalars().all()
    result = []
    for thread in threads:
        senders = (
            session.execute(
                select(col(Message.from_addr))
                .where(col(Message.thread_id) == thread.id, col(Message.direction) == "in")
                .distinct()
            )
            .scalars()
            .all()
        )
        result.append(Candidate(thread.id, thread.ref, thread.last_activity_at, frozenset(senders)))
    return result


def _subject_candidates(
    session: Session, parsed: ParsedMessage, ctx: PipelineContext
) -> list[Candidate]:
    if not is_reply_subject(parsed.subject):
        return []
    key = subject_key(parsed.subject)
    if not key:
        return []
    since = parsed.date - ctx.subject_window
    return _candidates(
        session, (col(Thread.subject_key) == key) & (col(Thread.last_activity_at) >= since)
    )


def next_reference(session: Session, prefix: str, year: int) -> str:
    name = f"ref:{prefix}:{year}"
    dialect = session.get_bind().dialect.name
    insert_fn = pg_insert if dialect == "postgresql" else sqlite_insert
    statement = (
        insert_fn(Counter)
        .values(name=name, value=1)
        .on_conflict_do_update(index_elements=["name"], set_={"value": col(Counter.value) + 1})
        .returning(col(Counter.value))
    )
    number = session.execute(statement).scalar_one()
    return format_reference(prefix, year, int(number))


def _message_row(
    raw: RawMessage,
    parsed: ParsedMessage,
    classification: Classification,
    thread_id: int,
    attached_by: str,
    ctx: PipelineContext,
) -> Message:
    sender = parsed.from_.addr if parsed.from_ else ""
    return Message(
        raw_id=_require_id(raw.id),
        thread_id=thread_id,
        direction="out" if raw.source == "sent" or sender in ctx.our_addresses else "in",
        message_id=_key(parsed.message_id) if parsed.message_id else None,
        in_reply_to=[_key(i) for i in parsed.in_reply_to],
        references=[_key(i) for i in parsed.references],
        attached_by=attached_by,
        subject=parsed.subject,
        from_addr=sender[:320],
        from_name=(parsed.from_.name if parsed.from_ else "")[:255],
        to_addrs=[a.addr for a in parsed.to],
        cc_addrs=[a.addr for a in parsed.cc],
        date=parsed.date,
        date_source=parsed.date_source,
        body_text=parsed.body_text,
        body_html=parsed.body_html,
        lang=classification.lang,
        kind=classification.kind,
        partner_type=classification.partner_type,
        topic=classification.topic,
        organisation=classification.organisation,
        actions=_actions_dict(classification),
        explanation=[
            {"rule": h.rule, "file": h.file, "line": h.line, "field": h.field, "matched": h.matched}
            for h in classification.explanation
        ],
        defects=list(parsed.defects),
        bounce_of=parsed.delivery_report.original_message_id if parsed.delivery_report else None,
    )


def _actions_dict(classification: Classification) -> dict[str, object]:
    actions = classification.actions
    return {
        "priority": actions.priority,
        "assignee": actions.assignee,
        "team": actions.team,
        "template": actions.template,
        "acknowledge": actions.acknowledge,
        "tags": list(actions.tags),
    }


def _record_keys(
    session: Session, own_id: str | None, parsed: ParsedMessage, thread_id: int
) -> None:
    dialect = session.get_bind().dialect.name
    insert_fn = pg_insert if dialect == "postgresql" else sqlite_insert
    if own_id:
        session.execute(
            insert_fn(MessageKey)
            .values(message_id=own_id, thread_id=thread_id, seen=True)
            .on_conflict_do_update(
                index_elements=["message_id"], set_={"seen": True, "thread_id": thread_id}
            )
        )
    referenced = {_key(i) for i in [*parsed.in_reply_to, *parsed.references]} - {own_id}
    if referenced:
        session.execute(
            insert_fn(MessageKey).on_conflict_do_nothing(index_elements=["message_id"]),
            [{"message_id": i, "thread_id": thread_id, "seen": False} for i in sorted(referenced)],
        )


def _update_thread(
    session: Session,
    thread: Thread,
    message: Message,
    classification: Classification,
    new_thread: bool,
) -> bool:
    thread.message_count = session.execute(
        select(func.count()).select_from(Message).where(col(Message.thread_id) == thread.id)
    ).scalar_one()
    if message.date > thread.last_activity_at:
        thread.last_activity_at = message.date
    first = (
        session.execute(
            select(Message)
            .where(col(Message.thread_id) == thread.id)
            .order_by(col(Message.date), col(Message.id))
            .limit(1)
        )
        .scalars()
        .first()
    )
    if first is not None and first.id == message.id:
        thread.subject = message.subject[:2000]
        thread.created_at = message.date
        thread.kind = classification.kind
        thread.lang = classification.lang
        thread.partner_type = thread.partner_type_override or classification.partner_type
        thread.topic = thread.topic_override or classification.topic
        thread.organisation = classification.organisation
        thread.priority = classification.actions.priority
        thread.tags = list(classification.actions.tags)
        if classification.actions.assignee and not thread.assignee:
            thread.assignee = classification.actions.assignee
    reopened = False
    if message.direction == "out":
        if thread.first_response_at is None or message.date < thread.first_response_at:
            thread.first_response_at = message.date
        if thread.status in ("new", "open"):
            thread.status = "waiting"
    elif not new_thread and message.kind == "human" and thread.status in ("waiting", "closed"):
        reopened = thread.status == "closed"
        thread.status = "open"
        thread.resolved_at = None
    session.add(thread)
    return reopened


def _touch_contact(session: Session, message: Message) -> None:
    contact = (
        session.execute(select(Contact).where(col(Contact.addr) == message.from_addr))
        .scalars()
        .first()
    )
    if contact is None:
        contact = Contact(
            addr=message.from_addr,
            name=message.from_name,
            first_seen=message.date,
            last_seen=message.date,
            message_count=0,
        )
    contact.message_count += 1
    contact.matched_directory = contact.matched_directory or message.partner_type != "unknown"
    if message.date > contact.last_seen:
        contact.last_seen = message.date
        contact.name = message.from_name or contact.name
    session.add(contact)


def _key(message_id: str) -> str:
    if len(message_id) <= MAX_KEY_LENGTH:
        return message_id
    return "sha256:" + hashlib.sha256(message_id.encode("utf-8", "replace")).hexdigest()


def _require_id(value: int | None) -> int:
    assert value is not None, "row not flushed"
    return value


def _now() -> datetime:
    return datetime.now(UTC)
