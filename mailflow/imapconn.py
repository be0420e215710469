"""Opening an IMAP connection from settings: TLS mode, CA file, password or XOAUTH2.

Below both IMAP users: intake (``receive/imap.py``) and the copies of replies
(``send/imap.py``), which do not import each other.
"""

from __future__ import annotations

import logging
import shlex
import ssl
import subprocess

from imapclient import IMAPClient

from mailflow.errors import ConfigError
from mailflow.imapconfig import ImapIntake

log = logging.getLogger("mailflow.imap")

NETWORK_TIMEOUT = 60.0


def ssl_context(config: ImapIntake) -> ssl.SSLContext:
    cafile = str(config.ca_file) if config.ca_file else None
    try:
        return ssl.create_default_context(cafile=cafile)
    except (OSError, ssl.SSLError) as exc:
        raise ConfigError(f"imap.ca_file: cannot load {config.ca_file}: {exc}") from exc


def oauth2_token(config: ImapIntake) -> str | None:
    """The XOAUTH2 access token from the configured command or file; None for password login."""
    if config.oauth2_token_command:
        result = subprocess.run(  # noqa: S603  (the operator's own configured command)
            shlex.split(config.oauth2_token_command),
            capture_output=True,
            timeout=60,
            check=False,
        )
        if result.returncode != 0:
            # stderr may hold a secret: say only that it failed.
            raise ConfigError(f"imap.oauth2_token_command exited with {result.returncode}")
        return result.stdout.decode("utf-8", "replace").strip()
    if config.oauth2_token_file:
        return _read_secret(config.oauth2_token_file, "imap.oauth2_token_file")
    return None


def password(config: ImapIntake) -> str:
    if config.password_file:
        return _read_secret(config.password_file, "imap.password_file")
    return config.password


def _read_secret(path: object, key: str) -> str:
    try:
        with open(str(path), encoding="utf-8") as handle:
            return handle.read().strip()
    except OSError as exc:
        raise ConfigError(f"{key}: cannot read {path}: {exc.strerror}") from exc


def connect(config: ImapIntake) -> IMAPClient:
    """A logged-in client; the caller logs out."""
    secure = config.security != "none"
    context = ssl_context(config) if secure else None
    client = IMAPClient(
        config.host,
        port=config.port,
        ssl=config.security == "tls",
        ssl_context=context,
        timeout=NETWORK_TIMEOUT,
    )
    try:
        if config.security == "starttls":
            client.starttls(context)
        token = oauth2_token(config)
        if token is not None:
            client.oauth2_login(config.username, token)
        else:
            client.login(config.username, password(config))
    except BaseException:
        client.shutdown()
        raise
    return client
