"""Acknowledgements: sent with Auto-Submitted, never to robots, lists, bounces, or twice."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, select
from sqlmodel import Session

from mailflow.send import outbox
from mailflow.settings import Settings
from mailflow.store.models import Draft, Event, RawMessage
from tests.conftest import corpus_dir
from tests.mailbuilder import build_message
from tests.replies.conftest import NOW, OURS, CaptureHandler, context, drafts, ingest, make_settings


def _mail(
    mid: str,
    sender: str = "paul@bdp-calvados.fr",
    subject: str = "Adhésion au réseau",
    **headers: str,
) -> bytes:
    extra = [(k.replace("_", "-"), v) for k, v in headers.items()]
    return build_message(
        message_id=f"<{mid}>",
        from_=sender,
        to=OURS,
        subject=subject,
        date="Tue, 10 Mar 2026 09:00:00 +0100",
        headers=extra,
        text="Bonjour,\nComment adhérer ?\n",
    )


def test_acknowledgement_is_sent_with_auto_submitted_and_the_reference(
    engine: Engine, settings: Settings, relay: CaptureHandler
) -> None:
    ctx = context(settings, acknowledge=True)
    ingest(engine, ctx, _mail("a1@calvados.fr"))
    [ack] = drafts(engine, "ack")
    assert (ack.state, ack.to_addrs, ack.template) == (
        "approved",
        ["paul@bdp-calvados.fr"],
        "fr/ack.j2",
    )
    assert outbox.send_and_thread(engine, settings, ctx, now=NOW).sent == [ack.id]
    [delivery] = relay.delivered
    message = delivery.message
    assert delivery.mail_from == "<>"  # null envelope sender: a bounce of an ack goes nowhere
    assert message["Auto-Submitted"] == "auto-replied"
    assert message["Subject"] == "Re: Adhésion au réseau [COOP-2026-00001]"
    text = message.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert "enregistré sous la référence COOP-2026-00001" in text
    assert "« Adhésion au réseau »" in text.replace("\u00a0", " ")
    assert "Claire" not in text and text.rstrip().endswith(")")  # signed by the service only


def test_one_acknowledgement_per_sender_per_period(engine: Engine, settings: Settings) -> None:
    ctx = context(settings, acknowledge=True)
    ingest(engine, ctx, _mail("b1@calvados.fr", subject="Première demande"))
    ingest(engine, ctx, _mail("b2@calvados.fr", subject="Seconde demande, autre sujet"))
    assert len(drafts(engine, "ack")) == 1
    with Session(engine) as session:
        reasons = [
            e.data["reason"]
            for e in session.execute(select(Event).where(Event.action == "ack.skipped")).scalars()
        ]
    assert reasons and reasons[0].startswith("sender already acknowledged")
    later = context(settings, acknowledge=True, clock=lambda: NOW + timedelta(days=8))
    ingest(
        engine,
        later,
        _mail("b3@calvados.fr", subject="Troisième demande").replace(
            b"10 Mar 2026", b"18 Mar 2026"
        ),
    )
    assert len(drafts(engine, "ack")) == 2


@pytest.mark.parametrize(
    ("sender", "headers", "source"),
    [
        (OURS, {}, "smtp"),
        ("noreply@mailjet.com", {}, "smtp"),
        ("no-reply@abf.asso.fr", {}, "smtp"),
        ("MAILER-DAEMON@mx.calvados.fr", {}, "smtp"),
        ("postmaster@calvados.fr", {}, "smtp"),
        ("paul@bdp-calvados.fr", {"Auto_Submitted": "auto-generated"}, "smtp"),
        ("paul@bdp-calvados.fr", {"Precedence": "bulk"}, "smtp"),
        ("paul@bdp-calvados.fr", {"List_Id": "<info.abf.asso.fr>"}, "smtp"),
        ("paul@bdp-calvados.fr", {"Return_Path": "<>"}, "smtp"),
        ("paul@bdp-calvados.fr", {}, "file"),  # a backfill import is never acknowledged
    ],
)
def test_no_acknowledgement_to_robots_lists_or_imports(
    engine: Engine, settings: Settings, sender: str, headers: dict[str, str], source: str
) -> None:
    ingest(
        engine,
        context(settings, acknowledge=True),
        _mail("c1@x.fr", sender=sender, **headers),
        source=source,
    )
    assert drafts(engine, "ack") == []


def test_auto_submitted_no_is_acknowledged(engine: Engine, settings: Settings) -> None:
    ingest(engine, context(settings, acknowledge=True), _mail("d1@x.fr", Auto_Submitted="no"))
    assert len(drafts(engine, "ack")) == 1


def test_acknowledgements_are_off_unless_a_rule_asks(engine: Engine, settings: Settings) -> None:
    ingest(engine, context(settings), _mail("e1@x.fr"))
    assert drafts(engine, "ack") == [] and len(drafts(engine, "reply")) == 1


@pytest.mark.corpus
def test_dev_corpus_no_ack_for_auto_reply_bounce_or_bulk(
    sqlite_engine: Engine, tmp_path: Path
) -> None:
    dev = corpus_dir("dev")
    labels = [
        json.loads(line) for line in (dev / "labels.jsonl").read_text().splitlines() if line.strip()
    ]
    by_file = {row["file"]: row for row in labels}
    files = sorted(dev.glob("*.eml"))
    kind_of = {f"test#{i}": by_file[path.name]["kind"] for i, path in enumerate(files)}
    kinds = {row["message_id"].strip("<>"): row["kind"] for row in labels if row["message_id"]}
    settings = make_settings(tmp_path, replies={"acknowledge_max_age_hours": 24 * 365 * 5})
    latest = NOW.replace(year=2027)
    for trusting_kinds in (
        kinds,
        {},
    ):  # the labelled kinds, then "everything is human": headers alone
        engine = sqlite_engine if trusting_kinds else _fresh(tmp_path)
        ctx = context(settings, acknowledge=True, kinds=trusting_kinds, clock=lambda: latest)
        ingest(engine, ctx, *[path.read_bytes() for path in files])
        with Session(engine) as session:
            acked = session.execute(
                select(RawMessage.source_detail, Draft.ack_to)
                .join(Draft, Draft.raw_id == RawMessage.id)
                .where(Draft.purpose == "ack")
            ).all()
            assert (
                session.execute(select(RawMessage).where(RawMessage.state != "processed")).first()
                is None
            )
        wrongly = [(detail, kind_of[detail]) for detail, _ in acked if kind_of[detail] != "human"]
        assert wrongly == [], f"acknowledged non-human mail: {wrongly}"
        senders = [addr for _, addr in acked]
        assert len(senders) == len(set(senders)), (
            "a sender was acknowledged twice within the period"
        )
        assert acked, "the human inquiries of the corpus should get acknowledgements"


def _fresh(tmp_path: Path) -> Engine:
    from mailflow.store import migrate
    from mailflow.store.db import make_engine

    engine = make_engine(f"sqlite:///{tmp_path / 'second.sqlite3'}")
    migrate.upgrade(engine)
    return engine
