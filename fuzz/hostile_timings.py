"""Time and peak memory of every hostile-mail case, for ``docs/limits.md``.

Each case runs in a fresh process (so ``ru_maxrss`` is its own): build the message, parse
it, then store and process it in a temporary SQLite database. Prints a Markdown table::

    .venv/bin/python fuzz/hostile_timings.py            # every case
    .venv/bin/python fuzz/hostile_timings.py zip-bomb   # one case
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def measure(name: str) -> dict[str, object]:
    """Run one case in this process and return its figures."""
    from mailflow.parse import parse_message
    from mailflow.pipeline import process_pending
    from mailflow.store import migrate
    from mailflow.store.db import make_engine
    from mailflow.store.raw import Incoming, store_batch
    from tests.hostile.catalogue import CASES
    from tests.pipeline.helpers import context

    case = next(c for c in CASES if c.name == name)
    raw = case.build()
    arrival = datetime(2026, 11, 2, tzinfo=UTC)
    start = time.perf_counter()
    parsed = parse_message(raw, arrival)
    parse_seconds = time.perf_counter() - start
    with tempfile.TemporaryDirectory() as directory:
        engine = make_engine(f"sqlite:///{Path(directory) / 'timings.sqlite3'}")
        migrate.upgrade(engine)
        ctx = context()
        start = time.perf_counter()
        store_batch(engine, [Incoming(raw, "smtp", "timings", arrival)])
        report = process_pending(engine, ctx)
        pipeline_seconds = time.perf_counter() - start
        engine.dispose()
    return {
        "case": name,
        "bytes": len(raw),
        "parse_s": round(parse_seconds, 3),
        "pipeline_s": round(pipeline_seconds, 3),
        "state": "processed" if report.processed else "quarantined",
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "defects": sorted({d.split(":")[0] for d in parsed.defects}),
    }


def main(names: list[str]) -> None:
    """Run every case (or ``names``) in its own process and print the table."""
    from tests.hostile.catalogue import CASES

    print("| case | size | parse (s) | store + pipeline (s) | result | peak RSS (MB) | defects |")
    print("|---|---:|---:|---:|---|---:|---|")
    for case in CASES:
        if names and case.name not in names:
            continue
        done = subprocess.run(  # noqa: S603  (this interpreter, this script)
            [sys.executable, __file__, "--one", case.name],
            capture_output=True,
            text=True,
            check=False,
            cwd=REPO,
        )
        if done.returncode != 0:
            last = (done.stderr.strip().splitlines() or ["?"])[-1]
            print(f"| {case.name} | | | | run failed: {last} | | |")
            continue
        r = json.loads(done.stdout)
        size = f"{r['bytes'] / 1e6:.1f} MB" if r["bytes"] >= 1e6 else f"{r['bytes']:,} B"
        defects = ", ".join(f"`{d}`" for d in r["defects"]) or "none"
        print(
            f"| {r['case']} | {size} | {r['parse_s']} | {r['pipeline_s']} | {r['state']}"
            f" | {r['peak_rss_mb']} | {defects} |"
        )


if __name__ == "__main__":
    if sys.argv[1:2] == ["--one"]:
        print(json.dumps(measure(sys.argv[2])))
    else:
        main(sys.argv[1:])
