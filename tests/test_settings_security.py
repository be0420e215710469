"""No credentials in clear (issue 16, finding 9): relay AUTH and IMAP login over
``security = "none"`` only to a loopback host; anything else stops start-up naming the key."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from mailflow.errors import ConfigError
from mailflow.settings import Settings, load_settings

REPO = Path(__file__).resolve().parent.parent
LOOPBACK = ["127.0.0.1", "127.8.9.10", "localhost", "LOCALHOST", "::1", "[::1]", "localhost."]
REMOTE = [
    "smtp.example.org",
    "203.0.113.5",
    "0.0.0.0",
    "127.0.0.1.evil.example",
    "127.evil.example",
    "1277.0.0.1",
    "127.0.0.256",
    "::ffff:203.0.113.5",
]


def relay(**values: Any) -> Settings:
    section = {"enabled": True, "username": "mailflow", "password": "secret", **values}
    return load_settings(None, relay=section)


def imap(**values: Any) -> Settings:
    return load_settings(None, imap={"enabled": True, "username": "u", "password": "p", **values})


@pytest.mark.parametrize("host", REMOTE)
def test_relay_auth_in_clear_to_a_remote_host_is_refused(host: str) -> None:
    with pytest.raises(ConfigError) as info:
        relay(host=host, security="none")
    message = str(info.value)
    assert 'relay.security = "none"' in message and host in message
    assert "secret" not in message


@pytest.mark.parametrize("host", LOOPBACK)
def test_relay_auth_in_clear_to_loopback_is_allowed(host: str) -> None:
    assert relay(host=host, security="none").relay.host == host


@pytest.mark.parametrize(
    "values",
    [
        {"security": "starttls"},
        {"security": "tls"},
        {"security": "none", "username": ""},  # no AUTH: nothing secret is sent
        {"security": "none", "enabled": False},  # never used
    ],
)
def test_relay_without_a_password_in_clear_is_allowed(values: dict[str, Any]) -> None:
    relay(host="smtp.example.org", **values)


def test_the_default_relay_is_accepted() -> None:
    assert load_settings(None).relay.security == "none"


@pytest.mark.parametrize("host", REMOTE)
def test_imap_in_clear_to_a_remote_host_is_refused(host: str) -> None:
    with pytest.raises(ConfigError) as info:
        imap(host=host, security="none", port=143)
    assert 'imap.security = "none"' in str(info.value) and host in str(info.value)


@pytest.mark.parametrize("host", LOOPBACK)
def test_imap_in_clear_to_loopback_is_allowed(host: str) -> None:
    assert imap(host=host, security="none", port=143).imap.security == "none"


def test_imap_copies_count_as_using_imap() -> None:
    """Drafts and sent copies log in even when the intake is off."""
    with pytest.raises(ConfigError, match=r"imap\.security"):
        load_settings(
            None, imap={"host": "imap.example.org", "security": "none", "sent_folder": "Sent"}
        )
    load_settings(None, imap={"host": "imap.example.org", "security": "none"})  # unused
    imap(host="imap.example.org", security="starttls", port=143)


def test_the_environment_is_checked_too(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MAILFLOW_RELAY__HOST", "smtp.example.org")
    with pytest.raises(ConfigError, match=r'relay\.security = "none"'):
        load_settings(None, relay={"enabled": True, "username": "u"})


def test_serve_stops_at_start_up_with_a_short_message(tmp_path: Path) -> None:
    config = tmp_path / "mailflow.toml"
    config.write_text(
        f'data_dir = "{tmp_path}"\n'
        '[relay]\nenabled = true\nhost = "smtp.example.org"\nusername = "mailflow"\n',
        encoding="utf-8",
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("MAILFLOW_")}
    env["MAILFLOW_CONFIG"] = str(config)
    result = subprocess.run(
        [str(Path(sys.executable).parent / "mailflow"), "serve"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert 1 <= len(lines) <= 2, lines
    assert 'relay.security = "none"' in result.stderr and "smtp.example.org" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "mailflow.sqlite3").exists()
