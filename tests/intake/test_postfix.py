"""Debian's Postfix in front of ``mailflow serve`` over LMTP, as docs/operations.md deploys it.

While mailflow is down (kill -9) or answers 451, Postfix keeps the mail queued (deferred,
never bounced); once mailflow is back every message is stored exactly once and the queue
is empty.
"""

from __future__ import annotations

import re
import shutil
import smtplib
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from mailflow.store.db import make_engine
from tests.intake.conftest import OUR, message, raw_count, stored_ids, wait_until
from tests.intake.dovecot import free_port
from tests.intake.postfix import Postfix, documented_mailflow, start_postfix
from tests.intake.serving import ServeProcess, serve_config

pytestmark = pytest.mark.slow

TOTAL = 300
NO_ROOM = "421 4.7.0"  # mailflow's answer beyond [smtp] max_sessions_per_client
DEFERRED = re.compile(r"\]: ([0-9A-F]+): to=<[^>]*>,.* status=deferred \((.*)\)$", re.MULTILINE)


class Mailflow:
    """``mailflow serve`` with the LMTP endpoint of docs/operations.md, on a free port."""

    def __init__(self, tmp_path: Path) -> None:
        self.port = free_port()
        self.url = f"sqlite:///{tmp_path / 'mailflow.sqlite3'}"
        documented = documented_mailflow()
        assert documented["our_addresses"] == [OUR]  # what serve_config writes
        lmtp = {**documented["smtp"], "port": self.port}
        config = serve_config(tmp_path, "behind-postfix", self.url, smtp=lmtp)
        self.serve = ServeProcess(config, tmp_path / "serve.log")
        self.engine = make_engine(self.url)

    def start(self) -> None:
        self.serve.start(wait_port=self.port)


@pytest.fixture
def mailflow(tmp_path: Path) -> Iterator[Mailflow]:
    running = Mailflow(tmp_path)
    running.start()
    yield running
    running.serve.stop()
    running.engine.dispose()


@pytest.fixture
def postfix(mailflow: Mailflow) -> Iterator[Postfix]:
    try:
        server = start_postfix(mailflow.port)
    except RuntimeError as exc:
        pytest.fail(str(exc))
    yield server
    server.stop()
    shutil.rmtree(server.base, ignore_errors=True)


def send(postfix: Postfix, mails: list[tuple[str, bytes]]) -> None:
    """Hand ``mails`` to Postfix's smtpd; each gets its 250 (sendmail raises otherwise)."""
    with smtplib.SMTP("127.0.0.1", postfix.port, timeout=60) as smtp:
        for _, raw in mails:
            smtp.sendmail("partner@example.net", [OUR], raw)


def deferred_for(postfix: Postfix, reason: str) -> int:
    """Messages in Postfix's deferred queue whose every recipient waits for ``reason``."""
    return sum(
        1
        for entry in postfix.queue()
        if entry["queue_name"] == "deferred"
        and all(reason in str(r.get("delay_reason")) for r in _recipients(entry))
    )


def queued_ids(postfix: Postfix) -> set[str]:
    return {str(entry["queue_id"]) for entry in postfix.queue()}


def _recipients(entry: dict[str, object]) -> list[dict[str, object]]:
    recipients = entry["recipients"]
    assert isinstance(recipients, list)
    return recipients


def delivered(mailflow: Mailflow, postfix: Postfix, total: int) -> Callable[[], bool]:
    return lambda: raw_count(mailflow.engine) >= total and not postfix.queue()


def test_postfix_keeps_mail_through_a_kill_9_and_delivers_each_once(
    mailflow: Mailflow, postfix: Postfix
) -> None:
    mails = [(f"pf-{n}@example.net", message(n, tag="pf")) for n in range(TOTAL)]
    sender = threading.Thread(target=send, args=(postfix, mails), daemon=True)
    sender.start()
    assert wait_until(lambda: raw_count(mailflow.engine) >= TOTAL // 3, timeout=120), postfix.log()
    mailflow.serve.kill()  # kill -9 while Postfix is delivering
    stored_at_kill = raw_count(mailflow.engine)
    sender.join(120)
    assert not sender.is_alive()
    # Mailflow is down: Postfix holds the rest, deferred, and says why.
    assert stored_at_kill < TOTAL
    assert wait_until(lambda: deferred_for(postfix, "Connection refused") > 0, timeout=60), (
        postfix.log()
    )
    # Every message is stored or queued. showq lists the queue directories one after the
    # other while qmgr moves files between them: a listing may miss one, so look again.
    assert wait_until(lambda: raw_count(mailflow.engine) + len(queued_ids(postfix)) >= TOTAL)
    mailflow.start()
    postfix.flush()
    assert wait_until(delivered(mailflow, postfix, TOTAL), timeout=120), postfix.log()[-4000:]
    assert stored_ids(mailflow.engine) == {mid: 1 for mid, _ in mails}
    assert raw_count(mailflow.engine) == TOTAL
    assert "Mail queue is empty" in postfix.listing()
    assert NO_ROOM not in postfix.log()


def test_postfix_defers_on_451_and_delivers_once_the_store_is_back(
    mailflow: Mailflow, postfix: Postfix
) -> None:
    total = 20
    mails = [(f"pf451-{n}@example.net", message(n, tag="pf451")) for n in range(total)]
    # The store cannot take the row: mailflow answers 451 4.3.0 after DATA.
    break_store(mailflow.engine, "raw_message", "raw_message_away")
    try:
        send(postfix, mails)
        assert wait_until(lambda: deferred_for(postfix, "451 4.3.0") == total, timeout=60), (
            postfix.log()[-4000:]
        )
        # Postfix keeps trying: every message is refused again on a later queue run.
        assert wait_until(lambda: min(_tries(postfix, "451 4.3.0", total)) >= 2, timeout=60)
        assert len(queued_ids(postfix)) == total
        assert "status=bounced" not in postfix.log()
    finally:
        break_store(mailflow.engine, "raw_message_away", "raw_message")
    assert raw_count(mailflow.engine) == 0
    postfix.flush()
    assert wait_until(delivered(mailflow, postfix, total), timeout=120), postfix.log()[-4000:]
    assert stored_ids(mailflow.engine) == {mid: 1 for mid, _ in mails}
    assert "Mail queue is empty" in postfix.listing()
    # Postfix's idle cached connections come on top of its concurrency limit (up to 13 seen
    # for a limit of 8 while it was deferring): the documented room must hold them.
    assert NO_ROOM not in postfix.log()


def _tries(postfix: Postfix, reason: str, total: int) -> list[int]:
    """How many times each of ``total`` messages was deferred for ``reason`` (Postfix's log)."""
    tries = Counter(m[1] for m in DEFERRED.finditer(postfix.log()) if reason in m[2])
    return sorted(tries.values()) + [0] * (total - len(tries))


def break_store(engine: Engine, table: str, to: str) -> None:
    """Rename the raw table under the running service (root ignores file modes, so an
    unwritable file would not do): its commits fail until the table is renamed back."""
    with engine.begin() as conn:
        conn.execute(text(f"ALTER TABLE {table} RENAME TO {to}"))
