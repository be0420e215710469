"""The thread page and its actions; HTML mail shown safely; attachments downloaded safely."""

from __future__ import annotations

from sqlalchemy import Engine, select
from sqlmodel import Session

from mailflow.pipeline import PipelineContext, reprocess
from mailflow.services.threads import find_thread
from mailflow.store.models import Event, Message, Note
from tests.web.conftest import TestClient, csrf_of

REF = "COOP-2026-00001"


def _thread(engine: Engine, ref: str = REF):  # type: ignore[no-untyped-def]
    with Session(engine) as session:
        return find_thread(session, ref)


def test_page_shows_messages_attachments_and_classification(staff: TestClient) -> None:
    page = staff.get(f"/threads/{REF}").text
    assert "nous proposons une convention" in page
    assert "convention été.pdf" in page
    assert "Type de partenaire" in page


def test_html_mail_is_sanitised_framed_and_locked_down(
    staff: TestClient, app_engine: Engine
) -> None:
    page = staff.get("/threads/COOP-2026-00003").text
    assert 'sandbox="allow-popups allow-popups-to-escape-sandbox"' in page
    assert "alert(" not in page
    with Session(app_engine) as session:
        message_id = session.execute(
            select(Message.id).where(Message.subject == "Hostile")
        ).scalar_one()
    body = staff.get(f"/threads/COOP-2026-00003/messages/{message_id}/body")
    csp = body.headers["content-security-policy"]
    assert "img-src 'none'" in csp and "default-src 'none'" in csp and "sandbox" in csp
    for bad in (
        "<script",
        "onerror",
        "onclick",
        "javascript:",
        "203.0.113.9",
        "url(",
        "<iframe",
        "<form",
    ):
        assert bad not in body.text, bad
    with_images = staff.get(
        f"/threads/COOP-2026-00003/messages/{message_id}/body", params={"images": 1}
    )
    assert "http://203.0.113.9/pixel.gif" in with_images.text
    assert "img-src https: http:" in with_images.headers["content-security-policy"]
    text_view = staff.get("/threads/COOP-2026-00003", params={"text": 1}).text
    assert "<iframe" not in text_view and "hostile text" in text_view


def test_message_of_another_thread_is_not_served(staff: TestClient) -> None:
    assert staff.get(f"/threads/{REF}/messages/3/body").status_code == 404
    assert staff.get("/threads/NOPE-1/messages/1/body").status_code == 404


def test_attachment_is_a_download(staff: TestClient) -> None:
    response = staff.get("/attachments/1")
    assert response.status_code == 200
    assert response.headers["content-disposition"].startswith("attachment;")
    assert (
        "filename*=UTF-8''convention%20%C3%A9t%C3%A9.pdf" in response.headers["content-disposition"]
    )
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["content-type"] == "application/octet-stream"
    assert response.content == b"%PDF-1.7 test"
    assert staff.get("/attachments/999").status_code == 404


def test_reclassify_is_audited_and_survives_reprocessing(
    staff: TestClient, app_engine: Engine
) -> None:
    token = csrf_of(staff)
    response = staff.post(
        f"/threads/{REF}/classification", data={"partner_type": "bdp", "csrf_token": token}
    )
    assert response.status_code == 303
    staff.post(f"/threads/{REF}/classification", data={"topic": "partnership", "csrf_token": token})
    thread = _thread(app_engine)
    assert (thread.partner_type, thread.topic) == ("bdp", "partnership")
    with Session(app_engine) as session:
        raw_ids = list(session.execute(select(Message.raw_id)).scalars())
        actions = list(
            session.execute(select(Event.action).where(Event.thread_id == thread.id)).scalars()
        )
    assert actions.count("thread.reclassified") == 2
    reprocess(
        app_engine, PipelineContext(our_addresses=frozenset({"cooperation@example.org"})), raw_ids
    )
    thread = _thread(app_engine)
    assert (thread.partner_type, thread.topic) == ("bdp", "partnership")
    assert "Classement enregistré" in staff.get(f"/threads/{REF}?done=reclassified").text


def test_reclassify_bad_value_changes_nothing(staff: TestClient, app_engine: Engine) -> None:
    response = staff.post(
        f"/threads/{REF}/classification", data={"topic": "astrology", "csrf_token": csrf_of(staff)}
    )
    assert response.status_code == 400
    assert "unknown topic" in response.text
    assert _thread(app_engine).topic == "information"


def test_assign_close_reopen_and_notes(staff: TestClient, app_engine: Engine) -> None:
    token = csrf_of(staff)
    assert (
        staff.post(
            f"/threads/{REF}/assign", data={"assignee": "supervisor", "csrf_token": token}
        ).status_code
        == 303
    )
    assert _thread(app_engine).assignee == "supervisor"
    assert (
        staff.post(
            f"/threads/{REF}/assign", data={"assignee": "ghost", "csrf_token": token}
        ).status_code
        == 400
    )
    assert _thread(app_engine).assignee == "supervisor"
    assert (
        staff.post(
            f"/threads/{REF}/status", data={"action": "close", "csrf_token": token}
        ).status_code
        == 303
    )
    thread = _thread(app_engine)
    assert thread.status == "closed" and thread.resolved_at is not None
    assert (
        staff.post(
            f"/threads/{REF}/status", data={"action": "close", "csrf_token": token}
        ).status_code
        == 409
    )
    assert (
        staff.post(
            f"/threads/{REF}/status", data={"action": "explode", "csrf_token": token}
        ).status_code
        == 400
    )
    assert (
        staff.post(
            f"/threads/{REF}/status", data={"action": "reopen", "csrf_token": token}
        ).status_code
        == 303
    )
    assert _thread(app_engine).status == "open"
    assert (
        staff.post(f"/threads/{REF}/notes", data={"body": "  ", "csrf_token": token}).status_code
        == 400
    )
    assert (
        staff.post(
            f"/threads/{REF}/notes", data={"body": "Rappeler lundi <b>", "csrf_token": token}
        ).status_code
        == 303
    )
    with Session(app_engine) as session:
        assert [n.body for n in session.execute(select(Note)).scalars()] == ["Rappeler lundi <b>"]
    assert "Rappeler lundi &lt;b&gt;" in staff.get(f"/threads/{REF}").text


def test_unknown_thread_is_404(staff: TestClient) -> None:
    assert staff.get("/threads/COOP-1999-00001").status_code == 404
    response = staff.post(
        "/threads/COOP-1999-00001/notes", data={"body": "x", "csrf_token": csrf_of(staff)}
    )
    assert response.status_code == 404
