"""Run the stages after the raw store: parse → classify → thread → store → hooks (drafts).

Works on stored raw messages only, so any message can be processed again at any time.
Messages go through in batches: the pure stages one by one, then one batched write
(:mod:`mailflow.store.ingest`). A message that fails is quarantined with its error and
the rest of the batch goes on.
"""

from __future__ import annotations

import logging
from collections import Counter as Tally
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Protocol

from sqlalchemy import Engine, Row, bindparam, select, update
from sqlmodel import Session, col

from mailflow.classify.result import Classification
from mailflow.parse import DEFAULT_LIMITS, ParsedMessage, ParseLimits, parse_message
from mailflow.store.ingest import (
    Threading,
    Understood,
    Written,
    forget_previous,
    next_reference,
    table_of,
    write_batch,
)
from mailflow.store.models import Event, Message, RawMessage, Thread

__all__ = [
    "PipelineContext",
    "ProcessReport",
    "Processed",
    "next_reference",
    "process_pending",
    "reprocess",
]

log = logging.getLogger("mailflow.pipeline")


class Classifier(Protocol):
    def classify(self, msg: ParsedMessage) -> Classification: ...


class DefaultClassifier:
    """Used when no rule set is loaded: every message gets the taxonomy's defaults."""

    def classify(self, msg: ParsedMessage) -> Classification:
        return Classification(lang=msg.lang)


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


AfterMessage = Callable[[Session, Processed], None]


@dataclass(slots=True)
class PipelineContext:
    """What processing needs besides the raw bytes."""

    classifier: Callable[[], Classifier] = DefaultClassifier
    reference_prefix: str = "COOP"
    subject_window: timedelta = timedelta(days=30)
    our_addresses: frozenset[str] = frozenset()
    parse_limits: ParseLimits = DEFAULT_LIMITS
    after_message: list[AfterMessage] = field(default_factory=list)
    """Hooks run for every processed message, inside the batch's transaction."""

    @property
    def threading(self) -> Threading:
        return Threading(self.reference_prefix, self.subject_window, self.our_addresses)


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

    def count(self, classification: Classification) -> None:
        self.processed += 1
        self.kinds[classification.kind] += 1
        self.partner_types[classification.partner_type] += 1
        self.topics[classification.topic] += 1


_RAW_COLUMNS = (
    col(RawMessage.id),
    col(RawMessage.data),
    col(RawMessage.received_at),
    col(RawMessage.source),
    col(RawMessage.source_detail),
    col(RawMessage.dedupe_key),
)


def process_pending(
    engine: Engine, ctx: PipelineContext, *, batch_size: int = 500
) -> ProcessReport:
    """Process every raw message waiting, in arrival order, one batch per transaction."""
    report = ProcessReport()
    while True:
        with Session(engine, expire_on_commit=False) as session:
            query = (
                select(*_RAW_COLUMNS)
                .where(col(RawMessage.state) == "received")
                .order_by(col(RawMessage.id))
                .limit(batch_size)
            )
            if engine.dialect.name == "postgresql":
                # Another instance takes the rows we hold: no message is processed twice.
                query = query.with_for_update(skip_locked=True)
            rows = session.execute(query).all()
            batch = _process_rows(session, ctx, rows, waiting_only=True)
            session.commit()
        report.add(batch)
        if len(rows) < batch_size:
            return report


def reprocess(
    engine: Engine, ctx: PipelineContext, raw_ids: Iterable[int], *, batch_size: int = 500
) -> ProcessReport:
    """Run the pipeline again on stored messages (after a rule change or a fix)."""
    report = ProcessReport()
    ids = sorted(set(raw_ids))
    for start in range(0, len(ids), batch_size):
        with Session(engine, expire_on_commit=False) as session:
            query = select(*_RAW_COLUMNS).where(
                col(RawMessage.id).in_(ids[start : start + batch_size])
            )
            rows = session.execute(query.order_by(col(RawMessage.id))).all()
            report.add(_process_rows(session, ctx, rows))
            session.commit()
    return report


def _process_rows(
    session: Session,
    ctx: PipelineContext,
    rows: Sequence[Row[tuple[object, ...]]],
    *,
    waiting_only: bool = False,
) -> ProcessReport:
    report = ProcessReport()
    if not rows:
        return report
    # The pure stages run before the first write: on SQLite the first write takes the
    # database's write lock, and intake (SMTP 250s) must not wait for parsing.
    classifier = ctx.classifier()
    items: list[Understood] = []
    failures: list[tuple[Row[tuple[object, ...]], Exception]] = []
    for row in rows:
        try:
            parsed = parse_message(row.data, row.received_at, limits=ctx.parse_limits)
            items.append(
                Understood(
                    int(row.id), row.dedupe_key, row.source, parsed, classifier.classify(parsed)
                )
            )
        except Exception as exc:  # one bad message never stops the flow
            failures.append((row, exc))
    _begin_writing(session)
    previous = forget_previous(session, [int(r.id) for r in rows])
    if waiting_only:
        items, failures = _still_waiting(session, items, failures)
    for row, error in failures:
        _quarantine(session, row, error, report)
    for item in items:
        item.previous_thread = previous.get(item.raw_id)
    written = _write(session, ctx, items, {int(r.id): r for r in rows}, report)
    _mark_processed(session, [w.item.raw_id for w in written])
    for done in written:
        report.count(done.item.classification)
    if ctx.after_message and written:
        _run_hooks(session, ctx, written)
    return report


