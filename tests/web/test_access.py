"""Every route: without login → redirect or 401; wrong role → 403; write without CSRF → 403."""

from __future__ import annotations

from typing import Any

from fastapi.routing import APIRoute

from tests.web.conftest import TestClient, csrf_of, login
from tests.web.routes_table import RANK, ROUTES, Route


def _send(client: TestClient, route: Route, **extra: Any) -> Any:
    kwargs: dict[str, Any] = dict(extra)
    if route.method != "GET":
        if route.json is not None:
            kwargs["json"] = route.json
        else:
            kwargs["data"] = {**route.data, **kwargs.pop("data", {})}
    return client.request(route.method, route.path, **kwargs)


def test_table_covers_every_route(app: Any) -> None:
    routes = [
        r
        for inc in app.routes
        if hasattr(inc, "original_router")
        for r in inc.original_router.routes
    ]
    served = {(method, r.path) for r in routes if isinstance(r, APIRoute) for method in r.methods}
    listed = {(r.method, r.template) for r in ROUTES}
    assert served == listed


def test_unauthenticated(client: TestClient) -> None:
    for route in ROUTES:
        if route.role == "public":
            continue
        response = _send(client, route)
        if route.path.startswith("/api/"):
            assert response.status_code == 401, route
            assert response.headers["www-authenticate"].startswith("Bearer")
        elif route.method == "GET":
            assert response.status_code == 303, route
            assert response.headers["location"].startswith("/login?next=")
        else:
            assert response.status_code in (401, 403), route


def test_wrong_role_is_forbidden(client: TestClient) -> None:
    for username in ("staff", "supervisor"):
        login(client, username)
        token = csrf_of(client)
        for route in ROUTES:
            if RANK[route.role] <= RANK[username]:
                continue
            response = _send(client, route, headers={"X-CSRF-Token": token})
            assert response.status_code == 403, (username, route, response.text[:300])
        client.cookies.clear()


def test_writes_without_csrf_are_refused(admin: TestClient) -> None:
    for route in ROUTES:
        if route.method == "GET" or route.path in ("/language",):
            continue
        response = _send(admin, route)
        assert response.status_code == 403, (route, response.status_code, response.text[:300])
        wrong = _send(admin, route, headers={"X-CSRF-Token": "forged"})
        assert wrong.status_code == 403, route
    assert admin.get("/").status_code == 200  # still signed in: nothing was done


def test_login_without_csrf_is_refused(client: TestClient) -> None:
    response = client.post("/login", data={"username": "staff", "password": "x" * 12})
    assert response.status_code == 403
