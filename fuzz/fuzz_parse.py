"""Atheris harness for the parse stage: any bytes in, a ParsedMessage out, never an exception.

Run (see fuzz/README.md)::

    .venv/bin/python fuzz/fuzz_parse.py fuzz/corpus -max_total_time=1800 -artifact_prefix=fuzz/crashes/
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime

import atheris

with atheris.instrument_imports():
    from mailflow.parse import parse_message

ARRIVAL = datetime(2026, 1, 1, tzinfo=UTC)


def test_one_input(data: bytes) -> None:
    """The parser promises never to raise on bad mail: any exception is a finding."""
    parse_message(data, ARRIVAL)


def main() -> None:
    """Hand the command line to libFuzzer (corpus directories, -max_total_time, ...)."""
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
