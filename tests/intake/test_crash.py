"""Crash and multi-instance tests: kill -9 mid-intake, restart, nothing lost or doubled."""

from __future__ import annotations

import smtplib
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from mailflow.store.db import make_engine
from mailflow.store.models import Checkpoint, Message, RawMessage
from tests.conftest import _postgres_database
from tests.intake.conftest import (
    OUR,
    imap_section,
    message,
    raw_count,
    seed,
    stored_ids,
    wait_until,
)
from tests.intake.dovecot import Dovecot, free_port
from tests.intake.serving import ServeProcess, serve_config
from tests.mailbuilder import build_message

pytestmark = pytest.mark.slow


class RetryingClient(threading.Thread):
    """Sends its messages; anything without a 250 is sent again until it gets one."""

    def __init__(self, port: int, messages: list[tuple[str, bytes]], deadline: float) -> None:
        super().__init__(daemon=True)
        self.port, self.messages, self.deadline = port, messages, deadline
        self.acked: list[str] = []

    def run(self) -> None:
        pending = list(self.messages)
        while pending and time.monotonic() < self.deadline:
            try:
                with smtplib.SMTP("127.0.0.1", self.port, timeout=30) as smtp:
                    while pending:
                        mid, raw = pending[0]
                        smtp.sendmail("sender@example.net", [OUR], raw)
                        self.acked.append(mid)  # a 250: sendmail raises on anything else
                        pending.pop(0)
            except (OSError, smtplib.SMTPException):
                time.sleep(0.05)  # the server is down or said 4xx: try again


def test_kill_9_during_smtp_intake_loses_and_doubles_nothing(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'crash.sqlite3'}"
    port = free_port()
    config = serve_config(tmp_path, "crash-smtp", db, smtp={"enabled": True, "port": port})
    log = tmp_path / "serve.log"
    serve = ServeProcess(config, log).start(wait_port=port)
    engine = make_engine(db)
    total, clients = 1000, 5
    mails = [(f"crash-{n}@example.net", message(n, tag="crash")) for n in range(total)]
    deadline = time.monotonic() + 240
    senders = [RetryingClient(port, mails[c::clients], deadline) for c in range(clients)]
    try:
        for sender in senders:
            sender.start()
        assert wait_until(lambda: sum(len(s.acked) for s in senders) >= 300, timeout=120)
        serve.kill()  # kill -9 in the middle of the flow
        acked_before = {mid for s in senders for mid in s.acked}
        serve.start(wait_port=port)
        for sender in senders:
            sender.join(240)
        acked = [mid for s in senders for mid in s.acked]
    finally:
        serve.stop()
    assert len(acked) == total == len(set(acked))
    ids = stored_ids(engine)
    assert all(ids[mid] == 1 for mid in acked_before)  # acknowledged before the crash: kept
    assert set(ids) == {mid for mid, _ in mails} and set(ids.values()) == {1}
    assert raw_count(engine) == total
    engine.dispose()


def test_kill_9_during_imap_initial_sync_of_5000(
    dovecot: Dovecot, imap_user: str, tmp_path: Path
) -> None:
    total = 5000
    seed(dovecot, imap_user, "INBOX", [message(n, tag="isync") for n in range(total)])
    db = f"sqlite:///{tmp_path / 'crash.sqlite3'}"
    imap = imap_section(dovecot, imap_user, batch_size=200, lease_seconds=2)
    config = serve_config(tmp_path, "crash-imap", db, imap=imap)
    serve = ServeProcess(config, tmp_path / "serve.log").start()
    engine = make_engine(db)
    try:
        assert wait_until(lambda: _count_or_zero(engine) >= 1000, timeout=120)
        serve.kill()
        assert _count_or_zero(engine) < total  # killed midway
        serve.start()
        assert wait_until(lambda: _checkpoint(engine) >= total, timeout=120)
    finally:
        serve.stop()
    ids = stored_ids(engine)
    assert len(ids) == total and set(ids.values()) == {1}
    assert raw_count(engine) == total
    engine.dispose()


def test_a_restarted_instance_takes_its_own_imap_lease_back_at_once(
    dovecot: Dovecot, imap_user: str, tmp_path: Path
) -> None:
    """The default instance name survives a restart: no waiting out a 10-minute lease."""
    seed(dovecot, imap_user, "INBOX", [message(0, tag="relaunch")])
    db = f"sqlite:///{tmp_path / 'relaunch.sqlite3'}"
    imap = imap_section(dovecot, imap_user, lease_seconds=600)
    config = serve_config(tmp_path, "relaunch", db, imap=imap, serve={"instance_name": ""})
    serve = ServeProcess(config, tmp_path / "serve.log").start()
    engine = make_engine(db)
    try:
        assert wait_until(lambda: _count_or_zero(engine) == 1, timeout=60)
        serve.kill()
        seed(dovecot, imap_user, "INBOX", [message(1, tag="relaunch")])
        serve.start()
        # Far sooner than the dead process's lease (600 s) would expire.
        assert wait_until(lambda: _count_or_zero(engine) == 2, timeout=60)
    finally:
        serve.stop()
        engine.dispose()


def _count_or_zero(engine: Engine) -> int:
    try:
        return raw_count(engine)
    except Exception:  # the schema is not there yet
        return 0


def _checkpoint(engine: Engine) -> int:
    try:
        with engine.connect() as conn:
            return int(conn.execute(select(func.max(Checkpoint.last_uid))).scalar() or 0)
    except Exception:
        return 0


