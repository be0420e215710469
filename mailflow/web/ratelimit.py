"""Login throttling: atomic, bounded in memory, by (address, account) and by address.

Every attempt is counted *before* its password is checked, in the same locked step as the
check, so parallel requests cannot all slip through: of forty simultaneous wrong passwords
for one account, five are checked and the others refused at once. A success gives its
count back (and clears the (address, account) key); so does an attempt that could not be
checked (the server was busy).

Two kinds of keys, each with a delay that doubles with every further failure (one minute,
two, four, ... at most an hour) once its threshold is reached:

- (address, account): ``max_failures`` failures;
- the address alone, across all accounts: ``address_failures``.

No key is the account alone: nobody can lock someone else's account. A correct password
from an address that has not failed signs in, whatever other addresses do. A key is
forgotten after ``window`` seconds without failures once its delay has run out.

The table holds at most ``max_entries`` keys: the one touched longest ago is dropped to
make room, so a flood of new usernames cannot grow memory. An address that is refused adds
nothing. IPv6 addresses count per /64 (one customer's network). Kept in memory, per process.
"""

from __future__ import annotations

import ipaddress
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from mailflow.errors import TooManyAttempts
from mailflow.settings import Web

Key = tuple[str, ...]


@dataclass(slots=True)
class _Entry:
    threshold: int
    failures: int = 0
    blocked_until: float = 0.0
    last: float = 0.0


@dataclass(frozen=True, slots=True)
class Attempt:
    """An admitted attempt: its keys, to give back with ``succeeded`` or ``abandoned``."""

    address_key: Key
    pair_key: Key


class LoginLimiter:
    """Admits or refuses login attempts; see the module docstring for the rules."""

    def __init__(
        self,
        max_failures: int = 5,
        *,
        address_failures: int | None = None,
        max_entries: int = 10_000,
        window: float = 300.0,
        base_delay: float = 60.0,
        max_delay: float = 3600.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.max_failures = max_failures
        self.address_failures = address_failures or 4 * max_failures
        self.max_entries = max_entries
        self.window = window
        self.base_delay = base_delay
        self.max_delay = max_delay
        self._clock = clock
        self._entries: OrderedDict[Key, _Entry] = OrderedDict()
        self._lock = threading.Lock()

    @classmethod
    def from_settings(cls, web: Web) -> LoginLimiter:
        return cls(
            web.login_max_failures,
            address_failures=web.login_address_max_failures,
            max_entries=web.login_table_size,
        )

    def __len__(self) -> int:
        return len(self._entries)

    def admit(self, address: str, account: str) -> Attempt:
        """Count one attempt, or raise :class:`TooManyAttempts` (nothing counted then)."""
        attempt = Attempt(("address", network_of(address)), ("pair", network_of(address), account))
        now = self._clock()
        with self._lock:
            wait = max(self._wait(key, now) for key in (attempt.address_key, attempt.pair_key))
            if wait > 0:
                raise TooManyAttempts(f"too many failed logins; try again in {int(wait) + 1} s")
            self._count(attempt.address_key, self.address_failures, now)
            self._count(attempt.pair_key, self.max_failures, now)
        return attempt

    def succeeded(self, attempt: Attempt) -> None:
        """The password was right: the pair is cleared, the address gets its count back."""
        with self._lock:
            self._entries.pop(attempt.pair_key, None)
            self._give_back(attempt.address_key)

    def abandoned(self, attempt: Attempt) -> None:
        """The password could not be checked (server busy): the attempt does not count."""
        with self._lock:
            self._give_back(attempt.address_key)
            self._give_back(attempt.pair_key)

    def _wait(self, key: Key, now: float) -> float:
        entry = self._entries.get(key)
        if entry is None:
            return 0.0
        if now > max(entry.blocked_until, entry.last) + self.window:
            del self._entries[key]  # forgotten: quiet for a whole window after its delay
            return 0.0
        return entry.blocked_until - now

    def _count(self, key: Key, threshold: int, now: float) -> None:
        entry = self._entries.get(key)
        if entry is None:
            while len(self._entries) >= self.max_entries:
                self._entries.popitem(last=False)
            entry = self._entries[key] = _Entry(threshold)
        else:
            self._entries.move_to_end(key)
        entry.failures += 1
        entry.last = now
        if entry.failures >= threshold:
            doublings = min(entry.failures - threshold, 16)
            entry.blocked_until = now + min(self.base_delay * 2**doublings, self.max_delay)

    def _give_back(self, key: Key) -> None:
        entry = self._entries.get(key)
        if entry is None:
            return
        entry.failures -= 1
        if entry.failures <= 0:
            del self._entries[key]
        elif entry.failures < entry.threshold:
            entry.blocked_until = 0.0


def network_of(address: str) -> str:
    """The address as the limiter counts it: IPv4 as is, IPv6 per /64."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if ip.version == 6:
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)
