"""Who may move a draft between the outbox's states (the states are ``DraftState``)."""

from __future__ import annotations

from mailflow.states import DraftState, Role

EDITABLE = (DraftState.DRAFT, DraftState.PENDING, DraftState.FAILED)
"""Text can change; an edit withdraws any approval given so far."""
APPROVABLE = (DraftState.DRAFT, DraftState.PENDING, DraftState.FAILED)
SUPERVISORS = (Role.SUPERVISOR, Role.ADMIN)
