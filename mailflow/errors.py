"""Every exception mailflow raises on purpose, in one tree.

MailflowError
├── ConfigError            bad configuration; start-up stops with the key to fix
├── RuleSetError           rule files with problems; carries every problem (file, line, rule)
├── TemplateCheckError     reply templates that fail to render; carries every problem
├── StoreError             the raw store cannot take a message
│   └── StoreUnavailable   the database is down or locked: intake answers "try later" (451)
├── ThreadError            a merge or split that cannot be done (unknown thread, ...)
├── BackupError            a backup or restore that cannot be done (file exists, database not empty)
└── SendError              the relay refused or could not be reached
    ├── TemporarySendError 4xx or connection trouble: retried with backoff
    └── PermanentSendError 5xx: the reply is marked failed with the server's answer

Exceptions become SMTP codes, HTTP statuses or CLI exit codes only at the edges.
"""

from __future__ import annotations

from dataclasses import dataclass


class MailflowError(Exception):
    """Base of every mailflow error."""


class ConfigError(MailflowError):
    """A configuration value is missing, malformed or unsafe."""


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem found in a user-editable file."""

    file: str
    line: int
    name: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        name = f" [{self.name}]" if self.name else ""
        return f"{where}:{name} {self.message}"


class ProblemsError(MailflowError):
    """An error that carries a list of problems with file and line."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class RuleSetError(ProblemsError):
    """The rule files have problems; the rule set is not loaded."""


class TemplateCheckError(ProblemsError):
    """Reply templates have problems."""


class StoreError(MailflowError):
    """The raw store could not keep a message."""


class StoreUnavailable(StoreError):
    """The store is unavailable right now; the sender should retry later."""


class ThreadError(MailflowError):
    """A thread operation cannot be done."""


class BackupError(MailflowError):
    """A backup or restore could not be done (the message says why; no secret in it)."""


class SendError(MailflowError):
    """Sending a reply failed."""

    def __init__(self, message: str, code: int | None = None) -> None:
        self.code = code
        super().__init__(message)


class TemporarySendError(SendError):
    """Worth retrying later."""


class PermanentSendError(SendError):
    """Not worth retrying: the reply is marked failed."""
