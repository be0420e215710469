"""Generate varied, realistic mailboxes for benchmarks (deterministic for a seed)."""

from __future__ import annotations

import argparse
import base64
import random
from collections.abc import Iterator
from email.header import Header
from pathlib import Path

PARAGRAPHS_FR = [
    "Nous souhaiterions organiser une journée d'étude sur la médiation numérique en bibliothèque.",
    "Pourriez-vous nous indiquer les conditions d'adhésion au réseau de questions-réponses ?",
    "La médiathèque départementale prépare son schéma de lecture publique pour les cinq années à venir.",
    "Le consortium pour les ressources numériques renouvelle ses licences : presse en ligne, autoformation.",
    "Nous vous adressons le programme des rencontres professionnelles de l'agence régionale du livre.",
    "Merci de bien vouloir mettre à jour nos coordonnées dans votre annuaire des partenaires.",
    "Ce projet de convention porte sur la formation continue et l'accueil de stagiaires.",
]
PARAGRAPHS_EN = [
    "We would like to arrange a study visit for our staff to French public libraries next spring.",
    "Could you tell us how libraries in France cooperate on e-book licensing and digital lending?",
    "Our annual conference will welcome speakers from across Europe; we would be glad to invite you.",
]
SENDERS = [
    ("Sylvie Agostini", "sagostini@marseille.fr"),
    ("Pascal Ducret", "p.ducret@saoneetloire71.fr"),
    ("Claire Vannier", "claire.vannier@orleans-metropole.fr"),
    ("Aoife Gallagher", "aoife@dublincity.ie"),
    ("Hélène Prévost", "h.prevost@ladrome.fr"),
    ("Benjamin Thévenot", "b.thevenot@livre-bfc.fr"),
    ("Secrétariat ABF", "secretariat@abf.asso.fr"),
    ("Jörg Müller", "mueller@stadtbibliothek.de"),
]
SUBJECTS = [
    "Demande de partenariat",
    "Formation : inscription",
    "Ressources numériques 2027",
    "Adhésion au réseau",
    "Invitation – congrès",
    "Accompagnement d'un projet de construction",
    "Study visit request",
    "Mise à jour de nos coordonnées",
]


def _body(rng: random.Random, english: bool, padding: int) -> str:
    pool = PARAGRAPHS_EN if english else PARAGRAPHS_FR
    greeting = "Dear colleagues," if english else "Bonjour,"
    text = [greeting, ""] + [rng.choice(pool) for _ in range(rng.randint(2, 6))]
    while padding > 0:
        line = rng.choice(pool)
        text.append(line)
        padding -= len(line)
    return "\n\n".join(text) + "\n\n--\nBien cordialement\n"


def _headers(rng: random.Random, n: int, year: int = 2026) -> tuple[list[str], bool]:
    name, addr = rng.choice(SENDERS)
    english = addr.endswith((".ie", ".de"))
    subject = rng.choice(SUBJECTS) + f" ({n})"
    day, hour = rng.randint(1, 28), rng.randint(8, 18)
    return [
        f"From: {Header(name, 'utf-8').encode()} <{addr}>",
        "To: cooperation@example.org",
        f"Subject: {Header(subject, 'utf-8').encode()}",
        f"Date: Tue, {day:02d} Apr {year} {hour:02d}:15:00 +0200",
        f"Message-ID: <bench-{n}-{rng.getrandbits(32):08x}@{addr.split('@')[1]}>",
        "MIME-Version: 1.0",
    ], english


def message(rng: random.Random, n: int, padding: int = 0) -> bytes:
    """One message: plain, alternative, latin-1 QP or windows-1252 8bit; 10% with a 50 KB PDF."""
    headers, english = _headers(rng, n)
    body = _body(rng, english, padding)
    variant = n % 4
    if variant == 0:
        part = "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n" + body
        payload = part.encode("utf-8")
    elif variant == 1:
        html = (
            "<html><body>" + "".join(f"<p>{p}</p>" for p in body.split("\n\n")) + "</body></html>"
        )
        payload = (
            'Content-Type: multipart/alternative; boundary="alt"\n\n--alt\n'
            "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n"
            + body
            + "\n--alt\nContent-Type: text/html; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n"
            + html
            + "\n--alt--\n"
        ).encode("utf-8")
    elif variant == 2:
        import quopri

        encoded = quopri.encodestring(body.encode("latin-1", "replace")).decode("ascii")
        payload = (
            "Content-Type: text/plain; charset=iso-8859-1\nContent-Transfer-Encoding: quoted-printable\n\n"
            + encoded
        ).encode("ascii")
    else:
        # Mislabelled: windows-1252 bytes (’ and œ) declared as latin-1, as Outlook does.
        text = body.replace("'", "\u2019") + "\nCœur de métier.\n"
        payload = (
            b"Content-Type: text/plain; charset=iso-8859-1\nContent-Transfer-Encoding: 8bit\n\n"
            + text.encode("cp1252", "replace")
        )
    if n % 10 == 7:
        pdf = base64.encodebytes(rng.randbytes(50 * 1024)).decode("ascii")
        inner = payload.decode("latin-1")
        payload = (
            'Content-Type: multipart/mixed; boundary="mix"\n\n--mix\n'
            + inner
            + '\n--mix\nContent-Type: application/pdf; name="programme.pdf"\n'
            'Content-Disposition: attachment; filename="programme.pdf"\nContent-Transfer-Encoding: base64\n\n'
            + pdf
            + "--mix--\n"
        ).encode("latin-1")
    return "\n".join(headers).encode("ascii") + b"\n" + payload


def messages(count: int, seed: int = 1, padding: int = 0) -> Iterator[bytes]:
    rng = random.Random(seed)
    for n in range(count):
        yield message(rng, n, padding)


def write_mbox(path: Path, count: int, seed: int = 1, padding: int = 0) -> int:
    """Write ``count`` messages as an mbox (``>From`` quoting); returns the file size."""
    with path.open("wb") as out:
        for raw in messages(count, seed, padding):
            out.write(b"From bench@example.org Tue Apr  7 10:00:00 2026\n")
            out.write(raw.replace(b"\nFrom ", b"\n>From "))
            out.write(b"\n\n")
    return path.stat().st_size


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("path", type=Path)
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--padding", type=int, default=0, help="Extra body characters per message.")
    args = parser.parse_args()
    size = write_mbox(args.path, args.count, padding=args.padding)
    print(f"{args.path}: {args.count} messages, {size / 1e6:.1f} MB")
