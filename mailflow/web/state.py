"""What the web app holds for its lifetime: settings, engine, rules, translations, limits."""

from __future__ import annotations

import gettext
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from mailflow.clock import utc_now
from mailflow.runtime import RuleHolder
from mailflow.services import rules as rule_admin
from mailflow.services.accounts import PasswordChecker
from mailflow.services.db import Engine, Session
from mailflow.settings import Settings
from mailflow.web.ratelimit import LoginLimiter
from mailflow.web.sessions import SessionSigner

T = TypeVar("T")


class TtlCache:
    """A tiny time-bounded cache (inbox counts); ``clear()`` after this process writes."""

    def __init__(self, ttl: float, max_entries: int = 256) -> None:
        self.ttl = ttl
        self.max_entries = max_entries
        self._data: dict[Any, tuple[float, Any]] = {}
        self._lock = threading.Lock()

    def get_or_compute(self, key: Any, compute: Callable[[], T]) -> T:
        now = time.monotonic()
        with self._lock:
            hit = self._data.get(key)
            if hit is not None and hit[0] > now:
                return hit[1]  # type: ignore[no-any-return]
        value = compute()
        with self._lock:
            if len(self._data) >= self.max_entries:
                self._data.clear()
            self._data[key] = (now + self.ttl, value)
        return value

    def clear(self) -> None:
        with self._lock:
            self._data.clear()


@dataclass
class WebState:
    settings: Settings
    engine: Engine
    rules: RuleHolder
    translations: dict[str, gettext.NullTranslations]
    signer: SessionSigner
    limiter: LoginLimiter
    tz: ZoneInfo
    rules_loaded_at: datetime | None = None
    counts: TtlCache = field(default_factory=lambda: TtlCache(ttl=15.0))
    checker: PasswordChecker = field(init=False)
    """Password checks of sign-ins: a bounded pool (``web.login_max_concurrent``)."""

    def __post_init__(self) -> None:
        self.checker = PasswordChecker(self.settings.web.login_max_concurrent)

    def gettext(self, lang: str) -> Callable[[str], str]:
        return (self.translations.get(lang) or self.translations["en"]).gettext

    def reload_rules(self, session: Session, *, actor: str) -> bool:
        """Reload the rules this app holds (audited); True when the new set is in use."""
        ok = rule_admin.reload_rules(session, self.rules, actor=actor)
        self.rules_loaded_at = utc_now()
        return ok
