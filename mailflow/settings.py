"""Typed configuration: one TOML file plus ``MAILFLOW_*`` environment variables.

Precedence, highest first: environment (``MAILFLOW_DATABASE_URL``,
``MAILFLOW_SMTP__PORT`` for nested keys), the TOML file (``--config`` or
``MAILFLOW_CONFIG``), then the defaults below. Works with no file at all.
A bad value raises :class:`ConfigError` naming the key to fix.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

from mailflow.errors import ConfigError

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Section(BaseModel):
    model_config = {"extra": "forbid"}


class SmtpIntake(Section):
    """The SMTP/LMTP endpoint the mail server delivers to."""

    enabled: bool = False
    host: str = "127.0.0.1"
    port: int = Field(2525, ge=1, le=65535)
    lmtp: bool = False
    hostname: str = "mailflow.localhost"
    accept_domains: list[str] = []
    """Recipient domains accepted besides the addresses in ``our_addresses``."""
    max_message_size: int = Field(25 * 1024 * 1024, gt=0)
    max_sessions: int = Field(100, gt=0)
    timeout_seconds: float = Field(300, gt=0)
    tls_cert: Path | None = None
    tls_key: Path | None = None
    auth_required: bool = False
    auth_users_file: Path | None = None
    """Lines ``user:argon2-hash`` for AUTH PLAIN/LOGIN (only offered after STARTTLS)."""
    max_line_length: int = Field(10000, ge=1000)
    """Longest line accepted in a command or in DATA (RFC 5321 says 1000; real mail is worse)."""


class ImapIntake(Section):
    """An IMAP mailbox to sync."""

    enabled: bool = False
    host: str = "127.0.0.1"
    port: int = Field(993, ge=1, le=65535)
    security: Literal["tls", "starttls", "none"] = "tls"
    ca_file: Path | None = None
    username: str = ""
    password: str = Field("", repr=False)
    password_file: Path | None = None
    oauth2_token_command: str | None = None
    oauth2_token_file: Path | None = None
    folders: list[str] = ["INBOX"]
    after_commit: Literal["leave", "seen", "keyword", "move"] = "leave"
    keyword: str = "$MailflowStored"
    move_to: str = "Archives/mailflow"
    batch_size: int = Field(200, gt=0, le=1000)
    idle_restart_seconds: int = Field(25 * 60, gt=0)
    poll_seconds: int = Field(60, gt=0)
    drafts_folder: str | None = None
    sent_folder: str | None = None
    lease_seconds: int = Field(60, ge=2)
    """How long an instance holds a folder without renewing before another may take it."""
    reconnect_max_seconds: int = Field(60, gt=0)


class Relay(Section):
    """The SMTP relay replies go out through."""

    enabled: bool = False
    host: str = "127.0.0.1"
    port: int = Field(25, ge=1, le=65535)
    security: Literal["none", "starttls", "tls"] = "none"
    username: str = ""
    password: str = Field("", repr=False)
    max_attempts: int = Field(8, gt=0)
    retry_base_seconds: float = Field(60, gt=0)
    retry_max_seconds: float = Field(6 * 3600, gt=0)
    """Longest wait between two attempts (the backoff doubles up to this)."""
    timeout_seconds: float = Field(60, gt=0)
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


class Replies(Section):
    """Reply drafts, acknowledgements and approval (see ``docs/replies.md``)."""

    drafts_enabled: bool = True
    """Draft a reply for every new human inquiry and every partner reply."""
    draft_max_age_days: int = Field(60, gt=0)
    """Older messages (a backfill of years of mail) get no draft."""
    acknowledge_sources: list[str] = ["smtp", "lmtp", "imap"]
    """Intake channels whose mail may be acknowledged (never imported files)."""
    acknowledge_max_age_hours: int = Field(48, gt=0)
    """Only mail dated this recently is acknowledged (never a re-synced backlog)."""
    four_eyes_all: bool = False
    """Every staff reply waits for a supervisor's approval."""
    four_eyes_topics: list[str] = []
    """Topics whose staff replies wait for a supervisor's approval."""
    signature: dict[str, str] = {}
    """Signature per language (``fr``, ``en``). Empty: the staff name and the service."""
    timezone: str = "Europe/Paris"
    """Dates in replies are shown in this zone."""


