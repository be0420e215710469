"""Assemble realistic .eml files from hand-written parts (used by _build.py in holdout*/).

Not a test module: pytest does not collect it. Run ``python tests/classify/holdout/_build.py``
to regenerate the messages and labels.jsonl of the first held-out batch.
"""

from __future__ import annotations

import base64
import hashlib
import json
import quopri
import random
import textwrap
from datetime import datetime, timedelta, timezone
from email.header import Header
from email.utils import format_datetime
from pathlib import Path

TO = "cooperation@example.org"
MX = "mx.example.org"

FR_DAYS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
FR_MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
             "septembre", "octobre", "novembre", "décembre"]


def _rng(key: str) -> random.Random:
    return random.Random(int(hashlib.sha256(key.encode()).hexdigest()[:12], 16))


def _hex(r: random.Random, n: int) -> str:
    return "".join(r.choice("0123456789ABCDEF") for _ in range(n))


def _alnum(r: random.Random, n: int) -> str:
    return "".join(r.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
                   for _ in range(n))


def enc_header(value: str) -> str:
    """RFC 2047-encode a header value if it is not ASCII (folded by Header)."""
    try:
        value.encode("ascii")
        return value
    except UnicodeEncodeError:
        return Header(value, "utf-8", maxlinelen=76).encode(linesep="\r\n")


def addr(name: str | None, email: str) -> str:
    if not name:
        return email
    try:
        name.encode("ascii")
        if any(c in name for c in ",.;:()"):
            return f'"{name}" <{email}>'
        return f"{name} <{email}>"
    except UnicodeEncodeError:
        return f"{Header(name, 'utf-8').encode()} <{email}>"


def encode_body(text: str, cte: str, charset: str = "utf-8") -> str:
    lf = text.replace("\r\n", "\n")
    raw = lf.replace("\n", "\r\n").encode(charset)
    if cte == "quoted-printable":
        return quopri.encodestring(lf.encode(charset)).decode("ascii")
    if cte == "base64":
        return base64.encodebytes(raw).decode("ascii")
    return raw.decode(charset).replace("\r\n", "\n")


def to_html(text: str, client: str) -> str:
    paras = []
    for block in text.strip("\n").split("\n\n"):
        lines = [l.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                 for l in block.split("\n")]
        paras.append("<p>" + "<br>\n".join(lines) + "</p>")
    body = "\n".join(paras)
    if client == "outlook":
        return ('<html xmlns:o="urn:schemas-microsoft-com:office:office">\n<head>\n'
                '<meta http-equiv="Content-Type" content="text/html; charset=utf-8">\n'
                '<meta name="Generator" content="Microsoft Word 15 (filtered medium)">\n'
                '<style><!-- p.MsoNormal {margin:0cm; font-size:11.0pt; '
                'font-family:"Calibri",sans-serif;} --></style>\n</head>\n'
                '<body lang="FR" link="#0563C1" vlink="#954F72">\n<div class="WordSection1">\n'
                + body.replace("<p>", '<p class="MsoNormal">') + "\n</div>\n</body>\n</html>\n")
    if client == "gmail":
        return '<div dir="ltr">' + body.replace("<p>", "<div>").replace("</p>", "</div><div><br></div>") + "</div>\n"
    return ("<html>\n<head><meta charset=\"utf-8\"></head>\n<body style=\"font-family: arial, "
            "sans-serif; font-size: 10pt;\">\n" + body + "\n</body>\n</html>\n")


