"""IMAP sync against the private Dovecot: initial sync, IDLE, checkpoints, actions, leases."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import Engine

from mailflow.errors import LeaseLost
from mailflow.receive.lease import FolderLease
from tests.intake.conftest import (
    imap_client,
    imap_settings,
    message,
    raw_count,
    raw_data,
    seed,
    wait_until,
    watch,
)
from tests.intake.dovecot import TOKEN, Dovecot

pytestmark = pytest.mark.imap


def flags(dovecot: Dovecot, user: str, folder: str = "INBOX") -> list[tuple[bytes, ...]]:
    client = imap_client(dovecot, user)
    try:
        client.select_folder(folder, readonly=True)
        uids = client.search()
        fetched = client.fetch(uids, ["FLAGS"]) if uids else {}
        return [fetched[uid][b"FLAGS"] for uid in sorted(fetched)]
    finally:
        client.logout()


def folder_size(dovecot: Dovecot, user: str, folder: str) -> int:
    client = imap_client(dovecot, user)
    try:
        return int(client.folder_status(folder, [b"MESSAGES"])[b"MESSAGES"])
    finally:
        client.logout()


@pytest.mark.slow
def test_initial_sync_of_2000_messages_in_batches(
    dovecot: Dovecot, imap_user: str, engine: Engine
) -> None:
    mails = [message(n, tag="init") for n in range(2000)]
    seed(dovecot, imap_user, "INBOX", mails)
    settings = imap_settings(dovecot, imap_user, batch_size=250)
    with watch(engine, settings) as watcher:
        assert watcher.synced.wait(120)
    assert watcher.report.fetched == 2000 and watcher.report.batches == 8
    assert sorted(raw_data(engine)) == sorted(mails)
    assert all(b"\\Seen" not in f for f in flags(dovecot, imap_user))  # BODY.PEEK[]


def test_idle_ingests_a_message_appended_by_another_connection(
    dovecot: Dovecot, imap_user: str, engine: Engine
) -> None:
    settings = imap_settings(dovecot, imap_user)
    with watch(engine, settings) as watcher:
        assert watcher.synced.wait(30)
        seed(dovecot, imap_user, "INBOX", [message(1, tag="idle")])
        assert wait_until(lambda: raw_count(engine) == 1, timeout=10)


def test_polling_when_the_server_lacks_idle(
    dovecot: Dovecot, imap_user: str, engine: Engine
) -> None:
    settings = imap_settings(dovecot, imap_user, poll_seconds=1)
    with watch(engine, settings, disabled_capabilities=frozenset({"IDLE"})) as watcher:
        assert watcher.synced.wait(30)
        seed(dovecot, imap_user, "INBOX", [message(1, tag="poll")])
        assert wait_until(lambda: raw_count(engine) == 1, timeout=10)


def test_restart_resumes_from_the_checkpoint(
    dovecot: Dovecot, imap_user: str, engine: Engine
) -> None:
    seed(dovecot, imap_user, "INBOX", [message(n, tag="resume") for n in range(50)])
    settings = imap_settings(dovecot, imap_user)
    with watch(engine, settings) as first:
        assert first.synced.wait(30)
    assert first.report.fetched == 50
    seed(dovecot, imap_user, "INBOX", [message(n, tag="resume") for n in range(50, 55)])
    with watch(engine, settings) as second:
        assert second.synced.wait(30)
    assert second.report.fetched == 5  # no re-download of the first 50
    assert second.report.duplicates == 0
    assert raw_count(engine) == 55


def test_uidvalidity_change_rescans_without_loss_or_duplicate(
    dovecot: Dovecot, imap_user: str, engine: Engine
) -> None:
    mails = [message(n, tag="uv") for n in range(30)]
    seed(dovecot, imap_user, "Box", mails)
    settings = imap_settings(dovecot, imap_user, folders=["Box"])
    with watch(engine, settings, folder="Box") as first:
        assert first.synced.wait(30)
    client = imap_client(dovecot, imap_user)
    client.delete_folder("Box")
    client.logout()
    time.sleep(1.1)  # Dovecot's UIDVALIDITY is a timestamp: make sure it changes
    seed(dovecot, imap_user, "Box", [*mails, message(30, tag="uv"), message(31, tag="uv")])
    with watch(engine, settings, folder="Box") as second:
        assert second.synced.wait(30)
    assert second.report.rescans == 1
    assert second.report.fetched == 32 and second.report.duplicates == 30
    assert raw_count(engine) == 32


def test_after_commit_seen(dovecot: Dovecot, imap_user: str, engine: Engine) -> None:
    seed(dovecot, imap_user, "INBOX", [message(n, tag="seen") for n in range(3)])
    with watch(engine, imap_settings(dovecot, imap_user, after_commit="seen")) as watcher:
        assert watcher.synced.wait(30)
    assert all(b"\\Seen" in f for f in flags(dovecot, imap_user))


def test_after_commit_keyword(dovecot: Dovecot, imap_user: str, engine: Engine) -> None:
    seed(dovecot, imap_user, "INBOX", [message(n, tag="kw") for n in range(3)])
    settings = imap_settings(dovecot, imap_user, after_commit="keyword", keyword="$Stored")
    with watch(engine, settings) as watcher:
        assert watcher.synced.wait(30)
    assert all(b"$Stored" in f and b"\\Seen" not in f for f in flags(dovecot, imap_user))


@pytest.mark.parametrize(
    "without", [frozenset(), frozenset({"MOVE"}), frozenset({"MOVE", "UIDPLUS"})]
)
def test_after_commit_move(
    dovecot: Dovecot, imap_user: str, engine: Engine, without: frozenset[str]
) -> None:
    seed(dovecot, imap_user, "INBOX", [message(n, tag="mv") for n in range(4)])
    settings = imap_settings(dovecot, imap_user, after_commit="move", move_to="Archives/mailflow")
    with watch(engine, settings, disabled_capabilities=without) as watcher:
        assert watcher.synced.wait(30)
        seed(dovecot, imap_user, "INBOX", [message(9, tag="mv")])
        assert wait_until(lambda: raw_count(engine) == 5, timeout=10)
        assert wait_until(lambda: folder_size(dovecot, imap_user, "INBOX") == 0, timeout=10)
    assert folder_size(dovecot, imap_user, "Archives/mailflow") == 5
    assert raw_count(engine) == 5


def test_xoauth2_token_from_file_and_command(
    dovecot: Dovecot, imap_user: str, engine: Engine, tmp_path: Path
) -> None:
    seed(dovecot, imap_user, "INBOX", [message(1, tag="oauth")])
    token_file = tmp_path / "token"
    token_file.write_text(TOKEN + "\n")
    by_file = imap_settings(dovecot, imap_user, password="", oauth2_token_file=str(token_file))
    with watch(engine, by_file) as watcher:
        assert watcher.synced.wait(30)
    command = f"{sys.executable} -c \"print('{TOKEN}')\""
    by_command = imap_settings(dovecot, imap_user, password="", oauth2_token_command=command)
    seed(dovecot, imap_user, "INBOX", [message(2, tag="oauth")])
    with watch(engine, by_command) as watcher:
        assert watcher.synced.wait(30)
    assert raw_count(engine) == 2


def test_wrong_password_is_retried_with_backoff(
    dovecot: Dovecot, imap_user: str, engine: Engine
) -> None:
    settings = imap_settings(dovecot, imap_user, password="wrong", reconnect_max_seconds=1)
    with watch(engine, settings) as watcher:
        time.sleep(1.5)
        assert not watcher.synced.is_set()  # still trying, not crashed
    assert raw_count(engine) == 0


@pytest.mark.slow
def test_reconnects_after_a_server_restart(
    dovecot: Dovecot, imap_user: str, engine: Engine
) -> None:
    settings = imap_settings(dovecot, imap_user, reconnect_max_seconds=1)
    with watch(engine, settings) as watcher:
        assert watcher.synced.wait(30)
        dovecot.stop()
        assert wait_until(lambda: not watcher.connected.is_set(), timeout=15)
        dovecot.start()
        seed(dovecot, imap_user, "INBOX", [message(1, tag="restart")])
        assert wait_until(lambda: raw_count(engine) == 1, timeout=20)


def test_lease_is_exclusive_and_taken_over_when_expired(engine: Engine) -> None:
    a = FolderLease(engine, "imap:x@h:1/INBOX", "instance-a", seconds=2)
    b = FolderLease(engine, "imap:x@h:1/INBOX", "instance-b", seconds=2)
    assert a.acquire() is not None
    assert b.acquire() is None
    a.save(7, 42)
    assert wait_until(lambda: b.acquire() is not None, timeout=10)  # a stopped renewing
    state = b.acquire()
    assert state is not None and (state.uidvalidity, state.last_uid) == (7, 42)
    with pytest.raises(LeaseLost):
        a.save(7, 99)  # a cannot move the checkpoint behind b's back
    with pytest.raises(LeaseLost):
        a.renew()


def test_second_instance_takes_over_a_dead_holders_folder(
    dovecot: Dovecot, imap_user: str, engine: Engine
) -> None:
    settings = imap_settings(dovecot, imap_user, lease_seconds=2)
    with watch(engine, settings, owner="first") as first:
        assert first.synced.wait(30)
        # A dead instance: holds the lease, never renews it.
    FolderLease(engine, first.source, "dead", 2).acquire()
    seed(dovecot, imap_user, "INBOX", [message(1, tag="lease")])
    with watch(engine, settings, owner="second") as second:
        assert not second.connected.wait(0.5)  # the dead holder's lease is still valid
        assert wait_until(lambda: raw_count(engine) == 1, timeout=15)
    assert second.report.fetched == 1
