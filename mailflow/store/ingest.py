"""Write a batch of understood messages: thread them against the database and insert them.

One batch costs a fixed number of queries (lookups with ``IN``, bulk inserts with
``RETURNING``), not a few per message: importing years of mail stays fast. Threading
decisions are the pure :func:`mailflow.thread.decide`; this module only gathers the
candidates it needs and remembers the threads the batch itself creates.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Table, bindparam, delete, func, insert, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, col

from mailflow.classify.result import Classification
from mailflow.parse import ParsedMessage
from mailflow.store.models import (
    Attachment,
    Contact,
    Counter,
    Message,
    MessageKey,
    Partner,
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

MAX_KEY_LENGTH = 900  # longer Message-IDs are hashed: index entries have a size limit


@dataclass(frozen=True, slots=True)
class Threading:
    """The settings threading needs."""

    reference_prefix: str
    subject_window: timedelta
    our_addresses: frozenset[str]


@dataclass(slots=True)
class Understood:
    """A raw message after the pure stages, ready to be written."""

    raw_id: int
    dedupe_key: str
    source: str
    parsed: ParsedMessage
    classification: Classification
    previous_thread: int | None = None


@dataclass(slots=True)
class Written:
    """What the batch wrote for one message."""

    item: Understood
    message_id: int
    thread_id: int
    new_thread: bool
    reopened: bool


@dataclass(slots=True)
class _ThreadState:
    """A thread as the batch sees it: from the database or created by the batch."""

    id: int | None
    ref: str | None
    subject_key: str
    last_activity_at: datetime
    senders: set[str]
    created_at: datetime
    status: str = "new"
    first: Understood | None = None
    """The earliest message the batch adds, when it is earlier than the thread's first."""
    added: list[int] = field(default_factory=list)
    reopened: bool = False
    responded_at: datetime | None = None


def message_key(message_id: str) -> str:
    """The form a Message-ID is indexed under."""
    if len(message_id) <= MAX_KEY_LENGTH:
        return message_id
    return "sha256:" + hashlib.sha256(message_id.encode("utf-8", "replace")).hexdigest()


def write_batch(session: Session, policy: Threading, items: Sequence[Understood]) -> list[Written]:
    """Thread and insert ``items`` (in order) inside the caller's transaction."""
    lookup = _Lookup.load(session, policy, items)
    touched: dict[int, _ThreadState] = {}
    placements: list[tuple[_ThreadState, str, str | None]] = []
    for item in items:
        state, attached_by, own_id = _place(item, lookup, policy)
        touched.setdefault(id(state), state)
        placements.append((state, attached_by, own_id))
    states = list(touched.values())
    _insert_new_threads(session, policy, [s for s in states if s.id is None], lookup)
    message_ids = _insert_messages(session, policy, items, placements)
    _insert_attachments(session, items, message_ids)
    _record_keys(session, items, placements)
    _update_existing_threads(session, states, lookup)
    _touch_contacts(session, items, policy)
    return [
        Written(item, mid, state.id or 0, state.id in lookup.created, state.reopened)
        for item, mid, (state, _how, _own) in zip(items, message_ids, placements, strict=True)
    ]


