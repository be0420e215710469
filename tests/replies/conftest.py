"""Fixtures for replies: a capture SMTP relay on loopback, settings that point at it, intake."""

from __future__ import annotations

import socket
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import Engine, select
from sqlmodel import Session

from mailflow.classify.result import Actions, Classification
from mailflow.parse import ParsedMessage
from mailflow.pipeline import PipelineContext, process_pending
from mailflow.send.hook import ReplyHook
from mailflow.settings import Settings, load_settings
from mailflow.store.models import Draft
from mailflow.store.raw import Incoming, store_batch
from tests.intake.conftest import dovecot, imap_user  # noqa: F401  (the private Dovecot)

REPO = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 3, 10, 9, 30, tzinfo=UTC)
OURS = "cooperation@example.org"


def free_port() -> int:
    # aiosmtpd's Controller does not report the port it got for port=0: pick one ourselves.
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Delivery:
    mail_from: str
    rcpt_tos: list[str]
    data: bytes

    @property
    def message(self) -> EmailMessage:
        parsed = message_from_bytes(self.data, policy=policy.default)
        assert isinstance(parsed, EmailMessage)
        return parsed


@dataclass
class CaptureHandler:
    """Answers DATA with the next scripted reply ("451 ...", "554 ..."), then "250 OK"."""

    script: list[str] = field(default_factory=list)
    delivered: list[Delivery] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        answer = self.script.pop(0) if self.script else "250 OK queued as TEST"
        if answer.startswith("250"):
            self.delivered.append(
                Delivery(envelope.mail_from, list(envelope.rcpt_tos), envelope.content)
            )
        else:
            self.refused.append(answer)
        return answer


@pytest.fixture
def relay() -> Iterator[CaptureHandler]:
    handler = CaptureHandler()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    handler.port = controller.port  # type: ignore[attr-defined]
    try:
        yield handler
    finally:
        controller.stop()


def make_settings(tmp_path: Path, port: int = 25, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "data_dir": tmp_path,
        "our_addresses": [OURS, "cooperation@bpi.fr"],
        "templates_dir": REPO / "templates",
        "organisation_name": "Service de la coopération",
        "relay": {
            "enabled": True,
            "host": "127.0.0.1",
            "port": port,
            "retry_base_seconds": 60,
            "timeout_seconds": 10,
        },
    }
    values.update(overrides)
    return load_settings(None, **values)


@pytest.fixture
def settings(tmp_path: Path, relay: CaptureHandler) -> Settings:
    return make_settings(tmp_path, relay.port)  # type: ignore[attr-defined]


class FixedClassifier:
    """Rules stand-in: every message gets ``kind`` (or what ``kinds`` says) and ``actions``."""

    def __init__(
        self, actions: Actions, kinds: dict[str, str] | None = None, topic: str = "training"
    ):
        self.actions, self.kinds, self.topic = actions, kinds or {}, topic

    def classify(self, msg: ParsedMessage) -> Classification:
        kind = self.kinds.get(msg.message_id or "", "human")
        return Classification(lang=msg.lang, kind=kind, topic=self.topic, actions=self.actions)


def context(
    settings: Settings,
    *,
    acknowledge: bool = False,
    kinds: dict[str, str] | None = None,
    clock: Callable[[], datetime] = lambda: NOW,
    template: str | None = None,
) -> PipelineContext:
    classifier = FixedClassifier(Actions(acknowledge=acknowledge, template=template), kinds)
    return PipelineContext(
        classifier=lambda: classifier,
        our_addresses=frozenset(settings.our_addresses),
        after_message=[ReplyHook(settings, clock=clock)],
    )


def ingest(engine: Engine, ctx: PipelineContext, *messages: bytes, source: str = "smtp") -> None:
    store_batch(engine, [Incoming(m, source, f"test#{i}", NOW) for i, m in enumerate(messages)])
    process_pending(engine, ctx)


def drafts(engine: Engine, purpose: str | None = None) -> list[Draft]:
    with Session(engine, expire_on_commit=False) as session:
        query = select(Draft).order_by(Draft.id)  # type: ignore[arg-type]
        if purpose:
            query = query.where(Draft.purpose == purpose)  # type: ignore[arg-type]
        return list(session.execute(query).scalars().all())
