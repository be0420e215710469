"""A private Dovecot IMAP server for the intake tests: own config, loopback, free port.

Mail lives under /dev/shm (fast, gone at reboot); users come from a passwd-file; the
distribution's /etc/dovecot is never read (it wants a certificate that is not there).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

BOOTSTRAP_HINT = "run `scripts/bootstrap.sh --dev` (the README test command does) to install it"
PASSWORD = "secret-pass"
TOKEN = "test-oauth2-token"

CONFIG = """\
base_dir = {base}/run
state_dir = {base}/state
log_path = {base}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login xoauth2
mail_location = maildir:{mail}/%u/Maildir
mail_uid = {uid}
mail_gid = {gid}
first_valid_uid = 0
default_internal_user = {user}
default_login_user = {user}
default_internal_group = {group}
mail_fsync = never
mailbox_list_index = yes
mail_max_userip_connections = 500
default_process_limit = 500
default_client_limit = 2000
imap_idle_notify_interval = 2 mins
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {base}/passwd
}}
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {base}/tokens
  mechanisms = xoauth2 oauthbearer
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={mail}/%u
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service anvil {{
  chroot =
}}
service stats {{
  chroot =
}}
namespace inbox {{
  inbox = yes
  separator = /
}}
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Dovecot:
    base: Path
    mail: Path
    port: int
    users: list[str] = field(default_factory=list)
    pid: int | None = None

    @property
    def config(self) -> Path:
        return self.base / "dovecot.conf"

    def write_config(self) -> None:
        import grp
        import pwd

        nobody = pwd.getpwnam("nobody")
        group = grp.getgrgid(nobody.pw_gid).gr_name
        self.config.write_text(
            CONFIG.format(
                base=self.base,
                mail=self.mail,
                port=self.port,
                uid=nobody.pw_uid,
                gid=nobody.pw_gid,
                user="nobody",
                group=group,
            )
        )
        for name in ("run", "state"):
            (self.base / name).mkdir(exist_ok=True)

    def add_user(self, name: str) -> str:
        with open(self.base / "passwd", "a") as handle:
            handle.write(f"{name}:{{PLAIN}}{PASSWORD}\n")
        with open(self.base / "tokens", "a") as handle:
            handle.write(f"{name}:{{PLAIN}}{TOKEN}\n")
        self.users.append(name)
        return name

    def start(self) -> None:
        for name in ("passwd", "tokens"):
            (self.base / name).touch()
        subprocess.run(["dovecot", "-c", str(self.config)], check=True)
        pidfile = self.base / "run" / "master.pid"
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if pidfile.exists() and pidfile.read_text().strip() and _accepts(self.port):
                self.pid = int(pidfile.read_text().strip())
                return
            time.sleep(0.02)
        raise RuntimeError(f"dovecot did not start; see {self.base / 'dovecot.log'}")

    def stop(self) -> None:
        """Stop the master, then any of its processes left (imap sessions outlive it)."""
        if self.pid is None:
            return
        members = _session_members(self.pid)
        os.kill(self.pid, signal.SIGTERM)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and _alive(self.pid):
            time.sleep(0.02)
        for pid in members | _session_members(self.pid):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        while _accepts(self.port) and time.monotonic() < deadline:
            time.sleep(0.02)
        self.pid = None


def _session_members(sid: int) -> set[int]:
    """PIDs in session ``sid``: the master daemonises with setsid, its children follow."""
    found = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[3]) == sid:  # state, ppid, pgrp, session
            found.add(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def _accepts(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


def start_dovecot(users: list[str]) -> Dovecot:
    """A running private Dovecot; raises RuntimeError with the fix when it is not installed."""
    if shutil.which("dovecot") is None:
        raise RuntimeError(f"dovecot is not installed: {BOOTSTRAP_HINT}")
    shm = Path("/dev/shm") if Path("/dev/shm").is_dir() else None
    base = Path(tempfile.mkdtemp(prefix="mailflow-dovecot-", dir=shm))
    os.chmod(base, 0o755)
    mail = base / "mail"
    mail.mkdir()
    import pwd

    nobody = pwd.getpwnam("nobody")
    os.chown(mail, nobody.pw_uid, nobody.pw_gid)
    server = Dovecot(base, mail, free_port())
    server.write_config()
    for user in users:
        server.add_user(user)
    server.start()
    return server
