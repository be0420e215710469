"""Prometheus ``/metrics``: counters and queue sizes read from the database at each scrape.

Written in the text exposition format (version 0.0.4) by hand: a dozen lines do not need a
client library. Counters come from rows that only grow (raw messages, the append-only
``event`` log), so they survive restarts and agree across instances sharing one database;
gauges are the queues as they stand. A few counters live in the process instead
(:class:`Counter`, e.g. SMTP refusals, which are never stored): they start at zero with the
process, which Prometheus's ``rate()`` and ``increase()`` take in their stride.

The endpoint is off (404) until ``[web] metrics_token`` is set; scrapers then send
``Authorization: Bearer <token>`` (Prometheus: ``authorization: {credentials: ...}``).
"""

from __future__ import annotations

import hmac
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from sqlalchemy import ColumnElement, Connection, Engine, func, select
from sqlalchemy.sql.elements import SQLCoreOperations
from sqlmodel import col
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

from mailflow.states import DraftState
from mailflow.store.models import Draft, Event, RawMessage

__all__ = [
    "CONTENT_TYPE",
    "SMTP_REFUSED",
    "Counter",
    "Metric",
    "collect",
    "metrics_endpoint",
    "render",
]

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
RAW_STATES = ("received", "processed", "quarantined")
OUTBOX_STATES = (
    DraftState.DRAFT,
    DraftState.PENDING,
    DraftState.APPROVED,
    DraftState.SENDING,
    DraftState.FAILED,
)


@dataclass(frozen=True, slots=True)
class Metric:
    """One metric family: name, type, help and its samples (labels → value)."""

    name: str
    kind: str
    help: str
    samples: list[tuple[dict[str, str], float]] = field(default_factory=list)


class Counter:
    """A counter with one label, kept in this process; :meth:`inc` is safe from any thread."""

    def __init__(self, name: str, text: str, label: str, known: tuple[str, ...] = ()) -> None:
        self.name, self.help, self.label = name, text, label
        self._values = dict.fromkeys(known, 0)
        self._lock = threading.Lock()

    def inc(self, value: str, amount: int = 1) -> None:
        with self._lock:
            self._values[value] = self._values.get(value, 0) + amount

    def value(self, value: str) -> int:
        with self._lock:
            return self._values.get(value, 0)

    def metric(self) -> Metric:
        with self._lock:
            values = sorted(self._values.items())
        return Metric(
            self.name, "counter", self.help, [({self.label: k}, float(n)) for k, n in values]
        )


SMTP_REFUSED = Counter(
    "mailflow_smtp_refused_total",
    "SMTP/LMTP commands and sessions refused by policy or a limit, by reason (this process).",
    "reason",
    (
        "recipient",
        "too_many_recipients",
        "sessions",
        "client_sessions",
        "auth_failed",
        "auth_session_limit",
        "auth_client_limit",
        "auth_busy",
        "memory",
    ),
)
PROCESS_COUNTERS = (SMTP_REFUSED,)


def collect(engine: Engine) -> list[Metric]:
    """Every metric: from the database (four grouped COUNT queries), then this process's."""
    actions = ["message.quarantined", "draft.sent", "draft.failed"]
    with engine.connect() as conn:
        by_source = _counts(conn, col(RawMessage.source), col(RawMessage.source) != "sent")
        by_state = _counts(conn, col(RawMessage.state))
        events = _counts(conn, col(Event.action), col(Event.action).in_(actions))
        outbox = _counts(conn, col(Draft.state))
    return [
        Metric(
            "mailflow_received_total",
            "counter",
            "Messages received and stored (after dedupe), by source.",
            [({"source": str(s)}, float(n)) for s, n in sorted(by_source.items())],
        ),
        _single("mailflow_processed_total", "counter",
                "Raw messages processed (a message re-processed into quarantine leaves it).",
                by_state.get("processed", 0)),
        _single("mailflow_quarantined_total", "counter",
                "Times a message was quarantined.", events.get("message.quarantined", 0)),
        _single("mailflow_sent_total", "counter",
                "Replies handed to the relay.", events.get("draft.sent", 0)),
        _single("mailflow_send_failed_total", "counter",
                "Replies the relay refused for good.", events.get("draft.failed", 0)),
        Metric(
            "mailflow_raw_messages",
            "gauge",
            "Raw messages by state (received = waiting for the pipeline).",
            [({"state": s}, float(by_state.get(s, 0))) for s in RAW_STATES],
        ),
        Metric(
            "mailflow_outbox_drafts",
            "gauge",
            "Replies in the outbox by state.",
            [({"state": s}, float(outbox.get(s, 0))) for s in OUTBOX_STATES],
        ),
        *(counter.metric() for counter in PROCESS_COUNTERS),
    ]  # fmt: skip


def _counts(
    conn: Connection, column: SQLCoreOperations[str], where: ColumnElement[bool] | None = None
) -> dict[str, int]:
    query = select(column, func.count()).group_by(column)
    if where is not None:
        query = query.where(where)
    return {str(key): int(n) for key, n in conn.execute(query).all()}


def _single(name: str, kind: str, text: str, value: float) -> Metric:
    return Metric(name, kind, text, [({}, float(value))])


def render(metrics: Iterable[Metric]) -> str:
    """The text exposition format: ``# HELP``, ``# TYPE`` then one line per sample."""
    lines: list[str] = []
    for metric in metrics:
        lines.append(f"# HELP {metric.name} {_escape(metric.help, quote=False)}")
        lines.append(f"# TYPE {metric.name} {metric.kind}")
        for labels, value in metric.samples:
            pairs = ",".join(f'{k}="{_escape(v)}"' for k, v in labels.items())
            lines.append(
                f"{metric.name}{{{pairs}}} {value:g}" if pairs else f"{metric.name} {value:g}"
            )
    return "\n".join(lines) + "\n"


def _escape(value: str, *, quote: bool = True) -> str:
    value = value.replace("\\", "\\\\").replace("\n", "\\n")
    return value.replace('"', '\\"') if quote else value


def metrics_endpoint(token: str, engine: Engine) -> Callable[[Request], Response]:
    """A Starlette endpoint serving :func:`collect` to holders of ``token`` (404 without one)."""

    def endpoint(request: Request) -> Response:  # sync: Starlette runs it in its thread pool
        if not token:
            return PlainTextResponse("Not Found", status_code=404)
        if not _authorised(request.headers.get("authorization", ""), token):
            return PlainTextResponse(
                "bearer token required", status_code=401, headers={"WWW-Authenticate": "Bearer"}
            )
        return PlainTextResponse(render(collect(engine)), media_type=CONTENT_TYPE)

    return endpoint


def _authorised(header: str, token: str) -> bool:
    scheme, _, given = header.partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(
        given.strip().encode(), token.encode()
    )
