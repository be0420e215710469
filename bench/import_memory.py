"""Peak memory of ``mailflow import`` on a large generated mbox (streaming check).

    .venv/bin/python bench/import_memory.py [--count 100000] [--padding 2500]

Generates the mbox (about 1 GB for the defaults) in a temporary folder, imports it into a
fresh SQLite database with the real CLI in a child process, and reports the child's peak
resident memory (ru_maxrss), the time taken and the database size.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.generate import write_mbox  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument(
        "--padding", type=int, default=2500, help="Extra body characters per message."
    )
    parser.add_argument(
        "--workdir", type=Path, default=None, help="Where to put the mbox and database."
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=args.workdir) as tmp:
        mbox = Path(tmp) / "large.mbox"
        size = write_mbox(mbox, args.count, padding=args.padding)
        print(f"mbox: {args.count} messages, {size / 1e9:.2f} GB")
        env = {**os.environ, "MAILFLOW_DATA_DIR": tmp}
        command = [str(ROOT / ".venv/bin/mailflow"), "import", "--json", str(mbox)]
        start = time.perf_counter()
        result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
        elapsed = time.perf_counter() - start
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        database = Path(tmp) / "mailflow.sqlite3"
        print(result.stdout.strip()[-600:])
        if result.returncode != 0:
            print(result.stderr[-2000:], file=sys.stderr)
            raise SystemExit(result.returncode)
        print(f"import: {elapsed:.0f} s, {args.count / elapsed:.0f} msg/s")
        print(f"peak resident memory of the import process: {peak_mb:.0f} MB")
        print(f"database: {database.stat().st_size / 1e9:.2f} GB")


if __name__ == "__main__":
    main()
