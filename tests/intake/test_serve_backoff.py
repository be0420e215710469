"""The serve loops while the store refuses writes: one line per pass, longer waits, no crash."""

from __future__ import annotations

import asyncio
import logging

import pytest

from mailflow.errors import StoreUnavailable
from mailflow.serve import STORE_BACKOFF_MAX, _every, store_backoff


def test_waits_double_up_to_a_ceiling() -> None:
    assert [store_backoff(5, n) for n in (1, 2, 3, 4)] == [5, 10, 20, 40]
    assert store_backoff(5, 100) == STORE_BACKOFF_MAX


def test_a_refusing_store_logs_one_line_per_pass_and_the_loop_goes_on(
    caplog: pytest.LogCaptureFixture,
) -> None:
    outcomes: list[Exception | None] = [
        StoreUnavailable("the store cannot take the batch, which waits: disk full"),
        StoreUnavailable("the store cannot take the batch, which waits: disk full"),
        None,
    ]
    passes = 0

    async def run() -> None:
        stop = asyncio.Event()

        async def work() -> bool:
            nonlocal passes
            passes += 1
            outcome = outcomes.pop(0)
            if not outcomes:
                stop.set()
            if outcome is not None:
                raise outcome
            return False

        await _every("pipeline", 0.001, stop, asyncio.Event(), work)

    with caplog.at_level(logging.WARNING, logger="mailflow.serve"):
        asyncio.run(run())
    assert passes == 3
    lines = [r for r in caplog.records if r.name == "mailflow.serve"]
    assert [r.levelno for r in lines] == [logging.WARNING, logging.WARNING]
    assert all(r.exc_info is None for r in lines)  # one clear line, no traceback
    assert all("pipeline loop: the store cannot take the batch" in r.getMessage() for r in lines)