class _Lookup:
    """Everything the batch needs from the database, fetched with a few ``IN`` queries."""

    def __init__(self) -> None:
        self.keys: dict[str, tuple[_ThreadState | int, bool]] = {}
        self.threads: dict[int, _ThreadState] = {}
        self.by_ref: dict[str, int] = {}
        self.by_subject: dict[str, list[int]] = defaultdict(list)
        self.overrides: dict[str, str] = {}
        self.created: set[int | None] = set()
        self.new_by_subject: dict[str, list[_ThreadState]] = defaultdict(list)

    @classmethod
    def load(cls, session: Session, policy: Threading, items: Sequence[Understood]) -> _Lookup:
        found = cls()
        ids = {message_key(i) for item in items for i in _linked_ids(item.parsed)}
        for chunk in _chunks(sorted(ids)):
            rows = session.execute(
                select(
                    col(MessageKey.message_id), col(MessageKey.thread_id), col(MessageKey.seen)
                ).where(col(MessageKey.message_id).in_(chunk))
            ).all()
            found.keys.update({mid: (int(tid), bool(seen)) for mid, tid, seen in rows})
        keys = [item.dedupe_key for item in items]
        for chunk in _chunks(keys):
            rows = session.execute(
                select(col(ThreadOverride.dedupe_key), col(ThreadOverride.thread_ref)).where(
                    col(ThreadOverride.dedupe_key).in_(chunk)
                )
            ).all()
            found.overrides.update({k: ref for k, ref in rows})
        refs = {
            r
            for item in items
            for r in reference_tags(item.parsed.subject, policy.reference_prefix)
        }
        refs |= set(found.overrides.values())
        subjects = {
            subject_key(i.parsed.subject) for i in items if is_reply_subject(i.parsed.subject)
        }
        thread_ids = {tid for tid, _seen in found.keys.values() if isinstance(tid, int)}
        thread_ids |= {i.previous_thread for i in items if i.previous_thread}
        found._load_threads(session, policy, items, refs, subjects - {""}, thread_ids)
        return found

    def _load_threads(
        self,
        session: Session,
        policy: Threading,
        items: Sequence[Understood],
        refs: set[str],
        subjects: set[str],
        thread_ids: set[int],
    ) -> None:
        conditions: list[ColumnElement[bool]] = []
        if refs:
            conditions.append(col(Thread.ref).in_(sorted(refs)))
        if thread_ids:
            conditions.append(col(Thread.id).in_(sorted(thread_ids)))
        if subjects:
            since = min(i.parsed.date for i in items) - policy.subject_window
            conditions.append(
                col(Thread.subject_key).in_(sorted(subjects))
                & (col(Thread.last_activity_at) >= since)
            )
        if not conditions:
            return
        rows = session.execute(
            select(
                col(Thread.id),
                col(Thread.ref),
                col(Thread.subject_key),
                col(Thread.last_activity_at),
                col(Thread.created_at),
                col(Thread.status),
            ).where(or_(*conditions))
        ).all()
        for tid, ref, key, last, created, status in rows:
            self.threads[tid] = _ThreadState(tid, ref, key, last, set(), created, status)
            self.by_ref[ref] = tid
            self.by_subject[key].append(tid)
        for chunk in _chunks(sorted(self.threads)):
            senders = session.execute(
                select(col(Message.thread_id), col(Message.from_addr))
                .where(col(Message.thread_id).in_(chunk), col(Message.direction) == "in")
                .distinct()
            ).all()
            for tid, addr in senders:
                self.threads[tid].senders.add(addr)

    def state(self, handle: _ThreadState | int) -> _ThreadState | None:
        return handle if isinstance(handle, _ThreadState) else self.threads.get(handle)


def _linked_ids(parsed: ParsedMessage) -> list[str]:
    ids = [*parsed.in_reply_to, *parsed.references]
    if parsed.message_id:
        ids.append(parsed.message_id)
    return ids


def _place(
    item: Understood, lookup: _Lookup, policy: Threading
) -> tuple[_ThreadState, str, str | None]:
    parsed = item.parsed
    own_id = message_key(parsed.message_id) if parsed.message_id else None
    if own_id and own_id in lookup.keys and lookup.keys[own_id][1]:
        parsed.defects.append("duplicate-message-id")
        own_id = None  # the id is someone else's: link by references only (JWZ)
    state, attached_by = _choose(item, own_id, lookup, policy)
    sender = parsed.from_.addr if parsed.from_ else ""
    outgoing = item.source == "sent" or sender in policy.our_addresses
    if own_id:
        lookup.keys[own_id] = (state, True)
    for ref in {message_key(i) for i in [*parsed.in_reply_to, *parsed.references]} - {own_id}:
        lookup.keys.setdefault(ref, (state, False))
    if sender and not outgoing:
        state.senders.add(sender)
    state.last_activity_at = max(state.last_activity_at, parsed.date)
    # The thread takes its labels from its earliest message (re-processing it included).
    if parsed.date < state.created_at or (
        state.first is None and (state.id is None or parsed.date <= state.created_at)
    ):
        state.first, state.created_at = item, min(state.created_at, parsed.date)
    if outgoing:
        state.responded_at = min(filter(None, [state.responded_at, parsed.date]))
    elif (
        attached_by != "new"
        and item.classification.kind == "human"
        and state.status in ("waiting", "closed")
    ):
        state.reopened = state.status == "closed"
        state.status = "open"
    state.added.append(item.raw_id)
    return state, attached_by, own_id