class Maker:
    def __init__(self, out: Path, year_start: datetime) -> None:
        self.out = out
        self.start = year_start
        self.labels: list[dict] = []

    # ------------------------------------------------------------------ dates / ids
    def _date(self, r: random.Random, n: int) -> datetime:
        base = self.start + timedelta(days=n * 2 + r.randint(0, 2), hours=r.randint(7, 18),
                                      minutes=r.randint(0, 59), seconds=r.randint(0, 59))
        return base.replace(tzinfo=timezone(timedelta(hours=1 if base.month in (1, 2, 3, 11, 12) else 2)))

    def _msgid(self, r: random.Random, client: str, domain: str, when: datetime) -> str:
        if client == "outlook":
            box = f"{r.choice(['PR1P264', 'MR1P264', 'PAZP264', 'PA4P264'])}MB{r.randint(1000, 9999)}"
            return f"<{box}{_hex(r, 12)}@{box}.FRAP264.prod.outlook.com>"
        if client == "outlook_eu":
            box = f"{r.choice(['AS8PR', 'DB9PR', 'AM9PR', 'VI1PR'])}{r.randint(10, 99)}MB{r.randint(1000, 9999)}"
            return f"<{box}{_hex(r, 12)}@{box}.eurprd0{r.randint(1, 9)}.prod.outlook.com>"
        if client == "gmail":
            return f"<CA{_alnum(r, 2)}+{_alnum(r, 40)}@mail.gmail.com>"
        if client == "zimbra":
            return (f"<{r.randint(100000000, 999999999)}.{r.randint(100000, 9999999)}."
                    f"{int(when.timestamp() * 1000)}.JavaMail.zimbra@{domain}>")
        if client == "apple":
            return f"<{_hex(r, 8)}-{_hex(r, 4)}-{_hex(r, 4)}-{_hex(r, 4)}-{_hex(r, 12)}@{domain}>"
        if client == "orange":
            return (f"<{r.randint(100000000, 999999999)}.{r.randint(1000, 99999)}."
                    f"{int(when.timestamp() * 1000)}.JavaMail.open-xchange@opme11oxm0{r.randint(1, 9)}nd1>")
        return f"<{_hex(r, 8).lower()}-{_hex(r, 4).lower()}-{_hex(r, 4).lower()}-{_hex(r, 4).lower()}-{_hex(r, 12).lower()}@{domain}>"

    def _received(self, r: random.Random, client: str, domain: str, when: datetime) -> list[str]:
        if client in ("outlook", "outlook_eu"):
            host = "mail-par01-mr1-obe.outbound.protection.outlook.com"
            ip = f"40.92.{r.randint(1, 254)}.{r.randint(1, 254)}"
        elif client == "gmail":
            host = f"mail-{r.choice(['wr1', 'ej1', 'lj1', 'ed1'])}-f{r.randint(10, 99)}.google.com"
            ip = f"209.85.{r.randint(128, 255)}.{r.randint(1, 254)}"
        elif client == "orange":
            host = f"smtp{r.randint(1, 9)}.smtpout.orange.fr"
            ip = f"80.12.{r.randint(1, 254)}.{r.randint(1, 254)}"
        else:
            host = f"{r.choice(['mail', 'smtp', 'mx1', 'smtp-out', 'relay'])}.{domain}"
            ip = f"{r.choice(['192.0.2', '198.51.100', '203.0.113'])}.{r.randint(1, 254)}"
        stamp = format_datetime(when + timedelta(seconds=r.randint(2, 40)))
        return [f"from {host} ({host} [{ip}])\r\n\tby {MX} (Postfix) with ESMTPS id {_hex(r, 10)}\r\n"
                f"\tfor <{TO}>; {stamp}"]

    # ------------------------------------------------------------------ writing
    def _write(self, n: int, raw: str, label: dict) -> None:
        name = f"{n:03d}.eml"
        data = raw.replace("\r\n", "\n").replace("\n", "\r\n").encode("utf-8")
        (self.out / name).write_bytes(data)
        self.labels.append({"file": name, **label})

    def finish(self) -> None:
        with (self.out / "labels.jsonl").open("w") as fh:
            for label in self.labels:
                fh.write(json.dumps(label, ensure_ascii=False) + "\n")

    # ------------------------------------------------------------------ human-ish mail
    def mail(self, n: int, label: tuple[str, str, str], frm: tuple[str | None, str], subject: str,
             body: str, client: str = "thunderbird", cte: str = "quoted-printable", html: bool = False,
             headers: list[tuple[str, str]] | None = None, lang: str = "fr", to: str | None = None,
             cc: str | None = None, reply: bool = False, return_path: str | None = None,
             charset: str = "utf-8") -> None:
        r = _rng(f"{self.out.name}-{n}")
        name, email = frm
        domain = email.split("@")[1]
        when = self._date(r, n)
        body = textwrap.dedent(body).strip("\n") + "\n"
        h: list[tuple[str, str]] = []
        h.append(("Return-Path", f"<{return_path if return_path is not None else email}>"))
        for rec in self._received(r, client, domain, when):
            h.append(("Received", rec))
        h.append(("From", addr(name, email)))
        h.append(("To", to or (f'"{TO}" <{TO}>' if client.startswith("outlook") else TO)))
        if cc:
            h.append(("Cc", cc))
        h.append(("Subject", enc_header(subject)))
        if client.startswith("outlook"):
            h.append(("Thread-Topic", enc_header(subject.split(": ", 1)[-1] if reply else subject)))
            h.append(("Thread-Index", base64.b64encode(r.randbytes(22)).decode()))
        h.append(("Date", format_datetime(when)))
        h.append(("Message-ID", self._msgid(r, client, domain, when)))
        if reply:
            ref = f"<coop.{_hex(r, 12).lower()}.{r.randint(10**9, 2 * 10**9)}@helpdesk.example.org>"
            h.append(("In-Reply-To", ref))
            h.append(("References", ref))
        if client.startswith("outlook"):
            h.append(("Accept-Language", "fr-FR, en-US" if lang == "fr" else "en-US, fr-FR"))
            h.append(("Content-Language", "fr-FR" if lang == "fr" else "en-US"))
            h.append(("X-MS-Has-Attach", ""))
            h.append(("X-MS-TNEF-Correlator", ""))
        elif client == "thunderbird":
            h.append(("User-Agent", "Mozilla Thunderbird"))
            h.append(("Content-Language", "fr" if lang == "fr" else "en-US"))
        elif client == "zimbra":
            h.append(("X-Mailer", "Zimbra 9.0.0_GA_4546 (ZimbraWebClient - FF128 (Win)/9.0.0_GA_4546)"))
            h.append(("Thread-Topic", enc_header(subject)))
        elif client == "apple":
            h.append(("X-Mailer", "Apple Mail (2.3774.600.62)"))
        elif client == "orange":
            h.append(("X-Mailer", "Open-Xchange Mailer v7.10.6-Rev62"))
        elif client == "roundcube":
            h.append(("User-Agent", "Roundcube Webmail/1.6.6"))
        for k, v in headers or []:
            h.append((k, v))
        h.append(("MIME-Version", "1.0"))
        text_part = (f"Content-Type: text/plain; charset=\"{charset}\""
                     + ("; format=flowed" if client == "thunderbird" and cte == "8bit" else "")
                     + f"\nContent-Transfer-Encoding: {cte}\n\n{encode_body(body, cte, charset)}")
        if html:
            b = f"_000_{_hex(r, 16)}_" if client.startswith("outlook") else f"{'0' * 12}{_hex(r, 16).lower()}"
            html_part = (f"Content-Type: text/html; charset=\"utf-8\"\nContent-Transfer-Encoding: {cte}\n\n"
                         f"{encode_body(to_html(body, client), cte)}")
            h.append(("Content-Type", f'multipart/alternative; boundary="{b}"'))
            payload = f"--{b}\n{text_part}\n--{b}\n{html_part}\n--{b}--\n"
        else:
            ct, rest = text_part.split("\n", 1)
            h.append(("Content-Type", ct.split(": ", 1)[1]))
            cte_line, payload = rest.split("\n\n", 1)
            h.append(("Content-Transfer-Encoding", cte))
        raw = "".join(f"{k}: {v}\n" for k, v in h) + "\n" + payload
        self._write(n, raw, {"partner_type": label[0], "topic": label[1], "kind": label[2], "lang": lang})

    def raw(self, n: int, label: tuple[str, str, str], text: str, lang: str = "fr") -> None:
        """A message written out by hand (bounces): headers + body, LF line ends."""
        text = textwrap.dedent(text).lstrip("\n")
        self._write(n, text, {"partner_type": label[0], "topic": label[1], "kind": label[2], "lang": lang})


def quote_outlook(frm: str, when: str, to: str, subject: str, text: str, lang: str = "fr") -> str:
    text = textwrap.dedent(text).strip("\n")
    if lang == "fr":
        return (f"\n________________________________\nDe : {frm}\nEnvoyé : {when}\nÀ : {to}\n"
                f"Objet : {subject}\n\n{text}\n")
    return (f"\n________________________________\nFrom: {frm}\nSent: {when}\nTo: {to}\n"
            f"Subject: {subject}\n\n{text}\n")


def quote_gmail(intro: str, text: str) -> str:
    text = textwrap.dedent(text).strip("\n")
    return "\n" + intro + "\n" + "\n".join("> " + l if l else ">" for l in text.split("\n")) + "\n"
