"""The pure thread stage: subjects, reference tags, the decision."""

from datetime import UTC, datetime, timedelta

import pytest

from mailflow.thread import (
    Candidate,
    decide,
    format_reference,
    organisation_of,
    reference_tags,
    subject_key,
)

NOW = datetime(2026, 3, 1, tzinfo=UTC)


@pytest.mark.parametrize(
    "subject",
    [
        "RE: Convention 2026",
        "Re: RE: Convention 2026",
        "TR: Convention 2026",
        "Fwd: convention 2026",
        "AW: Convention 2026",
        "Réf. : Convention 2026",
        "SV: Convention 2026",
        "RE [2]: Convention 2026",
        "Re: [COOP-2026-00042] Convention 2026",
        "  re :  CONVENTION   2026 ",
    ],
)
def test_reply_subjects_share_the_key_of_the_original(subject: str) -> None:
    assert subject_key(subject) == subject_key("Convention 2026") == "convention 2026"


def test_subject_key_folds_accents() -> None:
    assert subject_key("Réseau Eurêkoi") == subject_key("RE: reseau eurekoi")


def test_reference_tags_only_ours() -> None:
    subject = "RE: [COOP-2026-00042] suite [TICKET-2026-00001] [COOP-2025-1234]"
    assert reference_tags(subject, "COOP") == ["COOP-2026-00042", "COOP-2025-01234"]
    assert format_reference("COOP", 2026, 42) == "COOP-2026-00042"


def test_organisation_of() -> None:
    assert organisation_of("a@mail.marseille.fr") == "marseille.fr"
    assert organisation_of("b@birmingham.gov.uk") == "birmingham.gov.uk"
    assert organisation_of("c@gmail.com") == "c@gmail.com"  # a mailbox provider is no organisation


def _candidate(thread_id: int, senders: set[str], days_ago: int) -> Candidate:
    return Candidate(
        thread_id, f"COOP-2026-{thread_id:05d}", NOW - timedelta(days=days_ago), frozenset(senders)
    )


def _decide(**overrides: object):  # type: ignore[no-untyped-def]
    args: dict[str, object] = dict(
        sender="b@marseille.fr",
        date=NOW,
        is_reply=True,
        header_thread=None,
        tag_candidates=[],
        subject_candidates=[],
        window=timedelta(days=30),
    )
    args.update(overrides)
    return decide(**args)  # type: ignore[arg-type]


def test_headers_win_over_tags_and_subject() -> None:
    decision = _decide(header_thread=7, tag_candidates=[_candidate(8, set(), 1)])
    assert (decision.thread_id, decision.attached_by) == (7, "header")


def test_tag_wins_over_subject() -> None:
    decision = _decide(
        tag_candidates=[_candidate(8, set(), 1)],
        subject_candidates=[_candidate(9, {"a@marseille.fr"}, 1)],
    )
    assert (decision.thread_id, decision.attached_by) == (8, "tag")


def test_subject_joins_same_organisation_within_window() -> None:
    decision = _decide(subject_candidates=[_candidate(9, {"a@marseille.fr"}, 10)])
    assert (decision.thread_id, decision.attached_by) == (9, "subject")


@pytest.mark.parametrize(
    ("overrides", "why"),
    [
        ({"subject_candidates": [_candidate(9, {"a@lyon.fr"}, 1)]}, "other organisation"),
        ({"subject_candidates": [_candidate(9, {"a@marseille.fr"}, 45)]}, "too old"),
        (
            {"subject_candidates": [_candidate(9, {"a@marseille.fr"}, 1)], "is_reply": False},
            "no reply prefix",
        ),
        (
            {"subject_candidates": [_candidate(9, {"x@gmail.com"}, 1)], "sender": "y@gmail.com"},
            "provider",
        ),
    ],
)
def test_subject_alone_never_joins_across_organisations(
    overrides: dict[str, object], why: str
) -> None:
    decision = _decide(**overrides)
    assert (decision.thread_id, decision.attached_by) == (None, "new"), why
