"""Copies of replies in the cooperation mailbox, against the real private Dovecot.

Drafts go to ``imap.drafts_folder`` (``\\Draft``) at each outbox pass; a sent reply goes to
``imap.sent_folder`` (``\\Seen``), byte for byte what the relay took. An IMAP server that
cannot be reached never stops a reply from going out: the failure is logged and recorded.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from email import message_from_bytes, policy
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, select
from sqlmodel import Session, col

from mailflow.pipeline import PipelineContext, process_pending
from mailflow.runtime import load_rules, pipeline_context
from mailflow.send import imap, outbox
from mailflow.settings import Settings
from mailflow.store.models import Draft, Event
from mailflow.store.raw import Incoming, store_batch
from tests.intake.conftest import imap_client
from tests.intake.dovecot import PASSWORD, Dovecot, free_port
from tests.mailbuilder import build_message, encode_word
from tests.replies.conftest import OURS, CaptureHandler, drafts, make_settings

pytestmark = pytest.mark.imap

# Rules of the test's own (the project's rules/ are edited by people): every message from a
# person is "human" and gets an acknowledgement besides its draft, so each test sees both.
RULES = """\
[[action]]
name = "acknowledge-people"
when = { kind = "human" }
acknowledge = true
"""
BODY = "Bonjour Hélène Dupont,\n\nC'est tout à fait possible : deux places vous sont réservées.\n"


def _inquiry(now: datetime) -> bytes:
    # Recent, or the hook takes it for a backfill and drafts nothing (draft_max_age_days).
    return build_message(
        subject="Inscription à la journée d'étude",
        from_=f"{encode_word('DUPONT Hélène')} <helene.dupont@mediatheque-annecy.fr>",
        to=OURS,
        date=format_datetime(now),
        message_id=f"<inquiry-{now.timestamp()}@annecy.fr>",
        text="Bonjour,\n\nNous souhaiterions inscrire deux collègues à la journée d'étude du "
        "2 avril.\nEst-ce encore possible ?\n\nBien cordialement,\nHélène Dupont\n",
    )


def _settings(
    tmp_path: Path, relay: CaptureHandler, user: str, port: int, **imap_: Any
) -> Settings:
    section = {
        "host": "127.0.0.1",
        "port": port,
        "security": "none",
        "username": user,
        "password": PASSWORD,
        **imap_,
    }
    rules = tmp_path / "rules"
    rules.mkdir(exist_ok=True)
    (rules / "actions.toml").write_text(RULES, encoding="utf-8")
    return make_settings(
        tmp_path,
        relay.port,  # type: ignore[attr-defined]
        rules_dir=rules,
        imap=section,
    )


def _ingest(engine: Engine, settings: Settings, now: datetime) -> PipelineContext:
    """The inquiry through the real pipeline: the project's rules and the reply hook."""
    ctx = pipeline_context(settings, load_rules(settings))
    store_batch(engine, [Incoming(_inquiry(now), "smtp", "test#0", now)])
    process_pending(engine, ctx)
    return ctx


def _approve(engine: Engine) -> Draft:
    with Session(engine, expire_on_commit=False) as session:
        draft = drafts(engine, "reply")[-1]
        outbox.update_draft(
            session, draft.id or 0, subject=draft.subject, body_text=BODY, actor="claire"
        )
        approved = outbox.approve_draft(session, draft.id or 0, actor="claire", role="supervisor")
        session.commit()
        assert approved.state == "approved"
        return approved


def _folder(dovecot: Dovecot, user: str, folder: str) -> list[tuple[bytes, tuple[bytes, ...]]]:
    """(bytes, flags) of every message in ``folder``, without touching their flags."""
    client = imap_client(dovecot, user)
    try:
        client.select_folder(folder, readonly=True)
        found = client.fetch(client.search("ALL"), [b"BODY.PEEK[]", b"FLAGS"])
        return [(found[uid][b"BODY[]"], found[uid][b"FLAGS"]) for uid in sorted(found)]
    finally:
        client.logout()


def _parse(data: bytes) -> EmailMessage:
    parsed = message_from_bytes(data, policy=policy.default)
    assert isinstance(parsed, EmailMessage)
    return parsed


def _events(engine: Engine, action: str) -> list[Event]:
    with Session(engine, expire_on_commit=False) as session:
        query = select(Event).where(col(Event.action) == action).order_by(col(Event.id))
        return list(session.execute(query).scalars().all())


def _crlf(data: bytes) -> bytes:
    return data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")


def test_new_inquiry_draft_is_appended_to_drafts(
    engine: Engine, tmp_path: Path, relay: CaptureHandler, dovecot: Dovecot, imap_user: str
) -> None:
    # The user's mailbox has no Drafts folder yet: the server says TRYCREATE, we create it.
    settings = _settings(tmp_path, relay, imap_user, dovecot.port, drafts_folder="Drafts")
    now = datetime.now(UTC)
    ctx = _ingest(engine, settings, now)
    [draft] = drafts(engine, "reply")
    assert draft.state == "draft" and draft.body_text

    report = outbox.send_and_thread(engine, settings, ctx, now=now)

    assert report.imap_drafts == [draft.id]
    [ack] = relay.delivered  # the acknowledgement went out; the draft waits for staff
    assert ack.mail_from == "<>" and report.sent == [d.id for d in drafts(engine, "ack")]
    [(data, flags)] = _folder(dovecot, imap_user, "Drafts")
    assert b"\\Draft" in flags and b"\\Seen" not in flags
    message = _parse(data)
    assert message["Subject"] == draft.subject
    assert message["Subject"].startswith("Re: Inscription à la journée d'étude [COOP-")
    assert message["Subject"].endswith("]")
    assert message["To"] == "helene.dupont@mediatheque-annecy.fr"
    stored = dispatch_state(engine, draft.id or 0)
    assert message["Message-ID"] == f"<{stored.outgoing_message_id}>"
    assert stored.imap_draft_appended_at is not None
    text = message.get_body(("plain",))
    assert text is not None
    assert text.get_content().replace("\r\n", "\n") == draft.body_text
    assert "> Est-ce encore possible ?" in text.get_content()

    # Once only: the next pass has nothing new to copy.
    again = outbox.send_and_thread(engine, settings, ctx, now=now)
    assert again.imap_drafts == []
    assert len(_folder(dovecot, imap_user, "Drafts")) == 1