def _choose(
    item: Understood, own_id: str | None, lookup: _Lookup, policy: Threading
) -> tuple[_ThreadState, str]:
    parsed = item.parsed
    forced_ref = lookup.overrides.get(item.dedupe_key)
    if forced_ref and forced_ref in lookup.by_ref:
        return lookup.threads[lookup.by_ref[forced_ref]], "manual"
    header = _by_headers(parsed, own_id, lookup)
    tags = [
        lookup.threads[lookup.by_ref[r]]
        for r in reference_tags(parsed.subject, policy.reference_prefix)
        if r in lookup.by_ref
    ]
    key = subject_key(parsed.subject)
    subject_states = [
        lookup.threads[t] for t in lookup.by_subject.get(key, [])
    ] + lookup.new_by_subject.get(key, [])
    states = {id(s): s for s in [*tags, *subject_states] + ([header] if header else [])}
    decision = decide(
        sender=parsed.from_.addr if parsed.from_ else None,
        date=parsed.date,
        is_reply=is_reply_subject(parsed.subject),
        header_thread=id(header) if header else None,
        tag_candidates=[_candidate(s) for s in tags],
        subject_candidates=[_candidate(s) for s in subject_states],
        window=policy.subject_window,
    )
    if decision.thread_id is not None:
        return states[decision.thread_id], decision.attached_by
    if item.previous_thread is not None and item.previous_thread in lookup.threads:
        return lookup.threads[item.previous_thread], "new"  # re-processing keeps its reference
    state = _ThreadState(None, None, key, parsed.date, set(), parsed.date)
    lookup.new_by_subject[key].append(state)
    return state, "new"


def _by_headers(parsed: ParsedMessage, own_id: str | None, lookup: _Lookup) -> _ThreadState | None:
    # The closest ancestor first: In-Reply-To, then References from the last one back;
    # then our own id, for which a child that arrived first left a placeholder.
    ids = [message_key(i) for i in [*parsed.in_reply_to, *reversed(parsed.references)]]
    if own_id:
        ids.append(own_id)
    for message_id in ids:
        if message_id in lookup.keys:
            state = lookup.state(lookup.keys[message_id][0])
            if state is not None:
                return state
    return None


def _candidate(state: _ThreadState) -> Candidate:
    return Candidate(id(state), state.ref or "", state.last_activity_at, frozenset(state.senders))


def _insert_new_threads(
    session: Session, policy: Threading, states: list[_ThreadState], lookup: _Lookup
) -> None:
    if not states:
        return
    by_year: dict[int, list[_ThreadState]] = defaultdict(list)
    for state in states:
        by_year[state.created_at.year].append(state)
    for year, group in sorted(by_year.items()):
        last = _advance_counter(session, f"ref:{policy.reference_prefix}:{year}", len(group))
        for offset, state in enumerate(group):
            state.ref = format_reference(
                policy.reference_prefix, year, last - len(group) + 1 + offset
            )
    session.connection().execute(insert(table_of(Thread)), [_thread_row(state) for state in states])
    # executemany without RETURNING: SQLite would insert row by row to return ids in order.
    by_ref = {state.ref: state for state in states}
    for chunk in _chunks(sorted(by_ref)):
        rows = session.execute(
            select(col(Thread.id), col(Thread.ref)).where(col(Thread.ref).in_(chunk))
        )
        for tid, ref in rows:
            by_ref[ref].id = int(tid)
            lookup.created.add(int(tid))


