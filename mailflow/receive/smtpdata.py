"""Reading an SMTP DATA section: the bytes as sent, within a memory budget shared by sessions.

aiosmtpd splits DATA at CRLF only, so a client that ends its lines with a bare LF sends one
"line" as long as the message and gets ``500 Line too long``; real MTAs take such mail.
Here a line ends at LF, with or without CR, and is kept as sent (the raw store holds the
received bytes; the parser reads either line end). The end of data is still a lone
``.<CR><LF>`` after a CRLF: taking ``<LF>.<CR><LF>`` as the end would let a client smuggle
a second message past an MTA that does not (SMTP smuggling, CVE-2023-51766 and kin).

Every session's message bytes count against one :class:`MemoryBudget`; a message that does
not fit is read to its end and discarded, and the client told to try later (``452``).
"""

from __future__ import annotations

import asyncio
import io
from dataclasses import dataclass

END_OF_DATA = b".\r\n"
LINE_TOO_LONG = "500 5.5.2 Line too long (see RFC 5321 4.5.3.1.6)"
TOO_MUCH_DATA = "552 5.3.4 Message too big"
OVER_BUDGET = "452 4.3.1 Insufficient system resources, please try again later"
HELD_COPIES = 5
"""What one message a session holds costs, in multiples of its size: the session's bytes,
the database's copies while the group writer commits it (the driver's bound parameter and
the record SQLite builds), and the allocator's slack (the writer thread's arena is not the
event loop's). Measured with 10 concurrent 24 MB messages (tests/intake/test_smtp_faults.py):
peak RSS grew by 6.5 to 6.8 times the size of the one message in flight, which this and
WRITER_COPIES together cover."""
WRITER_COPIES = 2
"""Room the store needs besides, in multiples of the largest message: the copy it makes
to key a message for dedupe (its line ends made canonical), and the last message written,
whose bound parameter the SQLite driver keeps in its statement cache until reused."""


def session_budget(memory_budget: int, max_message_size: int) -> int:
    """What sessions may hold of ``memory_budget`` once the writer's working room is set aside."""
    return memory_budget - WRITER_COPIES * max_message_size


class MemoryBudget:
    """Message bytes all sessions may hold at once. Sessions run on one event loop, so
    taking and giving back need no lock."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.held = 0

    def take(self, size: int) -> bool:
        if self.held + size > self.limit:
            return False
        self.held += size
        return True

    def give(self, size: int) -> None:
        self.held -= size


@dataclass(slots=True)
class Received:
    """One DATA section: its content, or the refusal to answer once it is read."""

    content: bytes
    refusal: str | None
    held: int
    """Bytes taken from the budget; give them back once the message is stored."""


async def read_data(
    reader: asyncio.StreamReader, *, size_limit: int | None, budget: MemoryBudget
) -> Received:
    """Read to the end of data; dot-unstuff (RFC 5321 4.5.2); keep line ends as sent."""
    content = io.BytesIO()
    size, held, refusal = 0, 0, None
    after_crlf = True  # the start of DATA counts as a line start after CRLF
    dropped_cr = False  # the dropped part of an overlong line ended with the CR of its CRLF
    try:
        while True:
            try:
                line = await reader.readuntil(b"\n")
            except asyncio.LimitOverrunError as overrun:
                # Longer than the reader's limit (smtp.max_line_length): drop it, read on.
                dropped = await reader.readexactly(overrun.consumed)
                refusal = refusal or LINE_TOO_LONG
                after_crlf, dropped_cr = False, dropped.endswith(b"\r")
                continue
            if after_crlf and line == END_OF_DATA:
                break
            after_crlf = line.endswith(b"\r\n") or (dropped_cr and line == b"\n")
            dropped_cr = False
            if refusal is not None:
                continue
            if line.startswith(b"."):
                line = line[1:]
            size += len(line)
            if size_limit and size > size_limit:
                refusal = TOO_MUCH_DATA
            elif budget.take(len(line) * HELD_COPIES):
                held += len(line) * HELD_COPIES
                content.write(line)
                continue
            else:
                refusal = OVER_BUDGET
            budget.give(held)
            held, content = 0, io.BytesIO()
    except BaseException:
        budget.give(held)  # the connection went away mid-DATA
        raise
    # getvalue() hands over the buffer without copying it when nothing else refers to it.
    return Received(content.getvalue(), refusal, held)
