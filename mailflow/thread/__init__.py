"""Thread stage: decide which conversation a message belongs to. Pure."""

from mailflow.thread.decide import Candidate, Decision, decide, organisation_of
from mailflow.thread.subject import (
    format_reference,
    is_reply_subject,
    reference_tags,
    strip_prefixes,
    subject_key,
)

__all__ = [
    "Candidate",
    "Decision",
    "decide",
    "format_reference",
    "is_reply_subject",
    "organisation_of",
    "reference_tags",
    "strip_prefixes",
    "subject_key",
]
