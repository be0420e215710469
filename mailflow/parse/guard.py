"""Calls into the email package that can raise on hostile input, turned into defects.

The compat32 parser itself is built not to raise, but a few helpers around it do on crafted
values (RFC 2231 parameters with odd charsets, very deep nesting hitting the recursion
limit). Only such calls go through :func:`guarded`; our own code is not wrapped, so a bug in
it still shows up.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def guarded(call: Callable[[], T], fallback: T, defects: list[str], what: str) -> T:
    """``call()``, or ``fallback`` with a ``<what>-failed:<Error>`` defect if it raises."""
    try:
        return call()
    except Exception as error:  # see the module docstring
        defects.append(f"{what}-failed:{type(error).__name__}")
        return fallback
