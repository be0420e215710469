"""IMAP folder checkpoints and leases, in the ``checkpoint`` table.

One row per folder holds UIDVALIDITY and the highest UID committed, and a lease: the
instance named in ``lease_owner`` watches the folder until ``lease_until``, renewing it
as it goes; when the holder dies, another instance takes the folder once the lease has
expired. Every write is conditional on still holding the lease, so an instance that
lost it (paused, partitioned) cannot move the checkpoint behind the new holder's back.
Times are UTC from the instances' clocks, which should be NTP-synchronised.
"""

from __future__ import annotations

import hashlib
import socket
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from sqlalchemy import Engine, and_, or_, select, update
from sqlmodel import col

from mailflow.clock import utc_now
from mailflow.errors import LeaseLost
from mailflow.store.models import Checkpoint
from mailflow.store.sql import upsert


def instance_name(configured: str, data_dir: Path) -> str:
    """The configured name, else one that survives a restart: the host and the data directory.

    A restarted process then takes its own lease back at once instead of waiting out its
    dead predecessor's; two processes on one host differ by their data directories.
    """
    if configured:
        return configured
    place = hashlib.sha256(str(data_dir.resolve()).encode()).hexdigest()[:8]
    return f"{socket.gethostname()}:{place}"


@dataclass(frozen=True, slots=True)
class FolderState:
    uidvalidity: int | None
    last_uid: int


class FolderLease:
    """The lease and checkpoint of one folder (``source``) for one instance (``owner``)."""

    def __init__(self, engine: Engine, source: str, owner: str, seconds: float) -> None:
        self.engine = engine
        self.source = source
        self.owner = owner
        self.seconds = seconds

    def acquire(self) -> FolderState | None:
        """Take (or keep) the lease; the checkpoint when we hold it, None when another does."""
        self._ensure_row()
        now = utc_now()
        free = or_(
            col(Checkpoint.lease_owner).is_(None),
            col(Checkpoint.lease_owner) == self.owner,
            col(Checkpoint.lease_until) < now,
        )
        with self.engine.begin() as conn:
            taken = conn.execute(
                update(Checkpoint)
                .where(and_(col(Checkpoint.source) == self.source, free))
                .values(lease_owner=self.owner, lease_until=now + timedelta(seconds=self.seconds))
            ).rowcount
            if not taken:
                return None
            row = conn.execute(
                select(col(Checkpoint.uidvalidity), col(Checkpoint.last_uid)).where(
                    col(Checkpoint.source) == self.source
                )
            ).one()
        return FolderState(row.uidvalidity, int(row.last_uid))

    def renew(self) -> None:
        """Extend the lease; raises :class:`LeaseLost` when another instance took it."""
        self._mine(lease_until=utc_now() + timedelta(seconds=self.seconds))

    def save(self, uidvalidity: int, last_uid: int) -> None:
        """Record the checkpoint (and renew); raises :class:`LeaseLost`."""
        now = utc_now()
        self._mine(
            uidvalidity=uidvalidity,
            last_uid=last_uid,
            updated_at=now,
            lease_until=now + timedelta(seconds=self.seconds),
        )

    def release(self) -> None:
        with self.engine.begin() as conn:
            conn.execute(
                update(Checkpoint)
                .where(
                    col(Checkpoint.source) == self.source, col(Checkpoint.lease_owner) == self.owner
                )
                .values(lease_owner=None, lease_until=None)
            )

    def _mine(self, **values: object) -> None:
        with self.engine.begin() as conn:
            changed = conn.execute(
                update(Checkpoint)
                .where(
                    col(Checkpoint.source) == self.source, col(Checkpoint.lease_owner) == self.owner
                )
                .values(**values)
            ).rowcount
        if not changed:
            raise LeaseLost(self.source)

    def _ensure_row(self) -> None:
        with self.engine.begin() as conn:
            conn.execute(
                upsert(self.engine, Checkpoint)
                .values(source=self.source, last_uid=0, updated_at=utc_now())
                .on_conflict_do_nothing(index_elements=["source"])
            )
