"""Run the stages after the raw store: parse → classify → thread → store → hooks (drafts).

Works on stored raw messages only, so any message can be processed again at any time.
Messages go through in batches: the pure stages one by one, then one batched write
(:func:`mailflow.store.ingest.write_batch`). A message that fails is quarantined with its
error (:mod:`mailflow.store.processing`) and the rest of the batch goes on. A storage
fault (full disk, lost connection) is no message's error: the batch's transaction is
rolled back whole, nothing of it is marked, and :class:`StoreUnavailable` says it waits.
"""

from __future__ import annotations

import logging
from collections import Counter as Tally
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Protocol

from sqlalchemy import Engine, select
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session, col

from mailflow.classify.result import Classification
from mailflow.errors import StoreUnavailable
from mailflow.parse import DEFAULT_LIMITS, ParsedMessage, ParseLimits, parse_message
from mailflow.store.batch import Understood, Written
from mailflow.store.events import record_event
from mailflow.store.faults import is_storage_error, storage_cause, transaction_lost
from mailflow.store.ingest import write_batch
from mailflow.store.models import Message, RawMessage, Thread
from mailflow.store.processing import (
    RawRow,
    begin_writing,
    mark_processed,
    quarantine,
    raw_rows,
    still_waiting,
    waiting_rows,
)
from mailflow.store.refs import next_reference
from mailflow.store.write import forget_previous
from mailflow.thread import Threading

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


def process_pending(
    engine: Engine, ctx: PipelineContext, *, batch_size: int = 500
) -> ProcessReport:
    """Process every raw message waiting, in arrival order, one batch per transaction."""
    report = ProcessReport()
    while True:
        with _batch_transaction(engine) as session:
            rows = waiting_rows(session, batch_size)
            batch = _process_rows(session, ctx, rows, waiting_only=True)
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
        with _batch_transaction(engine) as session:
            rows = raw_rows(session, ids[start : start + batch_size])
            batch = _process_rows(session, ctx, rows)
        report.add(batch)
    return report


@contextmanager
def _batch_transaction(engine: Engine) -> Iterator[Session]:
    """One batch's transaction, committed whole; on a storage fault nothing of it is kept
    and :class:`StoreUnavailable` says the batch waits to be tried again."""
    with Session(engine, expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except DBAPIError as exc:
            if is_storage_error(exc):
                raise StoreUnavailable(_waits(exc)) from exc
            raise


def _raise_if_storage_fault(session: Session, exc: Exception) -> None:
    """Called where a message's own error is caught: a storage fault is no message's, so
    it must end the whole batch rather than quarantine anything or be recorded."""
    if transaction_lost(session) or is_storage_error(exc):
        raise StoreUnavailable(_waits(exc)) from exc


def _waits(exc: BaseException) -> str:
    cause = storage_cause(exc) or exc
    return f"the store cannot take the batch, which waits: {type(cause).__name__}: {cause}"[:500]


def _process_rows(
    session: Session,
    ctx: PipelineContext,
    rows: Sequence[RawRow],
    *,
    waiting_only: bool = False,
) -> ProcessReport:
    report = ProcessReport()
    if not rows:
        return report
    # The pure stages run before begin_writing takes the placement lock (SQLite's write
    # lock, PostgreSQL's advisory lock): intake and other instances must not wait on parsing.
    classifier = ctx.classifier()
    items: list[Understood] = []
    failures: list[tuple[RawRow, Exception]] = []
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
    begin_writing(session)
    if waiting_only:
        # Drop what another process finished meanwhile (SQLite has no SKIP LOCKED), before
        # forgetting earlier results: else its rows would be deleted and never written again.
        waiting = still_waiting(session, [int(r.id) for r in rows])
        items = [i for i in items if i.raw_id in waiting]
        failures = [(r, e) for r, e in failures if int(r.id) in waiting]
    previous = forget_previous(
        session, [i.raw_id for i in items] + [int(r.id) for r, _ in failures]
    )
    for row, error in failures:
        _quarantine(session, row, error, report)
    for item in items:
        item.previous_thread = previous.get(item.raw_id)
    written = _write(session, ctx, items, {int(r.id): r for r in rows}, report)
    mark_processed(session, [w.item.raw_id for w in written])
    for done in written:
        report.count(done.item.classification)
    if ctx.after_message and written:
        _run_hooks(session, ctx, written)
    return report


def _write(
    session: Session,
    ctx: PipelineContext,
    items: list[Understood],
    rows: dict[int, RawRow],
    report: ProcessReport,
) -> list[Written]:
    try:
        with session.begin_nested():
            return write_batch(session, ctx.threading, items)
    except Exception as exc:
        _raise_if_storage_fault(session, exc)
        if len(items) == 1:
            _quarantine(session, rows[items[0].raw_id], exc, report)
            return []
    # Something in the batch failed: write one by one to find and quarantine the culprit.
    written: list[Written] = []
    for item in items:
        try:
            with session.begin_nested():
                written += write_batch(session, ctx.threading, [item])
        except Exception as exc:
            _raise_if_storage_fault(session, exc)
            _quarantine(session, rows[item.raw_id], exc, report)
    return written


def _quarantine(session: Session, row: RawRow, exc: Exception, report: ProcessReport) -> None:
    error = f"{type(exc).__name__}: {exc}"[:4000]
    log.warning(
        "quarantined raw message %s (%s): %s", row.id, str(row.source_detail)[:200], error[:300]
    )
    quarantine(session, int(row.id), error)
    report.quarantined += 1


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
                _raise_if_storage_fault(session, exc)
                log.exception(
                    "hook %s failed on message %s", getattr(hook, "__name__", hook), done.message_id
                )
                record_event(
                    session,
                    "hook.failed",
                    thread_id=done.thread_id,
                    message_id=done.message_id,
                    data={"error": f"{type(exc).__name__}: {exc}"[:2000]},
                )
