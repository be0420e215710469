"""Admin lists: rule files and their state, senders no directory entry matched."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlmodel import Session, col

from mailflow.parse.addresses import WEBMAIL_DOMAINS
from mailflow.runtime import RuleHolder
from mailflow.store.models import Contact


@dataclass(frozen=True, slots=True)
class RuleFileState:
    name: str
    sha256: str
    loaded: bool
    """True when the rule set in use was loaded from exactly these bytes."""


def rule_files(holder: RuleHolder) -> list[RuleFileState]:
    loaded = {Path(f.path).name: f.sha256 for f in getattr(holder.current, "files", [])}
    found = []
    directory = holder.directory
    for path in sorted(directory.glob("*.toml")) if directory.is_dir() else []:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        found.append(RuleFileState(path.name, digest, loaded.get(path.name) == digest))
    return found


def unmatched_senders(session: Session, limit: int = 200) -> list[Contact]:
    query = (
        select(Contact)
        .where(col(Contact.matched_directory).is_(False))
        .order_by(col(Contact.message_count).desc(), col(Contact.addr))
        .limit(limit)
    )
    return list(session.execute(query).scalars())


def suggested_entry(contact: Contact) -> str:
    """A ``[[partner]]`` table to paste into a rule file (type to be chosen by the admin)."""
    addr = contact.addr.lower()
    domain = addr.rpartition("@")[2]
    name = re.sub(r"[^a-z0-9]+", "-", domain if domain not in WEBMAIL_DOMAINS else addr).strip("-")
    match = (
        f'addresses = ["{_toml(addr)}"]'
        if domain in WEBMAIL_DOMAINS or not domain
        else f'domains = ["{_toml(domain)}"]'
    )
    organisation = _toml(contact.name or domain)
    return (
        f'[[partner]]\nname = "{name}"\ntype = "unknown"  # bmvr, bdp, srl, association, library, '
        f'institution, international\norganisation = "{organisation}"\n{match}\n'
    )


def _toml(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")
