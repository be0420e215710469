"""``mailflow import``: files → raw store (batched commits) → pipeline. Bounded memory."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine

from mailflow.clock import utc_now
from mailflow.pipeline import PipelineContext, ProcessReport, process_pending
from mailflow.receive.files import FileMessage, read_messages
from mailflow.store.raw import Incoming, store_batch


@dataclass(slots=True)
class ImportReport:
    read: int = 0
    new: int = 0
    duplicates: int = 0
    bytes_read: int = 0
    pipeline: ProcessReport = field(default_factory=ProcessReport)


def import_paths(
    engine: Engine,
    ctx: PipelineContext,
    paths: Iterable[Path],
    *,
    batch_size: int = 500,
    on_progress: Callable[[int, int], None] | None = None,
    clock: Callable[[], datetime] = utc_now,
) -> ImportReport:
    """Store then process every message under ``paths``; ``on_progress(messages, bytes)``.

    ``clock`` gives the arrival time recorded (and used where a message has no usable Date).
    """
    report = ImportReport()
    batch: list[FileMessage] = []
    for path in paths:
        for item in read_messages(path):
            batch.append(item)
            if len(batch) >= batch_size:
                _flush(engine, ctx, batch, report, batch_size, clock())
                batch = []
                if on_progress:
                    on_progress(report.read, report.bytes_read)
    if batch:
        _flush(engine, ctx, batch, report, batch_size, clock())
    report.pipeline.add(process_pending(engine, ctx, batch_size=batch_size))
    if on_progress:
        on_progress(report.read, report.bytes_read)
    return report


def _flush(
    engine: Engine,
    ctx: PipelineContext,
    batch: list[FileMessage],
    report: ImportReport,
    batch_size: int,
    now: datetime,
) -> None:
    stored = store_batch(engine, [Incoming(m.data, "file", m.origin, now) for m in batch])
    report.read += len(batch)
    report.bytes_read += sum(len(m.data) for m in batch)
    report.duplicates += sum(1 for s in stored if s.duplicate)
    report.new += sum(1 for s in stored if not s.duplicate)
    report.pipeline.add(process_pending(engine, ctx, batch_size=batch_size))
