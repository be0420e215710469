"""Thread stage: decide which conversation a message belongs to. Pure.

No module here imports a database, the network, the clock or the settings: the store looks
the candidates up and writes what :func:`place_batch` decides (``tests/test_architecture.py``).
"""

from mailflow.thread.decide import Candidate, Decision, decide, organisation_of
from mailflow.thread.keys import linked_keys, message_key, parent_keys
from mailflow.thread.place import (
    Known,
    KnownKey,
    KnownThread,
    Placed,
    Placement,
    Threading,
    ThreadState,
    Unplaced,
    place,
    place_batch,
)
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
    "Known",
    "KnownKey",
    "KnownThread",
    "Placed",
    "Placement",
    "ThreadState",
    "Threading",
    "Unplaced",
    "decide",
    "format_reference",
    "is_reply_subject",
    "linked_keys",
    "message_key",
    "organisation_of",
    "parent_keys",
    "place",
    "place_batch",
    "reference_tags",
    "strip_prefixes",
    "subject_key",
]
