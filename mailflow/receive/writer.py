"""Group commit: messages from concurrent sessions are committed together.

One fsync costs about a millisecond, so one commit per message caps intake at a few
hundred messages a second. Sessions hand their message to :class:`GroupWriter` and wait;
a single task takes everything queued so far, commits it as one transaction in a worker
thread and then wakes every waiter with its result. Under no load a message is committed
at once; under load the batches grow by themselves, with no timer.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import Engine

from mailflow.errors import StoreUnavailable
from mailflow.store.raw import Incoming, Stored, store_batch

log = logging.getLogger("mailflow.store")

_Waiter = tuple[Incoming, "asyncio.Future[Stored]"]


class GroupWriter:
    """Commit queued messages in batches; :meth:`store` returns once its message is durable."""

    def __init__(
        self,
        engine: Engine,
        *,
        max_batch: int = 256,
        max_batch_bytes: int = 64 * 1024 * 1024,
        on_commit: Callable[[], None] | None = None,
    ) -> None:
        self._engine = engine
        self._max_batch = max_batch
        self._max_bytes = max_batch_bytes
        self._on_commit = on_commit
        self._queue: asyncio.Queue[_Waiter] = asyncio.Queue()
        self._executor = ThreadPoolExecutor(1, thread_name_prefix="mailflow-store")
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._run(), name="group-writer")

    async def store(self, item: Incoming) -> Stored:
        """Queue ``item`` and wait for its commit; raises :class:`StoreUnavailable`."""
        if self._task is None or self._task.done():
            raise StoreUnavailable("the store writer is not running")
        future: asyncio.Future[Stored] = asyncio.get_running_loop().create_future()
        self._queue.put_nowait((item, future))
        return await future

    async def stop(self) -> None:
        """Commit what is queued, then stop."""
        if self._task is None:
            return
        await self._queue.join()
        self._task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._task
        self._executor.shutdown(wait=True)

    async def _run(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            batch = [await self._queue.get()]
            size = len(batch[0][0].data)
            while (
                not self._queue.empty() and len(batch) < self._max_batch and size < self._max_bytes
            ):
                batch.append(self._queue.get_nowait())
                size += len(batch[-1][0].data)
            try:
                results = await loop.run_in_executor(
                    self._executor, store_batch, self._engine, [item for item, _ in batch]
                )
            except Exception as exc:  # every waiter must hear about it
                if not isinstance(exc, StoreUnavailable):
                    log.exception("storing a batch of %d messages failed", len(batch))
                    exc = StoreUnavailable(f"store failed: {type(exc).__name__}")
                _settle(batch, error=exc)
            else:
                _settle(batch, results=results)
                if self._on_commit is not None:
                    self._on_commit()
            finally:
                for _ in batch:
                    self._queue.task_done()
                batch.clear()  # the bytes are stored: do not keep them while waiting for more


def _settle(
    batch: list[_Waiter], *, results: list[Stored] | None = None, error: Exception | None = None
) -> None:
    for index, (_, future) in enumerate(batch):
        if future.done():  # the session went away while waiting; the commit stands
            continue
        if results is not None:
            future.set_result(results[index])
        else:
            assert error is not None
            future.set_exception(error)
