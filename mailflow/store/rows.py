"""The rows a batch inserts for a new thread and for a message."""

from __future__ import annotations

from typing import Any

from mailflow.states import Direction
from mailflow.store.batch import Understood
from mailflow.thread import Placement, ThreadState, message_key


def thread_row(state: ThreadState, first: Understood) -> dict[str, Any]:
    """A thread the batch starts, labelled after its earliest message ``first``."""
    labels = first.classification
    return {
        "ref": state.ref,
        "subject": first.parsed.subject[:2000],
        "subject_key": state.subject_key,
        "status": state.status,
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
        "message_count": state.added,
    }


def message_row(item: Understood, placement: Placement, *, outgoing: bool) -> dict[str, Any]:
    parsed, labels = item.parsed, item.classification
    actions = labels.actions
    own_key = placement.own_key
    return {
        "raw_id": item.raw_id,
        "thread_id": placement.thread.id or 0,
        "direction": Direction.OUT if outgoing else Direction.IN,
        "message_id": own_key or (message_key(parsed.message_id) if parsed.message_id else None),
        "in_reply_to": [message_key(i) for i in parsed.in_reply_to],
        "references": [message_key(i) for i in parsed.references],
        "attached_by": placement.attached_by,
        "subject": parsed.subject,
        "from_addr": item.sender[:320],
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
