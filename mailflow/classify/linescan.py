"""Line numbers for TOML tables and keys, which ``tomllib`` does not give.

A light scan of the file text: ``[[name]]`` headers open a table (counted per name, so the
n-th ``[[topic]]`` header is the n-th topic table ``tomllib`` returns), and ``key =`` lines
inside it give key lines. Lines inside multi-line strings are skipped. Values are found by
searching the table's lines for their text. It is not a TOML parser and does not need to
be: the file has already parsed, the scan only points at lines.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

_ARRAY_HEADER = re.compile(r"^\s*\[\[\s*([A-Za-z0-9_-]+)\s*\]\]")
_TABLE_HEADER = re.compile(r"^\s*\[\s*([A-Za-z0-9_.-]+)\s*\]")
_KEY = re.compile(r"""^\s*([A-Za-z0-9_-]+|"[^"]*"|'[^']*')\s*=""")


@dataclass(slots=True)
class TableLines:
    """Where one table starts and ends, and the line of each of its keys."""

    line: int
    end: int
    keys: dict[str, int] = field(default_factory=dict)


@dataclass(slots=True)
class FileLines:
    """Line numbers for a whole file: top-level keys and every array-of-tables entry."""

    lines: list[str]
    top: TableLines
    tables: dict[str, list[TableLines]] = field(default_factory=dict)

    def table(self, name: str, index: int) -> TableLines:
        found = self.tables.get(name, [])
        return found[index] if index < len(found) else self.top

    def key_line(self, where: TableLines, key: str) -> int:
        return where.keys.get(key, where.line)

    def value_line(self, where: TableLines, key: str, value: str) -> int:
        """The line where ``value`` is written inside the table, else the key's line."""
        spellings = {value, json.dumps(value, ensure_ascii=False)[1:-1]}
        for number in range(max(where.line, 1), where.end + 1):
            if any(spelling and spelling in self.lines[number - 1] for spelling in spellings):
                return number
        return self.key_line(where, key)


def scan(text: str) -> FileLines:
    lines = text.splitlines()
    result = FileLines(lines, TableLines(1, len(lines)))
    current, in_string = result.top, False
    for number, line in enumerate(lines, start=1):
        if in_string:
            in_string = _toggles_string(line) != in_string
            continue
        header = _ARRAY_HEADER.match(line) or _TABLE_HEADER.match(line)
        if header:
            current.end = number - 1
            current = TableLines(number, len(lines))
            if line.lstrip().startswith("[["):
                result.tables.setdefault(header.group(1), []).append(current)
            continue
        key = _KEY.match(line)
        if key:
            current.keys.setdefault(key.group(1).strip("\"'"), number)
        in_string = _toggles_string(line)
    return result


def _toggles_string(line: str) -> bool:
    """Whether the line opens (or closes) a multi-line string without closing it again."""
    return (line.count('"""') + line.count("'''")) % 2 == 1
