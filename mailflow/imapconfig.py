"""The ``[imap]`` section of :class:`mailflow.settings.Settings`: the mailbox to sync.

Beside ``imapconn.py``, which both ``receive/`` and ``send/`` use, as ``receive/smtpconfig.py``
holds ``[smtp]``; ``settings.py`` stays small.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from mailflow.loopback import refuse_clear


class ImapIntake(BaseModel):
    """An IMAP mailbox to sync."""

    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True)

    enabled: bool = False
    """Sync this IMAP mailbox in `mailflow serve`."""
    host: str = "127.0.0.1"
    """IMAP server."""
    port: int = Field(993, ge=1, le=65535)
    """IMAP port (993 for implicit TLS, 143 for STARTTLS or none)."""
    security: Literal["tls", "starttls", "none"] = "tls"
    """`tls` (implicit), `starttls` or `none` (loopback only)."""
    ca_file: Path | None = None
    """CA bundle to verify the server with, instead of the system's."""
    username: str = ""
    """Login name."""
    password: str = Field("", repr=False)
    """Password (prefer `password_file` or MAILFLOW_IMAP__PASSWORD)."""
    password_file: Path | None = None
    """File holding the password."""
    oauth2_token_command: str | None = None
    """Command printing an OAuth2 access token (XOAUTH2, Microsoft 365 / Google)."""
    oauth2_token_file: Path | None = None
    """File holding an OAuth2 access token (XOAUTH2), refreshed by another tool."""
    folders: list[str] = ["INBOX"]
    """Folders to sync."""
    after_commit: Literal["leave", "seen", "keyword", "move"] = "leave"
    """What to do on the server once a message is stored: `leave`, `seen`, `keyword` or `move`."""
    keyword: str = "$MailflowStored"
    """Keyword set when `after_commit = "keyword"`."""
    move_to: str = "Archives/mailflow"
    """Folder used when `after_commit = "move"`."""
    batch_size: int = Field(200, gt=0, le=1000)
    """UIDs fetched per FETCH during a sync."""
    idle_restart_seconds: int = Field(25 * 60, gt=0)
    """IDLE is restarted this often (RFC 2177 advises under 29 minutes)."""
    poll_seconds: int = Field(60, gt=0)
    """Polling interval when the server has no IDLE."""
    drafts_folder: str | None = None
    """Also append drafts to this folder (e.g. `Drafts`), if set."""
    sent_folder: str | None = None
    """Also append sent replies to this folder (e.g. `Sent`), if set."""
    lease_seconds: int = Field(60, ge=2)
    """How long an instance holds a folder without renewing before another may take it."""
    reconnect_max_seconds: int = Field(60, gt=0)
    """Longest wait between reconnection attempts (the backoff doubles up to this)."""

    @model_validator(mode="after")
    def _no_login_in_clear(self) -> ImapIntake:
        if self.security == "none" and (self.enabled or self.drafts_folder or self.sent_folder):
            refuse_clear("imap", self.host, "the IMAP password")
        return self
