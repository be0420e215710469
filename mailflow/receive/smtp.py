"""The SMTP/LMTP endpoint: store the raw bytes, answer, nothing else.

The handler only checks recipients and hands the bytes to the :class:`GroupWriter`; it
answers ``250`` once they are committed, ``451 4.3.0`` when they could not be (the
sending MTA retries), and never ``500`` for a local fault. Parsing and the rest of the
pipeline run later, from the store, so they cannot fail a session.

Limits against one client taking the endpoint (docs/security.md): sessions per client
address (``421`` to that address only), recipients per transaction (``452``), AUTH attempts
per session and per address (:mod:`mailflow.receive.smtpauth`). Refusals are counted in
``mailflow_smtp_refused_total`` and logged at most once a minute per client and reason.
"""

from __future__ import annotations

import asyncio
import logging
import ssl
from typing import Any

from aiosmtpd.lmtp import LMTP
from aiosmtpd.smtp import MISSING, SMTP, AuthResult, Envelope, LoginPassword, Session

from mailflow.clock import utc_now
from mailflow.errors import ConfigError, StoreFull, StoreUnavailable
from mailflow.logs import safe
from mailflow.metrics import SMTP_REFUSED
from mailflow.receive.recipients import RecipientPolicy
from mailflow.receive.smtpauth import Authenticator, read_users
from mailflow.receive.smtpconfig import SmtpIntake
from mailflow.receive.smtpdata import OVER_BUDGET, MemoryBudget, read_data, session_budget
from mailflow.receive.throttle import RefusalLog, SessionTracker
from mailflow.receive.writer import GroupWriter
from mailflow.settings import Settings
from mailflow.store.raw import Incoming

log = logging.getLogger("mailflow.smtp")

TEMPFAIL = "451 4.3.0 Temporary local problem, please try again later"
TOO_MANY_RECIPIENTS = "452 4.5.3 Too many recipients"
STORE_FULL = "452 4.3.1 Insufficient system storage, please try again later"


class IntakeHandler:
    """aiosmtpd handler: recipient policy at RCPT, durable store at DATA."""

    def __init__(
        self,
        writer: GroupWriter,
        policy: RecipientPolicy,
        source: str,
        *,
        max_recipients: int,
        refusals: RefusalLog,
    ) -> None:
        self.writer = writer
        self.policy = policy
        self.source = source
        self.max_recipients = max_recipients
        self.refusals = refusals

    async def handle_RCPT(
        self, server: SMTP, session: Session, envelope: Envelope, address: str, options: list[str]
    ) -> str:
        if len(envelope.rcpt_tos) >= self.max_recipients:
            self.refusals.refused("too_many_recipients", client_of(session), "a recipient")
            return TOO_MANY_RECIPIENTS
        if not self.policy.accepts(address):
            what = f"recipient <{safe(address)}>"
            self.refusals.refused("recipient", client_of(session), what)
            return "550 5.1.1 Recipient address rejected: not accepted here"
        envelope.rcpt_tos.append(address)
        envelope.rcpt_options.extend(options)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        data = envelope.original_content or b""
        detail = _detail(session, envelope)
        try:
            stored = await self.writer.store(Incoming(data, self.source, detail, utc_now()))
        except StoreFull as exc:
            log.error("452 for %s: %s", detail, exc)
            return STORE_FULL
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


def client_of(session: Session | None) -> str:
    """The client's address (no port): what the per-client limits count by."""
    peer = session.peer if session is not None else None
    return safe(peer[0] if isinstance(peer, tuple) else peer, 100)


def _detail(session: Session, envelope: Envelope) -> str:
    peer = client_of(session)
    rcpts = ",".join(envelope.rcpt_tos)
    return safe(f"peer={peer} from=<{envelope.mail_from or ''}> to=<{rcpts}>", 1000)


class _Unchecked(AuthResult):
    """Credentials aiosmtpd has parsed, not yet checked (see ``_IntakeProtocol._authenticate``)."""


