"""The ``[smtp]`` section of :class:`mailflow.settings.Settings`: the SMTP/LMTP endpoint.

Its own module, as ``parse/limits.py`` holds ``[parse]``: the endpoint's limits against
abuse (docs/security.md, docs/limits.md) are many, and ``settings.py`` stays small.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, model_validator

from mailflow.receive.smtpdata import HELD_COPIES, WRITER_COPIES, session_budget


class SmtpIntake(BaseModel):
    """The SMTP/LMTP endpoint the mail server delivers to."""

    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True)

    enabled: bool = False
    """Run the SMTP/LMTP endpoint in `mailflow serve`."""
    host: str = "127.0.0.1"
    """Address to listen on."""
    port: int = Field(2525, ge=1, le=65535)
    """Port to listen on."""
    lmtp: bool = False
    """Speak LMTP (one answer per recipient) instead of SMTP."""
    hostname: str = "mailflow.localhost"
    """Name in the greeting and EHLO answer (no DNS lookup)."""
    accept_domains: list[str] = []
    """Recipient domains accepted besides the addresses in ``our_addresses``."""
    max_message_size: int = Field(25 * 1024 * 1024, gt=0)
    """Bigger messages are refused with 552."""
    max_sessions: int = Field(100, gt=0)
    """Concurrent sessions; more are refused with 421."""
    max_sessions_per_client: int = Field(10, gt=0)
    """Concurrent sessions from one client address; more from that address get 421 (others
    still get in), so one client cannot hold every session with idle sockets."""
    max_recipients: int = Field(100, gt=0)
    """Recipients accepted in one transaction; the next RCPT gets 452 (RFC 5321 4.5.3.1.10)
    and the sender sends the rest in another transaction."""
    timeout_seconds: float = Field(300, gt=0)
    """Idle time after which a session is closed."""
    tls_cert: Path | None = None
    """PEM certificate: enables STARTTLS (with `tls_key`)."""
    tls_key: Path | None = None
    """PEM private key for `tls_cert`."""
    auth_required: bool = False
    """Require AUTH before MAIL (submission-style use)."""
    auth_users_file: Path | None = None
    """Lines ``user:argon2-hash`` for AUTH PLAIN/LOGIN (only offered after STARTTLS)."""
    auth_attempts_per_session: int = Field(3, gt=0)
    """AUTH attempts checked in one session; the next gets 421 and the session is closed."""
    auth_failures_per_client: int = Field(10, gt=0)
    """Failed AUTH attempts from one client address per `auth_failure_window_seconds`; then
    its AUTH gets 421 until the window ends (addresses kept: 4,096, oldest forgotten)."""
    auth_failure_window_seconds: float = Field(900, gt=0)
    """The window of `auth_failures_per_client`."""
    auth_workers: int = Field(2, gt=0, le=16)
    """Threads verifying AUTH passwords (argon2), off the event loop."""
    auth_max_pending: int = Field(8, gt=0)
    """AUTH verifications running or waiting for a thread; more get 454 at once."""
    max_line_length: int = Field(10000, ge=1000)
    """Longest line accepted in a command or in DATA (RFC 5321 says 1000; real mail is worse)."""
    memory_budget: int = Field(512 * 1024 * 1024, gt=0)
    """Bytes of memory for message data: what all sessions hold at once (a message counts
    five times its size: the session's copy, the database's two while it is written, the
    allocator's slack) plus the store's working room (2 x `max_message_size`). A message
    that does not fit gets 452 and its sender retries later. At least 7 x
    `max_message_size`."""

    @model_validator(mode="after")
    def _budget_fits_a_message(self) -> SmtpIntake:
        if session_budget(self.memory_budget, self.max_message_size) < (
            HELD_COPIES * self.max_message_size
        ):
            raise ValueError(
                f"memory_budget ({self.memory_budget}) must be at least "
                f"{HELD_COPIES + WRITER_COPIES} x max_message_size ({self.max_message_size}), "
                "or the biggest message never fits"
            )
        return self
