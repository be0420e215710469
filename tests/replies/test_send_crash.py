"""`mailflow send` killed -9 in the middle of 100 replies: only the one in flight is flagged."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from collections import Counter
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import func, select
from sqlmodel import Session

from mailflow.clock import utc_now
from mailflow.send import outbox
from mailflow.states import DraftState
from mailflow.store import migrate
from mailflow.store.db import make_engine
from mailflow.store.models import Draft
from tests.intake.conftest import wait_until
from tests.mailbuilder import build_message
from tests.replies.conftest import OURS, CaptureHandler, context, free_port, ingest, make_settings

pytestmark = pytest.mark.slow
REPLIES = 100


class SlowRelay(CaptureHandler):
    """Takes a tenth of a second per message, so the kill lands in the middle of the batch."""

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        await asyncio.sleep(0.1)
        return await super().handle_DATA(server, session, envelope)


def test_kill_9_mid_batch_flags_only_the_reply_in_flight(tmp_path: Path) -> None:
    relay = SlowRelay()
    controller = Controller(relay, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        _run(tmp_path, relay, controller.port)
    finally:
        controller.stop()


def _run(tmp_path: Path, relay: SlowRelay, port: int) -> None:
    settings = make_settings(tmp_path, port)
    engine = make_engine(settings.effective_database_url)
    migrate.upgrade(engine)
    inquiries = [
        build_message(
            subject=f"Demande de prêt n° {n}",
            from_=f"pret@mediatheque-{n}.fr",
            to=OURS,
            date="Tue, 10 Mar 2026 09:00:00 +0100",
            message_id=f"<loan-{n}@mediatheque-{n}.fr>",
            text=f"Bonjour,\n\nPouvez-vous nous prêter l'exposition n° {n} ?\n",
        )
        for n in range(REPLIES)
    ]
    ingest(engine, context(settings), *inquiries)
    with Session(engine) as session:
        for draft in session.execute(select(Draft)).scalars().all():
            outbox.update_draft(
                session,
                draft.id or 0,
                subject=draft.subject,
                body_text="Bonjour,\n\nOui.\n",
                actor="c",
            )
            outbox.approve_draft(session, draft.id or 0, actor="c", role="staff")
        session.commit()

    config = tmp_path / "mailflow.toml"
    config.write_text(
        f'data_dir = "{tmp_path}"\nour_addresses = ["{OURS}"]\n'
        f'[relay]\nenabled = true\nhost = "127.0.0.1"\nport = {port}\n'
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("MAILFLOW_")}
    log = tmp_path / "send.log"
    with log.open("wb") as out:
        sender = subprocess.Popen(
            [str(Path(sys.executable).parent / "mailflow"), "--config", str(config), "send"],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        started = wait_until(lambda: len(relay.delivered) >= 30 or sender.poll() is not None, 120)
        assert started and sender.poll() is None, log.read_text()
        os.kill(sender.pid, signal.SIGKILL)
    finally:
        sender.wait(30)
    reached_relay = len(relay.delivered)
    assert reached_relay < REPLIES  # killed in the middle

    def states() -> Counter[str]:
        with Session(engine) as session:
            rows = session.execute(select(Draft.state, func.count()).group_by(Draft.state))
            return Counter({str(state): int(n) for state, n in rows})

    assert states()[DraftState.SENDING] <= 1  # only the reply in flight was claimed

    later = utc_now() + timedelta(seconds=settings.relay.claim_timeout_seconds + 1)
    report = outbox.send_and_thread(engine, settings, context(settings), now=later)
    assert len(report.uncertain) <= 1
    final = states()
    assert final[DraftState.SENT] + final[DraftState.FAILED] == REPLIES
    assert final[DraftState.FAILED] == len(report.uncertain)
    # Each reply reached the relay once at most: a flagged one is never resent without a person.
    delivered = Counter(str(d.message["Message-ID"]).strip("<>") for d in relay.delivered)
    assert set(delivered.values()) == {1}
    with Session(engine) as session:
        ids = {
            state: {
                str(m).strip("<>")
                for m in session.execute(
                    select(Draft.outgoing_message_id).where(Draft.state == state)
                ).scalars()
            }
            for state in (DraftState.SENT, DraftState.FAILED)
        }
    assert ids[DraftState.SENT] <= set(delivered) <= ids[DraftState.SENT] | ids[DraftState.FAILED]
    engine.dispose()