def _thread_row(state: _ThreadState) -> dict[str, Any]:
    assert state.first is not None
    first = state.first
    labels = first.classification
    return {
        "ref": state.ref,
        "subject": first.parsed.subject[:2000],
        "subject_key": state.subject_key,
        "status": "waiting" if state.responded_at else state.status,
        "partner_type": labels.partner_type,
        "topic": labels.topic,
        "kind": labels.kind,
        "lang": labels.lang,
        "organisation": labels.organisation,
        "priority": labels.actions.priority,
        "assignee": labels.actions.assignee,
        "tags": list(labels.actions.tags),
        "created_at": state.created_at,
        "last_activity_at": state.last_activity_at,
        "first_response_at": state.responded_at,
        "message_count": len(state.added),
    }


def next_reference(session: Session, prefix: str, year: int) -> str:
    """Issue the next thread reference of ``year``, e.g. ``COOP-2026-00042``."""
    return format_reference(prefix, year, _advance_counter(session, f"ref:{prefix}:{year}", 1))


def _advance_counter(session: Session, name: str, step: int) -> int:
    dialect = session.get_bind().dialect.name
    insert_fn = pg_insert if dialect == "postgresql" else sqlite_insert
    statement = (
        insert_fn(Counter)
        .values(name=name, value=step)
        .on_conflict_do_update(index_elements=["name"], set_={"value": col(Counter.value) + step})
        .returning(col(Counter.value))
    )
    return int(session.execute(statement).scalar_one())


def _insert_messages(
    session: Session,
    policy: Threading,
    items: Sequence[Understood],
    placements: list[tuple[_ThreadState, str, str | None]],
) -> list[int]:
    rows = [
        _message_row(item, state.id or 0, attached_by, own_id, policy)
        for item, (state, attached_by, own_id) in zip(items, placements, strict=True)
    ]
    session.connection().execute(insert(table_of(Message)), rows)
    ids: dict[int, int] = {}
    for chunk in _chunks([item.raw_id for item in items]):
        query = select(col(Message.raw_id), col(Message.id)).where(col(Message.raw_id).in_(chunk))
        ids.update({int(raw_id): int(mid or 0) for raw_id, mid in session.execute(query)})
    return [ids[item.raw_id] for item in items]


def _message_row(
    item: Understood, thread_id: int, attached_by: str, own_id: str | None, policy: Threading
) -> dict[str, Any]:
    parsed, labels = item.parsed, item.classification
    sender = parsed.from_.addr if parsed.from_ else ""
    actions = labels.actions
    return {
        "raw_id": item.raw_id,
        "thread_id": thread_id,
        "direction": "out" if item.source == "sent" or sender in policy.our_addresses else "in",
        "message_id": own_id or (message_key(parsed.message_id) if parsed.message_id else None),
        "in_reply_to": [message_key(i) for i in parsed.in_reply_to],
        "references": [message_key(i) for i in parsed.references],
        "attached_by": attached_by,
        "subject": parsed.subject,
        "from_addr": sender[:320],
        "from_name": (parsed.from_.name if parsed.from_ else "")[:255],
        "to_addrs": [a.addr for a in parsed.to],
        "cc_addrs": [a.addr for a in parsed.cc],
        "date": parsed.date,
        "date_source": parsed.date_source,
        "body_text": parsed.body_text,
        "body_html": parsed.body_html,
        "lang": labels.lang,
        "kind": labels.kind,
        "partner_type": labels.partner_type,
        "topic": labels.topic,
        "organisation": labels.organisation,
        "actions": {
            "priority": actions.priority,
            "assignee": actions.assignee,
            "team": actions.team,
            "template": actions.template,
            "acknowledge": actions.acknowledge,
            "tags": list(actions.tags),
        },
        "explanation": [
            {"rule": h.rule, "file": h.file, "line": h.line, "field": h.field, "matched": h.matched}
            for h in labels.explanation
        ],
        "defects": list(parsed.defects),
        "bounce_of": parsed.delivery_report.original_message_id if parsed.delivery_report else None,
    }


