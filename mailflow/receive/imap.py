"""IMAP sync: one watcher thread per folder, checkpointed, leased, IDLE or polling.

For each folder: take the lease, select, compare UIDVALIDITY with the checkpoint (a
change means the UIDs were renumbered: scan everything again and let dedupe drop what is
known), fetch new UIDs in batches with ``BODY.PEEK[]`` (never marks mail read), commit
the raw bytes, apply the after-commit action on the server, then move the checkpoint.
A crash anywhere re-fetches at most one batch, which dedupe stores once. Then wait in
IDLE (restarted every ``idle_restart_seconds``, RFC 2177) or poll, and repeat.
"""

from __future__ import annotations

import imaplib
import logging
import socket
import ssl
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

from imapclient import IMAPClient
from sqlalchemy import Engine

from mailflow.clock import utc_now
from mailflow.errors import LeaseLost, StoreUnavailable
from mailflow.imapconfig import ImapIntake
from mailflow.imapconn import connect
from mailflow.logs import safe
from mailflow.receive.lease import FolderLease, FolderState
from mailflow.store.raw import Incoming, store_batch

log = logging.getLogger("mailflow.imap")

# Errors after which we reconnect (with backoff) rather than give up.
RETRYABLE = (imaplib.IMAP4.error, OSError, socket.timeout, ssl.SSLError, StoreUnavailable, EOFError)
IDLE_CHECK_SECONDS = 1.0  # how soon a stop request is noticed while idling


@dataclass
class SyncReport:
    fetched: int = 0
    stored: int = 0
    duplicates: int = 0
    rescans: int = 0
    batches: int = 0


