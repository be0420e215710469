"""The outbox against a real SMTP relay (aiosmtpd on loopback), on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from sqlalchemy import Engine, select
from sqlmodel import Session

from mailflow.errors import DraftStateError
from mailflow.send import dispatch, outbox
from mailflow.serve import _outbox_pass
from mailflow.settings import Settings
from mailflow.store.models import Draft, Event, Message, RawMessage, Thread, User
from tests.mailbuilder import build_message, encode_word
from tests.replies.conftest import NOW, OURS, CaptureHandler, context, drafts, ingest

INQUIRY = build_message(
    subject="Inscription à la journée d'étude",
    from_=f"{encode_word('DUPONT Hélène')} <helene.dupont@mediatheque-annecy.fr>",
    to=OURS,
    date="Tue, 10 Mar 2026 09:00:00 +0100",
    message_id="<inquiry-1@annecy.fr>",
    text="Bonjour,\n\nNous souhaiterions inscrire deux collègues à la journée d'étude du 2 avril.\n"
    "Est-ce encore possible ?\n\nBien cordialement,\nHélène Dupont\n",
)
BODY = "Bonjour Hélène Dupont,\n\nC'est tout à fait possible : deux places vous sont réservées.\n"


def _approve(engine: Engine, subject: str | None = None, body: str = BODY) -> Draft:
    with Session(engine, expire_on_commit=False) as session:
        draft = drafts(engine, "reply")[-1]
        outbox.update_draft(
            session, draft.id or 0, subject=subject or draft.subject, body_text=body, actor="claire"
        )
        approved = outbox.approve_draft(session, draft.id or 0, actor="claire", role="staff")
        session.commit()
        return approved


def _state(engine: Engine, draft_id: int) -> Draft:
    with Session(engine, expire_on_commit=False) as session:
        draft = session.get(Draft, draft_id)
        assert draft is not None
        return draft


def test_inquiry_gets_a_french_draft_from_the_topic_template(
    engine: Engine, settings: Settings
) -> None:
    ingest(engine, context(settings), INQUIRY)
    [draft] = drafts(engine)
    assert (draft.state, draft.purpose, draft.lang, draft.template) == (
        "draft",
        "reply",
        "fr",
        "fr/training.j2",
    )
    assert draft.to_addrs == ["helene.dupont@mediatheque-annecy.fr"]
    assert draft.subject == "Re: Inscription à la journée d'étude [COOP-2026-00001]"
    assert draft.body_text.startswith("Bonjour Hélène Dupont,\n")
    assert "Le mardi 10 mars 2026, DUPONT Hélène" in draft.body_text
    assert "a écrit\u00a0:" in draft.body_text  # French typography: no-break space before the colon
    assert "> Est-ce encore possible ?" in draft.body_text
    assert (
        "<blockquote" in draft.body_html
        and "&lt;helene.dupont@mediatheque-annecy.fr&gt;" in draft.body_html
    )


def test_sent_reply_has_the_right_bytes_and_the_answer_threads(
    engine: Engine, settings: Settings, relay: CaptureHandler
) -> None:
    ctx = context(settings)
    ingest(engine, ctx, INQUIRY)
    with Session(engine) as session:
        session.add(
            User(username="claire", display_name="Claire Martin", password_hash="-", created_at=NOW)
        )
        session.commit()
    draft = _approve(engine)
    report = outbox.send_and_thread(engine, settings, ctx, now=NOW)
    assert report.sent == [draft.id]

    [delivery] = relay.delivered
    assert delivery.mail_from == OURS and delivery.rcpt_tos == [
        "helene.dupont@mediatheque-annecy.fr"
    ]
    raw = delivery.data
    assert b"\r\n [COOP-2026-00001]\r\n" in raw  # the tag stays readable in the encoded subject
    assert b'Content-Type: text/plain; charset="utf-8"' in raw
    assert b"Content-Transfer-Encoding: quoted-printable" in raw
    assert b"r=C3=A9serv=C3=A9es" in raw  # French text, UTF-8, quoted-printable
    message = delivery.message
    sent = _state(engine, draft.id or 0)
    assert message["Message-ID"] == f"<{sent.outgoing_message_id}>"
    assert message["In-Reply-To"] == "<inquiry-1@annecy.fr>"
    assert message["References"] == "<inquiry-1@annecy.fr>"
    assert message["Subject"] == "Re: Inscription à la journée d'étude [COOP-2026-00001]"
    [sender] = message["From"].addresses
    assert (sender.display_name, sender.addr_spec) == (
        "Claire Martin (Service de la coopération)",
        OURS,
    )
    assert message["Reply-To"] == OURS and message["Auto-Submitted"] is None
    assert (
        message["Date"] == "Tue, 10 Mar 2026 10:30:00 +0100" and message["Content-Language"] == "fr"
    )
    text = message.get_body(("plain",))
    html = message.get_body(("html",))
    assert text is not None and html is not None
    assert "deux places vous sont réservées" in text.get_content()
    assert "<p>C&#x27;est tout" in html.get_content() or "<p>C'est tout" in html.get_content()
    assert sent.state == "sent" and sent.sent_at is not None

    with Session(engine, expire_on_commit=False) as session:
        out = session.execute(select(Message).where(Message.direction == "out")).scalars().one()
        assert out.message_id == sent.outgoing_message_id and out.thread_id == sent.thread_id
        assert session.get(Thread, sent.thread_id).status == "waiting"  # type: ignore[union-attr]

    answer = build_message(
        subject="RE: Inscription à la journée d'étude",
        from_="helene.dupont@mediatheque-annecy.fr",
        to=OURS,
        date="Wed, 11 Mar 2026 10:00:00 +0100",
        message_id="<answer-1@annecy.fr>",
        headers=[("In-Reply-To", message["Message-ID"])],
        text="Merci beaucoup !\n",
    )
    ingest(engine, ctx, answer)
    with Session(engine, expire_on_commit=False) as session:
        back = (
            session.execute(select(Message).where(Message.message_id == "answer-1@annecy.fr"))
            .scalars()
            .one()
        )
        assert back.thread_id == sent.thread_id and back.attached_by == "header"


def test_send_due_only_sends_and_send_and_thread_threads_the_copy(
    engine: Engine, settings: Settings, relay: CaptureHandler
) -> None:
    ctx = context(settings)
    ingest(engine, ctx, INQUIRY)
    first = _approve(engine)
    assert outbox.send_due(engine, settings, now=NOW).sent == [first.id]
    with Session(engine) as session:
        [copy] = session.execute(select(RawMessage).where(RawMessage.source == "sent")).scalars()
        assert copy.state == "received"  # kept, waiting for the pipeline: sending only sends
        assert session.execute(select(Message).where(Message.direction == "out")).first() is None

    # The next pass threads the copy a previous one left, even when it sends nothing (a
    # `mailflow send` killed between the relay's 250 and the pipeline).
    assert outbox.send_and_thread(engine, settings, ctx, now=NOW).sent == []
    with Session(engine) as session:
        out = session.execute(select(Message).where(Message.direction == "out")).scalars().one()
        assert out.thread_id == first.thread_id


def test_serve_outbox_pass_threads_what_it_sent(
    engine: Engine, settings: Settings, relay: CaptureHandler
) -> None:
    ctx = context(settings)
    ingest(engine, ctx, INQUIRY)
    draft = _approve(engine)
    assert asyncio.run(_outbox_pass(engine, settings, ctx)()) is False
    assert len(relay.delivered) == 1
    with Session(engine) as session:
        out = session.execute(select(Message).where(Message.direction == "out")).scalars().one()
        assert out.thread_id == draft.thread_id


def test_temporary_failure_is_retried_with_backoff_then_sent(
    engine: Engine, settings: Settings, relay: CaptureHandler
) -> None:
    ingest(engine, context(settings), INQUIRY)
    draft = _approve(engine)
    relay.script = ["451 4.3.0 try again later"]
    first = outbox.send_and_thread(engine, settings, context(settings), now=NOW)
    assert first.retrying == [draft.id] and relay.delivered == []
    waiting = _state(engine, draft.id or 0)
    assert waiting.state == "approved" and "451" in (waiting.last_error or "")
    assert waiting.next_attempt_at is not None
    assert (
        outbox.send_due(engine, settings, now=NOW + timedelta(seconds=30)).sent == []
    )  # not yet due
    again = outbox.send_and_thread(
        engine, settings, context(settings), now=NOW + timedelta(seconds=61)
    )
    assert again.sent == [draft.id] and len(relay.delivered) == 1
    sent = _state(engine, draft.id or 0)
    assert (sent.state, sent.attempts, sent.outgoing_message_id) == (
        "sent",
        2,
        waiting.outgoing_message_id,
    )


def test_connection_refused_is_temporary(engine: Engine, settings: Settings) -> None:
    ingest(engine, context(settings), INQUIRY)
    draft = _approve(engine)
    settings.relay.port = 1  # nothing listens there
    assert outbox.send_due(engine, settings, now=NOW).retrying == [draft.id]


def test_permanent_failure_marks_failed_with_the_server_answer(
    engine: Engine, settings: Settings, relay: CaptureHandler
) -> None:
    ingest(engine, context(settings), INQUIRY)
    draft = _approve(engine)
    relay.script = ["554 5.7.1 relaying denied for this sender"]
    assert outbox.send_due(engine, settings, now=NOW).failed == [draft.id]
    failed = _state(engine, draft.id or 0)
    assert (
        failed.state == "failed"
        and failed.last_error == "554 5.7.1 relaying denied for this sender"
    )
    assert outbox.send_due(engine, settings, now=NOW + timedelta(days=1)).sent == []
    assert relay.delivered == []


def test_crash_between_send_and_record_never_sends_twice(
    engine: Engine, settings: Settings, relay: CaptureHandler, monkeypatch: pytest.MonkeyPatch
) -> None:
    ingest(engine, context(settings), INQUIRY)
    draft = _approve(engine)

    def killed(*_args: object) -> None:
        raise SystemExit("killed after the relay's 250, before recording")

    monkeypatch.setattr(dispatch, "store_sent_copy", killed)
    with pytest.raises(SystemExit):
        outbox.send_due(engine, settings, now=NOW)
    monkeypatch.undo()
    assert len(relay.delivered) == 1 and _state(engine, draft.id or 0).state == "sending"

    assert (
        outbox.send_due(engine, settings, now=NOW + timedelta(seconds=5)).sent == []
    )  # claim still fresh
    later = outbox.send_due(engine, settings, now=NOW + timedelta(hours=1))
    assert later.uncertain == [draft.id] and later.sent == []
    assert len(relay.delivered) == 1
    flagged = _state(engine, draft.id or 0)
    assert flagged.state == "failed" and "may have delivered" in (flagged.last_error or "")
    with Session(engine, expire_on_commit=False) as session:
        assert session.execute(select(Event).where(Event.action == "draft.send_uncertain")).first()


def test_crash_after_the_copy_is_kept_is_recovered_as_sent(
    engine: Engine, settings: Settings, relay: CaptureHandler, monkeypatch: pytest.MonkeyPatch
) -> None:
    ingest(engine, context(settings), INQUIRY)
    draft = _approve(engine)

    def killed(*_args: object) -> None:
        raise SystemExit("killed after keeping the copy, before marking sent")

    monkeypatch.setattr(dispatch, "mark_sent", killed)
    with pytest.raises(SystemExit):
        outbox.send_due(engine, settings, now=NOW)
    monkeypatch.undo()
    later = outbox.send_and_thread(
        engine, settings, context(settings), now=NOW + timedelta(hours=1)
    )
    assert later.recovered == [draft.id] and len(relay.delivered) == 1
    assert _state(engine, draft.id or 0).state == "sent"


def test_four_eyes_staff_approval_waits_for_a_supervisor(
    engine: Engine, settings: Settings
) -> None:
    settings.replies.four_eyes_topics = ["training"]
    ingest(engine, context(settings), INQUIRY)
    with Session(engine, expire_on_commit=False) as session:
        draft = drafts(engine)[-1]
        outbox.update_draft(
            session, draft.id or 0, subject=draft.subject, body_text=BODY, actor="claire"
        )
        assert (
            outbox.approve_draft(session, draft.id or 0, actor="claire", role="staff").state
            == "pending_approval"
        )
        with pytest.raises(DraftStateError):
            outbox.approve_draft(session, draft.id or 0, actor="claire", role="staff")
        done = outbox.approve_draft(session, draft.id or 0, actor="marie", role="supervisor")
        assert (done.state, done.approved_by, done.author) == ("approved", "marie", "claire")
        session.commit()
        events = session.execute(
            select(Event.action, Event.actor).where(Event.action.like("draft.%"))
        ).all()  # type: ignore[attr-defined]
    assert ("draft.submitted", "claire") in events and ("draft.approved", "marie") in events


def test_placeholders_must_be_completed_before_approval(engine: Engine, settings: Settings) -> None:
    ingest(engine, context(settings), INQUIRY)
    with Session(engine) as session, pytest.raises(DraftStateError, match="complete"):
        outbox.approve_draft(session, drafts(engine)[-1].id or 0, actor="claire", role="staff")


def test_regenerate_keeps_one_draft_and_uses_the_chosen_template(
    engine: Engine, settings: Settings
) -> None:
    ingest(engine, context(settings), INQUIRY)
    with Session(engine, expire_on_commit=False) as session:
        thread_id = drafts(engine)[0].thread_id
        again = outbox.regenerate_draft(
            session, thread_id, settings=settings, template="en/partnership", actor="claire"
        )
        session.commit()
        assert again.template == "en/partnership.j2" and again.lang == "en"
        assert again.body_text.startswith("Dear Hélène Dupont,")
    assert len(drafts(engine)) == 1
    assert "fr/training" in outbox.list_templates(settings)


def test_reprocessing_never_drafts_twice(engine: Engine, settings: Settings) -> None:
    from mailflow.pipeline import reprocess
    from mailflow.store.models import RawMessage

    ctx = context(settings)
    ingest(engine, ctx, INQUIRY)
    with Session(engine, expire_on_commit=False) as session:
        raw_ids = list(session.execute(select(RawMessage.id)).scalars())
    reprocess(engine, ctx, raw_ids)
    [draft] = drafts(engine)
    with Session(engine, expire_on_commit=False) as session:
        message = session.execute(select(Message)).scalars().one()
    assert draft.in_reply_to_message == message.id
