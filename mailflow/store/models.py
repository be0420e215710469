"""Database tables (SQLModel). The schema's history lives in ``mailflow/migrations``.

Raw bytes are kept in the database (``raw_message.data``), not in files: one commit
makes a message durable together with its dedupe key, one backup holds everything,
and several instances on one PostgreSQL share the store without a shared disk.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, Index, LargeBinary, MetaData, Text
from sqlmodel import Field, SQLModel

# Stable constraint names, so Alembic (and SQLite batch mode) can find them again.
SQLModel.metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)


def _json() -> Any:
    return Field(default_factory=list, sa_column=Column(JSON, nullable=False))


class RawMessage(SQLModel, table=True):
    """A message exactly as received, committed before anything else happens."""

    __tablename__ = "raw_message"

    id: int | None = Field(default=None, primary_key=True)
    sha256: str = Field(max_length=64, index=True)
    """Hash of the bytes exactly as received."""
    dedupe_key: str = Field(max_length=64, unique=True)
    """Message-ID + canonical body hash, or the canonical bytes' hash without Message-ID."""
    size: int
    data: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    source: str = Field(max_length=16)
    """``smtp``, ``lmtp``, ``imap``, ``file`` or ``sent``."""
    source_detail: str = Field(default="", sa_column=Column(Text, nullable=False))
    received_at: datetime
    state: str = Field(default="received", max_length=16, index=True)
    """``received`` (waiting), ``processed`` or ``quarantined``."""
    error: str | None = Field(default=None, sa_column=Column(Text))
    attempts: int = 0
    processed_at: datetime | None = None


class Thread(SQLModel, table=True):
    """A conversation, with its reference tag and triage state."""

    # The inbox filters on one or more facets and lists by activity (keyset pagination on
    # (last_activity_at, id)): one index per facet, in that order, serves filter + sort
    # without a sort step. ``ix_thread_facets`` covers the counts per filter (one GROUP BY
    # over the five facet columns, read from the index alone).
    __table_args__ = (
        Index("ix_thread_status_activity", "status", "last_activity_at", "id"),
        Index("ix_thread_partner_type_activity", "partner_type", "last_activity_at", "id"),
        Index("ix_thread_topic_activity", "topic", "last_activity_at", "id"),
        Index("ix_thread_kind_activity", "kind", "last_activity_at", "id"),
        Index("ix_thread_assignee_activity", "assignee", "last_activity_at", "id"),
        Index("ix_thread_facets", "status", "partner_type", "topic", "kind", "assignee"),
    )

    id: int | None = Field(default=None, primary_key=True)
    ref: str = Field(max_length=32, unique=True)
    subject: str = Field(default="", sa_column=Column(Text, nullable=False))
    subject_key: str = Field(default="", max_length=255, index=True)
    status: str = Field(default="new", max_length=16)
    partner_type: str = Field(default="unknown", max_length=32)
    topic: str = Field(default="information", max_length=32)
    kind: str = Field(default="human", max_length=16)
    lang: str = Field(default="und", max_length=8)
    organisation: str | None = Field(default=None, max_length=255)
    partner_type_override: str | None = Field(default=None, max_length=32)
    topic_override: str | None = Field(default=None, max_length=32)
    priority: str = Field(default="normal", max_length=16)
    assignee: str | None = Field(default=None, max_length=255)
    tags: list[str] = _json()
    created_at: datetime = Field(index=True)
    last_activity_at: datetime = Field(index=True)
    first_response_at: datetime | None = None
    resolved_at: datetime | None = None
    message_count: int = 0


