"""Contacts (the addresses that write to us) and partners (their organisations), per batch."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import insert, select
from sqlmodel import Session, col

from mailflow.classify.result import Classification
from mailflow.store.batch import Understood
from mailflow.store.models import Contact, Partner
from mailflow.store.sql import chunks, table_of

UNKNOWN = "unknown"
"""The partner type of a sender no directory rule matched."""


@dataclass(slots=True)
class _Seen:
    """What a batch says about one sender or one organisation."""

    first: datetime
    last: datetime
    name: str = ""
    count: int = 0
    matched: bool = False
    organisation: str | None = None
    partner_type: str = UNKNOWN

    def add(self, date: datetime, name: str, labels: Classification) -> None:
        if date >= self.last:
            self.name = name or self.name
            self.organisation = labels.organisation or self.organisation
            self.partner_type = labels.partner_type if labels.organisation else self.partner_type
        self.first, self.last = min(self.first, date), max(self.last, date)
        self.count += 1
        self.matched = self.matched or labels.partner_type != UNKNOWN


def touch_contacts(
    session: Session, items: Sequence[Understood], our_addresses: frozenset[str]
) -> None:
    """Create or update the senders of the incoming ``items`` and their organisations."""
    senders: dict[str, _Seen] = {}
    organisations: dict[str, _Seen] = {}
    for item in items:
        sender = item.parsed.from_
        if sender is None or item.outgoing(our_addresses):
            continue
        date, labels = item.parsed.date, item.classification
        seen = senders.setdefault(sender.addr[:320], _Seen(date, date))
        seen.add(date, sender.name[:255], labels)
        if labels.organisation:
            organisation = labels.organisation[:255]
            seen = organisations.setdefault(organisation, _Seen(date, date))
            seen.add(date, organisation, labels)
    if senders:
        _write_contacts(session, senders, _touch_partners(session, organisations))


def _write_contacts(
    session: Session, senders: dict[str, _Seen], partner_ids: dict[str, int]
) -> None:
    known = {
        c.addr: c
        for chunk in chunks(sorted(senders))
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
