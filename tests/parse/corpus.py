"""Where the shared test corpus lives, and how to list its messages (one per file, mbox split)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import CORPUS

DEV = CORPUS / "dev"
_SKIPPED = re.compile(r"^(?:LICEN[CS]E.*|README.*|labels\.jsonl)$", re.IGNORECASE)
_MBOX_SEPARATOR = re.compile(rb"^From ", re.MULTILINE)
_QUOTED_FROM = re.compile(rb"^>(>*From )", re.MULTILINE)


def require_corpus(path: Path = CORPUS) -> Path:
    """``path``, or skip the test with the reason when the corpus is not there."""
    if not path.is_dir():
        pytest.skip(f"../shared/corpus not found: {path.resolve()}")
    return path


def is_mbox(path: Path) -> bool:
    return path.suffix == ".mbox" or path.name.startswith("mbox")


def split_mbox(data: bytes) -> list[bytes]:
    """The messages of an mbox file: separator lines removed, mboxrd ``>From `` unquoted."""
    starts = [match.start() for match in _MBOX_SEPARATOR.finditer(data)]
    if not starts or starts[0] != 0:
        starts.insert(0, 0)
    chunks = [data[a:b] for a, b in zip(starts, [*starts[1:], len(data)], strict=True)]
    messages = [
        chunk.split(b"\n", 1)[-1] if chunk.startswith(b"From ") else chunk for chunk in chunks
    ]
    return [_QUOTED_FROM.sub(rb"\1", message) for message in messages]


def corpus_messages(root: Path) -> Iterator[tuple[str, bytes]]:
    """(name, raw bytes) of every message under ``root``, mbox files split."""
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        if _SKIPPED.match(path.name):
            continue
        data = path.read_bytes()
        name = str(path.relative_to(root))
        if is_mbox(path):
            for index, raw in enumerate(split_mbox(data)):
                yield f"{name}#{index}", raw
        else:
            yield name, data
