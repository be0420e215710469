"""Through ``mailflow serve``: live SMTP mail, an acknowledgement through a relay, a reply.

The acknowledgement goes out and its sent copy is threaded, yet the thread stays « Nouvelle »
with no first response; the colleague's reply, approved from the command line and sent by
the same ``serve``, is the first response and moves the thread to waiting.
"""

from __future__ import annotations

import os
import smtplib
import subprocess
import sys
from datetime import UTC, datetime
from email.utils import format_datetime
from functools import partial
from pathlib import Path

import pytest
from sqlalchemy import Engine, select
from sqlmodel import Session

from mailflow.store.db import make_engine
from mailflow.store.models import Message, Thread
from tests.intake.conftest import wait_until
from tests.intake.dovecot import free_port
from tests.intake.serving import REPO, ServeProcess, write_config
from tests.mailbuilder import build_message
from tests.replies.conftest import CaptureHandler, relay  # noqa: F401  (the capture relay)

OUR = "cooperation@example.org"
PARTNER = "paul@calvados.fr"  # a departmental library: the rules acknowledge it


_wait = partial(wait_until, timeout=60)


def _messages(engine: Engine) -> list[Message]:
    with Session(engine, expire_on_commit=False) as session:
        return list(session.execute(select(Message).order_by(Message.id)).scalars())  # type: ignore[arg-type]


def _thread(engine: Engine) -> Thread:
    with Session(engine, expire_on_commit=False) as session:
        return session.execute(select(Thread)).scalars().one()


@pytest.mark.slow
def test_acknowledged_thread_stays_new_until_a_person_replies(
    tmp_path: Path,
    relay: CaptureHandler,  # noqa: F811
) -> None:
    smtp_port, db = free_port(), tmp_path / "mailflow.sqlite3"
    config = write_config(
        tmp_path / "mailflow.toml",
        {"database_url": f"sqlite:///{db}", "data_dir": str(tmp_path), "our_addresses": [OUR]},
        {
            "smtp": {"enabled": True, "port": smtp_port, "hostname": "mx.test"},
            "relay": {"enabled": True, "port": relay.port, "timeout_seconds": 10},  # type: ignore[attr-defined]
            "web": {"enabled": False},
            "serve": {"pipeline_interval_seconds": 0.5, "outbox_interval_seconds": 0.5},
        },
    )
    log = tmp_path / "serve.log"
    serve = ServeProcess(config, log).start(wait_port=smtp_port)
    engine = make_engine(f"sqlite:///{db}")
    try:
        inquiry = build_message(
            message_id="<inquiry@calvados.fr>",
            from_=f"Paul Martin <{PARTNER}>",
            to=OUR,
            subject="Adhésion au réseau",
            date=format_datetime(datetime.now(UTC)),  # recent: acknowledgements are for new mail
            text="Bonjour,\nComment notre bibliothèque peut-elle adhérer ?\nPaul\n",
        )
        with smtplib.SMTP("127.0.0.1", smtp_port, timeout=30) as smtp:
            smtp.sendmail(PARTNER, [OUR], inquiry)

        assert _wait(lambda: len(relay.delivered) == 1), log.read_text()[-4000:]
        assert relay.delivered[0].message["Auto-Submitted"] == "auto-replied"
        assert _wait(lambda: len(_messages(engine)) == 2), log.read_text()[-4000:]
        ack = _messages(engine)[1]
        assert ack.direction == "out"
        thread = _thread(engine)
        assert (thread.status, thread.first_response_at) == ("new", None)

        _approve_reply(config, thread.ref)
        assert _wait(lambda: len(relay.delivered) == 2), log.read_text()[-4000:]
        assert relay.delivered[1].message["Auto-Submitted"] is None
        assert _wait(lambda: len(_messages(engine)) == 3), log.read_text()[-4000:]
        reply = _messages(engine)[2]
        thread = _thread(engine)
        assert (reply.direction, thread.status) == ("out", "waiting")
        assert thread.first_response_at == reply.date != ack.date
    finally:
        engine.dispose()
        code = serve.stop()
    assert code == 0


def _approve_reply(config: Path, ref: str) -> None:
    """A colleague completes the reply draft and approves it, as in the web app."""
    text = "Bonjour,\nL'adhésion se fait par une simple convention, jointe.\nClaire\n"
    _cli(config, ["draft", "edit", ref, "--body-file", "-", "--actor", "claire"], text)
    _cli(config, ["draft", "approve", ref, "--actor", "claire"])


def _cli(config: Path, args: list[str], stdin: str = "") -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MAILFLOW_")}
    env["MAILFLOW_CONFIG"] = str(config)
    done = subprocess.run(
        [str(Path(sys.executable).parent / "mailflow"), *args],
        cwd=REPO,
        env=env,
        input=stdin.encode(),
        capture_output=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stdout.decode() + done.stderr.decode()
