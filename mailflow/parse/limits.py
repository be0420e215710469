"""Bounds that keep one hostile message from costing unbounded time or memory."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ParseLimits:
    """Documented bounds of :func:`mailflow.parse.parse_message`.

    Going past any of them never fails: the parser stops or truncates and records a defect
    (named in brackets below).
    """

    max_parts: int = 1000
    """MIME parts visited, containers included [``part-limit-exceeded``]."""
    max_depth: int = 50
    """Multipart nesting depth [``depth-limit-exceeded``]."""
    max_headers: int = 1000
    """Header fields kept from the top-level header block [``header-limit-exceeded``]."""
    max_header_bytes: int = 256 * 1024
    """Total size of the top-level header fields kept [``header-limit-exceeded``]."""
    max_header_chars: int = 16 * 1024
    """Length of one header value; References keeps its end [``header-truncated:<name>``]."""
    max_references: int = 100
    """Ids kept from References (the last ones, nearest the parent) [``references-truncated``]."""
    max_message_id_chars: int = 998
    """A longer Message-ID is treated as absent [``message-id-invalid``]."""
    max_body_chars: int = 1_000_000
    """Characters kept of ``body_text`` and of ``body_html`` [``body-truncated``]."""
    max_attachments: int = 200
    """Attachments kept [``attachment-limit-exceeded``]."""
    max_filename_chars: int = 255
    """Length of a sanitised attachment file name [``filename-sanitised:<original>``]."""
    lang_sample_chars: int = 4000
    """Characters of subject + new body text read by the language guess."""
    detect_sample_bytes: int = 64 * 1024
    """Bytes given to charset detection (which is slow) when the declared charset fails."""


DEFAULT_LIMITS = ParseLimits()