class Message(SQLModel, table=True):
    """A parsed, threaded and classified message (incoming or sent by us)."""

    id: int | None = Field(default=None, primary_key=True)
    raw_id: int = Field(foreign_key="raw_message.id", unique=True)
    thread_id: int = Field(foreign_key="thread.id", index=True)
    direction: str = Field(default="in", max_length=4)
    message_id: str | None = Field(default=None, max_length=998, index=True)
    in_reply_to: list[str] = _json()
    references: list[str] = _json()
    attached_by: str = Field(default="new", max_length=16)
    """How the message joined its thread: ``new``, ``header``, ``tag``, ``subject`` or ``manual``."""
    subject: str = Field(default="", sa_column=Column(Text, nullable=False))
    from_addr: str = Field(default="", max_length=320, index=True)
    from_name: str = Field(default="", max_length=255)
    to_addrs: list[str] = _json()
    cc_addrs: list[str] = _json()
    date: datetime = Field(index=True)
    date_source: str = Field(default="header", max_length=8)
    body_text: str = Field(default="", sa_column=Column(Text, nullable=False))
    body_html: str | None = Field(default=None, sa_column=Column(Text))
    lang: str = Field(default="und", max_length=8)
    kind: str = Field(default="human", max_length=16)
    partner_type: str = Field(default="unknown", max_length=32)
    topic: str = Field(default="information", max_length=32)
    organisation: str | None = Field(default=None, max_length=255)
    actions: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    explanation: list[dict[str, Any]] = _json()
    defects: list[str] = _json()
    bounce_of: str | None = Field(default=None, max_length=998)
    """For a bounce: the Message-ID of the message that could not be delivered."""


class Attachment(SQLModel, table=True):
    """An attachment's description. Its bytes stay in the raw message (no second copy):
    :func:`mailflow.store.attachments.attachment_content` decodes them on demand."""

    id: int | None = Field(default=None, primary_key=True)
    message_id: int = Field(foreign_key="message.id", index=True)
    part_index: int = 0
    """Position among the parsed message's attachments."""
    filename: str = Field(max_length=255)
    content_type: str = Field(max_length=255)
    size: int
    sha256: str = Field(max_length=64)


class MessageKey(SQLModel, table=True):
    """Which thread a Message-ID belongs to, for ids seen and ids only referenced (JWZ)."""

    __tablename__ = "message_key"

    message_id: str = Field(primary_key=True, max_length=998)
    thread_id: int = Field(foreign_key="thread.id", index=True)
    seen: bool = False
    """True when a stored message carries this id; False for a placeholder from References."""


class ThreadOverride(SQLModel, table=True):
    """A staff decision (merge, split) that re-processing must keep."""

    __tablename__ = "thread_override"

    dedupe_key: str = Field(primary_key=True, max_length=64)
    thread_ref: str = Field(max_length=32)
    actor: str = Field(max_length=255)
    created_at: datetime


class Partner(SQLModel, table=True):
    """An organisation that writes to us."""

    id: int | None = Field(default=None, primary_key=True)
    organisation: str = Field(max_length=255, unique=True)
    partner_type: str = Field(default="unknown", max_length=32)
    first_seen: datetime
    last_seen: datetime


class Contact(SQLModel, table=True):
    """A person (address) who writes to us."""

    id: int | None = Field(default=None, primary_key=True)
    addr: str = Field(max_length=320, unique=True)
    name: str = Field(default="", max_length=255)
    partner_id: int | None = Field(default=None, foreign_key="partner.id", index=True)
    matched_directory: bool = False
    message_count: int = 0
    first_seen: datetime
    last_seen: datetime


