"""Odd inputs from signed-in users: every id, cursor and date parameter answers 4xx, never 500.

The fuzz list covers every route with an int path parameter or a cursor/date query (the
audit of issue 16 found 46 of 1,156 such requests answering 500, from three root causes).
"""

from __future__ import annotations

import base64
import json
import warnings
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute
from sqlalchemy import Engine
from sqlmodel import Session, select

from mailflow.services.bounds import MAX_ID
from mailflow.services.sessions import start_session
from mailflow.store.events import record_event
from mailflow.store.models import User
from mailflow.web.sessions import COOKIE_NAME
from tests.web.routes_table import REF

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

TOO_BIG = str(MAX_ID + 1)  # 2**31: PostgreSQL's INTEGER overflows
HUGE = "9" * 40
BAD_IDS = [TOO_BIG, str(2**63), str(2**63 - 1), HUGE, "-1", "0", "-" + TOO_BIG, "1e400", "nan"]
BAD_DAYS = ["0001-01-01", "9999-12-31", "1969-12-31", "2101-01-01", "0000-01-01", "2026-02-30"]
BAD_TIMES = [
    "0001-01-01T00:00:00",
    "9999-12-31T23:59:59",
    "9999-12-31T23:59:59-14:00",
    "0001-01-01T00:00:00+14:00",
]


def _cursor(*values: Any) -> str:
    return base64.urlsafe_b64encode(json.dumps(values).encode()).decode().rstrip("=")


def _raw_cursor(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


BAD_CURSORS = [
    _raw_cursor('["activity", "2026-03-10T09:00:00+00:00", Infinity]'),
    _raw_cursor('["activity", "2026-03-10T09:00:00+00:00", NaN]'),
    _raw_cursor('["priority", -Infinity, "2026-03-10T09:00:00+00:00", 1]'),
    _raw_cursor('["age", "2026-03-10T09:00:00+00:00", 1e999]'),
    _cursor("activity", "2026-03-10T09:00:00+00:00", 2**31),
    _cursor("activity", "2026-03-10T09:00:00+00:00", 2**63),
    _cursor("activity", "2026-03-10T09:00:00+00:00", -(2**63) - 1),
    _cursor("activity", "2026-03-10T09:00:00+00:00", 10**400),
    _cursor("activity", "0001-01-01T00:00:00+00:00", 1),
    _cursor("activity", "9999-12-31T23:59:59-14:00", 1),
    _cursor("activity", "2026-03-10T09:00:00", 1),
    _cursor("activity", "2026-03-10T09:00:00+00:00", True),
    _cursor("activity", "2026-03-10T09:00:00+00:00", 1.5),
    _cursor("activity", {"a": 1}, 1),
    _cursor("activity"),
    _cursor("priority", 2**70, "2026-03-10T09:00:00+00:00", 1),
    _cursor({"sort": "activity"}),
    _raw_cursor("{}"),
    _raw_cursor("[]"),
    _raw_cursor("1"),
    "%%%",
    "a",
]


Request = tuple[str, str, dict[str, Any]]
REPORT_PATHS = [
    "/reports",
    "/reports/backlog.csv",
    "/reports.csv",
    "/reports.xlsx",
    "/reports.pdf",
    "/reports/print",
    "/api/reports/summary",
]


def _ids() -> Iterator[Request]:
    for bad in BAD_IDS:
        yield "GET", f"/attachments/{bad}", {}
        yield "GET", f"/threads/{REF}/messages/{bad}/body", {}
        yield "GET", f"/threads/{REF}", {"params": {"images": bad}}
        yield "GET", "/audit", {"params": {"before": bad}}
        yield "GET", "/api/events", {"params": {"before": bad}}
        yield "POST", "/admin/threads/split", {"data": {"ref": REF, "messages": [bad]}}
        yield "POST", f"/profile/tokens/{bad}/revoke", {"data": {}}


def _draft_ids() -> Iterator[Request]:
    for bad in BAD_IDS:
        yield "GET", f"/drafts/{bad}/preview", {}
        yield "GET", f"/drafts/{bad}/preview/html", {}
        yield "POST", f"/drafts/{bad}", {"data": {"subject": "s", "body_text": "b"}}
        yield "POST", f"/drafts/{bad}/approve", {"data": {}}
        yield "PUT", f"/api/drafts/{bad}", {"json": {"subject": "s", "body_text": "b"}}
        yield "POST", f"/api/drafts/{bad}/approve", {"json": {}}


def _cursors() -> Iterator[Request]:
    for cursor in BAD_CURSORS:
        for sort in ("activity", "age", "priority"):
            yield "GET", "/", {"params": {"after": cursor, "sort": sort}}
            yield "GET", "/api/threads", {"params": {"after": cursor, "sort": sort}}
    for when in BAD_TIMES + BAD_DAYS:
        yield "GET", "/", {"params": {"since": when}}
        yield "GET", "/api/threads", {"params": {"since": when}}


def _audit_days() -> Iterator[Request]:
    for day in BAD_DAYS:
        for name in ("start", "end"):
            yield "GET", "/audit", {"params": {name: day}}
            yield "GET", "/audit.csv", {"params": {name: day}}


def _report_days() -> Iterator[Request]:
    for day in BAD_DAYS:
        for name in ("start", "end"):
            for path in REPORT_PATHS:
                yield "GET", path, {"params": {name: day}}


FUZZ = {
    "ids": _ids,
    "draft-ids": _draft_ids,
    "cursors": _cursors,
    "audit-days": _audit_days,
    "report-days": _report_days,
}


def session_cookie(app: FastAPI, engine: Engine, username: str) -> str:
    """A signed-in session cookie of ``username``, made in the store rather than by the login
    form (these tests are about what signed-in users send, whatever the login does)."""
    with Session(engine) as session:
        user = session.exec(select(User).where(User.username == username)).one()
        token = start_session(session, user)
        session.commit()
    return str(app.state.web.signer.dumps(token))


def signed_in(client: TestClient, app: FastAPI, engine: Engine, username: str) -> TestClient:
    client.cookies.set(COOKIE_NAME, session_cookie(app, engine, username))
    return client


@pytest.fixture
def fuzz_client(app: FastAPI, app_engine: Engine) -> Iterator[TestClient]:
    """An admin client that answers 500 instead of raising, so every request is counted."""
    with TestClient(
        app, base_url="http://testserver", follow_redirects=False, raise_server_exceptions=False
    ) as test_client:
        yield signed_in(test_client, app, app_engine, "admin")


def _csrf(client: TestClient) -> str:
    page = client.get("/admin/users").text
    return page.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]


