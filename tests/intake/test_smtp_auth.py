"""SMTP AUTH within limits and off the event loop (issue 16, finding 4).

Attempts are limited per session and per client address, verifications beyond
``auth_max_pending`` get 454 at once, and an unknown user costs one argon2 verification
like a known one. The timing test (``/healthz`` while sessions loop wrong AUTH against a
real ``mailflow serve``) is in ``test_smtp_auth_load.py``.
"""

from __future__ import annotations

import base64
import smtplib
import ssl
import subprocess
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher, extract_parameters

from mailflow.metrics import SMTP_REFUSED
from tests.intake.conftest import OUR, RunningEndpoint, message, raw_count

Start = Callable[..., RunningEndpoint]
PASSWORD = "s3cret-pw"
FAST = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1)  # quick tests


def self_signed(directory: Path) -> tuple[Path, Path]:
    cert, key = directory / "cert.pem", directory / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
         "-subj", "/CN=mx.test.example", "-keyout", str(key), "-out", str(cert)],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return cert, key


@pytest.fixture
def auth_server(smtp_server: Start, tmp_path: Path) -> Callable[..., RunningEndpoint]:
    """An endpoint with STARTTLS and AUTH required, user ``sender`` with :data:`PASSWORD`."""
    cert, key = self_signed(tmp_path)
    users = tmp_path / "users"
    users.write_text(f"# test users\nsender:{FAST.hash(PASSWORD)}\n")

    def start(**smtp: Any) -> RunningEndpoint:
        return smtp_server(
            tls_cert=cert, tls_key=key, auth_required=True, auth_users_file=users, **smtp
        )

    return start


def tls_client(server: RunningEndpoint, source: str = "127.0.0.1") -> smtplib.SMTP:
    smtp = smtplib.SMTP(
        "127.0.0.1", server.port, local_hostname="client.test", timeout=30,
        source_address=(source, 0),
    )  # fmt: skip
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    smtp.starttls(context=context)
    smtp.ehlo()
    return smtp


def auth_plain(smtp: smtplib.SMTP, user: str, password: str) -> tuple[int, bytes]:
    blob = base64.b64encode(f"\0{user}\0{password}".encode()).decode()
    return smtp.docmd("AUTH", f"PLAIN {blob}")


class Verifications:
    """Counts :meth:`PasswordHasher.verify` calls (in the AUTH threads) and their hashes."""

    def __init__(self) -> None:
        self.hashes: list[str] = []
        self.entered = threading.Event()
        self.release = threading.Event()
        self.release.set()


@pytest.fixture
def verifications(monkeypatch: pytest.MonkeyPatch) -> Iterator[Verifications]:
    seen = Verifications()
    real = PasswordHasher.verify

    def counting(self: PasswordHasher, hashed: str, password: str | bytes) -> bool:
        seen.hashes.append(hashed)
        seen.entered.set()
        seen.release.wait(30)
        return real(self, hashed, password)

    monkeypatch.setattr(PasswordHasher, "verify", counting)
    yield seen
    seen.release.set()


def test_the_right_password_signs_in_and_mail_goes_through(auth_server: Start, engine: Any) -> None:
    server = auth_server()
    with tls_client(server) as smtp:
        assert auth_plain(smtp, "sender", "wrong")[0] == 535
        smtp.login("sender", PASSWORD)  # AUTH LOGIN or PLAIN, as smtplib picks
        assert smtp.sendmail("alice@example.net", [OUR], message(1)) == {}
    assert raw_count(engine) == 1


def test_the_attempt_after_the_session_limit_is_refused_and_closed(
    auth_server: Start, verifications: Verifications
) -> None:
    server = auth_server(auth_attempts_per_session=3)
    before = SMTP_REFUSED.value("auth_session_limit")
    with tls_client(server) as smtp:
        assert [auth_plain(smtp, "sender", f"wrong{n}")[0] for n in range(3)] == [535] * 3
        code, text = auth_plain(smtp, "sender", PASSWORD)  # even the right one
        assert code == 421 and b"Too many AUTH attempts" in text
        with pytest.raises(smtplib.SMTPServerDisconnected):
            smtp.noop()
    assert len(verifications.hashes) == 3  # the fourth never reached argon2
    assert SMTP_REFUSED.value("auth_session_limit") - before == 1


def test_failures_are_limited_per_client_address(
    auth_server: Start, verifications: Verifications
) -> None:
    server = auth_server(auth_attempts_per_session=3, auth_failures_per_client=4)
    with tls_client(server) as smtp:
        assert [auth_plain(smtp, "sender", "wrong")[0] for _ in range(3)] == [535] * 3
    with tls_client(server) as smtp:
        assert auth_plain(smtp, "sender", "wrong")[0] == 535
        code, text = auth_plain(smtp, "sender", PASSWORD)
        assert code == 421 and b"from your address" in text
    assert len(verifications.hashes) == 4
    with tls_client(server, source="127.0.0.2") as smtp:  # another address is not blocked
        assert auth_plain(smtp, "sender", PASSWORD)[0] == 235


def test_a_success_does_not_use_up_the_address_limit(auth_server: Start) -> None:
    server = auth_server(auth_failures_per_client=2)
    for _ in range(4):
        with tls_client(server) as smtp:
            assert auth_plain(smtp, "sender", PASSWORD)[0] == 235


def test_unknown_and_known_users_both_cost_one_argon2_verification(
    auth_server: Start, verifications: Verifications
) -> None:
    server = auth_server()
    with tls_client(server) as smtp:
        assert auth_plain(smtp, "sender", "wrong")[0] == 535
        assert auth_plain(smtp, "nobody", "wrong")[0] == 535
        assert auth_plain(smtp, "nobody", PASSWORD)[0] == 535
    known, unknown, unknown_again = verifications.hashes
    assert known != unknown  # a dummy hash, the same for every unknown user
    assert unknown == unknown_again
    assert extract_parameters(unknown) == extract_parameters(known)  # so it costs the same


def test_verifications_beyond_the_cap_get_454_at_once(
    auth_server: Start, verifications: Verifications
) -> None:
    server = auth_server(auth_workers=1, auth_max_pending=1)
    before = SMTP_REFUSED.value("auth_busy")
    verifications.release.clear()  # the first verification waits in its thread
    first = tls_client(server)
    answer: list[int] = []
    waiting = threading.Thread(target=lambda: answer.append(auth_plain(first, "sender", "x")[0]))
    waiting.start()
    try:
        assert verifications.entered.wait(30)
        with tls_client(server, source="127.0.0.2") as second:
            code, text = auth_plain(second, "sender", PASSWORD)
            assert code == 454 and text.startswith(b"4.7.0")
            assert second.noop()[0] == 250  # the loop is free while argon2 runs elsewhere
    finally:
        verifications.release.set()
        waiting.join(30)
    assert answer == [535]
    first.quit()
    assert SMTP_REFUSED.value("auth_busy") - before == 1
    assert len(verifications.hashes) == 1