class Draft(SQLModel, table=True):
    """A reply being written, approved, sent or failed (the outbox)."""

    id: int | None = Field(default=None, primary_key=True)
    thread_id: int = Field(foreign_key="thread.id", index=True)
    in_reply_to_message: int | None = Field(
        default=None, foreign_key="message.id", ondelete="SET NULL"
    )
    """Re-processing replaces message rows: the link is re-made from ``raw_id``."""
    raw_id: int | None = Field(default=None, index=True)
    """The stored raw message this draft answers: re-processing it never drafts twice."""
    purpose: str = Field(default="reply", max_length=16)
    """``reply`` (staff answer) or ``ack`` (automatic acknowledgement)."""
    template: str = Field(default="", max_length=255)
    lang: str = Field(default="fr", max_length=8)
    to_addrs: list[str] = _json()
    cc_addrs: list[str] = _json()
    subject: str = Field(default="", sa_column=Column(Text, nullable=False))
    body_text: str = Field(default="", sa_column=Column(Text, nullable=False))
    body_html: str = Field(default="", sa_column=Column(Text, nullable=False))
    state: str = Field(default="draft", max_length=16, index=True)
    """``draft`` → ``pending_approval`` → ``approved`` → ``sending`` → ``sent`` | ``failed``."""
    author: str | None = Field(default=None, max_length=255)
    approved_by: str | None = Field(default=None, max_length=255)
    approved_at: datetime | None = None
    outgoing_message_id: str | None = Field(default=None, max_length=998, unique=True)
    attempts: int = 0
    next_attempt_at: datetime | None = None
    claimed_by: str | None = Field(default=None, max_length=255)
    claimed_at: datetime | None = None
    sent_at: datetime | None = None
    last_error: str | None = Field(default=None, sa_column=Column(Text))
    delivery_failed: bool = False
    ack_to: str | None = Field(default=None, max_length=320, index=True)
    """For an acknowledgement: the sender it went to (at most one per sender per period)."""
    four_eyes: bool = False
    """A staff approval is not enough: a supervisor or admin must approve."""
    imap_draft_appended_at: datetime | None = None
    created_at: datetime
    updated_at: datetime


class Event(SQLModel, table=True):
    """The append-only audit log: who did what, when."""

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(index=True)
    actor: str = Field(max_length=255, index=True)
    action: str = Field(max_length=64, index=True)
    thread_id: int | None = Field(default=None, index=True)
    message_id: int | None = None
    data: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


class Checkpoint(SQLModel, table=True):
    """Where an intake source stopped (IMAP: UIDVALIDITY + highest UID committed)."""

    source: str = Field(primary_key=True, max_length=512)
    uidvalidity: int | None = None
    last_uid: int = 0
    lease_owner: str | None = Field(default=None, max_length=255)
    lease_until: datetime | None = None
    updated_at: datetime


class Counter(SQLModel, table=True):
    """Sequences, e.g. thread reference numbers per year."""

    name: str = Field(primary_key=True, max_length=64)
    value: int = 0


class User(SQLModel, table=True):
    """A person who signs in to the web app."""

    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(max_length=64, unique=True)
    display_name: str = Field(default="", max_length=255)
    email: str = Field(default="", max_length=320)
    role: str = Field(default="staff", max_length=16)
    """``staff``, ``supervisor`` or ``admin``."""
    password_hash: str = Field(max_length=255, repr=False)
    language: str = Field(default="fr", max_length=8)
    disabled: bool = False
    created_at: datetime


class Note(SQLModel, table=True):
    """An internal note on a thread (never sent)."""

    id: int | None = Field(default=None, primary_key=True)
    thread_id: int = Field(foreign_key="thread.id", index=True)
    author: str = Field(max_length=255)
    body: str = Field(sa_column=Column(Text, nullable=False))
    created_at: datetime


class WebSession(SQLModel, table=True):
    """A signed-in browser: the cookie holds ``id``; logout or disabling the user deletes the row."""

    __tablename__ = "web_session"

    id: str = Field(primary_key=True, max_length=64)
    """SHA-256 of the random token in the cookie, so a leaked table cannot be replayed."""
    user_id: int = Field(foreign_key="user.id", index=True)
    csrf_token: str = Field(max_length=64, repr=False)
    created_at: datetime
    last_seen_at: datetime


class ApiToken(SQLModel, table=True):
    """A bearer token for ``/api``: the table keeps its SHA-256, the user saw it once."""

    __tablename__ = "api_token"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    name: str = Field(max_length=64)
    """What the user called it (``backup script``)."""
    token_hash: str = Field(max_length=64, unique=True, repr=False)
    """SHA-256 of the token, so a leaked table cannot be replayed."""
    prefix: str = Field(max_length=16)
    """The token's first characters, to tell tokens apart in lists."""
    created_at: datetime
    last_used_at: datetime | None = None
