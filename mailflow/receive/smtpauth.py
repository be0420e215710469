"""AUTH for submission-style use: a users file of ``user:argon2-hash`` lines.

An argon2 verification takes a core for tens of milliseconds, so it never runs on the
event loop the web app and every SMTP session share: :class:`Authenticator` hands it to a
few threads, and answers ``454`` at once when ``auth_max_pending`` verifications are
already running or waiting. Before any hashing, an attempt is counted against the session
(``auth_attempts_per_session``, then ``421`` and the session is closed) and against the
client address (``auth_failures_per_client`` per window, then ``421``). An unknown user is
checked against a dummy hash with the same parameters, so the answer takes as long as for
a known one and timing does not tell which users exist.

The verifying threads (and the lane threads argon2 starts from them) run at a lower CPU
priority (``nice`` +10 on Linux), so that on a busy machine the event loop still gets a
core at once: four sessions looping wrong passwords keep ``/healthz`` under 50 ms.
"""

from __future__ import annotations

import asyncio
import logging
import os
import secrets
import threading
from collections import Counter
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from argon2 import PasswordHasher, extract_parameters
from argon2.exceptions import InvalidHashError, VerificationError

from mailflow.errors import ConfigError
from mailflow.logs import safe
from mailflow.receive.smtpconfig import SmtpIntake
from mailflow.receive.throttle import FailureLimit, RefusalLog

log = logging.getLogger("mailflow.smtp")

INVALID = "535 5.7.8 Authentication credentials invalid"
BUSY = "454 4.7.0 Temporary authentication failure, try again later"
SESSION_LIMIT = "421 4.7.0 Too many AUTH attempts in this session, closing"
CLIENT_LIMIT = "421 4.7.0 Too many failed AUTH attempts from your address, try again later"
WORKER_NICENESS = 10


def read_users(path: Path) -> dict[str, str]:
    """``user → argon2 hash`` from ``path``; blank lines and ``#`` comments are skipped."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise ConfigError(f"smtp.auth_users_file: cannot read {path}: {exc.strerror}") from exc
    users: dict[str, str] = {}
    for number, line in enumerate(lines, 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        user, sep, hashed = line.partition(":")
        if not sep or not hashed.startswith("$argon2"):
            raise ConfigError(f"{path}:{number}: expected user:argon2-hash")
        users[user] = hashed
    return users


def _hasher_like(users: dict[str, str]) -> PasswordHasher:
    """A hasher with the parameters most of the users' hashes have."""
    # "$argon2id$v=19$m=65536,t=3,p=4$salt$hash": the parameters are before the salt.
    by_params = {hashed.rsplit("$", 2)[0]: hashed for hashed in users.values()}
    common = Counter(hashed.rsplit("$", 2)[0] for hashed in users.values()).most_common(1)
    if not common:
        return PasswordHasher()
    return PasswordHasher.from_parameters(extract_parameters(by_params[common[0][0]]))


def _lower_priority() -> None:
    """In a worker thread: yield the CPU to the event loop (on Linux, nice is per thread)."""
    try:
        os.nice(WORKER_NICENESS)
    except OSError:  # not permitted here: run at the normal priority
        log.debug("could not lower the priority of an AUTH thread")


@dataclass(frozen=True, slots=True)
class Outcome:
    """What one AUTH attempt gets: the user accepted, or the reply and whether to close."""

    user: str | None
    reply: str = INVALID
    close: bool = False


class Authenticator:
    """Checks PLAIN/LOGIN credentials against the users file, within the limits above."""

    def __init__(self, users: dict[str, str], config: SmtpIntake, refusals: RefusalLog) -> None:
        self._users = users
        self._hasher = _hasher_like(users)
        self._dummy = self._hasher.hash(secrets.token_urlsafe(24))
        self._per_session = config.auth_attempts_per_session
        self._slots = threading.BoundedSemaphore(config.auth_max_pending)
        self._executor = ThreadPoolExecutor(
            config.auth_workers, thread_name_prefix="smtp-auth", initializer=_lower_priority
        )
        self.failures = FailureLimit(
            config.auth_failures_per_client, config.auth_failure_window_seconds
        )
        self._refusals = refusals

    async def check(
        self, client: str, attempt: int, mechanism: str, login: bytes, password: bytes
    ) -> Outcome:
        """The ``attempt``-th AUTH of a session from ``client``: limits, then argon2 off-loop."""
        user = login.decode("utf-8", "replace")
        what = f"AUTH {mechanism} for {safe(user)}"
        if attempt > self._per_session:
            self._refusals.refused("auth_session_limit", client, what)
            return Outcome(None, SESSION_LIMIT, close=True)
        if not self._slots.acquire(blocking=False):
            self._refusals.refused("auth_busy", client, what)
            return Outcome(None, BUSY)
        if not self.failures.admit(client):
            self._slots.release()
            self._refusals.refused("auth_client_limit", client, what)
            return Outcome(None, CLIENT_LIMIT, close=True)
        work = self._executor.submit(self._verify, self._users.get(user, self._dummy), password)
        work.add_done_callback(self._release)  # when the thread is done, even if we are not
        if not await asyncio.wrap_future(work) or user not in self._users:
            self._refusals.refused("auth_failed", client, what)
            return Outcome(None)
        self.failures.forgive(client)
        log.info("%s from %s: accepted", what, client)
        return Outcome(user)

    def _verify(self, hashed: str, password: bytes) -> bool:
        try:
            return self._hasher.verify(hashed, password)
        except (VerificationError, InvalidHashError):
            return False

    def _release(self, _: Future[bool]) -> None:
        self._slots.release()

    def close(self) -> None:
        """Stop the threads; verifications still waiting are dropped."""
        self._executor.shutdown(wait=False, cancel_futures=True)
