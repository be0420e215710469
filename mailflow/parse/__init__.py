"""Parse stage: raw bytes in, a :class:`ParsedMessage` out. Pure, never raises on bad mail.

Pure means: no database, network, clock or settings imports here (only the standard
library, charset-normalizer and inscriptis), so any stored message can be parsed again at any
time with the same result. ``tests/parse/test_parse_purity.py`` checks the imports.
"""

from mailflow.parse.canonical import canonical_bytes, split_header_body
from mailflow.parse.limits import DEFAULT_LIMITS, ParseLimits
from mailflow.parse.message import Address, Attachment, DeliveryReport, ParsedMessage
from mailflow.parse.mime import parse_message

__all__ = [
    "DEFAULT_LIMITS",
    "Address",
    "Attachment",
    "DeliveryReport",
    "ParseLimits",
    "ParsedMessage",
    "canonical_bytes",
    "parse_message",
    "split_header_body",
]
