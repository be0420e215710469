"""Message-IDs as threading indexes them. Pure."""

from __future__ import annotations

import hashlib

from mailflow.parse import ParsedMessage

MAX_KEY_LENGTH = 900
"""Longer Message-IDs are hashed: index entries have a size limit."""


def message_key(message_id: str) -> str:
    """The form a Message-ID is indexed under."""
    if len(message_id) <= MAX_KEY_LENGTH:
        return message_id
    return "sha256:" + hashlib.sha256(message_id.encode("utf-8", "replace")).hexdigest()


def parent_keys(parsed: ParsedMessage) -> list[str]:
    """The keys of the messages ``parsed`` answers: In-Reply-To, then References."""
    return [message_key(i) for i in [*parsed.in_reply_to, *parsed.references]]


def linked_keys(parsed: ParsedMessage) -> list[str]:
    """Every key threading looks up for ``parsed``: its parents' and its own."""
    own = [message_key(parsed.message_id)] if parsed.message_id else []
    return [*parent_keys(parsed), *own]
