"""Rules administration: the rule files and their state, reloading, unmatched senders.

The rule set in use lives in a :class:`~mailflow.runtime.RuleHolder` that the app or the
CLI holds for its lifetime; these functions read it, reload it and say what changed.
"""

from __future__ import annotations

import hashlib
import re
from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlmodel import Session, col

from mailflow.parse.addresses import WEBMAIL_DOMAINS
from mailflow.runtime import RuleHolder
from mailflow.services.schemas import RuleFileOut, RulesOut, Sender
from mailflow.store.events import record_event
from mailflow.store.models import Contact

__all__ = ["reload_rules", "rule_files", "rules_status", "suggested_entry", "unmatched_senders"]


def rule_files(holder: RuleHolder) -> list[RuleFileOut]:
    """Every ``*.toml`` of the rule directory; ``loaded`` when the set in use has these bytes."""
    loaded = {Path(f.path).name: f.sha256 for f in getattr(holder.current, "files", [])}
    found = []
    directory = holder.directory
    for path in sorted(directory.glob("*.toml")) if directory.is_dir() else []:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        found.append(
            RuleFileOut(name=path.name, sha256=digest, loaded=loaded.get(path.name) == digest)
        )
    return found


def rules_status(holder: RuleHolder, loaded_at: datetime | None) -> RulesOut:
    """What the rules page and ``GET /api/rules`` show."""
    return RulesOut(
        directory=str(holder.directory),
        ok=holder.last_error is None,
        error=holder.last_error,
        loaded_at=loaded_at,
        files=rule_files(holder),
    )


def reload_rules(session: Session, holder: RuleHolder, *, actor: str) -> bool:
    """Load the rule files again (a set with problems keeps the previous one in use)."""
    ok = holder.reload()
    record_event(session, "rules.reloaded", actor=actor, data={"ok": ok})
    return ok


def unmatched_senders(session: Session, limit: int = 200) -> list[Sender]:
    """Senders no partner-directory entry matched, most frequent first, with a suggestion."""
    query = (
        select(Contact)
        .where(col(Contact.matched_directory).is_(False))
        .order_by(col(Contact.message_count).desc(), col(Contact.addr))
        .limit(limit)
    )
    return [
        Sender(
            addr=c.addr,
            name=c.name,
            message_count=c.message_count,
            first_seen=c.first_seen,
            last_seen=c.last_seen,
            suggestion=suggested_entry(c.addr, c.name),
        )
        for c in session.execute(query).scalars()
    ]


def suggested_entry(addr: str, name: str = "") -> str:
    """A ``[[partner]]`` table to paste into a rule file (type to be chosen by the admin)."""
    addr = addr.lower()
    domain = addr.rpartition("@")[2]
    slug = re.sub(r"[^a-z0-9]+", "-", domain if domain not in WEBMAIL_DOMAINS else addr).strip("-")
    match = (
        f'addresses = ["{_toml(addr)}"]'
        if domain in WEBMAIL_DOMAINS or not domain
        else f'domains = ["{_toml(domain)}"]'
    )
    organisation = _toml(name or domain)
    return (
        f'[[partner]]\nname = "{slug}"\ntype = "unknown"  # bmvr, bdp, srl, association, library, '
        f'institution, international\norganisation = "{organisation}"\n{match}\n'
    )


def _toml(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")
