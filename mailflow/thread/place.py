"""Place a batch of messages in threads: the store looks candidates up, this decides. Pure.

Inputs are the parsed messages and what the store found for them (:class:`Known`: the
message keys, the threads they and the subjects' reference tags lead to, the manual
overrides); the output is one :class:`Placement` per message, with its reason
(``attached_by``), and the state of every thread the batch touches, for the store to write.
Messages are placed in order, each one seeing the threads the ones before it started or
changed, so a batch gives what one-by-one processing would.

Header evidence is weighed so: a parent we hold (its Message-ID was *seen*) beats a parent
we only know as a placeholder (some message we hold referenced it), closest parent first
(In-Reply-To, then References from the last one back). A partner answering an Outlook copy
of an old exchange names the copy in In-Reply-To (never seen, perhaps a placeholder left by
an earlier answer to it) and the message we hold in References: the held one wins.

Response facts are decided here too, from the message alone: only a reply a person sent
(:func:`is_human_response`) sets the thread's first response and moves it from new or open
to waiting; our acknowledgements and any other automatic outgoing mail (``Auto-Submitted``
and the like, :mod:`mailflow.classify.autoheaders`) change nothing. A message processed
again into the thread it was in (``previous_thread``) keeps its facts but changes no
status: its effect was applied the first time, and the thread may have moved on since
(closed, answered), so re-processing gives the same threads.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from mailflow.classify.autoheaders import (
    AUTOMATIC_PRECEDENCE,
    AUTOREPLY_HEADERS,
    auto_submitted,
    autoreply_flag,
    precedence,
)
from mailflow.parse import ParsedMessage
from mailflow.states import MessageKind, ThreadStatus
from mailflow.thread.decide import Candidate, decide
from mailflow.thread.keys import message_key, parent_keys
from mailflow.thread.subject import is_reply_subject, reference_tags, subject_key


@dataclass(frozen=True, slots=True)
class Threading:
    """The settings threading needs."""

    reference_prefix: str
    subject_window: timedelta
    our_addresses: frozenset[str]


@dataclass(frozen=True, slots=True)
class Unplaced:
    """A message to place, with what placement needs besides its headers."""

    parsed: ParsedMessage
    dedupe_key: str
    """The raw store's key, under which a manual override may name a thread."""
    kind: str = MessageKind.HUMAN
    outgoing: bool = False
    previous_thread: int | None = None
    """The thread an earlier run placed it in (re-processing)."""


@dataclass(frozen=True, slots=True)
class KnownKey:
    thread_id: int
    seen: bool
    """True: we hold that message; False: a placeholder, only referenced by one we hold."""


@dataclass(frozen=True, slots=True)
class KnownThread:
    id: int
    ref: str
    subject_key: str
    last_activity_at: datetime
    created_at: datetime
    status: str
    senders: frozenset[str]
    """Addresses that wrote to us in the thread."""


@dataclass(frozen=True, slots=True)
class Known:
    """What the store found for a batch."""

    keys: Mapping[str, KnownKey] = field(default_factory=dict)
    threads: Sequence[KnownThread] = ()
    overrides: Mapping[str, str] = field(default_factory=dict)
    """Dedupe key → the reference of the thread staff moved the message to."""


@dataclass(slots=True)
class ThreadState:
    """A thread as the batch leaves it. The store fills ``id`` and ``ref`` of new ones."""

    id: int | None
    ref: str | None
    subject_key: str
    last_activity_at: datetime
    created_at: datetime
    status: str = ThreadStatus.NEW
    senders: set[str] = field(default_factory=set)
    created: bool = False
    """Started by this batch."""
    first: int | None = None
    """Position in the batch of its earliest message, when earlier than the thread's first."""
    added: int = 0
    reopened: bool = False
    """A partner's message reopened it (closed → open)."""
    reopened_by: int | None = None
    """Position in the batch of the message that reopened it."""
    responded_at: datetime | None = None
    """The earliest reply a person sent in the batch (:func:`is_human_response`)."""


@dataclass(frozen=True, slots=True)
class Placement:
    thread: ThreadState
    attached_by: str
    """``new``, ``header``, ``tag``, ``subject`` or ``manual``."""
    own_key: str | None
    """The key the message's own Message-ID is recorded under (None: none, or not its own)."""
    duplicate_id: bool = False
    """Its Message-ID belongs to another message we hold."""


@dataclass(frozen=True, slots=True)
class Placed:
    placements: list[Placement]
    threads: list[ThreadState]
    """Every thread the batch touches, in the order it first did."""


def place_batch(*, messages: Sequence[Unplaced], known: Known, policy: Threading) -> Placed:
    """Place ``messages`` in order (see the module docstring)."""
    batch = _Batch(known)
    placements = [_place(i, message, batch, policy) for i, message in enumerate(messages)]
    touched = {id(p.thread): p.thread for p in placements}
    return Placed(placements, list(touched.values()))


def place(*, message: Unplaced, known: Known, policy: Threading) -> Placement:
    """Place one message."""
    return place_batch(messages=[message], known=known, policy=policy).placements[0]


class _Batch:
    """The threads and keys as the messages placed so far left them."""

    def __init__(self, known: Known) -> None:
        self.threads = {t.id: _state_of(t) for t in known.threads}
        self.by_ref = {t.ref: t.id for t in known.threads}
        self.by_subject: dict[str, list[ThreadState]] = defaultdict(list)
        for state in self.threads.values():
            self.by_subject[state.subject_key].append(state)
        self.keys = {
            k: (self.threads[v.thread_id], v.seen)
            for k, v in known.keys.items()
            if v.thread_id in self.threads
        }
        self.overrides = known.overrides

    def start(self, key: str, date: datetime) -> ThreadState:
        state = ThreadState(None, None, key, date, date, created=True)
        self.by_subject[key].append(state)
        return state


