"""Wiring: settings → engine, rule set, pipeline context. Shared by the CLI and ``serve``."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from sqlalchemy import Engine

from mailflow.classify.loader import load_ruleset
from mailflow.errors import RuleSetError
from mailflow.pipeline import Classifier, DefaultClassifier, PipelineContext
from mailflow.send.hook import ReplyHook
from mailflow.settings import Settings
from mailflow.store.db import PRIVATE_DIR, make_engine

log = logging.getLogger("mailflow.rules")


@dataclass
class RuleHolder:
    """The rule set in use; a reload that fails keeps the last good one."""

    directory: Path
    current: Classifier = field(default_factory=DefaultClassifier)
    last_error: str | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def get(self) -> Classifier:
        return self.current

    def reload(self, *, keep_on_error: bool = True) -> bool:
        """Load the rules again; True when the new set is in use."""
        try:
            ruleset = load_ruleset(self.directory)
        except RuleSetError as exc:
            if not keep_on_error:
                raise
            self.last_error = str(exc)
            log.error("rule files have problems, keeping the previous set:\n%s", exc)
            return False
        with self._lock:
            self.current = ruleset
            self.last_error = None
        return True


def open_engine(settings: Settings) -> Engine:
    """The engine of ``settings``; the data directory, if this creates it, is 0700."""
    if not settings.database_url:
        make_private_dir(settings.data_dir)
    return make_engine(
        settings.effective_database_url, lock_timeout=settings.database_lock_timeout_seconds
    )


def make_private_dir(path: Path) -> None:
    """Create ``path`` (and its parents) with the last one 0700 whatever the umask; an
    existing folder keeps the mode its owner gave it."""
    try:
        path.mkdir(parents=True, mode=PRIVATE_DIR)
    except FileExistsError:
        return
    path.chmod(PRIVATE_DIR)


def pipeline_context(
    settings: Settings, rules: RuleHolder, *, replies: bool = True
) -> PipelineContext:
    """The pipeline for ``settings``; ``replies=False`` (backfill imports) drafts nothing."""
    return PipelineContext(
        classifier=rules.get,
        reference_prefix=settings.reference_prefix,
        subject_window=timedelta(days=settings.subject_match_days),
        our_addresses=frozenset(settings.our_addresses),
        parse_limits=settings.parse,
        # Drafts, acknowledgements, bounces of our replies.
        after_message=[ReplyHook(settings)] if replies else [],
    )


def load_rules(settings: Settings, *, strict: bool = True) -> RuleHolder:
    """The rule holder for ``settings``; ``strict`` raises when the rule files have problems."""
    holder = RuleHolder(settings.rules_dir)
    holder.reload(keep_on_error=not strict)
    return holder