@pytest.mark.parametrize("group", list(FUZZ))
def test_fuzz_list_gives_no_500(fuzz_client: TestClient, group: str) -> None:
    token = _csrf(fuzz_client)
    failures = []
    for method, path, kwargs in FUZZ[group]():
        if "data" in kwargs:
            kwargs = {**kwargs, "data": {**kwargs["data"], "csrf_token": token}}
        response = fuzz_client.request(method, path, headers={"X-CSRF-Token": token}, **kwargs)
        if response.status_code >= 500 or _cut(path, response):
            failures.append((response.status_code, method, path, kwargs.get("params")))
    assert not failures, "\n".join(map(str, failures))


def test_fuzz_list_covers_every_id_cursor_and_date_parameter(app: FastAPI) -> None:
    """Every route with an int path parameter or an id, cursor or date query is in the list."""
    fuzzed = [(method, path) for group in FUZZ.values() for method, path, _kw in group()]
    routes = [
        r
        for inc in app.routes
        if hasattr(inc, "original_router")
        for r in inc.original_router.routes
        if isinstance(r, APIRoute)
    ]
    missing = []
    for route in routes:
        if not _takes_bounded_input(route):
            continue
        if not any(
            method in route.methods and route.path_regex.match(path) for method, path in fuzzed
        ):
            missing.append(f"{sorted(route.methods)} {route.path}")
    assert not missing, missing


def _takes_bounded_input(route: APIRoute) -> bool:
    def params(dependant: Any) -> Iterator[Any]:
        yield from dependant.path_params
        yield from dependant.query_params
        yield from dependant.body_params
        for sub in dependant.dependencies:
            yield from params(sub)

    for param in params(route.dependant):
        kind = str(param.field_info.annotation)
        if param.name in BOUNDED_ELSEWHERE:
            continue
        if any(word in kind for word in ("int", "date")) or param.name in ("after", "before"):
            return True
    return False


BOUNDED_ELSEWHERE = {"limit"}
"""Parameters the route already declares with Query(ge=..., le=...)."""


def _cut(path: str, response: Any) -> bool:
    """A CSV answered 200 must be complete: its last line ends with CRLF."""
    return (
        path.endswith(".csv") and response.status_code == 200 and not response.text.endswith("\r\n")
    )


@pytest.mark.parametrize(
    ("path", "params", "status", "words"),
    [
        ("/attachments/9223372036854775808", {}, 422, "attachment_id"),
        (f"/attachments/{MAX_ID}", {}, 404, "attachment"),
        ("/", {"after": BAD_CURSORS[0]}, 400, "cursor"),
        ("/api/threads", {"after": BAD_CURSORS[0]}, 400, "cursor"),
        ("/", {"since": "0001-01-01T00:00:00"}, 400, "1970"),
        ("/audit", {"start": "0001-01-01"}, 400, "1970"),
        ("/audit.csv", {"start": "0001-01-01"}, 400, "1970"),
        ("/audit.csv", {"end": "9999-12-31"}, 400, "2100"),
    ],
)
def test_out_of_range_answers_a_message(
    fuzz_client: TestClient, path: str, params: dict[str, str], status: int, words: str
) -> None:
    response = fuzz_client.get(path, params=params)
    assert response.status_code == status, response.text
    assert words in response.text


def test_audit_csv_streams_every_row_to_the_end(
    fuzz_client: TestClient, app_engine: Engine
) -> None:
    """More rows than one page of the reader (1,000): the download is whole."""
    with Session(app_engine) as session:
        for i in range(2_500):
            record_event(session, "test.filler", actor="fuzz", data={"i": i})
        session.commit()
    whole = fuzz_client.get("/audit.csv", params={"start": "1970-01-01", "actor": "fuzz"})
    assert whole.status_code == 200
    lines = whole.text.split("\r\n")
    assert lines[-1] == ""
    assert len(lines) == 2_500 + 2  # header, rows, the empty rest after the last CRLF
