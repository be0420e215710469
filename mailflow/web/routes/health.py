"""``/healthz``: unauthenticated liveness and database check for load balancers and ``serve``."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from mailflow.services.health import database_ok
from mailflow.web.deps import get_state

router = APIRouter()


@router.get("/healthz")
def healthz(request: Request) -> JSONResponse:
    if not database_ok(get_state(request).engine):
        return JSONResponse({"status": "error", "database": "unavailable"}, status_code=503)
    return JSONResponse({"status": "ok", "database": "ok"})