def _insert_attachments(
    session: Session, items: Sequence[Understood], message_ids: list[int]
) -> None:
    rows = [
        {
            "message_id": mid,
            "part_index": index,
            "filename": part.filename[:255],
            "content_type": part.content_type[:255],
            "size": part.size,
            "sha256": part.sha256,
        }
        for item, mid in zip(items, message_ids, strict=True)
        for index, part in enumerate(item.parsed.attachments)
    ]
    if rows:
        session.connection().execute(insert(table_of(Attachment)), rows)


def _record_keys(
    session: Session,
    items: Sequence[Understood],
    placements: list[tuple[_ThreadState, str, str | None]],
) -> None:
    insert_fn = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    seen: dict[str, int] = {}
    referenced: dict[str, int] = {}
    for item, (state, _how, own_id) in zip(items, placements, strict=True):
        assert state.id is not None
        if own_id:
            seen[own_id] = state.id
        for ref in [*item.parsed.in_reply_to, *item.parsed.references]:
            referenced.setdefault(message_key(ref), state.id)
    if seen:
        statement = insert_fn(table_of(MessageKey)).values(
            message_id=bindparam("mid"), thread_id=bindparam("tid"), seen=True
        )
        statement = statement.on_conflict_do_update(
            index_elements=["message_id"],
            set_={"seen": True, "thread_id": statement.excluded.thread_id},
        )
        session.connection().execute(statement, [{"mid": k, "tid": v} for k, v in seen.items()])
    rest = [
        {"message_id": k, "thread_id": v, "seen": False}
        for k, v in referenced.items()
        if k not in seen
    ]
    if rest:
        session.execute(
            insert_fn(table_of(MessageKey)).on_conflict_do_nothing(index_elements=["message_id"]),
            rest,
        )


def _update_existing_threads(
    session: Session, states: Iterable[_ThreadState], lookup: _Lookup
) -> None:
    existing = [
        s
        for s in states
        if s.id is not None and s.id not in lookup.created and s.id in lookup.threads
    ]
    if not existing:
        return
    ids = [s.id for s in existing]
    counts = dict(
        session.execute(
            select(col(Message.thread_id), func.count())
            .where(col(Message.thread_id).in_(ids))
            .group_by(col(Message.thread_id))
        ).all()
    )
    threads = {
        t.id: t for t in session.execute(select(Thread).where(col(Thread.id).in_(ids))).scalars()
    }
    for state in existing:
        thread = threads[state.id]
        thread.message_count = int(counts.get(state.id, 0))
        thread.last_activity_at = max(thread.last_activity_at, state.last_activity_at)
        thread.status = state.status
        if state.responded_at and (
            thread.first_response_at is None or state.responded_at < thread.first_response_at
        ):
            thread.first_response_at = state.responded_at
            if thread.status in ("new", "open"):
                thread.status = "waiting"
        if state.reopened:
            thread.resolved_at = None
        if state.first is not None and state.first.parsed.date <= thread.created_at:
            _apply_labels(thread, state.first)
    session.flush()


def _apply_labels(thread: Thread, first: Understood) -> None:
    labels = first.classification
    thread.subject = first.parsed.subject[:2000]
    thread.created_at = first.parsed.date
    thread.kind, thread.lang, thread.organisation = labels.kind, labels.lang, labels.organisation
    thread.partner_type = thread.partner_type_override or labels.partner_type
    thread.topic = thread.topic_override or labels.topic
    thread.priority = labels.actions.priority
    thread.tags = list(labels.actions.tags)
    if labels.actions.assignee and not thread.assignee:
        thread.assignee = labels.actions.assignee


@dataclass(slots=True)
class _Seen:
    """What a batch says about one sender or one organisation."""

    first: datetime
    last: datetime
    name: str = ""
    count: int = 0
    matched: bool = False
    organisation: str | None = None
    partner_type: str = "unknown"

    def add(self, date: datetime, name: str, labels: Classification) -> None:
        if date >= self.last:
            self.name = name or self.name
            self.organisation = labels.organisation or self.organisation
            self.partner_type = labels.partner_type if labels.organisation else self.partner_type
        self.first, self.last = min(self.first, date), max(self.last, date)
        self.count += 1
        self.matched = self.matched or labels.partner_type != "unknown"


