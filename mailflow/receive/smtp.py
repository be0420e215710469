"""The SMTP/LMTP endpoint: store the raw bytes, answer, nothing else.

The handler only checks recipients and hands the bytes to the :class:`GroupWriter`; it
answers ``250`` once they are committed, ``451 4.3.0`` when they could not be (the
sending MTA retries), and never ``500`` for a local fault. Parsing and the rest of the
pipeline run later, from the store, so they cannot fail a session.
"""

from __future__ import annotations

import asyncio
import logging
import ssl
from typing import Any

from aiosmtpd.lmtp import LMTP
from aiosmtpd.smtp import SMTP, Envelope, Session

from mailflow.clock import utc_now
from mailflow.errors import ConfigError, StoreUnavailable
from mailflow.logs import safe
from mailflow.receive.recipients import RecipientPolicy
from mailflow.receive.smtpauth import Authenticator, read_users
from mailflow.receive.writer import GroupWriter
from mailflow.settings import Settings, SmtpIntake
from mailflow.store.raw import Incoming

log = logging.getLogger("mailflow.smtp")

TEMPFAIL = "451 4.3.0 Temporary local problem, please try again later"


class IntakeHandler:
    """aiosmtpd handler: recipient policy at RCPT, durable store at DATA."""

    def __init__(self, writer: GroupWriter, policy: RecipientPolicy, source: str) -> None:
        self.writer = writer
        self.policy = policy
        self.source = source

    async def handle_RCPT(
        self, server: SMTP, session: Session, envelope: Envelope, address: str, options: list[str]
    ) -> str:
        if not self.policy.accepts(address):
            log.info("refused recipient %s from %s", safe(address), session.peer)
            return "550 5.1.1 Recipient address rejected: not accepted here"
        envelope.rcpt_tos.append(address)
        envelope.rcpt_options.extend(options)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        data = envelope.original_content or b""
        detail = _detail(session, envelope)
        try:
            stored = await self.writer.store(Incoming(data, self.source, detail, utc_now()))
        except StoreUnavailable as exc:
            log.warning("451 for %s: %s", detail, exc)
            return TEMPFAIL
        log.info(
            "stored raw %s%s (%d bytes) %s",
            stored.raw_id,
            " (duplicate)" if stored.duplicate else "",
            len(data),
            detail,
        )
        return f"250 2.0.0 Stored as {stored.raw_id}"


def _detail(session: Session, envelope: Envelope) -> str:
    peer = session.peer[0] if isinstance(session.peer, tuple) else session.peer
    rcpts = ",".join(envelope.rcpt_tos)
    return safe(f"peer={peer} from=<{envelope.mail_from or ''}> to=<{rcpts}>", 1000)


class _IntakeProtocol(SMTP):
    """Fixes aiosmtpd's defaults for an MTA-facing endpoint: 451 on faults, session cap."""

    def __init__(
        self,
        handler: IntakeHandler,
        *,
        line_length_limit: int,
        sessions: SessionTracker,
        **kwargs: Any,
    ) -> None:
        # SMTP.__init__ sizes its stream reader from this attribute, so set it first.
        self.line_length_limit = line_length_limit
        self._sessions = sessions
        super().__init__(handler, **kwargs)

    async def handle_exception(self, error: Exception) -> str:
        # aiosmtpd answers 500 here, which makes the sending MTA bounce the mail.
        log.error("session fault with %s: %r", self.session.peer if self.session else "?", error)
        return TEMPFAIL

    async def _handle_client(self) -> None:
        if not self._sessions.enter(self):
            await self.push("421 4.3.2 Too many connections, try again later")
            assert self.transport is not None
            self.transport.close()
            return
        try:
            await super()._handle_client()
        finally:
            self._sessions.leave(self)

    @property
    def in_transaction(self) -> bool:
        return self.envelope is not None and self.envelope.mail_from is not None


class IntakeSMTP(_IntakeProtocol):
    """SMTP for the institution's MTA (or direct delivery)."""