def _state_of(thread: KnownThread) -> ThreadState:
    return ThreadState(
        thread.id,
        thread.ref,
        thread.subject_key,
        thread.last_activity_at,
        thread.created_at,
        thread.status,
        set(thread.senders),
    )


def _place(position: int, message: Unplaced, batch: _Batch, policy: Threading) -> Placement:
    parsed = message.parsed
    own_key = message_key(parsed.message_id) if parsed.message_id else None
    duplicate = own_key is not None and own_key in batch.keys and batch.keys[own_key][1]
    if duplicate:
        own_key = None  # the id is someone else's: link by references only (JWZ)
    state, attached_by = _choose(message, own_key, batch, policy)
    _remember_keys(batch, state, parsed, own_key)
    _update(state, position, message, attached_by)
    return Placement(state, attached_by, own_key, duplicate)


def _remember_keys(
    batch: _Batch, state: ThreadState, parsed: ParsedMessage, own_key: str | None
) -> None:
    if own_key:
        batch.keys[own_key] = (state, True)
    for key in set(parent_keys(parsed)) - {own_key}:
        batch.keys.setdefault(key, (state, False))


def _update(state: ThreadState, position: int, message: Unplaced, attached_by: str) -> None:
    parsed = message.parsed
    sender = parsed.from_.addr if parsed.from_ else ""
    if sender and not message.outgoing:
        state.senders.add(sender)
    state.last_activity_at = max(state.last_activity_at, parsed.date)
    # The thread takes its labels from its earliest message (re-processing it included).
    if parsed.date < state.created_at or (
        state.first is None and (state.created or parsed.date <= state.created_at)
    ):
        state.first, state.created_at = position, min(state.created_at, parsed.date)
    replayed = message.previous_thread is not None and message.previous_thread == state.id
    if is_human_response(message):
        state.responded_at = min(filter(None, [state.responded_at, parsed.date]))
        if not replayed and state.status in (ThreadStatus.NEW, ThreadStatus.OPEN):
            state.status = ThreadStatus.WAITING
    elif (
        not message.outgoing
        and not replayed
        and attached_by != "new"
        and message.kind == MessageKind.HUMAN
        and state.status in (ThreadStatus.WAITING, ThreadStatus.CLOSED)
    ):
        if state.status == ThreadStatus.CLOSED:
            state.reopened, state.reopened_by = True, position
        state.status = ThreadStatus.OPEN
    state.added += 1


def is_automatic(parsed: ParsedMessage) -> bool:
    """Whether the headers say a program sent ``parsed``: ``Auto-Submitted`` (our
    acknowledgements, RFC 3834), an auto-responder's flag, an automatic ``Precedence``, or a
    delivery report."""
    return (
        auto_submitted(parsed.header("auto-submitted")) is not None
        or any(autoreply_flag(parsed.header(name)) for name in AUTOREPLY_HEADERS)
        or precedence(parsed.header("precedence")) in AUTOMATIC_PRECEDENCE
        or parsed.delivery_report is not None
    )


def is_human_response(message: Unplaced) -> bool:
    """Whether ``message`` is a reply a person sent: outgoing and not automatic.

    Decided on the headers, not on the classified kind: subject rules written for incoming
    mail (« absence », « congés ») must not hide a colleague's answer.
    """
    return message.outgoing and not is_automatic(message.parsed)


def _choose(
    message: Unplaced, own_key: str | None, batch: _Batch, policy: Threading
) -> tuple[ThreadState, str]:
    parsed = message.parsed
    forced_ref = batch.overrides.get(message.dedupe_key)
    if forced_ref and forced_ref in batch.by_ref:
        return batch.threads[batch.by_ref[forced_ref]], "manual"
    header = _by_headers(parsed, own_key, batch)
    tags = [
        batch.threads[batch.by_ref[r]]
        for r in reference_tags(parsed.subject, policy.reference_prefix)
        if r in batch.by_ref
    ]
    key = subject_key(parsed.subject)
    subject_states = batch.by_subject.get(key, [])
    states = {id(s): s for s in [*tags, *subject_states, *([header] if header else [])]}
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
    previous = message.previous_thread
    if previous is not None and previous in batch.threads:
        return batch.threads[previous], "new"  # re-processing keeps its reference
    return batch.start(key, parsed.date), "new"


def _by_headers(parsed: ParsedMessage, own_key: str | None, batch: _Batch) -> ThreadState | None:
    """The thread of the closest parent we hold, else of the closest placeholder.

    Parents closest first: In-Reply-To, then References from the last one back; our own
    id comes last, for which a child that arrived first left a placeholder.
    """
    ids = [message_key(i) for i in [*parsed.in_reply_to, *reversed(parsed.references)]]
    found = [batch.keys[i] for i in [*ids, *([own_key] if own_key else [])] if i in batch.keys]
    held = [state for state, seen in found if seen]
    placeholders = [state for state, seen in found if not seen]
    return next(iter([*held, *placeholders]), None)


def _candidate(state: ThreadState) -> Candidate:
    return Candidate(id(state), state.ref or "", state.last_activity_at, frozenset(state.senders))
