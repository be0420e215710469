"""Display labels of the taxonomy and states (English ids here; French in locale/fr.po)."""

from __future__ import annotations

from mailflow.classify.result import KINDS, PARTNER_TYPES, PRIORITIES, TOPICS
from mailflow.states import ThreadStatus

__all__ = ["KINDS", "LABELS", "PARTNER_TYPES", "PRIORITIES", "STATUSES", "TOPICS"]

STATUSES = tuple(ThreadStatus)

LABELS: dict[str, dict[str, str]] = {
    "partner_type": {
        "bmvr": "Regional municipal library (BMVR)",
        "bdp": "Departmental library",
        "srl": "Regional book agency",
        "association": "Professional association",
        "library": "Public library",
        "institution": "National institution",
        "international": "Foreign institution",
        "unknown": "Unidentified",
    },
    "topic": {
        "partnership": "Partnership",
        "training": "Training",
        "digital_resources": "Digital resources",
        "reference_network": "Reference network",
        "event": "Event",
        "expertise": "Expertise",
        "international": "International cooperation",
        "information": "Information",
    },
    "kind": {
        "human": "Person",
        "auto_reply": "Auto-reply",
        "bounce": "Bounce",
        "bulk": "Bulk mail",
    },
    "status": {
        "new": "New",
        "open": "Open",
        "waiting": "Waiting for partner",
        "closed": "Closed",
    },
    "priority": {
        "low": "Low",
        "normal": "Normal",
        "high": "High",
        "urgent": "Urgent",
    },
    "draft_state": {
        "draft": "Draft",
        "pending_approval": "Awaiting approval",
        "approved": "Approved, sending",
        "sending": "Sending",
        "sent": "Sent",
        "failed": "Failed",
    },
    "role": {"staff": "Staff", "supervisor": "Supervisor", "admin": "Administrator"},
    # A report row over every thread (a Cell.LABEL column with labels="scope").
    "scope": {"all": "All threads"},
}

CHOICES: dict[str, tuple[str, ...]] = {
    "partner_type": PARTNER_TYPES,
    "topic": TOPICS,
    "kind": KINDS,
    "status": STATUSES,
    "priority": PRIORITIES,
}
