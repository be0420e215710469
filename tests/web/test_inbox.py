"""The inbox: filters, counts, full-text search, sorting, keyset pagination, bad input."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from mailflow.services import search
from mailflow.services.listing import ThreadFilter, thread_rows
from mailflow.services.threads import find_thread
from mailflow.store.models import Thread
from tests.web.conftest import TestClient


def _refs(html: str) -> list[str]:
    return re.findall(r'<td><a href="/threads/([^"]+)">', html)


def test_lists_threads_with_counts(staff: TestClient) -> None:
    page = staff.get("/").text
    assert len(_refs(page)) == 3
    assert "Nouvelle (3)" in page  # status counts, in French


def test_filters_and_counts(staff: TestClient, app_engine: Engine) -> None:
    with Session(app_engine) as session:
        thread = find_thread(session, "COOP-2026-00002")
        assert thread is not None
        thread.status, thread.topic = "open", "training"
        session.commit()
    page = staff.get("/", params={"status": "open"}).text
    assert _refs(page) == ["COOP-2026-00002"]
    page = staff.get("/", params={"topic": "training", "status": "new"}).text
    assert _refs(page) == []
    assert "Aucune conversation" in page


def test_full_text_search(staff: TestClient) -> None:
    assert _refs(staff.get("/", params={"q": "convention"}).text) == ["COOP-2026-00001"]
    assert _refs(staff.get("/", params={"q": "formation numériq"}).text) == ["COOP-2026-00002"]
    assert _refs(staff.get("/", params={"q": "mallory@evil.example"}).text) == ["COOP-2026-00003"]
    assert _refs(staff.get("/", params={"q": "COOP-2026-00002"}).text) == ["COOP-2026-00002"]
    assert _refs(staff.get("/", params={"q": 'nothing"here OR'}).text) == []


def test_keyset_pagination_and_sorts(app_engine: Engine) -> None:
    start = datetime(2025, 1, 1, tzinfo=UTC)
    with Session(app_engine) as session:
        for i in range(7):
            at = start + timedelta(hours=i // 2)  # equal timestamps: the id breaks ties
            session.add(
                Thread(
                    ref=f"T-{i}",
                    subject=f"t{i}",
                    created_at=at,
                    last_activity_at=at,
                    priority="high" if i % 3 == 0 else "normal",
                    tags=[],
                )
            )
        session.commit()
        for sort in ("activity", "age", "priority"):
            seen: list[str] = []
            cursor = None
            while True:
                page = thread_rows(session, ThreadFilter(sort=sort), after=cursor, limit=3)
                seen += [t.ref for t in page.threads]
                cursor = page.next_cursor
                if cursor is None:
                    break
            assert len(seen) == len(set(seen)) == 10, sort
        oldest = thread_rows(session, ThreadFilter(sort="age"), limit=1).threads[0]
        assert oldest.ref == "T-0"


def test_bad_input_is_refused(staff: TestClient) -> None:
    response = staff.get("/", params={"after": "garbage"})
    assert response.status_code == 400
    assert "invalid page cursor" in response.text
    assert staff.get("/", params={"sort": "nope"}).status_code == 400
    assert staff.get("/", params={"q": "x" * 300}).status_code == 422


def test_search_beyond_the_count_cap(staff: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    """More matching messages than MATCH_CAP: the page still lists every match (exact
    query), the counts cover the most recent matches only and say so with a "+"."""
    monkeypatch.setattr(search, "MATCH_CAP", 1)
    page = staff.get("/", params={"q": "d"}).text  # "Demande de…", "Journée d'étude…"
    assert sorted(_refs(page)) == ["COOP-2026-00001", "COOP-2026-00002"]
    assert "(1+)" in page
    body = staff.get("/api/threads", params={"q": "d"}).json()
    assert body["counts_capped"] is True
    assert len(body["threads"]) == 2
    monkeypatch.setattr(search, "MATCH_CAP", 1000)
    body = staff.get("/api/threads", params={"q": "d", "sort": "age"}).json()  # not cached
    assert body["counts_capped"] is False
    assert body["total"] == 2
