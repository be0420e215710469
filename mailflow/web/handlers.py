"""Exceptions to responses: a page for browsers, JSON under /api, a login redirect when needed."""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from mailflow.errors import (
    Conflict,
    Forbidden,
    InvalidInput,
    NotAuthenticated,
    NotFound,
    Refused,
    TooManyAttempts,
)
from mailflow.web.render import render

# The one table from domain refusals to HTTP statuses (the most specific class wins).
STATUS_OF: dict[type[Refused], int] = {
    InvalidInput: 400,
    Forbidden: 403,
    NotFound: 404,
    Conflict: 409,
    TooManyAttempts: 429,
}


def is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def install_handlers(app: FastAPI) -> None:
    app.add_exception_handler(NotAuthenticated, _not_authenticated)  # type: ignore[arg-type]
    app.add_exception_handler(Refused, _user_error)  # type: ignore[arg-type]
    app.add_exception_handler(StarletteHTTPException, _http_error)  # type: ignore[arg-type]
    app.add_exception_handler(RequestValidationError, _validation_error)  # type: ignore[arg-type]


async def _not_authenticated(request: Request, exc: NotAuthenticated) -> Response:
    if is_api(request):
        return JSONResponse(
            {"detail": "authentication required"},
            status_code=401,
            headers={"WWW-Authenticate": 'Bearer realm="mailflow API"'},
        )
    target = request.url.path
    if request.url.query:
        target += "?" + request.url.query
    if request.method != "GET":
        return error_page(request, 401, "Your session has ended: sign in again.")
    return RedirectResponse(f"/login?next={quote(target, safe='')}", status_code=303)


def status_of(exc: Refused) -> int:
    for cls in type(exc).__mro__:
        if cls in STATUS_OF:
            return STATUS_OF[cls]
    return 400


async def _user_error(request: Request, exc: Refused) -> Response:
    return error_page(request, status_of(exc), exc.message)


async def _http_error(request: Request, exc: StarletteHTTPException) -> Response:
    detail = exc.detail if isinstance(exc.detail, str) else "error"
    return error_page(request, exc.status_code, detail, headers=exc.headers)


async def _validation_error(request: Request, exc: RequestValidationError) -> Response:
    problems = [_describe(error) for error in exc.errors()]
    if is_api(request):
        return JSONResponse({"detail": problems}, status_code=422)
    return error_page(request, 422, "; ".join(problems))


def _describe(error: object) -> str:
    if not isinstance(error, dict):
        return str(error)
    where = ".".join(
        str(part) for part in error.get("loc", ()) if part not in ("body", "query", "path")
    )
    return f"{where}: {error.get('msg', 'invalid')}" if where else str(error.get("msg", "invalid"))


def error_page(
    request: Request, status_code: int, message: str, headers: Mapping[str, str] | None = None
) -> Response:
    if is_api(request):
        return JSONResponse(
            {"detail": message}, status_code=status_code, headers=dict(headers or {})
        )
    user = getattr(request.state, "user", None)
    return render(
        request,
        "error.html",
        {"status": status_code, "message": message},
        user=user,
        status_code=status_code,
    )
