"""A bounce of one of our replies joins the reply's thread and flags the delivery failure."""

from __future__ import annotations

from sqlalchemy import Engine, select
from sqlmodel import Session

from mailflow.send import outbox
from mailflow.settings import Settings
from mailflow.store.models import Draft, Message, Thread
from tests.mailbuilder import build_message, message_part, multipart, text_part
from tests.replies.conftest import NOW, OURS, CaptureHandler, context, drafts, ingest

INQUIRY = build_message(
    subject="Visite d'étude",
    from_="ana@biblioteca.example.es",
    to=OURS,
    message_id="<visit@example.es>",
    date="Tue, 10 Mar 2026 09:00:00 +0100",
    text="Hello, we would like to visit your service.\n",
)


def _dsn(original_id: str) -> bytes:
    status = (
        b"Reporting-MTA: dns; mx.example.es\r\n\r\nFinal-Recipient: rfc822; ana@biblioteca.example.es\r\n"
        b"Action: failed\r\nStatus: 5.1.1\r\nDiagnostic-Code: smtp; 550 5.1.1 user unknown\r\n"
    )
    headers = (
        f"From: {OURS}\r\nTo: ana@biblioteca.example.es\r\nMessage-ID: <{original_id}>\r\n".encode()
    )
    body = multipart(
        "report",
        text_part("Delivery failed.\n"),
        message_part(status, "message/delivery-status"),
        message_part(headers, "text/rfc822-headers"),
        params="; report-type=delivery-status",
    )
    return build_message(
        subject="Undelivered Mail Returned to Sender",
        from_="MAILER-DAEMON@mx.example.es",
        to=OURS,
        message_id="<dsn-1@mx.example.es>",
        date="Tue, 10 Mar 2026 11:00:00 +0100",
        body=body,
    )


def test_dsn_of_our_reply_flags_it_and_joins_its_thread(
    engine: Engine, settings: Settings, relay: CaptureHandler
) -> None:
    ctx = context(settings)
    ingest(engine, ctx, INQUIRY)
    with Session(engine, expire_on_commit=False) as session:
        draft = drafts(engine)[0]
        outbox.update_draft(
            session, draft.id or 0, subject=draft.subject, body_text="Welcome!\n", actor="a"
        )
        outbox.approve_draft(session, draft.id or 0, actor="a", role="admin")
        session.commit()
    outbox.send_and_thread(engine, settings, ctx, now=NOW)
    with Session(engine) as session:
        sent = session.get(Draft, draft.id)
        assert sent is not None and sent.outgoing_message_id
        message_id = sent.outgoing_message_id

    ingest(engine, context(settings, kinds={"dsn-1@mx.example.es": "bounce"}), _dsn(message_id))
    with Session(engine) as session:
        flagged = session.get(Draft, draft.id)
        bounce = session.execute(select(Message).where(Message.kind == "bounce")).scalars().one()
        threads = session.execute(select(Thread.ref)).scalars().all()
    assert flagged is not None and flagged.delivery_failed and flagged.state == "sent"
    assert "5.1.1" in (flagged.last_error or "")
    assert bounce.thread_id == flagged.thread_id
    assert threads == ["COOP-2026-00001"]  # no stray thread left for the bounce
    assert len(drafts(engine)) == 1  # and no draft answering a bounce
