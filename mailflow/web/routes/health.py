"""``/healthz``: unauthenticated liveness and database check for load balancers and ``serve``."""

from __future__ import annotations

import logging

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from mailflow.web.deps import get_state

router = APIRouter()
log = logging.getLogger("mailflow.web")


@router.get("/healthz")
def healthz(request: Request) -> JSONResponse:
    try:
        with get_state(request).engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except SQLAlchemyError as exc:
        log.error("health check: database unavailable: %s", exc)
        return JSONResponse({"status": "error", "database": "unavailable"}, status_code=503)
    return JSONResponse({"status": "ok", "database": "ok"})
