"""The login limiter against the attacks of the audit (issue 16, findings 1, 2 and 3).

1. parallel wrong passwords: each is counted before its check, so at most ``max_failures``
   argon2 checks happen, in the bounded pool (never on the event loop), the rest 429 at once;
2. a blocked address sending new usernames: the limiter's table stays at its bound;
3. a third party cannot lock an account: the right password from a fresh address signs in.
"""

from __future__ import annotations

import asyncio
import re
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest

from mailflow.errors import TooManyAttempts
from mailflow.services import accounts
from mailflow.web.ratelimit import LoginLimiter, network_of
from tests.web.conftest import PASSWORD, TestClient, login


@dataclass
class Checks:
    """Counts calls to ``verify_password``: how many, at most how many at once, in which threads."""

    delay: float = 0.0
    calls: int = 0
    running: int = 0
    peak: int = 0
    threads: set[str] = field(default_factory=set)
    lock: threading.Lock = field(default_factory=threading.Lock)


@pytest.fixture
def checks(monkeypatch: pytest.MonkeyPatch) -> Iterator[Checks]:
    seen = Checks(delay=0.2)
    real: Callable[[str | None, str], bool] = accounts.verify_password

    def counting(password_hash: str | None, password: str) -> bool:
        with seen.lock:
            seen.calls += 1
            seen.running += 1
            seen.peak = max(seen.peak, seen.running)
            seen.threads.add(threading.current_thread().name)
        try:
            time.sleep(seen.delay)  # argon2 taking its time: every request is in flight at once
            return real(password_hash, password)
        finally:
            with seen.lock:
                seen.running -= 1

    monkeypatch.setattr(accounts, "verify_password", counting)
    yield seen


