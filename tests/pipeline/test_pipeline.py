"""Processing stored messages: threading in the database, quarantine, reprocessing, overrides."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Engine, select
from sqlmodel import Session

from mailflow.classify.result import Classification
from mailflow.parse import ParsedMessage
from mailflow.pipeline import PipelineContext, next_reference, process_pending, reprocess
from mailflow.services.regroup import merge_threads, split_thread
from mailflow.services.threads import find_thread
from mailflow.store.models import Message, RawMessage, Thread
from mailflow.store.raw import Incoming, store_batch
from tests.mailbuilder import build_message

ARRIVAL = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)


def _ingest(engine: Engine, *messages: bytes, ctx: PipelineContext | None = None) -> None:
    store_batch(engine, [Incoming(m, "file", f"test#{i}", ARRIVAL) for i, m in enumerate(messages)])
    process_pending(engine, ctx or PipelineContext())


def _threads(engine: Engine) -> dict[str, str]:
    """Message-ID → thread reference."""
    with Session(engine) as session:
        rows = session.execute(select(Message.message_id, Thread.ref).join(Thread)).all()
    return {str(mid): ref for mid, ref in rows}


def _mail(
    mid: str,
    *,
    subject: str = "Convention 2026",
    sender: str = "a@marseille.fr",
    date: str = "Tue, 10 Mar 2026 09:00:00 +0100",
    **headers: str,
) -> bytes:
    extra = [(k.replace("_", "-"), v) for k, v in headers.items()]
    return build_message(
        message_id=f"<{mid}>", subject=subject, from_=sender, date=date, headers=extra
    )


def test_replies_join_by_headers_even_when_the_child_arrives_first(engine: Engine) -> None:
    child = _mail(
        "c@x.fr",
        subject="Re: Convention 2026",
        In_Reply_To="<p@x.fr>",
        References="<p@x.fr>",
        date="Wed, 11 Mar 2026 09:00:00 +0100",
    )
    parent = _mail("p@x.fr")
    _ingest(engine, child, parent)
    threads = _threads(engine)
    assert threads["c@x.fr"] == threads["p@x.fr"]
    assert threads["c@x.fr"].startswith("COOP-2026-")


def test_reference_tag_joins_and_issued_references_count_up(engine: Engine) -> None:
    _ingest(
        engine,
        _mail("one@x.fr", subject="Demande A"),
        _mail("two@y.fr", subject="Demande B", sender="b@lyon.fr"),
    )
    threads = _threads(engine)
    assert sorted(threads.values()) == ["COOP-2026-00001", "COOP-2026-00002"]
    tagged = _mail(
        "three@z.fr", subject=f"RE: [{threads['two@y.fr']}] autre sujet", sender="c@ailleurs.org"
    )
    _ingest(engine, tagged)
    assert _threads(engine)["three@z.fr"] == threads["two@y.fr"]


def test_outlook_reply_without_references_joins_by_subject_within_organisation(
    engine: Engine,
) -> None:
    _ingest(engine, _mail("orig@x.fr"))
    same_org = _mail(
        "colleague@x.fr",
        subject="RE: Convention 2026",
        sender="boss@marseille.fr",
        date="Fri, 20 Mar 2026 09:00:00 +0100",
    )
    other_org = _mail(
        "stranger@y.fr",
        subject="RE: Convention 2026",
        sender="x@lyon.fr",
        date="Fri, 20 Mar 2026 10:00:00 +0100",
    )
    _ingest(engine, same_org, other_org)
    threads = _threads(engine)
    assert threads["colleague@x.fr"] == threads["orig@x.fr"]
    assert threads["stranger@y.fr"] != threads["orig@x.fr"]
    with Session(engine) as session:
        how = dict(session.execute(select(Message.message_id, Message.attached_by)).all())
    assert how == {"orig@x.fr": "new", "colleague@x.fr": "subject", "stranger@y.fr": "new"}


def test_missing_and_duplicate_message_ids(engine: Engine) -> None:
    no_id = build_message(message_id=None, subject="Sans identifiant", text="un\n")
    first = _mail("same@x.fr", subject="Premier")
    second = build_message(
        message_id="<same@x.fr>", subject="Autre message", from_="z@autre.org", text="autre\n"
    )
    _ingest(engine, no_id, first, second)
    with Session(engine) as session:
        rows = session.execute(select(Message.subject, Message.thread_id, Message.defects)).all()
    by_subject = {s: (t, d) for s, t, d in rows}
    assert len(by_subject) == 3
    assert by_subject["Premier"][0] != by_subject["Autre message"][0]
    assert "duplicate-message-id" in by_subject["Autre message"][1]


class _Exploding:
    def classify(self, msg: ParsedMessage) -> Classification:
        if "boom" in msg.subject:
            raise RuntimeError("classifier bug")
        return Classification(lang=msg.lang)


def test_a_failing_message_is_quarantined_and_the_rest_goes_on(engine: Engine) -> None:
    ctx = PipelineContext(classifier=_Exploding)
    _ingest(
        engine,
        _mail("ok@x.fr"),
        _mail("bad@x.fr", subject="boom"),
        _mail("ok2@x.fr", subject="Autre"),
        ctx=ctx,
    )
    with Session(engine) as session:
        states = dict(session.execute(select(RawMessage.source_detail, RawMessage.state)).all())
        error = session.execute(
            select(RawMessage.error).where(RawMessage.state == "quarantined")
        ).scalar_one()
    assert states == {"test#0": "processed", "test#1": "quarantined", "test#2": "processed"}
    assert "RuntimeError: classifier bug" in error
    with Session(engine) as session:
        raw_id = session.execute(
            select(RawMessage.id).where(RawMessage.state == "quarantined")
        ).scalar_one()
    report = reprocess(engine, PipelineContext(), [raw_id])
    assert (report.processed, report.quarantined) == (1, 0)
    assert "bad@x.fr" in _threads(engine)


def test_merge_and_split_survive_reprocessing(engine: Engine) -> None:
    _ingest(
        engine,
        _mail("a@x.fr", subject="Sujet A"),
        _mail("b@y.fr", subject="Sujet B", sender="b@lyon.fr"),
    )
    threads = _threads(engine)
    with Session(engine) as session:
        merge_threads(session, threads["a@x.fr"], [threads["b@y.fr"]], actor="alice")
        session.commit()
    assert len(set(_threads(engine).values())) == 1
    with Session(engine) as session:
        all_raw = list(session.execute(select(RawMessage.id)).scalars())
    reprocess(engine, PipelineContext(), all_raw)
    merged = _threads(engine)
    assert merged["a@x.fr"] == merged["b@y.fr"] == threads["a@x.fr"]

    with Session(engine) as session:
        b_id = session.execute(
            select(Message.id).where(Message.message_id == "b@y.fr")
        ).scalar_one()
        new_ref = next_reference(session, "COOP", 2026)
        split_thread(
            session, threads["a@x.fr"], [b_id], actor="alice", prefix="COOP", new_ref=new_ref
        )
        session.commit()
    reprocess(engine, PipelineContext(), all_raw)
    after = _threads(engine)
    assert after["b@y.fr"] == new_ref != after["a@x.fr"]
    with Session(engine) as session:
        thread = find_thread(session, new_ref)
        assert thread is not None and thread.message_count == 1


def test_reprocessing_keeps_thread_references_stable(engine: Engine) -> None:
    _ingest(engine, _mail("a@x.fr", subject="Sujet A"))
    before = _threads(engine)
    with Session(engine) as session:
        ids = list(session.execute(select(RawMessage.id)).scalars())
    reprocess(engine, PipelineContext(), ids)
    reprocess(engine, PipelineContext(), ids)
    assert _threads(engine) == before
    with Session(engine) as session:
        assert len(session.execute(select(Thread.id)).all()) == 1


def test_contacts_and_partners_are_recorded(engine: Engine) -> None:
    from mailflow.classify.result import Classification
    from mailflow.store.models import Contact, Partner

    class _Directory:
        def classify(self, msg: ParsedMessage) -> Classification:
            return Classification(
                partner_type="bdp",
                organisation="Médiathèque départementale de la Drôme",
                lang=msg.lang,
            )

    ctx = PipelineContext(
        classifier=_Directory, our_addresses=frozenset({"cooperation@example.org"})
    )
    _ingest(
        engine,
        _mail("p1@ladrome.fr", sender="Anne <anne@ladrome.fr>"),
        _mail("p2@ladrome.fr", subject="Autre", sender="Paul <paul@ladrome.fr>"),
        _mail("p3@ladrome.fr", subject="Encore", sender="anne@ladrome.fr"),
        ctx=ctx,
    )
    with Session(engine) as session:
        partners = session.execute(select(Partner)).scalars().all()
        contacts = {c.addr: c for c in session.execute(select(Contact)).scalars()}
    assert [(p.organisation, p.partner_type) for p in partners] == [
        ("Médiathèque départementale de la Drôme", "bdp")
    ]
    assert contacts["anne@ladrome.fr"].message_count == 2
    assert contacts["anne@ladrome.fr"].name == "Anne"
    assert {c.partner_id for c in contacts.values()} == {partners[0].id}
    assert all(c.matched_directory for c in contacts.values())


def test_a_message_another_process_finished_meanwhile_keeps_its_rows(engine: Engine) -> None:
    """Two processes read the same waiting message; the other one writes it first (the
    serve pipeline loop and the outbox threading a sent copy, or two instances)."""
    store_batch(engine, [Incoming(_mail("race@x.fr"), "file", "test#race", ARRIVAL)])

    class _OtherProcessFirst:
        """Classifies after the other process has processed and committed the message."""

        def classify(self, msg: ParsedMessage) -> Classification:
            process_pending(engine, PipelineContext())
            return Classification(lang=msg.lang)

    process_pending(engine, PipelineContext(classifier=_OtherProcessFirst))
    with Session(engine) as session:
        states = session.execute(select(RawMessage.state)).scalars().all()
        messages = session.execute(select(Message.message_id)).scalars().all()
    assert states == ["processed"]
    assert messages == ["race@x.fr"]
