"""The SMTP/LMTP endpoint with real clients: smtplib, smtplib.LMTP and swaks."""

from __future__ import annotations

import shutil
import smtplib
import socket
import subprocess
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from mailflow.store.db import make_engine
from tests.intake.conftest import OUR, RunningEndpoint, message, raw_count, raw_data
from tests.mailbuilder import build_message

Start = Callable[..., RunningEndpoint]


def client(server: RunningEndpoint) -> smtplib.SMTP:
    return smtplib.SMTP("127.0.0.1", server.port, local_hostname="client.test", timeout=30)


def test_accepts_for_our_address_and_keeps_bytes_exactly(
    smtp_server: Start, engine: Engine
) -> None:
    server = smtp_server()
    raw = message(1)
    with client(server) as smtp:
        code, banner = smtp.ehlo()
        assert code == 250 and b"8BITMIME" in banner and b"SMTPUTF8" in banner
        assert b"SIZE 26214400" in banner
        refused = smtp.sendmail("alice@example.net", [OUR], raw)
    assert refused == {}
    assert raw_data(engine) == [raw]


def test_greeting_names_the_configured_host(smtp_server: Start) -> None:
    server = smtp_server()
    smtp = smtplib.SMTP(timeout=30)
    code, greeting = smtp.connect("127.0.0.1", server.port)
    assert code == 220 and greeting.startswith(b"mx.test.example")
    smtp.quit()


def test_recipient_outside_ours_gets_550(smtp_server: Start, engine: Engine) -> None:
    server = smtp_server(accept_domains=["lists.example.org"])
    with client(server) as smtp:
        smtp.ehlo()
        smtp.mail("alice@example.net")
        assert smtp.rcpt("someone@elsewhere.example")[0] == 550
        assert smtp.rcpt("other@example.org")[0] == 550  # our domain, not our address
        assert smtp.rcpt("@relay.example:cooperation@example.org")[0] in (550, 553)
        assert smtp.rcpt("Anyone@Lists.Example.org")[0] == 250  # an accepted domain
        assert smtp.rcpt("COOPERATION@example.org")[0] == 250
        assert smtp.data(message(2))[0] == 250
    assert raw_count(engine) == 1


def test_all_recipients_refused_stores_nothing(smtp_server: Start, engine: Engine) -> None:
    server = smtp_server()
    with client(server) as smtp, pytest.raises(smtplib.SMTPRecipientsRefused):
        smtp.sendmail("alice@example.net", ["nobody@elsewhere.example"], message(3))
    assert raw_count(engine) == 0


def test_oversize_gets_552(smtp_server: Start, engine: Engine) -> None:
    server = smtp_server(max_message_size=20_000)
    big = message(4, size=40_000)
    with client(server) as smtp:
        smtp.ehlo()
        # Declared with SIZE=: refused at MAIL FROM.
        with pytest.raises(smtplib.SMTPSenderRefused) as declared:
            smtp.sendmail("alice@example.net", [OUR], big, mail_options=[f"SIZE={len(big)}"])
        assert declared.value.smtp_code == 552
        smtp.rset()
        # Not declared: refused after DATA, nothing stored.
        smtp.mail("alice@example.net")
        smtp.rcpt(OUR)
        assert smtp.data(big)[0] == 552
    assert raw_count(engine) == 0


def test_overlong_line_is_refused(smtp_server: Start, engine: Engine) -> None:
    server = smtp_server(max_line_length=2000)
    raw = build_message(text="x" * 5000 + "\n")
    with client(server) as smtp:
        smtp.ehlo()
        smtp.mail("alice@example.net")
        smtp.rcpt(OUR)
        assert smtp.data(raw)[0] == 500
    assert raw_count(engine) == 0


def test_smtputf8_and_8bit_bytes_are_kept(smtp_server: Start, engine: Engine) -> None:
    server = smtp_server()
    raw = (
        "From: Élodie <élodie@exemple.fr>\r\nTo: cooperation@example.org\r\n"
        "Subject: Journée d'étude\r\nMessage-ID: <utf8-1@exemple.fr>\r\n"
        "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n"
        "\r\nBonjour, à bientôt.\r\n"
    ).encode()
    with client(server) as smtp:
        smtp.ehlo()
        assert smtp.has_extn("smtputf8")
        smtp.sendmail("élodie@exemple.fr", [OUR], raw, mail_options=["SMTPUTF8", "BODY=8BITMIME"])
    assert raw_data(engine) == [raw]


def test_store_failure_gets_451_and_nothing_is_half_written(
    smtp_server: Start, engine: Engine, tmp_path: Path
) -> None:
    # A database where the raw table cannot take the row: the commit fails.
    broken = make_engine(engine.url.render_as_string(hide_password=False))
    server = smtp_server(engine_=broken)
    with broken.begin() as conn:
        conn.execute(text("ALTER TABLE raw_message RENAME TO raw_message_away"))
    try:
        with client(server) as smtp:
            smtp.ehlo()
            smtp.mail("alice@example.net")
            smtp.rcpt(OUR)
            code, reply = smtp.data(message(5))
            assert (code, reply[:5]) == (451, b"4.3.0")
    finally:
        with broken.begin() as conn:
            conn.execute(text("ALTER TABLE raw_message_away RENAME TO raw_message"))
    assert raw_count(engine) == 0
    # The sending MTA retries: now it is stored, once.
    with client(server) as smtp:
        smtp.sendmail("alice@example.net", [OUR], message(5))
        smtp.sendmail("alice@example.net", [OUR], message(5))
    assert raw_count(engine) == 1
    broken.dispose()


