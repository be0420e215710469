"""The inbox page: the queue of threads with filters, search, sort and counts."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from mailflow.web.deps import Db, Staff, get_state
from mailflow.web.queries.inbox import (
    FACETS,
    SORTS,
    UNASSIGNED,
    InboxFilter,
    facet_counts,
    inbox_page,
    total_count,
)
from mailflow.web.queries.users import assignee_names
from mailflow.web.render import render

router = APIRouter()


@router.get("/")
def inbox(
    request: Request,
    db: Db,
    user: Staff,
    status: str = "",
    partner_type: str = "",
    topic: str = "",
    kind: str = "",
    assignee: str = "",
    q: Annotated[str, Query(max_length=200)] = "",
    sort: str = "activity",
    after: str | None = None,
) -> Response:
    f = InboxFilter(
        status=status,
        partner_type=partner_type,
        topic=topic,
        kind=kind,
        assignee=assignee,
        q=q,
        sort=sort,
    )
    page = inbox_page(db, f, cursor=after)
    counts = get_state(request).counts.get_or_compute(f, lambda: facet_counts(db, f))
    return render(
        request,
        "inbox.html",
        {
            "filter": f,
            "params": f.params(),
            "page": page,
            "counts": counts,
            "total": total_count(counts, f),
            "facets": FACETS,
            "sorts": SORTS,
            "assignees": assignee_names(db),
            "unassigned": UNASSIGNED,
            "after": after,
        },
        user=user,
    )
