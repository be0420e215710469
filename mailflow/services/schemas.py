"""JSON shapes of the API (what OpenAPI documents)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from mailflow.classify.result import PARTNER_TYPES, TOPICS
from mailflow.services.report_stats import Timing

PartnerType = Literal[PARTNER_TYPES]  # type: ignore[valid-type]
Topic = Literal[TOPICS]  # type: ignore[valid-type]


class Out(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class ThreadSummary(Out):
    """A thread as every listing shows it: the inbox, ``GET /api/threads``, ``mailflow threads``."""

    ref: str
    subject: str
    status: str
    partner_type: str
    topic: str
    kind: str
    organisation: str | None
    priority: str
    assignee: str | None
    created_at: datetime
    last_activity_at: datetime
    first_response_at: datetime | None
    resolved_at: datetime | None
    message_count: int


class ThreadPage(BaseModel):
    """A page of a thread listing (``GET /api/threads`` and ``mailflow threads --json``)."""

    threads: list[ThreadSummary]
    next_cursor: str | None = Field(description="Pass as `after` to get the next page.")
    total: int
    counts: dict[str, dict[str, int]] = Field(description="Threads per value of each filter.")
    counts_capped: bool = Field(
        default=False,
        description="A search matched too many messages: total and counts are lower bounds.",
    )


class AttachmentOut(BaseModel):
    id: int
    filename: str
    content_type: str
    size: int
    url: str


class MessageOut(Out):
    id: int
    message_id: str | None = Field(description="The Message-ID header, without <>.")
    direction: str
    attached_by: str = Field(
        description="How it joined the thread: new, header, tag, subject or manual."
    )
    subject: str
    from_addr: str
    from_name: str
    to_addrs: list[str]
    cc_addrs: list[str]
    date: datetime
    body_text: str
    has_html: bool
    kind: str
    lang: str
    partner_type: str
    topic: str
    explanation: list[dict[str, Any]]
    attachments: list[AttachmentOut]


class NoteOut(Out):
    id: int
    author: str
    body: str
    created_at: datetime


class DraftOut(Out):
    id: int
    purpose: str
    template: str
    state: str
    to_addrs: list[str]
    cc_addrs: list[str]
    subject: str
    body_text: str
    attempts: int
    approved_by: str | None
    sent_at: datetime | None
    last_error: str | None


class DraftRow(BaseModel):
    """A draft as ``mailflow drafts`` and ``mailflow outbox`` list it."""

    id: int | None
    thread: str | None
    purpose: str
    state: str
    template: str
    lang: str
    to: list[str]
    subject: str
    author: str | None
    approved_by: str | None
    attempts: int
    next_attempt_at: datetime | None
    message_id: str | None
    sent_at: datetime | None
    delivery_failed: bool
    last_error: str | None
    updated_at: datetime


class ThreadDetail(ThreadSummary):
    partner_type_override: str | None
    topic_override: str | None
    messages: list[MessageOut]
    notes: list[NoteOut]
    drafts: list[DraftOut]


class QuarantinedOut(BaseModel):
    """A stored message the pipeline could not process (``mailflow quarantine --json``)."""

    raw_id: int
    source: str
    origin: str = Field(description="Where it came from: file path, IMAP folder and UID, peer.")
    error: str | None
    received_at: datetime


class ClassificationIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    partner_type: PartnerType | None = None
    topic: Topic | None = None


class AssigneeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    assignee: str = Field("", max_length=64, description="A username; empty to unassign.")


class StatusIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    action: Literal["close", "reopen"]


class NoteIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    body: str = Field(min_length=1, max_length=10_000)


class RegenerateIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    template: str | None = Field(None, max_length=255)


class DraftIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    subject: str = Field(min_length=1, max_length=998)
    body_text: str = Field(min_length=1, max_length=200_000)


class EventOut(Out):
    id: int
    at: datetime
    actor: str
    action: str
    thread_ref: str | None
    data: dict[str, Any]


class UserOut(Out):
    username: str
    display_name: str
    email: str
    role: str
    language: str
    disabled: bool


class RuleFileOut(BaseModel):
    name: str
    sha256: str
    loaded: bool


class RulesOut(BaseModel):
    directory: str
    ok: bool
    error: str | None
    loaded_at: datetime | None
    files: list[RuleFileOut]


class SenderOut(BaseModel):
    addr: str
    name: str
    message_count: int
    last_seen: datetime
    suggestion: str


class Sender(SenderOut):
    """A sender no directory entry matched, as the admin page and its CSV list it."""

    first_seen: datetime


TimingOut = Timing
"""Times of a group of threads started by a partner, in working days (docs/reports.md);
``None`` when nothing of the group was answered (or resolved)."""


@dataclass(frozen=True)
class CrossOut(Timing):
    """The times of one partner type and topic pair."""

    partner_type: str
    topic: str


class StaffOut(BaseModel):
    name: str
    assigned: int = Field(description="Threads of the period assigned to this person now.")
    answered: int = Field(description="Threads of the period in which they sent a reply.")
    replies: int
    first_responses: int = Field(description="Threads whose first reply is theirs.")
    median_days: float | None = Field(description="Median first response of those threads.")


class BreachOut(BaseModel):
    """A thread past its first-response target (or about to be)."""

    ref: str
    subject: str
    received: datetime
    partner_type: str
    topic: str
    status: str
    assignee: str | None
    first_response: datetime | None
    working_days: int = Field(description="Working days taken (up to now when unanswered).")
    target: int
    due: datetime


class FiguresOut(BaseModel):
    start: datetime
    end: datetime
    threads: int
    overall: TimingOut
    reopenings: int
    reopened_threads: int


class ReportOut(BaseModel):
    """``GET /api/reports/summary`` and ``mailflow report --json`` (docs/api.md)."""

    start: datetime
    end: datetime
    step: str = Field(description="week or month: the columns of the volumes.")
    threads: int
    periods: list[str] = Field(description="The volumes' columns: 2026-W03 or 2026-01.")
    period_starts: list[date]
    volume_by_partner_type: dict[str, list[int]]
    volume_by_topic: dict[str, list[int]]
    response_times: list[TimingOut]
    by_partner_type: list[TimingOut]
    by_topic: list[TimingOut]
    cross: list[CrossOut]
    staff: list[StaffOut]
    sla_target_working_days: int = Field(description="The default target.")
    sla_breaches: list[str] = Field(description="References of the threads in breach.")
    breaches: list[BreachOut]
    due_soon: list[BreachOut]
    reopenings: int
    current: FiguresOut
    previous: FiguresOut = Field(description="The same days a year earlier.")
    backlog: dict[str, dict[str, int]]
