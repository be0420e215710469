"""``mailflow rules diff``: what a working copy of the rules would change, without writing."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, cast

import typer
from sqlalchemy import Engine, select
from sqlmodel import Session, col

from mailflow.classify.diff import diff_classifications
from mailflow.cli.common import JsonOption, console, print_json, state
from mailflow.parse import ParsedMessage, parse_message
from mailflow.runtime import RuleHolder
from mailflow.store.models import Message, RawMessage


def stored_classifications(
    engine: Engine, since: datetime | None = None
) -> Iterator[tuple[int, ParsedMessage, dict[str, Any]]]:
    """(raw id, parsed message, stored labels) for every processed message, streaming."""
    last_id = 0
    while True:
        query = (
            select(
                col(RawMessage.id),
                col(RawMessage.data),
                col(RawMessage.received_at),
                col(Message.partner_type),
                col(Message.topic),
                col(Message.kind),
            )
            .join(Message, col(Message.raw_id) == col(RawMessage.id))
            .where(col(RawMessage.id) > last_id)
            .order_by(col(RawMessage.id))
            .limit(200)
        )
        if since is not None:
            query = query.where(col(Message.date) >= since)
        with Session(engine) as session:
            rows = session.execute(query).all()
        if not rows:
            return
        for raw_id, data, received_at, partner_type, topic, kind in rows:
            last_id = raw_id
            yield (
                raw_id,
                parse_message(data, received_at or datetime.now(UTC)),
                {"partner_type": partner_type, "topic": topic, "kind": kind},
            )


def changes(
    engine: Engine, holder: RuleHolder, since: datetime | None = None
) -> list[dict[str, Any]]:
    """The stored messages whose labels the rules in ``holder`` would change."""
    items = (
        ((raw_id, parsed.message_id, parsed.subject), parsed, old)
        for raw_id, parsed, old in stored_classifications(engine, since)
    )
    found = []
    for change in diff_classifications(items, holder.get()).changed:
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


def changed_raw_ids(engine: Engine, holder: RuleHolder) -> list[int]:
    return [c["raw_id"] for c in changes(engine, holder)]


def rules_diff(
    ctx: typer.Context,
    rules_dir: Path | None = typer.Option(None, "--rules", help="Working copy of the rules."),
    since: datetime | None = typer.Option(None, help="Only messages dated on or after this."),
    as_json: bool = JsonOption,
) -> None:
    """Re-classify stored messages with a working copy of the rules; list what would change."""
    from mailflow.cli.mail import _rules

    found = changes(state(ctx).engine, _rules(ctx, rules_dir), since)
    counts: dict[str, int] = {}
    for change in found:
        for label, (old, new) in change["changes"].items():
            key = f"{label}: {old} → {new}"
            counts[key] = counts.get(key, 0) + 1
    if as_json:
        print_json({"changed": len(found), "counts": counts, "messages": found})
        return
    for change in found:
        what = "; ".join(f"{k} {o} → {n}" for k, (o, n) in change["changes"].items())
        console.print(
            f"{change['raw_id']}\t{what}\t{change['subject'][:60]}", markup=False, highlight=False
        )
    for key, n in sorted(counts.items(), key=lambda kv: -kv[1]):
        console.print(f"{n:>6}  {key}", markup=False, highlight=False)
    console.print(f"{len(found)} messages would change", highlight=False)