class _IntakeProtocol(SMTP):
    """Fixes aiosmtpd's defaults for an MTA-facing endpoint: 451 on faults, session caps,
    AUTH checked off the event loop and within limits."""

    def __init__(
        self,
        handler: IntakeHandler,
        *,
        line_length_limit: int,
        sessions: SessionTracker,
        budget: MemoryBudget,
        auth: Authenticator | None,
        **kwargs: Any,
    ) -> None:
        # SMTP.__init__ sizes its stream reader from this attribute, so set it first.
        self.line_length_limit = line_length_limit
        self._sessions = sessions
        self._budget = budget
        self._auth = auth
        self._auth_attempts = 0
        super().__init__(handler, **kwargs)

    async def smtp_DATA(self, arg: str) -> None:
        # aiosmtpd's own, but for the reading (mailflow.receive.smtpdata): bare-LF lines are
        # taken as sent, and the bytes held count against the sessions' memory budget.
        if await self.check_helo_needed() or await self.check_auth_needed("DATA"):
            return
        assert self.envelope is not None
        if not self.envelope.rcpt_tos:
            await self.push("503 Error: need RCPT command")
            return
        if arg:
            await self.push("501 Syntax: DATA")
            return
        await self.push("354 End data with <CR><LF>.<CR><LF>")
        received = await read_data(
            self._reader, size_limit=self.data_size_limit, budget=self._budget
        )
        try:
            if received.refusal is not None:
                if received.refusal == OVER_BUDGET:
                    self._sessions.refused_over_budget(client_of(self.session))
                self._set_post_data_state()  # type: ignore[no-untyped-call]
                await self.push(received.refusal)
                return
            self.envelope.content = self.envelope.original_content = received.content
            status = await self._call_handler_hook("DATA")
            self._set_post_data_state()  # type: ignore[no-untyped-call]
            await self.push("250 OK" if status is MISSING else status)
        finally:
            self._budget.give(received.held)

    async def handle_exception(self, error: Exception) -> str:
        # aiosmtpd answers 500 here, which makes the sending MTA bounce the mail.
        log.error("session fault with %s: %r", self.session.peer if self.session else "?", error)
        return TEMPFAIL

    def _authenticate(self, mechanism: str, auth_data: Any) -> AuthResult:
        # aiosmtpd's auth_PLAIN/auth_LOGIN call this without awaiting it, on the loop: only
        # note the credentials here; _checked verifies them in a thread.
        return _Unchecked(success=False, handled=False, auth_data=(mechanism, auth_data))

    async def auth_PLAIN(self, _: Any, args: list[str]) -> AuthResult:
        return await self._checked(await super().auth_PLAIN(_, args))

    async def auth_LOGIN(self, _: Any, args: list[str]) -> AuthResult:
        return await self._checked(await super().auth_LOGIN(_, args))

    async def _checked(self, result: AuthResult) -> AuthResult:
        if not isinstance(result, _Unchecked):  # malformed or aborted: already answered
            return result
        assert result.auth_data is not None
        mechanism, credentials = result.auth_data
        if self._auth is None or not isinstance(credentials, LoginPassword):
            return AuthResult(success=False, handled=False)
        self._auth_attempts += 1
        outcome = await self._auth.check(
            client_of(self.session),
            self._auth_attempts,
            mechanism,
            credentials.login,
            credentials.password,
        )
        if outcome.user is not None:
            return AuthResult(success=True, auth_data=outcome.user)
        if not outcome.close:
            return AuthResult(success=False, handled=False, message=outcome.reply)
        await self.push(outcome.reply)
        assert self.transport is not None
        self.transport.close()
        return AuthResult(success=False, handled=True)

    async def _handle_client(self) -> None:
        refusal = self._sessions.enter(self, client_of(self.session))
        if refusal is not None:
            await self.push(refusal)
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
        self.refusals = RefusalLog(SMTP_REFUSED)
        self.handler = IntakeHandler(
            writer,
            policy,
            self.source,
            max_recipients=config.max_recipients,
            refusals=self.refusals,
        )
        self.sessions = SessionTracker(
            config.max_sessions, config.max_sessions_per_client, self.refusals
        )
        self.budget = MemoryBudget(session_budget(config.memory_budget, config.max_message_size))
        self._tls = tls_context(config)
        self.authenticator: Authenticator | None = None
        if config.auth_required:
            if self._tls is None or config.auth_users_file is None:
                raise ConfigError(
                    "smtp.auth_required needs smtp.tls_cert/tls_key and smtp.auth_users_file"
                )
            users = read_users(config.auth_users_file)
            self.authenticator = Authenticator(users, config, self.refusals)
        self._server: asyncio.Server | None = None

    def _protocol(self) -> _IntakeProtocol:
        kind = IntakeLMTP if self.config.lmtp else IntakeSMTP
        return kind(
            self.handler,
            line_length_limit=self.config.max_line_length,
            sessions=self.sessions,
            budget=self.budget,
            data_size_limit=self.config.max_message_size,
            enable_SMTPUTF8=True,
            decode_data=False,
            hostname=self.config.hostname,
            ident="mailflow",
            timeout=self.config.timeout_seconds,
            tls_context=self._tls,
            auth=self.authenticator,
            auth_required=self.config.auth_required,
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
        if self.authenticator is not None:
            self.authenticator.close()
        log.info("%s endpoint stopped", self.source.upper())