def test_lmtp_answers_once_per_recipient(smtp_server: Start, engine: Engine) -> None:
    server = smtp_server(lmtp=True)
    lmtp = smtplib.LMTP("127.0.0.1", server.port, local_hostname="mx.test", timeout=30)
    try:
        assert lmtp.ehlo()[0] == 250  # smtplib.LMTP sends LHLO
        lmtp.mail("alice@example.net")
        assert lmtp.rcpt(OUR)[0] == 250
        assert lmtp.rcpt("nobody@elsewhere.example")[0] == 550
        assert lmtp.rcpt("contact@example.org")[0] == 250
        first = lmtp.data(message(6))
        second = lmtp.getreply()
        assert first[0] == 250 and second[0] == 250
        # The connection is in step: the next command gets its own reply.
        assert lmtp.noop()[0] == 250
    finally:
        lmtp.close()
    assert raw_count(engine, "lmtp") == 1


def test_lmtp_store_failure_gets_451_per_recipient(smtp_server: Start, engine: Engine) -> None:
    broken = make_engine(engine.url.render_as_string(hide_password=False))
    server = smtp_server(engine_=broken, lmtp=True)
    with broken.begin() as conn:
        conn.execute(text("ALTER TABLE raw_message RENAME TO raw_message_away"))
    lmtp = smtplib.LMTP("127.0.0.1", server.port, local_hostname="mx.test", timeout=30)
    try:
        lmtp.ehlo()
        lmtp.mail("alice@example.net")
        lmtp.rcpt(OUR)
        lmtp.rcpt("contact@example.org")
        assert lmtp.data(message(7))[0] == 451
        assert lmtp.getreply()[0] == 451
        assert lmtp.noop()[0] == 250
    finally:
        lmtp.close()
        with broken.begin() as conn:
            conn.execute(text("ALTER TABLE raw_message_away RENAME TO raw_message"))
        broken.dispose()


def test_concurrent_sessions_are_committed_together(smtp_server: Start, engine: Engine) -> None:
    server = smtp_server()
    per_client, clients = 40, 8

    def send(c: int) -> None:
        with client(server) as smtp:
            for n in range(per_client):
                smtp.sendmail("alice@example.net", [OUR], message(c * 1000 + n, tag="conc"))

    threads = [threading.Thread(target=send, args=(c,)) for c in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert raw_count(engine) == per_client * clients
    assert server.commits <= per_client * clients  # batches, never more commits than messages


def test_session_cap_answers_421(smtp_server: Start) -> None:
    server = smtp_server(max_sessions=2)
    first, second = client(server), client(server)
    try:
        with pytest.raises(smtplib.SMTPConnectError) as refused:
            client(server)
        assert refused.value.smtp_code == 421
    finally:
        first.quit()
        second.quit()
    with client(server) as smtp:  # a slot is free again
        assert smtp.noop()[0] == 250


def test_idle_session_is_closed_after_timeout(smtp_server: Start) -> None:
    server = smtp_server(timeout_seconds=0.3)
    sock = socket.create_connection(("127.0.0.1", server.port), timeout=30)
    with sock:
        assert sock.recv(1000).startswith(b"220")
        assert sock.recv(1000) == b""  # the server hung up on the silent client


def test_handler_fault_answers_451_not_500(smtp_server: Start, engine: Engine) -> None:
    server = smtp_server()

    async def explode(*args: object) -> str:
        raise RuntimeError("boom")

    server.endpoint.handler.handle_RCPT = explode  # type: ignore[method-assign]
    with client(server) as smtp:
        smtp.ehlo()
        smtp.mail("alice@example.net")
        code, reply = smtp.rcpt(OUR)
    assert (code, reply[:5]) == (451, b"4.3.0")


def _self_signed(tmp_path: Path) -> tuple[Path, Path]:
    if shutil.which("openssl") is None:
        pytest.fail("openssl is needed for the STARTTLS test: run scripts/bootstrap.sh --dev")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "2",
            "-subj",
            "/CN=mx.test.example",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
    )
    return cert, key


def test_starttls_and_auth_for_submission(
    smtp_server: Start, engine: Engine, tmp_path: Path
) -> None:
    import ssl

    from argon2 import PasswordHasher

    cert, key = _self_signed(tmp_path)
    users = tmp_path / "users"
    users.write_text(f"sender:{PasswordHasher().hash('s3cret-pw')}\n")
    server = smtp_server(tls_cert=cert, tls_key=key, auth_required=True, auth_users_file=users)
    context = ssl.create_default_context(cafile=str(cert))
    context.check_hostname = False
    with client(server) as smtp:
        smtp.ehlo()
        assert smtp.mail("alice@example.net")[0] == 530  # no AUTH yet
        smtp.rset()
        smtp.starttls(context=context)
        smtp.ehlo()
        with pytest.raises(smtplib.SMTPAuthenticationError):
            smtp.login("sender", "wrong")
        smtp.login("sender", "s3cret-pw")
        smtp.sendmail("alice@example.net", [OUR], message(8))
    assert raw_count(engine) == 1


@pytest.mark.skipif(shutil.which("swaks") is None, reason="never: swaks comes with bootstrap --dev")
def test_swaks_end_to_end(smtp_server: Start, engine: Engine) -> None:
    server = smtp_server()
    result = subprocess.run(
        [
            "swaks",
            "--server",
            "127.0.0.1",
            "--port",
            str(server.port),
            "--from",
            "alice@example.net",
            "--to",
            OUR,
            "--header",
            "Subject: via swaks",
            "--body",
            "Bonjour",
            "--helo",
            "swaks.test",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "<-  250 2.0.0 Stored as" in result.stdout
    assert b"Subject: via swaks" in raw_data(engine)[0]