def test_sent_reply_is_appended_to_sent_as_the_relay_got_it(
    engine: Engine, tmp_path: Path, relay: CaptureHandler, dovecot: Dovecot, imap_user: str
) -> None:
    client = imap_client(dovecot, imap_user)
    client.create_folder("Sent")
    client.logout()
    settings = _settings(tmp_path, relay, imap_user, dovecot.port, sent_folder="Sent")
    now = datetime.now(UTC)
    ctx = _ingest(engine, settings, now)
    draft = _approve(engine)

    report = outbox.send_and_thread(engine, settings, ctx, now=now)

    # The acknowledgement and the reply: both sent, both copied the same way.
    [ack] = drafts(engine, "ack")
    assert report.sent == [ack.id, draft.id] and report.failed == []
    assert len(relay.delivered) == 2
    copies = _folder(dovecot, imap_user, "Sent")
    assert len(copies) == 2
    for (data, flags), delivery in zip(copies, relay.delivered, strict=True):
        assert b"\\Seen" in flags and b"\\Draft" not in flags
        assert _crlf(data) == _crlf(delivery.data)
    sent_id = f"<{dispatch_state(engine, draft.id or 0).outgoing_message_id}>"
    [data] = [d for d, _ in copies if _parse(d)["Message-ID"] == sent_id]
    [delivery] = [d for d in relay.delivered if d.message["Message-ID"] == sent_id]
    assert data == delivery.data  # Dovecot keeps CRLF: byte for byte
    message = _parse(data)
    text = message.get_body(("plain",))
    assert text is not None and "deux places vous sont réservées" in text.get_content()
    assert _events(engine, "imap.copy_failed") == []


def test_unreachable_imap_server_never_stops_a_reply(
    engine: Engine,
    tmp_path: Path,
    relay: CaptureHandler,
    caplog: pytest.LogCaptureFixture,
) -> None:
    closed = free_port()  # nothing listens there
    settings = _settings(
        tmp_path, relay, "nobody", closed, sent_folder="Sent", drafts_folder="Drafts"
    )
    now = datetime.now(UTC)
    ctx = _ingest(engine, settings, now)

    with caplog.at_level(logging.WARNING, logger="mailflow.send.imap"):
        first = outbox.send_and_thread(engine, settings, ctx, now=now)
        again = outbox.send_and_thread(engine, settings, ctx, now=now)
    assert first.imap_drafts == [] and again.imap_drafts == []
    acks = first.sent  # the acknowledgement: sent all the same
    assert len(acks) == 1 and len(relay.delivered) == 1
    [pending] = drafts(engine, "reply")
    assert pending.imap_draft_appended_at is None  # tried again on a later pass

    draft = _approve(engine)
    with caplog.at_level(logging.WARNING, logger="mailflow.send.imap"):
        report = outbox.send_and_thread(engine, settings, ctx, now=now)

    assert report.sent == [draft.id] and report.failed == [] and report.retrying == []
    assert len(relay.delivered) == len(acks) + 1
    assert dispatch_state(engine, draft.id or 0).state == "sent"
    warnings = [r.getMessage() for r in caplog.records if r.name == "mailflow.send.imap"]
    assert any("Drafts" in w and "failed" in w for w in warnings)
    assert any("Sent" in w and "failed" in w for w in warnings)
    failures = _events(engine, "imap.copy_failed")
    # One event per copy lost: each sent message, and the draft once although tried twice.
    assert sorted((e.data["folder"], e.data["draft"]) for e in failures) == sorted(
        [("Drafts", draft.id), ("Sent", draft.id)] + [("Sent", ack) for ack in acks]
    )
    assert all(e.data["error"] and e.thread_id == draft.thread_id for e in failures)


def test_append_reports_a_refused_login_without_raising(
    dovecot: Dovecot, imap_user: str, tmp_path: Path, relay: CaptureHandler
) -> None:
    settings = _settings(tmp_path, relay, imap_user, dovecot.port, sent_folder="Sent")
    wrong = settings.imap.model_copy(update={"password": "not-the-password"})
    problem = imap.append(
        wrong, "Sent", b"Subject: x\r\n\r\nx\r\n", (b"\\Seen",), datetime.now(UTC)
    )
    assert problem is not None and "Sent" not in _folders(dovecot, imap_user)


def _folders(dovecot: Dovecot, user: str) -> list[str]:
    client = imap_client(dovecot, user)
    try:
        return [name for _flags, _sep, name in client.list_folders()]
    finally:
        client.logout()


def dispatch_state(engine: Engine, draft_id: int) -> Draft:
    with Session(engine, expire_on_commit=False) as session:
        draft = session.get(Draft, draft_id)
        assert draft is not None
        return draft
