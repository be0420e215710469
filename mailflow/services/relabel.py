"""What the rules would change on the stored messages (``mailflow rules diff``,
``mailflow reprocess --rules-changed``), computed without writing anything."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Engine, select
from sqlmodel import col

from mailflow.classify.diff import Classifies, diff_classifications
from mailflow.clock import utc_now
from mailflow.parse import ParsedMessage, parse_message
from mailflow.store.models import Message, RawMessage
from mailflow.store.sql import keyset_batches

__all__ = ["label_changes", "stored_classifications"]

BATCH = 200


def stored_classifications(
    engine: Engine, since: datetime | None = None
) -> Iterator[tuple[int, ParsedMessage, dict[str, Any]]]:
    """(raw id, parsed message, stored labels) for every processed message, streaming.

    Each batch is read in its own short session, so a long diff holds no transaction open.
    """
    query = select(
        col(RawMessage.id),
        col(RawMessage.data),
        col(RawMessage.received_at),
        col(Message.partner_type),
        col(Message.topic),
        col(Message.kind),
    ).join(Message, col(Message.raw_id) == col(RawMessage.id))
    if since is not None:
        query = query.where(col(Message.date) >= since)
    for raw_id, data, received_at, partner_type, topic, kind in keyset_batches(
        engine, query, col(RawMessage.id), size=BATCH
    ):
        yield (
            raw_id,
            parse_message(data, received_at or utc_now()),
            {"partner_type": partner_type, "topic": topic, "kind": kind},
        )


def label_changes(
    engine: Engine, rules: Classifies, since: datetime | None = None
) -> list[dict[str, Any]]:
    """The stored messages whose labels ``rules`` would change: raw id, Message-ID, subject
    and ``{label: [old, new]}``."""
    items = (
        ((raw_id, parsed.message_id, parsed.subject), parsed, old)
        for raw_id, parsed, old in stored_classifications(engine, since)
    )
    found = []
    for change in diff_classifications(items, rules).changed:
        raw_id, message_id, subject = cast(tuple[int, str | None, str], change.key)
        found.append(
            {
                "raw_id": raw_id,
                "message_id": message_id,
                "subject": subject,
                "changes": {label: [old, new] for label, (old, new) in change.changes.items()},
            }
        )
    return found
