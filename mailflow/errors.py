"""Every exception mailflow raises on purpose, in one tree.

MailflowError
├── ConfigError            bad configuration; start-up stops with the key to fix
├── RuleSetError           rule files with problems; carries every problem (file, line, rule)
├── TemplateCheckError     reply templates that fail to render; carries every problem
├── StoreError             the raw store cannot take a message
│   └── StoreUnavailable   the database is down, locked or full: intake answers "try later"
│       │                  (451), the pipeline leaves the batch waiting for the next pass
│       └── StoreFull      the disk or the database is full: intake answers 452
├── LeaseLost              another instance holds the IMAP folder's lease now
├── NotAuthenticated       no valid session or credentials (web: login redirect, API: 401)
├── Refused                a request refused with a message for the person; nothing changed
│   ├── InvalidInput       the input is wrong (HTTP 400, CLI exit 1)
│   │   ├── ThreadError    a merge or split that cannot be done
│   │   ├── AccountError   a user operation refused (bad name, weak password, ...)
│   │   └── DraftStateError  a draft that cannot be edited or approved as it is
│   ├── NotFound           no such thread, draft, user, ... (HTTP 404)
│   ├── Forbidden          the role does not allow it (HTTP 403)
│   ├── Conflict           the thing is not in a state that allows this (HTTP 409)
│   └── TooManyAttempts    a limit was reached: try again later (HTTP 429)
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


class StoreFull(StoreUnavailable):
    """The disk or the database is full; the sender should retry once space is freed."""


class LeaseLost(MailflowError):
    """Another instance holds the folder now."""


class NotAuthenticated(MailflowError):
    """No valid session or credentials: a redirect to /login, or 401 under /api."""


class Refused(MailflowError):
    """A request refused with a message fit to show; nothing was changed.

    The edges map each subclass to one answer (``mailflow.web.handlers.STATUS_OF``)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InvalidInput(Refused):
    """The input is wrong."""


class NotFound(Refused):
    """What the request names does not exist."""


class Forbidden(Refused):
    """The user's role does not allow this."""


class Conflict(Refused):
    """The thing is not in a state that allows this."""


class TooManyAttempts(Refused):
    """A limit that protects the service was reached; try again later."""


class ThreadError(InvalidInput):
    """A thread operation cannot be done."""


class AccountError(InvalidInput):
    """A user operation refused, with a message fit to show."""


class DraftStateError(InvalidInput):
    """The draft is not in a state that allows this (e.g. editing a sent reply)."""


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