class Web(Section):
    enabled: bool = True
    host: str = "127.0.0.1"
    port: int = Field(8000, ge=1, le=65535)
    secret_key: str = Field("", repr=False)
    """Signs session cookies. Required when the web app listens beyond loopback."""
    behind_tls: bool = False
    default_language: Literal["fr", "en"] = "fr"
    sla_working_days: int = Field(3, gt=0)
    timezone: str = "Europe/Paris"
    """Time zone dates are shown in, and working days (for the SLA) are counted in."""
    login_max_failures: int = Field(5, gt=0)
    """Failed logins allowed per client address and per username within 5 minutes."""


class Serve(Section):
    """What ``mailflow serve`` runs besides the sections that have their own ``enabled``."""

    pipeline: bool = True
    """Process received messages (parse, thread, classify, draft) in this process."""
    pipeline_interval_seconds: float = Field(5, gt=0)
    outbox_interval_seconds: float = Field(30, gt=0)
    shutdown_grace_seconds: float = Field(30, ge=0)
    instance_name: str = ""
    """Names this process in IMAP leases and logs; empty: ``host:pid``."""


class Settings(BaseSettings):
    """Every setting of mailflow. See ``docs/configuration.md``."""

    model_config = SettingsConfigDict(
        env_prefix="MAILFLOW_", env_nested_delimiter="__", extra="forbid"
    )

    data_dir: Path = Path("data")
    database_url: str = ""
    """SQLAlchemy URL. Empty: a SQLite file ``mailflow.sqlite3`` in ``data_dir``."""
    rules_dir: Path = PROJECT_ROOT / "rules"
    templates_dir: Path = PROJECT_ROOT / "templates"
    organisation_name: str = "Service de la coopération"
    our_addresses: list[str] = ["cooperation@example.org"]
    """The cooperation addresses: accepted by the SMTP endpoint, never auto-answered."""
    reference_prefix: str = "COOP"
    subject_match_days: int = Field(30, gt=0)
    """How long after a thread's last message a reply matched by subject may join it."""
    acknowledge_period_hours: int = Field(24 * 7, ge=0)
    import_batch_size: int = Field(500, gt=0)
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    log_format: Literal["text", "json"] = "text"
    smtp: SmtpIntake = SmtpIntake()
    imap: ImapIntake = ImapIntake()
    relay: Relay = Relay()
    replies: Replies = Replies()
    web: Web = Web()
    serve: Serve = Serve()

    @field_validator("our_addresses")
    @classmethod
    def _addresses_look_like_mail(cls, value: list[str]) -> list[str]:
        bad = [a for a in value if "@" not in a]
        if bad:
            raise ValueError(f"not an e-mail address: {', '.join(bad)}")
        return [a.lower() for a in value]

    @field_validator("reference_prefix")
    @classmethod
    def _prefix_is_plain(cls, value: str) -> str:
        if not value.isalnum() or not value.isupper():
            raise ValueError("use upper-case letters and digits only, e.g. COOP")
        return value

    @model_validator(mode="after")
    def _refuse_unsafe(self) -> Settings:
        listens_publicly = self.web.enabled and self.web.host not in (
            "127.0.0.1",
            "::1",
            "localhost",
        )
        if listens_publicly and len(self.web.secret_key) < 32:
            raise ValueError(
                "web.secret_key must be set (32+ characters) when web.host is not loopback"
            )
        return self

    @property
    def effective_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'mailflow.sqlite3').resolve()}"

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        # Environment beats the file; the file arrives as init kwargs.
        return env_settings, init_settings


def load_settings(config_path: Path | None = None, **overrides: Any) -> Settings:
    """Read the TOML file (if any), the environment and ``overrides``; validate them all."""
    path = config_path or _config_path_from_env()
    data: dict[str, Any] = {}
    if path is not None:
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError as exc:
            raise ConfigError(f"configuration file not found: {path}") from exc
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{path}: not valid TOML: {exc}") from exc
    data.update(overrides)
    try:
        return Settings(**data)
    except ValidationError as exc:
        raise ConfigError(_describe(exc, path)) from exc


def _config_path_from_env() -> Path | None:
    value = os.environ.get("MAILFLOW_CONFIG")
    return Path(value) if value else None


def _describe(exc: ValidationError, path: Path | None) -> str:
    where = f" in {path}" if path else ""
    lines = [f"invalid configuration{where}:"]
    for error in exc.errors():
        key = ".".join(str(part) for part in error["loc"]) or "(top level)"
        env = "MAILFLOW_" + "__".join(str(p) for p in error["loc"]).upper()
        lines.append(f"  {key}: {error['msg']} (TOML key {key!r} or environment {env})")
    return "\n".join(lines)