def _token(page: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert match, page
    return match.group(1)


async def _parallel_logins(app: Any, count: int, username: str, password: str) -> list[int]:
    transport = httpx.ASGITransport(app=app, client=("198.51.100.7", 4000))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        token = _token((await client.get("/login")).text)
        form = {"username": username, "password": password, "csrf_token": token}
        answers = await asyncio.gather(*(client.post("/login", data=form) for _ in range(count)))
    return [answer.status_code for answer in answers]


def test_40_parallel_wrong_passwords_get_at_most_5_checks(app: Any, checks: Checks) -> None:
    statuses = asyncio.run(_parallel_logins(app, 40, "admin", "wrong password"))
    assert checks.calls <= 5, checks
    assert statuses.count(401) == checks.calls
    assert statuses.count(429) == 40 - checks.calls
    assert checks.peak <= 4  # web.login_max_concurrent
    assert all(name.startswith("mailflow-argon2") for name in checks.threads), checks.threads


def test_parallel_checks_are_capped_and_the_excess_refused_at_once(
    app: Any, checks: Checks
) -> None:
    """60 at once (the audit's 1.1 GB): spread over accounts, never more than 4 checks at once."""

    async def many() -> list[int]:
        transport = httpx.ASGITransport(app=app, client=("198.51.100.8", 4000))
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            token = _token((await client.get("/login")).text)
            forms = [
                {"username": f"user{i % 12}", "password": "wrong", "csrf_token": token}
                for i in range(60)
            ]
            answers = await asyncio.gather(*(client.post("/login", data=f) for f in forms))
        return [answer.status_code for answer in answers]

    statuses = asyncio.run(many())
    assert checks.peak <= 4
    assert set(statuses) <= {401, 429} and statuses.count(401) == checks.calls
    assert statuses.count(429) >= 40


def test_a_full_checker_refuses_at_once(checks: Checks) -> None:
    checker = accounts.PasswordChecker(max_concurrent=2)
    checks.delay = 1.0
    busy = [threading.Thread(target=checker.verify, args=(None, "x")) for _ in range(2)]
    for thread in busy:
        thread.start()
    while checks.running < 2:
        time.sleep(0.01)
    started = time.monotonic()
    with pytest.raises(TooManyAttempts):
        checker.verify(None, "x")
    assert time.monotonic() - started < 0.1  # not queued behind the running checks
    for thread in busy:
        thread.join()
    assert checks.calls == 2


def test_a_busy_refusal_does_not_count_as_a_failure() -> None:
    limiter = LoginLimiter(max_failures=2)
    for _ in range(10):
        limiter.abandoned(limiter.admit("192.0.2.1", "claire"))
    limiter.admit("192.0.2.1", "claire")  # still admitted: nothing was checked


def test_basic_auth_is_refused_without_any_check(app: Any, checks: Checks) -> None:
    async def basic() -> list[httpx.Response]:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            auth = httpx.BasicAuth("admin", PASSWORD)
            return await asyncio.gather(*(client.get("/api/threads", auth=auth) for _ in range(40)))

    answers = asyncio.run(basic())
    assert {answer.status_code for answer in answers} == {401}
    assert answers[0].headers["www-authenticate"].startswith("Bearer")
    assert checks.calls == 0


def test_20000_usernames_keep_the_table_at_its_bound() -> None:
    limiter = LoginLimiter(max_failures=5, max_entries=1000)
    for i in range(20_000):
        address = f"10.{i // 65536}.{i // 256 % 256}.{i % 256}"
        limiter.admit(address, f"user{i}")
    assert len(limiter) == 1000


def test_a_blocked_address_adds_nothing_to_the_table(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The audit's attack over HTTP: block the address, then new usernames, one each."""
    monkeypatch.setattr(accounts, "verify_password", lambda stored, password: False)
    limiter = client.app.state.web.limiter  # type: ignore[attr-defined]
    token = _token(client.get("/login").text)
    statuses = [
        client.post(
            "/login", data={"username": f"u{i}", "password": "x", "csrf_token": token}
        ).status_code
        for i in range(300)
    ]
    assert statuses[:20] == [401] * 20 and set(statuses[20:]) == {429}
    assert len(limiter) == 21  # the address and its first 20 pairs; nothing after the block


def test_the_right_password_from_a_fresh_address_signs_in_while_another_hammers(
    app: Any, checks: Checks
) -> None:
    checks.delay = 0.0
    with (
        TestClient(app, follow_redirects=False, client=("203.0.113.66", 1)) as attacker,
        TestClient(app, follow_redirects=False, client=("192.0.2.10", 1)) as owner,
    ):
        token = _token(attacker.get("/login").text)
        for _ in range(30):
            attacker.post(
                "/login", data={"username": "admin", "password": "guess", "csrf_token": token}
            )
        right = {"username": "admin", "password": PASSWORD, "csrf_token": token}
        assert attacker.post("/login", data=right).status_code == 429  # the attacker's address
        login(owner, "admin")  # 303: signed in
        assert owner.get("/").status_code == 200


def test_delays_grow_and_are_forgotten() -> None:
    now = [1000.0]
    limiter = LoginLimiter(max_failures=3, clock=lambda: now[0])

    def wait_after_failure() -> float:
        limiter.admit("192.0.2.1", "claire")
        try:
            limiter.admit("192.0.2.1", "claire")
        except TooManyAttempts as refused:
            return float(re.findall(r"\d+", refused.message)[0])
        raise AssertionError("not blocked")

    limiter.admit("192.0.2.1", "claire")
    limiter.admit("192.0.2.1", "claire")
    assert wait_after_failure() == 61  # the third failure: one minute
    now[0] += 61
    assert wait_after_failure() == 121  # then two
    now[0] += 121
    assert wait_after_failure() == 241
    limiter.admit("192.0.2.2", "claire")  # another address is not concerned
    now[0] += 241 + 301  # a quiet window after the delay: forgotten
    limiter.admit("192.0.2.1", "claire")
    assert len(limiter) == 4


def test_an_address_trying_many_accounts_is_slowed_down() -> None:
    limiter = LoginLimiter(max_failures=5, address_failures=20)
    for i in range(20):
        limiter.admit("192.0.2.1", f"user{i}")
    with pytest.raises(TooManyAttempts):
        limiter.admit("192.0.2.1", "somebody-else")
    limiter.admit("192.0.2.2", "somebody-else")


def test_ipv6_counts_per_64() -> None:
    assert network_of("2001:db8:1:2:aaaa::1") == network_of("2001:db8:1:2:bbbb::9")
    assert network_of("2001:db8:1:3::1") != network_of("2001:db8:1:2::1")
    assert network_of("192.0.2.1") == "192.0.2.1"


def test_login_csrf_from_a_foreign_presession_is_refused(app: Any) -> None:
    """A pre-session cookie and token the attacker got for himself, planted in the victim's browser."""
    with (
        TestClient(app, follow_redirects=False, client=("203.0.113.66", 1)) as attacker,
        TestClient(app, follow_redirects=False, client=("192.0.2.10", 1)) as victim,
    ):
        token = _token(attacker.get("/login").text)
        planted = attacker.cookies["mailflow_login"]
        victim.cookies.set("mailflow_login", planted, path="/login")
        form = {"username": "staff", "password": PASSWORD, "csrf_token": token}
        answer = victim.post("/login", data=form)
        assert answer.status_code == 403
        assert "mailflow_session" not in answer.headers.get("set-cookie", "")
        # Double submit of a value of the attacker's choosing is refused as well.
        victim.cookies.set("mailflow_login", "a" * 43, path="/login")
        assert victim.post("/login", data={**form, "csrf_token": "a" * 43}).status_code == 403
        login(victim, "staff")  # the victim's own pre-session works
