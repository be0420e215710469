"""The inbox page: the queue of threads with filters, search, sort and counts."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from mailflow.services.listing import (
    FACETS,
    SORTS,
    UNASSIGNED,
    facet_counts,
    thread_page,
)
from mailflow.services.threads import assignee_names
from mailflow.web.deps import Db, Staff, get_state
from mailflow.web.filters import ThreadQuery
from mailflow.web.render import render

router = APIRouter()


@router.get("/")
def inbox(
    request: Request,
    db: Db,
    user: Staff,
    f: ThreadQuery,
    after: str | None = None,
) -> Response:
    counts = get_state(request).counts.get_or_compute(f, lambda: facet_counts(db, f))
    page = thread_page(db, f, after=after, counts=counts)
    return render(
        request,
        "inbox.html",
        {
            "filter": f,
            "params": f.params(),
            "page": page,
            "counts": counts,
            "total": page.total,
            "facets": FACETS,
            "sorts": SORTS,
            "assignees": assignee_names(db),
            "unassigned": UNASSIGNED,
            "after": after,
        },
        user=user,
    )
