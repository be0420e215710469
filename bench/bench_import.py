"""Import benchmark: the full pipeline into SQLite against the stdlib parser alone.

    .venv/bin/python bench/bench_import.py [--count 10000]

Both run in this process on the same generated mbox; the figure that matters is the
ratio, which holds on a noisy machine.
"""

from __future__ import annotations

import argparse
import contextlib
import email
import email.policy
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.generate import write_mbox
from mailflow.receive.files import read_mbox


def stdlib_baseline(mbox: Path) -> tuple[int, float]:
    start = time.perf_counter()
    count = 0
    for item in read_mbox(mbox):
        message = email.message_from_bytes(item.data, policy=email.policy.default)
        body = message.get_body(("plain", "html"))  # type: ignore[attr-defined]
        if body is not None:
            with contextlib.suppress(LookupError):  # get_content() raises on unknown charsets
                body.get_content()
        count += 1
    return count, time.perf_counter() - start


def full_pipeline(mbox: Path, workdir: Path) -> tuple[int, float]:
    from mailflow.receive.importer import import_paths
    from mailflow.runtime import load_rules, pipeline_context
    from mailflow.settings import load_settings
    from mailflow.store import migrate
    from mailflow.store.db import make_engine

    settings = load_settings(None, data_dir=workdir)
    engine = make_engine(settings.effective_database_url)
    migrate.upgrade(engine)
    ctx = pipeline_context(settings, load_rules(settings), replies=False)  # a backfill
    start = time.perf_counter()
    report = import_paths(engine, ctx, [mbox], batch_size=settings.import_batch_size)
    elapsed = time.perf_counter() - start
    assert report.pipeline.quarantined == 0, report
    return report.pipeline.processed, elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=10_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        mbox = Path(tmp) / "bench.mbox"
        size = write_mbox(mbox, args.count)
        print(f"mbox: {args.count} messages, {size / 1e6:.1f} MB")
        n_base, t_base = stdlib_baseline(mbox)
        n_full, t_full = full_pipeline(mbox, Path(tmp))
    base_rate, full_rate = n_base / t_base, n_full / t_full
    print(
        f"stdlib parser alone (policy.default + get_body().get_content()): {base_rate:8.0f} msg/s"
    )
    print(
        f"mailflow full pipeline into SQLite (store, parse, thread, classify): {full_rate:8.0f} msg/s"
    )
    print(f"ratio full pipeline / stdlib parser alone: {full_rate / base_rate:.2f}")


if __name__ == "__main__":
    main()
