"""Parse stage: raw bytes in, a :class:`ParsedMessage` out. Pure, never raises on bad mail."""

from mailflow.parse.message import Address, Attachment, DeliveryReport, ParsedMessage

__all__ = ["Address", "Attachment", "DeliveryReport", "ParsedMessage"]
