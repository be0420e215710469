"""Every route of the app with the role it needs, for the access tests (kept in step by a test)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

REF = "COOP-2026-00001"


@dataclass(frozen=True)
class Route:
    method: str
    path: str
    role: str
    """The lowest role allowed; ``public`` for no login."""
    template: str
    """The app's path pattern, to check that the table covers every route."""
    data: dict[str, Any] = field(default_factory=dict)
    json: dict[str, Any] | None = None


ROUTES = [
    Route("GET", "/healthz", "public", "/healthz"),
    Route("GET", "/login", "public", "/login"),
    Route("POST", "/login", "public", "/login"),
    Route("POST", "/logout", "staff", "/logout"),
    Route("POST", "/language", "public", "/language", {"language": "en"}),
    Route("GET", "/profile", "staff", "/profile"),
    Route("POST", "/profile/tokens", "staff", "/profile/tokens", {"name": "t"}),
    Route("POST", "/profile/tokens/1/revoke", "staff", "/profile/tokens/{token_id}/revoke"),
    Route("GET", "/", "staff", "/"),
    Route("GET", f"/threads/{REF}", "staff", "/threads/{ref}"),
    Route(
        "GET",
        f"/threads/{REF}/messages/1/body",
        "staff",
        "/threads/{ref}/messages/{message_id}/body",
    ),
    Route("GET", "/attachments/1", "staff", "/attachments/{attachment_id}"),
    Route(
        "POST",
        f"/threads/{REF}/classification",
        "staff",
        "/threads/{ref}/classification",
        {"topic": "training"},
    ),
    Route(
        "POST", f"/threads/{REF}/assign", "staff", "/threads/{ref}/assign", {"assignee": "staff"}
    ),
    Route("POST", f"/threads/{REF}/status", "staff", "/threads/{ref}/status", {"action": "close"}),
    Route("POST", f"/threads/{REF}/notes", "staff", "/threads/{ref}/notes", {"body": "note"}),
    Route("POST", f"/threads/{REF}/draft", "staff", "/threads/{ref}/draft", {"template": ""}),
    Route("POST", "/drafts/1", "staff", "/drafts/{draft_id}", {"subject": "s", "body_text": "b"}),
    Route("GET", "/drafts/1/preview", "staff", "/drafts/{draft_id}/preview"),
    Route("GET", "/drafts/1/preview/html", "staff", "/drafts/{draft_id}/preview/html"),
    Route("POST", "/drafts/1/approve", "staff", "/drafts/{draft_id}/approve"),
    Route("GET", "/reports", "supervisor", "/reports"),
    Route("GET", "/reports/backlog.csv", "supervisor", "/reports/{table}.csv"),
    Route("GET", "/reports.xlsx", "supervisor", "/reports.xlsx"),
    Route("GET", "/reports.pdf", "supervisor", "/reports.pdf"),
    Route("GET", "/reports.csv", "supervisor", "/reports.csv"),
    Route("GET", "/reports/print", "supervisor", "/reports/print"),
    Route("GET", "/audit", "supervisor", "/audit"),
    Route("GET", "/audit.csv", "supervisor", "/audit.csv"),
    Route("GET", "/admin", "admin", "/admin"),
    Route("GET", "/admin/users", "admin", "/admin/users"),
    Route(
        "POST",
        "/admin/users",
        "admin",
        "/admin/users",
        {"username": "newbie", "password": "long enough pw", "role": "staff"},
    ),
    Route("POST", "/admin/users/staff", "admin", "/admin/users/{username}", {"role": "supervisor"}),
    Route("GET", "/admin/rules", "admin", "/admin/rules"),
    Route("POST", "/admin/rules/reload", "admin", "/admin/rules/reload"),
    Route("GET", "/admin/senders", "admin", "/admin/senders"),
    Route("GET", "/admin/senders.csv", "admin", "/admin/senders.csv"),
    Route("GET", "/admin/threads", "admin", "/admin/threads"),
    Route(
        "POST",
        "/admin/threads/merge",
        "admin",
        "/admin/threads/merge",
        {"target": REF, "sources": "COOP-2026-00002"},
    ),
    Route(
        "POST",
        "/admin/threads/split",
        "admin",
        "/admin/threads/split",
        {"ref": REF, "messages": ["1"]},
    ),
    Route("GET", "/api/openapi.json", "staff", "/api/openapi.json"),
    Route("GET", "/api/threads", "staff", "/api/threads"),
    Route("GET", f"/api/threads/{REF}", "staff", "/api/threads/{ref}"),
    Route(
        "POST",
        f"/api/threads/{REF}/classification",
        "staff",
        "/api/threads/{ref}/classification",
        json={"topic": "training"},
    ),
    Route(
        "POST",
        f"/api/threads/{REF}/assignee",
        "staff",
        "/api/threads/{ref}/assignee",
        json={"assignee": "staff"},
    ),
    Route(
        "POST",
        f"/api/threads/{REF}/status",
        "staff",
        "/api/threads/{ref}/status",
        json={"action": "close"},
    ),
    Route(
        "POST", f"/api/threads/{REF}/notes", "staff", "/api/threads/{ref}/notes", json={"body": "n"}
    ),
    Route("GET", f"/api/threads/{REF}/drafts", "staff", "/api/threads/{ref}/drafts"),
    Route("POST", f"/api/threads/{REF}/drafts", "staff", "/api/threads/{ref}/drafts", json={}),
    Route(
        "PUT",
        "/api/drafts/1",
        "staff",
        "/api/drafts/{draft_id}",
        json={"subject": "s", "body_text": "b"},
    ),
    Route("POST", "/api/drafts/1/approve", "staff", "/api/drafts/{draft_id}/approve", json={}),
    Route("GET", "/api/reports/summary", "supervisor", "/api/reports/summary"),
    Route("GET", "/api/events", "supervisor", "/api/events"),
    Route("GET", "/api/users", "admin", "/api/users"),
    Route("GET", "/api/rules", "admin", "/api/rules"),
    Route("POST", "/api/rules/reload", "admin", "/api/rules/reload", json={}),
    Route("GET", "/api/senders/unmatched", "admin", "/api/senders/unmatched"),
]
RANK = {"public": 0, "staff": 1, "supervisor": 2, "admin": 3}
