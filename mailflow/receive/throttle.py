"""Per-client bookkeeping of the SMTP/LMTP endpoint, bounded in memory.

- :class:`ClientTable`: a fixed number of entries keyed by client address; the entry used
  least recently is forgotten first, so a client with many addresses cannot grow it.
- :class:`FailureLimit`: failed attempts per client address in a fixed window.
- :class:`SessionTracker`: the open sessions, in all and per client address.
- :class:`RefusalLog`: every refusal counted in the ``mailflow_smtp_refused_total`` metric,
  and logged at most once per client, reason and interval, with the count left unlogged.

The endpoint calls these from its event loop only, and no method awaits: a check and the
count it implies happen together, with no other session in between.
"""

from __future__ import annotations

import logging
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import KW_ONLY, dataclass, field
from typing import Any, Generic, Protocol, TypeVar

from mailflow.metrics import Counter

log = logging.getLogger("mailflow.smtp")

TABLE_SIZE = 4096
LOG_INTERVAL = 60.0

K = TypeVar("K")
V = TypeVar("V")


class ClientTable(Generic[K, V]):
    """At most ``size`` entries; :meth:`get` makes a missing one and forgets the oldest."""

    def __init__(self, factory: Callable[[], V], size: int = TABLE_SIZE) -> None:
        self._factory = factory
        self._size = size
        self._entries: OrderedDict[K, V] = OrderedDict()

    def get(self, key: K) -> V:
        entry = self._entries.get(key)
        if entry is None:
            entry = self._entries[key] = self._factory()
            if len(self._entries) > self._size:
                self._entries.popitem(last=False)
        else:
            self._entries.move_to_end(key)
        return entry

    def peek(self, key: K) -> V | None:
        return self._entries.get(key)

    def __len__(self) -> int:
        return len(self._entries)


@dataclass(slots=True)
class _Window:
    start: float = float("-inf")
    count: int = 0


@dataclass
class _PerClient:
    """Entries kept in a table of ``size`` clients, timed by ``clock`` (tests give their own)."""

    _: KW_ONLY
    size: int = TABLE_SIZE
    clock: Callable[[], float] = time.monotonic


@dataclass
class FailureLimit(_PerClient):
    """``limit`` attempts per client per ``window`` seconds, counted before the check runs."""

    limit: int
    window: float

    def __post_init__(self) -> None:
        self.table: ClientTable[str, _Window] = ClientTable(_Window, self.size)

    def admit(self, client: str) -> bool:
        """Count one attempt for ``client``; False (and no count) once it has used its limit."""
        entry = self.table.get(client)
        now = self.clock()
        if now - entry.start >= self.window:
            entry.start, entry.count = now, 0
        if entry.count >= self.limit:
            return False
        entry.count += 1
        return True

    def forgive(self, client: str) -> None:
        """Take back the attempt of ``client`` that succeeded."""
        entry = self.table.peek(client)
        if entry is not None and entry.count > 0:
            entry.count -= 1


@dataclass(slots=True)
class _Logged:
    at: float = float("-inf")
    unlogged: int = 0


@dataclass
class RefusalLog(_PerClient):
    """Count each refusal in ``counter``; log one line per client and reason per interval."""

    counter: Counter
    interval: float = field(default=LOG_INTERVAL, kw_only=True)

    def __post_init__(self) -> None:
        self.table: ClientTable[tuple[str, str], _Logged] = ClientTable(_Logged, self.size)

    def refused(self, reason: str, client: str, what: str) -> None:
        """``what`` was refused to ``client`` (already escaped: it goes into the log as is)."""
        self.counter.inc(reason)
        entry = self.table.get((reason, client))
        now = self.clock()
        if now - entry.at < self.interval:
            entry.unlogged += 1
            return
        more = f" (and {entry.unlogged} more not logged)" if entry.unlogged else ""
        log.info("refused %s from %s [%s]%s", what, client, reason, more)
        entry.at, entry.unlogged = now, 0


class Transacting(Protocol):
    """A session as the tracker sees it: whether a mail transaction is under way, and its
    connection (to close it at shutdown)."""

    @property
    def in_transaction(self) -> bool: ...

    @property
    def transport(self) -> Any: ...


class SessionTracker:
    """The open sessions: caps how many, in all and per client address, and lets shutdown
    wait for transactions to end."""

    def __init__(self, limit: int, per_client: int, refusals: RefusalLog) -> None:
        self.limit = limit
        self.per_client = per_client
        self.open: dict[Transacting, str] = {}
        self.by_client: dict[str, int] = {}  # at most `limit` keys: one per open session
        self._refusals = refusals

    def enter(self, protocol: Transacting, client: str) -> str | None:
        """None if ``protocol`` may go on, else the 421 to answer before closing it."""
        if self.by_client.get(client, 0) >= self.per_client:
            self._refusals.refused("client_sessions", client, "a session (per client)")
            return "421 4.7.0 Too many connections from your address, try again later"
        if len(self.open) >= self.limit:
            self._refusals.refused("sessions", client, f"a session ({len(self.open)} open)")
            return "421 4.3.2 Too many connections, try again later"
        self.open[protocol] = client
        self.by_client[client] = self.by_client.get(client, 0) + 1
        return None

    def leave(self, protocol: Transacting) -> None:
        client = self.open.pop(protocol, None)
        if client is None:
            return
        left = self.by_client.pop(client) - 1
        if left:
            self.by_client[client] = left

    def busy(self) -> int:
        return sum(1 for p in self.open if p.in_transaction)

    def refused_over_budget(self, client: str) -> None:
        self._refusals.refused("memory", client, "a message (memory budget full)")
