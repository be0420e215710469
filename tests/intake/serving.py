"""Run ``mailflow serve`` as a real subprocess for the serve, crash and multi-instance tests."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from tests.intake.conftest import OUR

REPO = Path(__file__).resolve().parents[2]


def toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'


def write_config(path: Path, top: dict[str, Any], sections: dict[str, dict[str, Any]]) -> Path:
    lines = [f"{k} = {toml_value(v)}" for k, v in top.items()]
    for name, values in sections.items():
        lines.append(f"[{name}]")
        lines += [f"{k} = {toml_value(v)}" for k, v in values.items()]
    path.write_text("\n".join(lines) + "\n")
    return path


def serve_config(
    tmp_path: Path, name: str, database_url: str, **sections: dict[str, object]
) -> Path:
    """A ``mailflow serve`` configuration for the cooperation address: no web app, no
    pipeline unless ``serve={"pipeline": True}``; ``sections`` add to or override these."""
    base: dict[str, dict[str, Any]] = {
        "web": {"enabled": False},
        "serve": {"instance_name": name, "pipeline": False},
    }
    for key, value in sections.items():
        base[key] = {**base.get(key, {}), **value}
    return write_config(
        tmp_path / f"{name}.toml",
        {"database_url": database_url, "data_dir": str(tmp_path), "our_addresses": [OUR]},
        base,
    )


def port_open(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


class ServeProcess:
    """One ``mailflow serve``; stopped by its PID only."""

    def __init__(self, config: Path, log: Path) -> None:
        self.config = config
        self.log = log
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self, wait_port: int | None = None, timeout: float = 60) -> ServeProcess:
        env = {k: v for k, v in os.environ.items() if not k.startswith("MAILFLOW_")}
        env["MAILFLOW_CONFIG"] = str(self.config)
        with open(self.log, "ab") as log:
            self.proc = subprocess.Popen(
                [str(Path(sys.executable).parent / "mailflow"), "serve"],
                cwd=REPO,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        if wait_port is not None:
            deadline = time.monotonic() + timeout
            while not port_open(wait_port):
                if self.proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(
                        f"mailflow serve did not start:\n{self.log.read_text()[-4000:]}"
                    )
                time.sleep(0.05)
        return self

    def signal(self, sig: int) -> None:
        assert self.proc is not None
        os.kill(self.proc.pid, sig)

    def kill(self) -> None:
        """kill -9: no cleanup, no goodbye."""
        if self.proc is not None and self.proc.poll() is None:
            self.signal(signal.SIGKILL)
            self.proc.wait(30)

    def stop(self, timeout: float = 60) -> int:
        assert self.proc is not None
        if self.proc.poll() is None:
            self.signal(signal.SIGTERM)
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            raise
