"""IMAP initial-sync benchmark: mailflow's folder sync (raw bytes committed to the store and
checkpointed) against ``mbsync`` (Debian's isync) pulling the same folder into a Maildir.

    .venv/bin/python bench/bench_imap.py [--count 10000] [--batch-size 200]

Starts a private Dovecot on loopback (as the tests do), seeds one folder with MULTIAPPEND,
then times both in this run, one after the other; the ratio is the figure to quote.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from mailflow.receive.imap import FolderWatcher
from mailflow.settings import load_settings
from mailflow.store import migrate
from mailflow.store.db import make_engine
from tests.intake.conftest import message, seed
from tests.intake.dovecot import PASSWORD, Dovecot, start_dovecot

MBSYNC_CONFIG = """\
IMAPAccount bench
Host 127.0.0.1
Port {port}
User {user}
Pass {password}
SSLType None
AuthMechs LOGIN

IMAPStore remote
Account bench

MaildirStore local
Path {maildir}/
Inbox {maildir}/INBOX

Channel pull
Far :remote:
Near :local:
Patterns INBOX
Sync Pull
Create Near
SyncState *
"""


def bench_ours(dovecot: Dovecot, user: str, workdir: Path, batch_size: int) -> tuple[float, int]:
    engine = make_engine(f"sqlite:///{workdir / 'bench.sqlite3'}")
    migrate.upgrade(engine)
    settings = load_settings(
        None,
        web={"enabled": False},
        imap={
            "enabled": True,
            "port": dovecot.port,
            "security": "none",
            "username": user,
            "password": PASSWORD,
            "batch_size": batch_size,
        },
    )
    watcher = FolderWatcher(engine, settings.imap, "INBOX", "bench")
    thread = threading.Thread(target=watcher.run, daemon=True)
    start = time.perf_counter()
    thread.start()
    watcher.synced.wait(600)
    seconds = time.perf_counter() - start
    watcher.stop.set()
    thread.join(30)
    engine.dispose()
    return seconds, watcher.report.stored


def bench_mbsync(dovecot: Dovecot, user: str, workdir: Path) -> tuple[float, int]:
    maildir = workdir / "maildir"
    maildir.mkdir()
    config = workdir / "mbsyncrc"
    config.write_text(
        MBSYNC_CONFIG.format(port=dovecot.port, user=user, password=PASSWORD, maildir=maildir)
    )
    start = time.perf_counter()
    subprocess.run(["mbsync", "-q", "-c", str(config), "pull"], check=True)
    seconds = time.perf_counter() - start
    return seconds, sum(1 for _ in (maildir / "INBOX" / "cur").iterdir()) + sum(
        1 for _ in (maildir / "INBOX" / "new").iterdir()
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--batch-size", type=int, default=200)
    args = parser.parse_args()
    if shutil.which("mbsync") is None:
        sys.exit("mbsync is missing: run scripts/bootstrap.sh --dev (Debian package isync)")
    user = "bench"
    dovecot = start_dovecot([user])
    try:
        seed(
            dovecot, user, "INBOX", [message(n, tag="bench", size=1500) for n in range(args.count)]
        )
        with tempfile.TemporaryDirectory(dir=Path.cwd() / "bench") as tmp:
            mbsync, mbsync_count = bench_mbsync(dovecot, user, Path(tmp))
            ours, ours_count = bench_ours(dovecot, user, Path(tmp), args.batch_size)
    finally:
        dovecot.stop()
        shutil.rmtree(dovecot.base, ignore_errors=True)
    print(f"messages: {args.count} (~1.7 KB each), local Dovecot, store: SQLite file")
    print(f"mbsync → Maildir:           {mbsync_count / mbsync:8.0f} msg/s ({mbsync:.2f} s)")
    print(f"mailflow sync → raw store:  {ours_count / ours:8.0f} msg/s ({ours:.2f} s)")
    print(f"ratio mailflow / mbsync:    {mbsync / ours:8.2f}")


if __name__ == "__main__":
    main()