@pytest.fixture
def postgres_url() -> Iterator[str]:
    yield from _postgres_database()


@pytest.mark.postgres
def test_two_instances_on_postgres_store_and_process_once(
    dovecot: Dovecot, imap_user: str, tmp_path: Path, postgres_url: str
) -> None:
    imap = imap_section(dovecot, imap_user, lease_seconds=3)
    seed(dovecot, imap_user, "INBOX", [message(n, tag="both-imap") for n in range(300)])
    ports = [free_port(), free_port()]
    serves = []
    for n, port in enumerate(ports):
        config = serve_config(
            tmp_path,
            f"instance-{n}",
            postgres_url,
            imap=imap,
            smtp={"enabled": True, "port": port},
            serve={"pipeline": True, "pipeline_interval_seconds": 0.5},
        )
        serves.append(ServeProcess(config, tmp_path / f"serve-{n}.log").start(wait_port=port))
    engine = make_engine(postgres_url)
    smtp_mails = [(f"both-smtp-{n}@example.net", message(n, tag="both-smtp")) for n in range(200)]
    try:
        deadline = time.monotonic() + 240
        senders = [
            RetryingClient(port, smtp_mails, deadline) for port in ports
        ]  # same mail to both
        for sender in senders:
            sender.start()
        for sender in senders:
            sender.join(240)
        seed(dovecot, imap_user, "INBOX", [message(n, tag="both-imap") for n in range(300, 320)])
        assert wait_until(
            lambda: raw_count(engine) == 520 and _unprocessed(engine) == 0, timeout=180
        )
    finally:
        codes = [s.stop() for s in serves]
    assert codes == [0, 0]
    ids = stored_ids(engine)
    assert len(ids) == 520 and set(ids.values()) == {1}
    with engine.connect() as conn:
        messages = conn.execute(select(func.count()).select_from(Message)).scalar_one()
        processed = conn.execute(
            select(func.count()).select_from(RawMessage).where(RawMessage.state == "processed")
        ).scalar_one()
    assert messages == processed  # processed once each (raw_id is unique in message)
    imap_logs = [(tmp_path / f"serve-{n}.log").read_text().count("committed UIDs") for n in (0, 1)]
    assert min(imap_logs) == 0 and max(imap_logs) > 0  # one instance watched the folder
    engine.dispose()


def _unprocessed(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(
            conn.execute(
                select(func.count()).select_from(RawMessage).where(RawMessage.state == "received")
            ).scalar_one()
        )


def _pair(n: int) -> tuple[bytes, bytes]:
    """A partner's inquiry and a colleague's answer to it (In-Reply-To and References)."""
    parent_id = f"<pair-{n}@partner.example.net>"
    parent = build_message(
        subject=f"Demande {n}",
        from_="Anne Roux <anne.roux@partner.example.net>",
        date="Tue, 03 Feb 2026 10:00:00 +0100",
        message_id=parent_id,
        text=f"Bonjour, demande {n}.\n",
    )
    reply = build_message(
        subject=f"RE: Demande {n}",
        from_="Paul Blanc <paul.blanc@partner.example.net>",
        date="Tue, 03 Feb 2026 10:05:00 +0100",
        message_id=f"<pair-{n}-reply@partner.example.net>",
        headers=[("In-Reply-To", parent_id), ("References", parent_id)],
        text=f"Je complète la demande {n}.\n",
    )
    return parent, reply


@pytest.mark.postgres
def test_two_instances_on_postgres_never_split_a_conversation(
    tmp_path: Path, postgres_url: str
) -> None:
    """Each parent goes to one instance and its reply to the other at the same moment:
    both are placed in one thread however the two pipelines interleave."""
    pairs = 300
    ports = [free_port(), free_port()]
    serves = [
        ServeProcess(
            serve_config(
                tmp_path,
                f"placing-{n}",
                postgres_url,
                smtp={"enabled": True, "port": port},
                serve={"pipeline": True, "pipeline_interval_seconds": 0.5},
            ),
            tmp_path / f"serve-{n}.log",
        ).start(wait_port=port)
        for n, port in enumerate(ports)
    ]
    engine = make_engine(postgres_url)
    mails = [_pair(n) for n in range(pairs)]
    try:
        deadline = time.monotonic() + 240
        senders = [
            RetryingClient(
                ports[0], [(f"pair-{n}", p) for n, (p, _) in enumerate(mails)], deadline
            ),
            RetryingClient(
                ports[1], [(f"reply-{n}", r) for n, (_, r) in enumerate(mails)], deadline
            ),
        ]
        for sender in senders:
            sender.start()
        for sender in senders:
            sender.join(240)
        assert wait_until(
            lambda: raw_count(engine) == 2 * pairs and _unprocessed(engine) == 0, timeout=180
        )
    finally:
        codes = [s.stop() for s in serves]
    assert codes == [0, 0]
    with engine.connect() as conn:
        thread_of = dict(conn.execute(select(Message.message_id, Message.thread_id)).all())
    engine.dispose()
    split = [
        n
        for n in range(pairs)
        if thread_of[f"pair-{n}-reply@partner.example.net"]
        != thread_of[f"pair-{n}@partner.example.net"]
    ]
    assert len(thread_of) == 2 * pairs
    assert split == [], f"{len(split)} of {pairs} conversations split"
    assert len(set(thread_of.values())) == pairs