@dataclass
class FolderWatcher:
    """Keeps one folder synced into the raw store until :attr:`stop` is set."""

    engine: Engine
    config: ImapIntake
    folder: str
    owner: str
    stop: threading.Event = field(default_factory=threading.Event)
    on_commit: Callable[[], None] | None = None
    disabled_capabilities: frozenset[str] = frozenset()
    """Capabilities to act as if missing (a server that announces MOVE but breaks it)."""
    report: SyncReport = field(default_factory=SyncReport)
    connected: threading.Event = field(default_factory=threading.Event)
    synced: threading.Event = field(default_factory=threading.Event)
    """Set after each pass that found nothing left to fetch: tests and the CLI wait on it."""

    def __post_init__(self) -> None:
        self.source = (
            f"imap:{self.config.username}@{self.config.host}:{self.config.port}/{self.folder}"
        )
        self.lease = FolderLease(self.engine, self.source, self.owner, self.config.lease_seconds)
        self._renewed = 0.0

    # -- the outer loop: lease, connect, reconnect with backoff --------------------------

    def run(self) -> None:
        backoff = 1.0
        try:
            while not self.stop.is_set():
                state = self._acquire()
                if state is None:
                    self.stop.wait(max(1.0, self.config.lease_seconds / 3))
                    continue
                try:
                    self._session(state)
                    backoff = 1.0
                except LeaseLost:
                    log.warning(
                        "%s: lease taken by another instance; standing by", safe(self.source)
                    )
                except RETRYABLE as exc:
                    self.connected.clear()
                    log.warning(
                        "%s: %s: %s; reconnecting in %.0f s",
                        safe(self.source),
                        type(exc).__name__,
                        safe(exc),
                        backoff,
                    )
                    self.stop.wait(backoff)
                    backoff = min(backoff * 2, float(self.config.reconnect_max_seconds))
        finally:
            self.connected.clear()
            self._release()

    def _acquire(self) -> FolderState | None:
        try:
            return self.lease.acquire()
        except StoreUnavailable as exc:
            log.warning("%s: cannot take the lease: %s", safe(self.source), exc)
            return None
        except Exception as exc:  # the database is down: try again later
            log.warning("%s: cannot take the lease: %s", safe(self.source), safe(exc))
            return None

    def _release(self) -> None:
        try:
            self.lease.release()
        except Exception as exc:  # the lease simply expires
            log.warning(
                "%s: could not release the lease: %s", safe(self.source), type(exc).__name__
            )

    def _session(self, state: FolderState) -> None:
        client = connect(self.config)
        try:
            self.connected.set()
            self._renewed = time.monotonic()
            log.info("%s: connected", safe(self.source))
            info = client.select_folder(self.folder)
            uidvalidity = int(info[b"UIDVALIDITY"])
            last_uid = self._check_uidvalidity(state, uidvalidity)
            while not self.stop.is_set():
                last_uid = self.sync_new(client, uidvalidity, last_uid)
                self.synced.set()
                self._wait_for_news(client)
        finally:
            self.connected.clear()
            _close(client)

    def _check_uidvalidity(self, state: FolderState, uidvalidity: int) -> int:
        if state.uidvalidity is None or state.uidvalidity == uidvalidity:
            return state.last_uid
        log.warning(
            "%s: UIDVALIDITY changed from %s to %s: full re-scan (dedupe keeps one copy)",
            safe(self.source),
            state.uidvalidity,
            uidvalidity,
        )
        self.report.rescans += 1
        self.lease.save(uidvalidity, 0)
        return 0

    # -- one pass: fetch, store, act, checkpoint ------------------------------------------

    def sync_new(self, client: IMAPClient, uidvalidity: int, last_uid: int) -> int:
        """Store every message above ``last_uid``; the new highest UID committed."""
        uids = sorted(u for u in client.search(["UID", f"{last_uid + 1}:*"]) if u > last_uid)
        if uids:
            log.info("%s: %d new message(s) above UID %d", safe(self.source), len(uids), last_uid)
        for chunk in _chunks(uids, self.config.batch_size):
            if self.stop.is_set():
                break
            self._store_chunk(client, uidvalidity, chunk)
            self._after_commit(client, chunk)
            self.lease.save(uidvalidity, chunk[-1])
            self._renewed = time.monotonic()
            last_uid = chunk[-1]
        return last_uid

    def _store_chunk(self, client: IMAPClient, uidvalidity: int, chunk: Sequence[int]) -> None:
        fetched = client.fetch(list(chunk), [b"BODY.PEEK[]"])
        now = utc_now()
        items = []
        for uid in chunk:
            data = fetched.get(uid, {}).get(b"BODY[]")
            if data is None:
                continue  # expunged between SEARCH and FETCH: nothing to keep
            detail = f"{self.source};uidvalidity={uidvalidity};uid={uid}"
            items.append(Incoming(bytes(data), "imap", detail, now))
        results = store_batch(self.engine, items) if items else []
        duplicates = sum(1 for r in results if r.duplicate)
        self.report.fetched += len(items)
        self.report.stored += len(items) - duplicates
        self.report.duplicates += duplicates
        self.report.batches += 1
        if results and self.on_commit is not None:
            self.on_commit()
        log.info(
            "%s: committed UIDs %d..%d: %d stored, %d already known",
            safe(self.source),
            chunk[0],
            chunk[-1],
            len(items) - duplicates,
            duplicates,
        )

    def _has(self, client: IMAPClient, capability: str) -> bool:
        return capability not in self.disabled_capabilities and bool(
            client.has_capability(capability)
        )

    def _after_commit(self, client: IMAPClient, uids: Sequence[int]) -> None:
        action = self.config.after_commit
        if action == "seen":
            client.add_flags(list(uids), [b"\\Seen"], silent=True)
        elif action == "keyword":
            client.add_flags(list(uids), [self.config.keyword.encode("ascii")], silent=True)
        elif action == "move":
            self._move(client, uids)

    def _move(self, client: IMAPClient, uids: Sequence[int]) -> None:
        target = self.config.move_to
        if not client.folder_exists(target):
            client.create_folder(target)
        if self._has(client, "MOVE"):
            client.move(list(uids), target)
            return
        client.copy(list(uids), target)
        client.delete_messages(list(uids), silent=True)
        if self._has(client, "UIDPLUS"):
            client.uid_expunge(list(uids))
        else:
            client.expunge()  # also removes others' \Deleted mail: the best RFC 3501 allows

    # -- waiting: IDLE or polling, renewing the lease ----------------------------------------

    def _wait_for_news(self, client: IMAPClient) -> None:
        if self._has(client, "IDLE"):
            self._idle(client)
        else:
            deadline = time.monotonic() + self.config.poll_seconds
            while not self.stop.is_set() and time.monotonic() < deadline:
                self.stop.wait(min(IDLE_CHECK_SECONDS, self.config.lease_seconds / 3))
                self._renew_if_due()
            client.noop()

    def _idle(self, client: IMAPClient) -> None:
        client.idle()
        deadline = time.monotonic() + self.config.idle_restart_seconds
        try:
            while not self.stop.is_set() and time.monotonic() < deadline:
                began = time.monotonic()
                responses = client.idle_check(timeout=IDLE_CHECK_SECONDS)
                if not responses and time.monotonic() - began < IDLE_CHECK_SECONDS / 2:
                    # Readable but no response: imapclient swallows EOF here.
                    raise ConnectionResetError("the server closed the connection during IDLE")
                self._renew_if_due()
                if any(_is_news(r) for r in responses):
                    break
        finally:
            client.idle_done()

    def _renew_if_due(self) -> None:
        if time.monotonic() - self._renewed >= self.config.lease_seconds / 3:
            self.lease.renew()
            self._renewed = time.monotonic()


def _is_news(response: tuple[object, ...]) -> bool:
    return len(response) > 1 and response[1] in (b"EXISTS", b"RECENT")


def _chunks(items: Sequence[int], size: int) -> Iterator[Sequence[int]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _close(client: IMAPClient) -> None:
    try:
        client.logout()
    except Exception:  # the connection is already gone: nothing to say goodbye to
        client.shutdown()


class ImapIntakeService:
    """Every configured folder's watcher, each in its own thread."""

    def __init__(
        self,
        engine: Engine,
        config: ImapIntake,
        owner: str,
        on_commit: Callable[[], None] | None = None,
    ) -> None:
        self.stop_event = threading.Event()
        self.watchers = [
            FolderWatcher(engine, config, folder, owner, self.stop_event, on_commit)
            for folder in config.folders
        ]
        self._threads: list[threading.Thread] = []

    def start(self) -> None:
        for watcher in self.watchers:
            thread = threading.Thread(
                target=watcher.run, name=f"imap:{watcher.folder}", daemon=True
            )
            thread.start()
            self._threads.append(thread)

    def stop(self, timeout: float = 30.0) -> None:
        """Finish the batch in flight, log out, release the leases."""
        self.stop_event.set()
        deadline = time.monotonic() + timeout
        for thread in self._threads:
            thread.join(max(0.0, deadline - time.monotonic()))
