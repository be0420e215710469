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
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator
from pydantic.functional_validators import AfterValidator
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

from mailflow.errors import ConfigError
from mailflow.imapconfig import ImapIntake
from mailflow.loopback import is_loopback
from mailflow.parse.limits import ParseLimits
from mailflow.receive.smtpconfig import SmtpIntake
from mailflow.send.relayconfig import Relay
from mailflow.workdays import CalendarConfig, SlaTargets, WorkingCalendar, known_zone

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Section(BaseModel):
    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True)


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
    """Run the web app in `mailflow serve`."""
    host: str = "127.0.0.1"
    """Address to listen on."""
    port: int = Field(8000, ge=1, le=65535)
    """Port to listen on."""
    secret_key: str = Field("", repr=False)
    """Signs session cookies. Required when the web app listens beyond loopback."""
    behind_tls: bool = False
    """Served over HTTPS (by a reverse proxy): session cookies get the Secure flag."""
    default_language: Literal["fr", "en"] = "fr"
    """Language of the interface for users who have not chosen one."""
    sla_working_days: int = Field(3, gt=0)
    """Default first-response target in working days: the same value as `sla.working_days`."""
    timezone: Annotated[str, AfterValidator(known_zone)] = "Europe/Paris"
    """Time zone dates are shown in, and working time (`[calendar]`) is counted in."""
    login_max_failures: int = Field(5, gt=0)
    """Failed logins allowed per (client address, username); then a delay, doubled each time."""
    login_address_max_failures: int = Field(20, gt=0)
    """Failed logins allowed per client address, all usernames together; then a delay."""
    login_max_concurrent: int = Field(4, gt=0, le=64)
    """Password checks run at once (each argon2 check takes 64 MiB); more are answered 429."""
    login_table_size: int = Field(10_000, ge=100)
    """Keys the login limiter remembers; the oldest is dropped to make room."""
    metrics_token: str = Field("", repr=False)
    """Bearer token for Prometheus scrapes of `/metrics`; empty: `/metrics` answers 404."""


class Serve(Section):
    """What ``mailflow serve`` runs besides the sections that have their own ``enabled``."""

    pipeline: bool = True
    """Process received messages (parse, thread, classify, draft) in this process."""
    pipeline_interval_seconds: float = Field(5, gt=0)
    """How often waiting raw messages are looked for (intake also wakes the pipeline)."""
    outbox_interval_seconds: float = Field(30, gt=0)
    """How often the outbox is sent (when `relay.enabled`)."""
    shutdown_grace_seconds: float = Field(30, ge=0)
    """On SIGTERM/SIGINT, time given to work in flight before exiting."""
    instance_name: str = ""
    """Names this process in IMAP leases and logs; empty: the host and a hash of `data_dir`."""


class Settings(BaseSettings):
    """Every setting of mailflow. See ``docs/configuration.md``."""

    model_config = SettingsConfigDict(
        env_prefix="MAILFLOW_",
        env_nested_delimiter="__",
        extra="forbid",
        use_attribute_docstrings=True,
    )

    data_dir: Path = Path("data")
    """Where the SQLite database (and nothing else) lives."""
    database_url: str = ""
    """SQLAlchemy URL. Empty: a SQLite file ``mailflow.sqlite3`` in ``data_dir``."""
    database_lock_timeout_seconds: float = Field(15, gt=0)
    """How long a statement waits for a lock another connection holds; then it fails, and
    SMTP/LMTP intake answers 451 at once rather than holding the sending server."""
    rules_dir: Path = PROJECT_ROOT / "rules"
    """Rule files (see docs/rules.md)."""
    templates_dir: Path = PROJECT_ROOT / "templates"
    """Reply templates (see docs/replies.md)."""
    organisation_name: str = "Service de la coopération"
    """The service's name, used in signatures."""
    our_addresses: list[str] = ["cooperation@example.org"]
    """The cooperation addresses: accepted by the SMTP endpoint, never auto-answered."""
    reference_prefix: str = "COOP"
    """Prefix of thread references: `[COOP-2026-00042]`."""
    subject_match_days: int = Field(30, gt=0)
    """How long after a thread's last message a reply matched by subject may join it."""
    acknowledge_period_hours: int = Field(24 * 7, ge=0)
    """At most one acknowledgement per sender in this period (RFC 3834)."""
    import_batch_size: int = Field(500, gt=0)
    """Messages per transaction when importing and processing."""
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    """Log level."""
    log_format: Literal["text", "json"] = "text"
    """`text` or `json` (one object per line)."""
    smtp: SmtpIntake = SmtpIntake()
    imap: ImapIntake = ImapIntake()
    relay: Relay = Relay()
    replies: Replies = Replies()
    web: Web = Web()
    serve: Serve = Serve()
    parse: ParseLimits = ParseLimits()
    """Bounds of the parse stage against hostile mail (see docs/limits.md)."""
    calendar: CalendarConfig = CalendarConfig()
    """Working days and hours, public holidays (see docs/reports.md)."""
    sla: SlaTargets = SlaTargets()
    """First-response targets in working days (see docs/reports.md)."""

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
        listens_publicly = self.web.enabled and not is_loopback(self.web.host)
        if listens_publicly and len(self.web.secret_key) < 32:
            raise ValueError(
                "web.secret_key must be set (32+ characters) when web.host is not loopback"
            )
        return self

    @model_validator(mode="after")
    def _one_default_target(self) -> Settings:
        """`web.sla_working_days` (older) and `sla.working_days` are one value: either sets it."""
        old, new = self.web.sla_working_days, self.sla.working_days
        if "sla_working_days" in self.web.model_fields_set and old != new:
            if new != SlaTargets().working_days:
                raise ValueError(
                    f"web.sla_working_days ({old}) and sla.working_days ({new}) differ"
                )
            self.sla = self.sla.model_copy(update={"working_days": old})
        self.web.sla_working_days = self.sla.working_days
        return self

    def working_calendar(self) -> WorkingCalendar:
        """The service's working time (``[calendar]``) in ``web.timezone``."""
        return WorkingCalendar(self.calendar, self.web.timezone)

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
