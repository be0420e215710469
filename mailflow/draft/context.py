"""What a reply template sees: plain data made from the thread and its last inquiry."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from mailflow.draft.names import person_name
from mailflow.draft.typography import local_date, long_date

LANGUAGES = ("fr", "en")
QUOTE_MAX_LINES = 80

# Every name a template may use, documented once: `templates check` refuses any other.
VARIABLES: dict[str, str] = {
    "format": '"text" or "html": the part being rendered',
    "lang": '"fr" or "en": the reply\'s language',
    "ref": "the thread reference, e.g. COOP-2026-00042",
    "ref_tag": "the reference as it appears in subjects, e.g. [COOP-2026-00042]",
    "greeting_name": 'the correspondent\'s name as greeted ("Jean Dupont"), "" when unknown',
    "sender_name": "the correspondent's display name as written",
    "sender_addr": "the correspondent's address",
    "organisation": 'the correspondent\'s organisation, "" when unknown',
    "partner_type": "partner type id (bmvr, bdp, srl, ...)",
    "topic": "topic id (partnership, training, ...)",
    "subject": "the inquiry's subject",
    "received_on": "the inquiry's date, written out in the reply's language",
    "today": "today's date, written out in the reply's language",
    "original_text": "the inquiry's text (quote it with the `quote` filter)",
    "service": "the cooperation service's name",
    "staff_name": 'the name of the staff member answering, "" for the service',
    "signature": "the signature (configured per language, or staff name and service)",
}


@dataclass(frozen=True, slots=True)
class Original:
    """The message being answered."""

    from_name: str
    from_addr: str
    subject: str
    date: datetime
    body_text: str
    message_id: str | None = None
    references: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ReplyInput:
    """Everything a reply is made from; the edge fills it from the database and settings."""

    lang: str
    ref: str
    original: Original
    service: str
    today: date
    partner_type: str = "unknown"
    topic: str = "information"
    organisation: str = ""
    staff_name: str = ""
    signatures: dict[str, str] = field(default_factory=dict)
    timezone: str = "Europe/Paris"


def reply_language(message_lang: str, partner_type: str) -> str:
    """The inquiry's language; French unless English or a foreign partner in another tongue."""
    if message_lang in LANGUAGES:
        return message_lang
    return "en" if partner_type == "international" else "fr"


def build_context(data: ReplyInput, output: str) -> dict[str, object]:
    """The template context for ``output`` ("text" or "html")."""
    original = data.original
    return {
        "format": output,
        "lang": data.lang,
        "ref": data.ref,
        "ref_tag": f"[{data.ref}]",
        "greeting_name": person_name(original.from_name),
        "sender_name": original.from_name,
        "sender_addr": original.from_addr,
        "organisation": data.organisation,
        "partner_type": data.partner_type,
        "topic": data.topic,
        "subject": original.subject,
        "received_on": long_date(local_date(original.date, data.timezone), data.lang),
        "today": long_date(data.today, data.lang),
        "original_text": _trimmed(original.body_text),
        "service": data.service,
        "staff_name": data.staff_name,
        "signature": data.signatures.get(data.lang) or _signature(data),
    }


def _signature(data: ReplyInput) -> str:
    return f"{data.staff_name}\n{data.service}" if data.staff_name else data.service


def _trimmed(text: str) -> str:
    lines = text.strip("\n").splitlines()
    if len(lines) <= QUOTE_MAX_LINES:
        return "\n".join(lines)
    return "\n".join([*lines[:QUOTE_MAX_LINES], "[…]"])


def sample_input(lang: str) -> ReplyInput:
    """A realistic context for `templates check`: every variable set, accents included."""
    original = Original(
        from_name="DUPONT Jean-Étienne",
        from_addr="jean-etienne.dupont@mediatheque.example.fr",
        subject="Demande d'information : réseau de référence",
        date=datetime(2026, 4, 1, 9, 30, tzinfo=UTC),
        body_text="Bonjour,\n\nPourriez-vous m'indiquer la marche à suivre ?\n\nCordialement,\nJ.-É. Dupont",
        message_id="sample@mediatheque.example.fr",
    )
    return ReplyInput(
        lang=lang,
        ref="COOP-2026-00042",
        original=original,
        service="Service de la coopération",
        today=date(2026, 4, 2),
        partner_type="library",
        topic="reference_network",
        organisation="Médiathèque d'exemple",
        staff_name="Claire Martin",
    )
