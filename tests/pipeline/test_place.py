"""Thread placement as a pure function: messages and what the store found in, decisions out."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from mailflow.parse import ParsedMessage, parse_message
from mailflow.thread import (
    Known,
    KnownKey,
    KnownThread,
    Threading,
    Unplaced,
    place,
    place_batch,
)
from tests.mailbuilder import build_message

ARRIVAL = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
POLICY = Threading("COOP", timedelta(days=30), frozenset({"cooperation@bpi.fr"}))
OLD = KnownThread(
    7,
    "COOP-2025-00001",
    "convention de depot",
    datetime(2025, 11, 4, 8, 0, tzinfo=UTC),
    datetime(2025, 11, 4, 8, 0, tzinfo=UTC),
    "waiting",
    frozenset({"a@marseille.fr"}),
)
OTHER = KnownThread(
    9,
    "COOP-2026-00001",
    "convention",
    datetime(2026, 3, 1, 8, 0, tzinfo=UTC),
    datetime(2026, 3, 1, 8, 0, tzinfo=UTC),
    "open",
    frozenset({"b@lyon.fr"}),
)


def _parsed(mid: str, subject: str = "Convention", **headers: str) -> ParsedMessage:
    raw = build_message(
        message_id=f"<{mid}>",
        subject=subject,
        from_="b@lyon.fr",
        date="Tue, 10 Mar 2026 09:00:00 +0100",
        headers=[(k.replace("_", "-"), v) for k, v in headers.items()],
    )
    return parse_message(raw, ARRIVAL)


def _unplaced(parsed: ParsedMessage, dedupe_key: str = "k") -> Unplaced:
    return Unplaced(parsed, dedupe_key)


def test_a_held_reference_beats_a_placeholder_in_reply_to_and_an_unknown_tag() -> None:
    parsed = _parsed(
        "answer@lyon.fr",
        "RE: [COOP-2025-00999] Convention de dépôt",
        In_Reply_To="<copy@outlook.example>",
        References="<old@bpi.fr> <copy@outlook.example>",
    )
    known = Known(
        keys={
            "old@bpi.fr": KnownKey(OLD.id, seen=True),
            "copy@outlook.example": KnownKey(OTHER.id, seen=False),
        },
        threads=[OLD, OTHER],
    )
    placement = place(message=_unplaced(parsed), known=known, policy=POLICY)
    assert (placement.thread.id, placement.attached_by) == (OLD.id, "header")
    assert placement.thread.status == "open"  # the partner answered a thread waiting on them


def test_a_placeholder_still_links_when_no_parent_is_held() -> None:
    parsed = _parsed("answer@lyon.fr", In_Reply_To="<copy@outlook.example>")
    known = Known(keys={"copy@outlook.example": KnownKey(OTHER.id, False)}, threads=[OTHER])
    placement = place(message=_unplaced(parsed), known=known, policy=POLICY)
    assert (placement.thread.id, placement.attached_by) == (OTHER.id, "header")


def test_an_unknown_tag_starts_a_new_thread() -> None:
    parsed = _parsed("x@lyon.fr", "RE: [COOP-2025-00999] Tout autre chose")
    placement = place(message=_unplaced(parsed), known=Known(threads=[OTHER]), policy=POLICY)
    assert placement.thread.created and placement.attached_by == "new"
    assert placement.thread.id is None and placement.thread.first == 0


def test_a_known_tag_and_a_manual_override() -> None:
    parsed = _parsed("t@lyon.fr", "Re: [COOP-2026-00001] Suite")
    known = Known(threads=[OLD, OTHER])
    assert place(message=_unplaced(parsed), known=known, policy=POLICY).attached_by == "tag"
    moved = Known(threads=[OLD, OTHER], overrides={"k": OLD.ref})
    placement = place(message=_unplaced(parsed), known=moved, policy=POLICY)
    assert (placement.thread.id, placement.attached_by) == (OLD.id, "manual")


def test_a_batch_links_a_child_that_comes_before_its_parent() -> None:
    child = _parsed("c@x.fr", "Re: Nouveau", In_Reply_To="<p@x.fr>", References="<p@x.fr>")
    parent = _parsed("p@x.fr", "Nouveau")
    placed = place_batch(
        messages=[_unplaced(child), _unplaced(parent)], known=Known(), policy=POLICY
    )
    first, second = placed.placements
    assert first.thread is second.thread and len(placed.threads) == 1
    assert (first.attached_by, second.attached_by) == ("new", "header")
    assert first.thread.added == 2


def test_a_message_id_we_hold_already_is_flagged_and_not_claimed() -> None:
    parsed = _parsed("old@bpi.fr", "Autre chose")
    known = Known(keys={"old@bpi.fr": KnownKey(OLD.id, True)}, threads=[OLD])
    placement = place(message=_unplaced(parsed), known=known, policy=POLICY)
    assert placement.duplicate_id and placement.own_key is None
    assert placement.thread.created
    assert parsed.defects == []  # placement leaves its inputs alone
