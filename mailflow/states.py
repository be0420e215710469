"""The names of states and kinds, one place each. Pure: the core may import it.

``StrEnum`` members compare equal to their values, so rows read from the database and
values in rule files need no conversion.
"""

from __future__ import annotations

from enum import StrEnum


class ThreadStatus(StrEnum):
    NEW = "new"
    OPEN = "open"
    WAITING = "waiting"
    """Answered: waiting for the partner."""
    CLOSED = "closed"


class MessageKind(StrEnum):
    HUMAN = "human"
    AUTO_REPLY = "auto_reply"
    BOUNCE = "bounce"
    BULK = "bulk"


class Direction(StrEnum):
    IN = "in"
    OUT = "out"


class RawState(StrEnum):
    RECEIVED = "received"
    """Stored, waiting for the pipeline."""
    PROCESSED = "processed"
    QUARANTINED = "quarantined"


class DraftState(StrEnum):
    DRAFT = "draft"
    PENDING = "pending_approval"
    APPROVED = "approved"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"


class DraftPurpose(StrEnum):
    REPLY = "reply"
    ACK = "ack"


class Role(StrEnum):
    STAFF = "staff"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"
