"""The ``[relay]`` section of :class:`mailflow.settings.Settings`: where replies go out.

Its own module, as ``receive/smtpconfig.py`` holds ``[smtp]``; ``settings.py`` stays small.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from mailflow.loopback import refuse_clear


class Relay(BaseModel):
    """The SMTP relay replies go out through."""

    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True)

    enabled: bool = False
    """Send approved replies (the outbox) through this relay."""
    host: str = "127.0.0.1"
    """SMTP relay host."""
    port: int = Field(25, ge=1, le=65535)
    """SMTP relay port."""
    security: Literal["none", "starttls", "tls"] = "none"
    """`none`, `starttls` or `tls` (implicit); `none` with a `username` only to a loopback host."""
    username: str = ""
    """Login for AUTH, if the relay wants one."""
    password: str = Field("", repr=False)
    """Password for AUTH (prefer MAILFLOW_RELAY__PASSWORD)."""
    max_attempts: int = Field(8, gt=0)
    """Temporary failures are retried this many times before the reply is marked failed."""
    retry_base_seconds: float = Field(60, gt=0)
    """First retry delay; it doubles at each attempt."""
    retry_max_seconds: float = Field(6 * 3600, gt=0)
    """Longest wait between two attempts (the backoff doubles up to this)."""
    timeout_seconds: float = Field(60, gt=0)
    """Network timeout of one relay conversation."""
    local_hostname: str | None = None
    """Name given in EHLO; the machine's name when empty."""
    claim_timeout_seconds: float = Field(900, gt=0)
    """A reply left in ``sending`` longer than this is treated as interrupted by a crash."""
    from_address: str = ""
    """Envelope and ``From`` address of replies. Empty: the first of ``our_addresses``."""
    reply_to: str = ""
    """``Reply-To`` of replies. Empty: the ``From`` address."""
    message_id_domain: str = ""
    """Right-hand side of our Message-IDs. Empty: the domain of the ``From`` address."""

    @model_validator(mode="after")
    def _no_auth_in_clear(self) -> Relay:
        if self.enabled and self.username and self.security == "none":
            refuse_clear("relay", self.host, "the relay password")
        return self
