"""Read messages from files: .eml, directories of them, mbox and Maildir. Streams."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

_MAILDIR_SUBDIRS = ("new", "cur")
_SKIPPED_NAMES = {
    "LICENSE",
    "LICENCE",
    "COPYING",
    "COPYING.LESSER",
    "README",
    "README.md",
    "NOTICE",
}
_SKIPPED_SUFFIXES = {".jsonl", ".json", ".md", ".py", ".toml"}


@dataclass(frozen=True, slots=True)
class FileMessage:
    data: bytes
    origin: str
    """Where it came from: ``path`` or ``path#n`` for the n-th message of an mbox."""


def read_messages(path: Path) -> Iterator[FileMessage]:
    """Every message under ``path``: a file (.eml or mbox), a Maildir, or a directory tree."""
    if path.is_dir():
        yield from _read_directory(path)
    elif is_mbox(path):
        yield from read_mbox(path)
    else:
        yield FileMessage(path.read_bytes(), str(path))


def is_mbox(path: Path) -> bool:
    with path.open("rb") as handle:
        return handle.read(5) == b"From "


def read_mbox(path: Path) -> Iterator[FileMessage]:
    """Split an mbox on ``From `` lines that follow an empty line; one message in memory at a time.

    The ``From `` separator line is not part of the message; body lines keep their
    ``>From`` quoting, exactly as the file holds them.
    """
    number = 0
    lines: list[bytes] = []
    previous_blank = True
    with path.open("rb") as handle:
        for line in handle:
            if line.startswith(b"From ") and previous_blank:
                if lines:
                    number += 1
                    yield FileMessage(_strip_separator_blank(lines), f"{path}#{number}")
                lines = []
                previous_blank = False
                continue
            lines.append(line)
            previous_blank = line in (b"\n", b"\r\n")
    if lines:
        number += 1
        yield FileMessage(_strip_separator_blank(lines), f"{path}#{number}")


def _strip_separator_blank(lines: list[bytes]) -> bytes:
    # The empty line before the next "From " belongs to the mbox format, not the message.
    if lines and lines[-1] in (b"\n", b"\r\n"):
        lines = lines[:-1]
    return b"".join(lines)


def _read_directory(directory: Path) -> Iterator[FileMessage]:
    if all((directory / sub).is_dir() for sub in ("cur", "new", "tmp")):
        for sub in _MAILDIR_SUBDIRS:
            for entry in sorted((directory / sub).iterdir()):
                if entry.is_file():
                    yield FileMessage(entry.read_bytes(), str(entry))
        subfolders = [
            p for p in sorted(directory.iterdir()) if p.is_dir() and p.name.startswith(".")
        ]
        for folder in subfolders:
            yield from _read_directory(folder)
        return
    for entry in sorted(directory.iterdir()):
        if (
            entry.name.startswith(".")
            or entry.name in _SKIPPED_NAMES
            or entry.suffix in _SKIPPED_SUFFIXES
        ):
            continue
        if entry.is_dir():
            yield from _read_directory(entry)
        elif entry.is_file() and entry.stat().st_size > 0:
            yield from read_messages(entry)
