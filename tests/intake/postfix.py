"""A private Postfix in front of mailflow's LMTP endpoint: own configuration, loopback only.

The instance has its own config_directory (main.cf and master.cf written here), queue and
data directories under one temporary base, an smtpd on 127.0.0.1 at a free port, and a
transport map that hands the cooperation address to ``lmtp:inet:127.0.0.1:PORT``, as
docs/operations.md tells operators to deploy. Everything else is refused or fails at once
(``error:`` transports): the instance never sends mail anywhere. The distribution's
/etc/postfix/main.cf is never read, and its daemon is never started or stopped.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import tempfile
import time
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.documented import documented_block
from tests.intake.dovecot import BOOTSTRAP_HINT, free_port

SECTION = "### Postfix delivering to mailflow"


def documented(caption: str, lang: str = "") -> str:
    """A block of the Postfix recipe in docs/operations.md, as operators copy it."""
    return documented_block("operations.md", SECTION, caption, lang)


def documented_mailflow() -> dict[str, Any]:
    """The recipe's ``mailflow.toml``."""
    return tomllib.loads(documented("`mailflow.toml`", "toml"))


MAIN_CF = """\
compatibility_level = 3.6
queue_directory = {base}/queue
data_directory = {base}/data
meta_directory = /etc/postfix
mail_owner = postfix
setgid_group = postdrop
maillog_file = {base}/postfix.log
maillog_file_prefixes = {base}
myhostname = mx.postfix.test
mydomain = postfix.test
myorigin = $myhostname
inet_interfaces = loopback-only
inet_protocols = ipv4
mydestination =
mynetworks = 127.0.0.0/8
# The cooperation domain is one this MX receives mail for (here: a relay domain).
relay_domains = {domains}
local_recipient_maps =
alias_maps =
alias_database =
smtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination
# Nothing leaves loopback: only the transport map's entries are delivered.
default_transport = error:5.7.1 this test instance delivers to mailflow only
relay_transport = error:5.7.1 this test instance delivers to mailflow only
# Retry quickly, so that the test does not wait for hours.
minimal_backoff_time = 2s
maximal_backoff_time = 4s
queue_run_delay = 2s
biff = no
{documented}"""

MASTER_CF = """\
{port} inet n - n - - smtpd
pickup    unix  n       -       n       60      1       pickup
cleanup   unix  n       -       n       -       0       cleanup
qmgr      unix  n       -       n       300     1       qmgr
tlsmgr    unix  -       -       n       1000?   1       tlsmgr
rewrite   unix  -       -       n       -       -       trivial-rewrite
bounce    unix  -       -       n       -       0       bounce
defer     unix  -       -       n       -       0       bounce
trace     unix  -       -       n       -       0       bounce
verify    unix  -       -       n       -       1       verify
flush     unix  n       -       n       1000?   0       flush
proxymap  unix  -       -       n       -       -       proxymap
smtp      unix  -       -       n       -       -       smtp
relay     unix  -       -       n       -       -       smtp
showq     unix  n       -       n       -       -       showq
error     unix  -       -       n       -       -       error
retry     unix  -       -       n       -       -       error
discard   unix  -       -       n       -       -       discard
lmtp      unix  -       -       n       -       -       lmtp
anvil     unix  -       -       n       -       1       anvil
scache    unix  -       -       n       -       1       scache
postlog   unix-dgram n  -       n       -       1       postlogd
"""


@dataclass
class Postfix:
    base: Path
    port: int

    @property
    def config(self) -> Path:
        return self.base / "etc"

    def postfix(self, *args: str) -> subprocess.CompletedProcess[str]:
        return _run("postfix", "-c", str(self.config), *args)

    def start(self) -> None:
        # Queue and data directories owned by user postfix, as postfix-files says; `start`
        # then runs `postfix check` itself.
        self.postfix("set-permissions")
        self.postfix("start")

    def stop(self) -> None:
        """``postfix -c DIR stop``: this instance only (its master's PID file, not a name)."""
        if (self.base / "queue" / "pid" / "master.pid").exists():
            self.postfix("stop")

    def flush(self) -> None:
        _run("postqueue", "-c", str(self.config), "-f")

    def queue(self) -> list[dict[str, object]]:
        """``postqueue -j``: one dict per queued message (queue_name, recipients, delay_reason)."""
        out = _run("postqueue", "-c", str(self.config), "-j").stdout
        return [json.loads(line) for line in out.splitlines() if line.strip()]

    def listing(self) -> str:
        """``postqueue -p``, as an operator reads it."""
        return _run("postqueue", "-c", str(self.config), "-p").stdout

    def log(self) -> str:
        path = self.base / "postfix.log"
        return path.read_text(errors="replace") if path.exists() else ""


def _run(*command: str) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(command, capture_output=True, text=True, timeout=60)
    if done.returncode:
        raise RuntimeError(f"{' '.join(command)} failed ({done.returncode}):\n{done.stderr}")
    return done


def start_postfix(lmtp_port: int) -> Postfix:
    """A running private Postfix configured as docs/operations.md says, delivering to
    mailflow's LMTP endpoint on ``lmtp_port`` instead of the documented one.

    Raises RuntimeError with the fix when Postfix is not installed."""
    if shutil.which("postfix") is None or not Path("/usr/lib/postfix/sbin/master").exists():
        raise RuntimeError(f"postfix is not installed: {BOOTSTRAP_HINT}")
    shm = Path("/dev/shm") if Path("/dev/shm").is_dir() else None
    base = Path(tempfile.mkdtemp(prefix="mailflow-postfix-", dir=shm))
    os.chmod(base, 0o755)  # Postfix refuses a queue under a directory others may write
    server = Postfix(base=base, port=free_port())
    config = server.config
    for name in ("etc", "queue", "data"):
        (base / name).mkdir()
    ours = f"127.0.0.1:{documented_mailflow()['smtp']['port']}"
    transport = documented("`/etc/postfix/transport`").replace(ours, f"127.0.0.1:{lmtp_port}")
    domains = {
        line.split()[0].rsplit("@", 1)[-1] for line in transport.splitlines() if line.strip()
    }
    documented_main = documented("`/etc/postfix/main.cf`:").replace("/etc/postfix/", f"{config}/")
    main = MAIN_CF.format(base=base, domains=", ".join(sorted(domains)), documented=documented_main)
    (config / "main.cf").write_text(main)
    (config / "master.cf").write_text(MASTER_CF.format(port=f"127.0.0.1:{server.port}"))
    (config / "transport").write_text(transport)
    # Postfix waits until main.cf is a few seconds old (it may be half written): backdate it.
    past = time.time() - 60
    for name in ("main.cf", "master.cf"):
        os.utime(config / name, (past, past))
    _run("postmap", "-c", str(config), f"hash:{config}/transport")
    try:
        server.start()
    except RuntimeError as exc:
        with contextlib.suppress(RuntimeError):
            server.stop()
        raise RuntimeError(f"{exc}\n{base / 'postfix.log'}:\n{server.log()[-3000:]}") from exc
    return server