class IntakeLMTP(_IntakeProtocol, LMTP):
    """LMTP with one reply per accepted recipient after DATA (RFC 2033).

    aiosmtpd sends a single reply (aio-libs/aiosmtpd#517); the message is stored once for
    all recipients, so the one status is repeated for each recipient accepted at RCPT.
    """

    _data_rcpts = 0
    _armed = 0

    async def smtp_DATA(self, arg: str) -> None:
        self._data_rcpts = len(self.envelope.rcpt_tos) if self.envelope else 0
        await super().smtp_DATA(arg)
        self._data_rcpts = 0

    async def push(self, status: Any) -> None:
        if self._armed:
            count, self._armed = self._armed, 0
            for _ in range(count):
                await super().push(status)
            return
        if self._data_rcpts and str(status).startswith("354"):
            self._armed = self._data_rcpts  # the next reply is DATA's final one
        await super().push(status)


class SessionTracker:
    """The open sessions: caps how many, and lets shutdown wait for transactions to end."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.open: set[_IntakeProtocol] = set()

    def enter(self, protocol: _IntakeProtocol) -> bool:
        if len(self.open) >= self.limit:
            log.warning("refused a session: %d open (smtp.max_sessions)", len(self.open))
            return False
        self.open.add(protocol)
        return True

    def leave(self, protocol: _IntakeProtocol) -> None:
        self.open.discard(protocol)

    def busy(self) -> int:
        return sum(1 for p in self.open if p.in_transaction)


def tls_context(config: SmtpIntake) -> ssl.SSLContext | None:
    if config.tls_cert is None and config.tls_key is None:
        return None
    if config.tls_cert is None or config.tls_key is None:
        raise ConfigError("smtp.tls_cert and smtp.tls_key go together")
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    try:
        context.load_cert_chain(config.tls_cert, config.tls_key)
    except (OSError, ssl.SSLError) as exc:
        raise ConfigError(f"smtp.tls_cert/tls_key: cannot load: {exc}") from exc
    return context


class SmtpEndpoint:
    """The listening endpoint, in the running event loop; :meth:`stop` drains it."""

    def __init__(self, settings: Settings, writer: GroupWriter) -> None:
        config = settings.smtp
        self.config = config
        self.source = "lmtp" if config.lmtp else "smtp"
        policy = RecipientPolicy.build(settings.our_addresses, config.accept_domains)
        self.handler = IntakeHandler(writer, policy, self.source)
        self.sessions = SessionTracker(config.max_sessions)
        self._tls = tls_context(config)
        self._authenticator: Authenticator | None = None
        if config.auth_required:
            if self._tls is None or config.auth_users_file is None:
                raise ConfigError(
                    "smtp.auth_required needs smtp.tls_cert/tls_key and smtp.auth_users_file"
                )
            self._authenticator = Authenticator(read_users(config.auth_users_file))
        self._server: asyncio.Server | None = None

    def _protocol(self) -> _IntakeProtocol:
        kind = IntakeLMTP if self.config.lmtp else IntakeSMTP
        return kind(
            self.handler,
            line_length_limit=self.config.max_line_length,
            sessions=self.sessions,
            data_size_limit=self.config.max_message_size,
            enable_SMTPUTF8=True,
            decode_data=False,
            hostname=self.config.hostname,
            ident="mailflow",
            timeout=self.config.timeout_seconds,
            tls_context=self._tls,
            auth_required=self.config.auth_required,
            authenticator=self._authenticator,
        )

    async def start(self) -> None:
        loop = asyncio.get_running_loop()
        self._server = await loop.create_server(self._protocol, self.config.host, self.config.port)
        log.info("%s endpoint listening on %s:%d", self.source.upper(), self.config.host, self.port)

    @property
    def port(self) -> int:
        assert self._server is not None
        return int(self._server.sockets[0].getsockname()[1])

    async def stop(self, grace: float) -> None:
        """Stop accepting; let transactions in flight finish (up to ``grace`` s); close."""
        if self._server is None:
            return
        self._server.close()
        deadline = asyncio.get_running_loop().time() + grace
        while self.sessions.busy() and asyncio.get_running_loop().time() < deadline:
            await asyncio.sleep(0.05)
        for protocol in list(self.sessions.open):
            if protocol.transport is not None:
                protocol.transport.close()
        await self._server.wait_closed()
        log.info("%s endpoint stopped", self.source.upper())