def _touch_contacts(session: Session, items: Sequence[Understood], policy: Threading) -> None:
    senders: dict[str, _Seen] = {}
    organisations: dict[str, _Seen] = {}
    for item in items:
        sender = item.parsed.from_
        if sender is None or item.source == "sent" or sender.addr in policy.our_addresses:
            continue
        date, labels = item.parsed.date, item.classification
        senders.setdefault(sender.addr[:320], _Seen(date, date)).add(
            date, sender.name[:255], labels
        )
        if labels.organisation:
            organisation = labels.organisation[:255]
            organisations.setdefault(organisation, _Seen(date, date)).add(
                date, organisation, labels
            )
    if not senders:
        return
    partner_ids = _touch_partners(session, organisations)
    known = {
        c.addr: c
        for chunk in _chunks(sorted(senders))
        for c in session.execute(select(Contact).where(col(Contact.addr).in_(chunk))).scalars()
    }
    fresh = []
    for addr, seen in senders.items():
        partner_id = partner_ids.get(seen.organisation or "")
        contact = known.get(addr)
        if contact is None:
            fresh.append(
                {
                    "addr": addr,
                    "name": seen.name,
                    "first_seen": seen.first,
                    "last_seen": seen.last,
                    "message_count": seen.count,
                    "matched_directory": seen.matched,
                    "partner_id": partner_id,
                }
            )
            continue
        contact.message_count += seen.count
        contact.matched_directory = contact.matched_directory or seen.matched
        if seen.last >= contact.last_seen:
            contact.last_seen, contact.name = seen.last, seen.name or contact.name
            contact.partner_id = partner_id or contact.partner_id
    if fresh:
        session.connection().execute(insert(table_of(Contact)), fresh)
    session.flush()


def _touch_partners(session: Session, organisations: dict[str, _Seen]) -> dict[str, int]:
    """Create or update the organisations seen; returns their ids by name."""
    if not organisations:
        return {}
    names = sorted(organisations)
    known = {
        p.organisation: p
        for p in session.execute(
            select(Partner).where(col(Partner.organisation).in_(names))
        ).scalars()
    }
    fresh = [
        {
            "organisation": name,
            "partner_type": seen.partner_type,
            "first_seen": seen.first,
            "last_seen": seen.last,
        }
        for name, seen in organisations.items()
        if name not in known
    ]
    if fresh:
        session.connection().execute(insert(table_of(Partner)), fresh)
    for name, partner in known.items():
        seen = organisations[name]
        partner.first_seen = min(partner.first_seen, seen.first)
        if seen.last >= partner.last_seen:
            partner.last_seen, partner.partner_type = seen.last, seen.partner_type
    session.flush()
    rows = session.execute(
        select(col(Partner.organisation), col(Partner.id)).where(
            col(Partner.organisation).in_(names)
        )
    )
    return {name: int(pid or 0) for name, pid in rows}


def forget_previous(session: Session, raw_ids: Sequence[int]) -> dict[int, int]:
    """Remove what an earlier run wrote for ``raw_ids``; returns raw id → its thread."""
    previous: dict[int, int] = {}
    for chunk in _chunks(list(raw_ids)):
        rows = session.execute(
            select(
                col(Message.id),
                col(Message.raw_id),
                col(Message.thread_id),
                col(Message.message_id),
            ).where(col(Message.raw_id).in_(chunk))
        ).all()
        if not rows:
            continue
        message_ids = [r[0] for r in rows]
        session.execute(delete(Attachment).where(col(Attachment.message_id).in_(message_ids)))
        own = [r[3] for r in rows if r[3]]
        if own:
            session.execute(
                update(MessageKey).where(col(MessageKey.message_id).in_(own)).values(seen=False)
            )
        session.execute(delete(Message).where(col(Message.id).in_(message_ids)))
        previous.update({int(r[1]): int(r[2]) for r in rows})
    return previous


def table_of(model: type[Any]) -> Table:
    """The Core table of a SQLModel class (for executemany without the ORM's overhead)."""
    table: Table = model.__table__
    return table


def _chunks(values: list[Any], size: int = 500) -> Iterable[list[Any]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]
