"""The signed-in user's profile: who they are, and their API tokens (create, revoke).

A new token is shown once, in the page that answers its creation (never in a URL).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Path, Request
from fastapi.responses import RedirectResponse, Response

from mailflow.services import tokens
from mailflow.services.accounts import require_user
from mailflow.services.bounds import MAX_ID
from mailflow.web.deps import CurrentUser, Db, Staff
from mailflow.web.render import render

router = APIRouter(prefix="/profile")


@router.get("")
def profile(request: Request, db: Db, user: Staff, done: str = "") -> Response:
    if done == "revoked":
        return _page(request, db, user, notice="Token revoked.")
    return _page(request, db, user)


@router.post("/tokens")
def create_token(
    request: Request, db: Db, user: Staff, name: Annotated[str, Form(max_length=64)] = ""
) -> Response:
    account = require_user(db, user.username)
    new = tokens.create_token(db, account, name=name, actor=user.username)
    db.commit()
    return _page(request, db, user, secret=new.secret, notice="Token created.")


@router.post("/tokens/{token_id}/revoke")
def revoke_token(db: Db, user: Staff, token_id: Annotated[int, Path(ge=1, le=MAX_ID)]) -> Response:
    tokens.revoke_token(db, require_user(db, user.username), token_id, actor=user.username)
    db.commit()
    return RedirectResponse("/profile?done=revoked", status_code=303)


def _page(request: Request, db: Db, user: CurrentUser, **shown: str) -> Response:
    """The profile page; ``shown`` may hold a new token's ``secret`` and a ``notice``."""
    listed = tokens.list_tokens(db, require_user(db, user.username))
    context = {"tokens": listed, "secret": None, "notice": None, **shown}
    return render(request, "profile.html", context, user=user)
