"""One SMTP client must not take the endpoint: sessions per address, RCPT per transaction,
refusals logged with a rate limit and counted in a metric (issue 16, finding 5)."""

from __future__ import annotations

import logging
import smtplib
import socket
from collections.abc import Callable, Iterator

import pytest
from sqlalchemy import Engine

from mailflow.metrics import SMTP_REFUSED, Counter, collect, render
from mailflow.receive.throttle import ClientTable, FailureLimit, RefusalLog
from tests.intake.conftest import OUR, RunningEndpoint, message, raw_count, wait_until

Start = Callable[..., RunningEndpoint]


def client(server: RunningEndpoint, source: str = "127.0.0.1") -> smtplib.SMTP:
    return smtplib.SMTP(
        "127.0.0.1",
        server.port,
        local_hostname="client.test",
        timeout=30,
        source_address=(source, 0),
    )


def greeting(server: RunningEndpoint, source: str) -> tuple[socket.socket, bytes]:
    """An idle session: connect from ``source``, read the first line, send nothing more."""
    sock = socket.create_connection(
        ("127.0.0.1", server.port), timeout=30, source_address=(source, 0)
    )
    return sock, sock.makefile("rb").readline()


@pytest.fixture
def sockets() -> Iterator[list[socket.socket]]:
    opened: list[socket.socket] = []
    yield opened
    for sock in opened:
        sock.close()


def test_one_address_holding_idle_sessions_does_not_lock_out_another(
    smtp_server: Start, engine: Engine, sockets: list[socket.socket]
) -> None:
    server = smtp_server()  # max_sessions 100, max_sessions_per_client 10
    before = SMTP_REFUSED.value("client_sessions")
    answers = []
    for _ in range(101):
        sock, line = greeting(server, "127.0.0.1")
        sockets.append(sock)
        answers.append(line[:3])
    assert answers.count(b"220") == 10
    assert answers.count(b"421") == 91
    assert SMTP_REFUSED.value("client_sessions") - before == 91
    with client(server, source="127.0.0.2") as smtp:
        assert smtp.noop()[0] == 250
        assert smtp.sendmail("alice@example.net", [OUR], message(1)) == {}
    assert raw_count(engine) == 1
    # the server ends the 127.0.0.2 session just after its QUIT answer
    assert wait_until(lambda: server.endpoint.sessions.by_client == {"127.0.0.1": 10})


def test_a_closed_session_frees_its_place_for_the_same_address(
    smtp_server: Start, sockets: list[socket.socket]
) -> None:
    server = smtp_server(max_sessions_per_client=2)
    first = [greeting(server, "127.0.0.3") for _ in range(2)]
    sockets.extend(sock for sock, _ in first)
    assert [line[:3] for _, line in first] == [b"220", b"220"]
    sock, line = greeting(server, "127.0.0.3")
    sockets.append(sock)
    assert line.startswith(b"421 4.7.0")
    first[0][0].sendall(b"QUIT\r\n")
    assert first[0][0].makefile("rb").readline().startswith(b"221")
    first[0][0].close()
    with client(server, source="127.0.0.3") as smtp:
        assert smtp.noop()[0] == 250


def test_recipient_101_gets_452_and_the_transaction_goes_on(
    smtp_server: Start, engine: Engine
) -> None:
    server = smtp_server()  # max_recipients 100
    with client(server) as smtp:
        smtp.ehlo()
        smtp.mail("alice@example.net")
        codes = [smtp.rcpt(OUR)[0] for _ in range(100)]
        assert codes == [250] * 100
        code, text = smtp.rcpt(OUR)
        assert (code, text) == (452, b"4.5.3 Too many recipients")
        assert smtp.rcpt("contact@example.org")[0] == 452  # also for a good one
        assert smtp.data(message(2))[0] == 250  # the 100 accepted still get the message
        smtp.mail("alice@example.net")  # a new transaction starts from zero
        assert smtp.rcpt(OUR)[0] == 250
        smtp.rset()
    assert raw_count(engine) == 1


def test_max_recipients_is_configurable(smtp_server: Start) -> None:
    server = smtp_server(max_recipients=2)
    with client(server) as smtp:
        smtp.ehlo()
        smtp.mail("alice@example.net")
        assert [smtp.rcpt(OUR)[0] for _ in range(3)] == [250, 250, 452]


def test_2000_refused_recipients_write_a_few_lines_and_count_2000(
    smtp_server: Start, caplog: pytest.LogCaptureFixture
) -> None:
    server = smtp_server()
    before = SMTP_REFUSED.value("recipient")
    caplog.set_level(logging.INFO, logger="mailflow.smtp")
    with client(server) as smtp:
        smtp.ehlo()
        smtp.mail("alice@example.net")
        codes = {smtp.rcpt(f"n{n}@elsewhere.example")[0] for n in range(2000)}
        smtp.rset()
    assert codes == {550}
    refusals = [r for r in caplog.records if r.name == "mailflow.smtp" and "refused" in r.message]
    assert 1 <= len(refusals) <= 3, [r.message for r in refusals]
    assert SMTP_REFUSED.value("recipient") - before == 2000
    text = render(collect(server.engine))
    assert f'mailflow_smtp_refused_total{{reason="recipient"}} {before + 2000}' in text
    assert "# TYPE mailflow_smtp_refused_total counter" in text


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_refusal_log_one_line_per_client_and_interval_with_the_count(
    caplog: pytest.LogCaptureFixture,
) -> None:
    clock = FakeClock()
    counter = Counter("t_total", "test", "reason")
    refusals = RefusalLog(counter, interval=60, clock=clock)
    caplog.set_level(logging.INFO, logger="mailflow.smtp")
    for _ in range(500):
        refusals.refused("recipient", "192.0.2.1", "recipient <x@y>")
    refusals.refused("recipient", "192.0.2.2", "recipient <x@y>")  # another client: its line
    clock.now += 61
    refusals.refused("recipient", "192.0.2.1", "recipient <z@y>")
    lines = [r.getMessage() for r in caplog.records]
    assert lines == [
        "refused recipient <x@y> from 192.0.2.1 [recipient]",
        "refused recipient <x@y> from 192.0.2.2 [recipient]",
        "refused recipient <z@y> from 192.0.2.1 [recipient] (and 499 more not logged)",
    ]
    assert counter.value("recipient") == 502


def test_client_tables_stay_at_their_size() -> None:
    table: ClientTable[str, list[int]] = ClientTable(list, size=100)
    for n in range(20_000):
        table.get(f"10.0.{n // 256}.{n % 256}")
    assert len(table) == 100
    assert table.peek("10.0.0.0") is None  # the oldest went first
    assert table.peek("10.0.78.31") is not None  # the newest stays
    limit = FailureLimit(3, 60, size=50)
    for n in range(10_000):
        limit.admit(f"2001:db8::{n:x}")
    assert len(limit.table) == 50


def test_failure_limit_counts_before_the_check_and_forgets_after_the_window() -> None:
    clock = FakeClock()
    limit = FailureLimit(3, 60, clock=clock)
    assert [limit.admit("192.0.2.1") for _ in range(4)] == [True, True, True, False]
    assert limit.admit("192.0.2.9")  # another address is not affected
    limit.forgive("192.0.2.1")  # one of the three succeeded
    assert limit.admit("192.0.2.1")
    assert not limit.admit("192.0.2.1")
    clock.now += 60
    assert limit.admit("192.0.2.1")