def _begin_writing(session: Session) -> None:
    """On SQLite, take the write lock now, so that the checks below and the writes agree."""
    connection = session.connection()
    if connection.dialect.name != "sqlite":
        return
    dbapi = connection.connection.dbapi_connection
    if dbapi is not None and not dbapi.in_transaction:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def _still_waiting(
    session: Session,
    items: list[Understood],
    failures: list[tuple[Row[tuple[object, ...]], Exception]],
) -> tuple[list[Understood], list[tuple[Row[tuple[object, ...]], Exception]]]:
    """Drop what another process finished meanwhile (SQLite has no SKIP LOCKED)."""
    ids = [i.raw_id for i in items] + [int(r.id) for r, _ in failures]
    query = select(col(RawMessage.id)).where(
        col(RawMessage.id).in_(ids), col(RawMessage.state) == "received"
    )
    waiting = set(session.execute(query).scalars())
    return [i for i in items if i.raw_id in waiting], [
        (r, e) for r, e in failures if int(r.id) in waiting
    ]


def _write(
    session: Session,
    ctx: PipelineContext,
    items: list[Understood],
    rows: dict[int, Row[tuple[object, ...]]],
    report: ProcessReport,
) -> list[Written]:
    try:
        with session.begin_nested():
            return write_batch(session, ctx.threading, items)
    except Exception:
        if len(items) == 1:
            raise
    # Something in the batch failed: write one by one to find and quarantine the culprit.
    written: list[Written] = []
    for item in items:
        try:
            with session.begin_nested():
                written += write_batch(session, ctx.threading, [item])
        except Exception as exc:
            _quarantine(session, rows[item.raw_id], exc, report)
    return written


def _quarantine(
    session: Session, row: Row[tuple[object, ...]], exc: Exception, report: ProcessReport
) -> None:
    error = f"{type(exc).__name__}: {exc}"[:4000]
    log.warning(
        "quarantined raw message %s (%s): %s", row.id, str(row.source_detail)[:200], error[:300]
    )
    session.execute(
        update(RawMessage)
        .where(col(RawMessage.id) == row.id)
        .values(
            state="quarantined",
            error=error,
            processed_at=_now(),
            attempts=col(RawMessage.attempts) + 1,
        )
    )
    session.add(
        Event(
            at=_now(),
            actor="system",
            action="message.quarantined",
            data={"raw_id": row.id, "error": error},
        )
    )
    report.quarantined += 1


def _mark_processed(session: Session, raw_ids: list[int]) -> None:
    if not raw_ids:
        return
    table = table_of(RawMessage)
    statement = (
        update(table)
        .where(table.c.id == bindparam("rid"))
        .values(state="processed", error=None, processed_at=_now(), attempts=table.c.attempts + 1)
    )
    session.connection().execute(statement, [{"rid": rid} for rid in raw_ids])


def _run_hooks(session: Session, ctx: PipelineContext, written: list[Written]) -> None:
    message_ids = [w.message_id for w in written]
    messages = {
        m.id: m
        for m in session.execute(select(Message).where(col(Message.id).in_(message_ids))).scalars()
    }
    thread_ids = {w.thread_id for w in written}
    threads = {
        t.id: t
        for t in session.execute(select(Thread).where(col(Thread.id).in_(thread_ids))).scalars()
    }
    raws = {
        r.id: r
        for r in session.execute(
            select(RawMessage).where(col(RawMessage.id).in_([w.item.raw_id for w in written]))
        ).scalars()
    }
    for done in written:
        processed = Processed(
            raws[done.item.raw_id],
            done.item.parsed,
            done.item.classification,
            messages[done.message_id],
            threads[done.thread_id],
            done.new_thread,
            done.reopened,
        )
        for hook in ctx.after_message:
            try:
                with session.begin_nested():
                    hook(session, processed)
            except Exception as exc:  # the message is stored; a failed draft must not undo it
                log.exception(
                    "hook %s failed on message %s", getattr(hook, "__name__", hook), done.message_id
                )
                session.add(
                    Event(
                        at=_now(),
                        actor="system",
                        action="hook.failed",
                        thread_id=done.thread_id,
                        message_id=done.message_id,
                        data={"error": f"{type(exc).__name__}: {exc}"[:2000]},
                    )
                )


def _now() -> datetime:
    return datetime.now(UTC)
