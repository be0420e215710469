"""Turn one parsed TOML table into a rule object, collecting every problem on the way.

Each ``build_*`` function takes the table, reports problems through a :class:`Reporter`
and returns the rule, or None when the table is too broken to become one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from mailflow.classify.examples import EXPECTABLE, Example
from mailflow.classify.fields import FIXED_FIELDS, is_field
from mailflow.classify.linescan import FileLines, TableLines
from mailflow.classify.matchers import Term, compile_regex
from mailflow.classify.result import KINDS, PARTNER_TYPES, PRIORITIES, TOPICS
from mailflow.classify.rules import ActionRule, KindRule, PartnerRule, TopicRule
from mailflow.errors import Problem
from mailflow.parse.addresses import WEBMAIL_DOMAINS

COMMON = {"name", "description"}
PARTNER_KEYS = COMMON | {
    "type",
    "organisation",
    "addresses",
    "domains",
    "domain_patterns",
    "names",
    "name_regex",
    "look_at_names",
    "webmail",
}
TERM_KEYS = COMMON | {"fields", "words", "regex"}
TOPIC_KEYS = TERM_KEYS | {"topic", "weight", "rank", "stop"}
KIND_KEYS = TERM_KEYS | {"kind"}
ACTION_KEYS = COMMON | {"when", "priority", "assignee", "team", "template", "acknowledge", "tags"}
WHEN_KEYS = {"partner_type": PARTNER_TYPES, "topic": TOPICS, "kind": KINDS}
EXAMPLE_KEYS = COMMON | {
    "subject",
    "from",
    "body",
    "headers",
    "attachments",
    "lang",
    "eml",
    "expect",
}
DEFAULT_FIELDS = {"topic": ("subject", "body"), "kind": ("subject",)}
_DOMAIN_PATTERN = re.compile(r"^[a-z0-9*?#.\-]+$")


@dataclass(slots=True)
class Reporter:
    """Problems of one table: knows the file, the table's lines and the rule name."""

    file: str
    display: str
    lines: FileLines
    where: TableLines
    name: str = ""
    problems: list[Problem] = field(default_factory=list)

    def add(self, message: str, key: str | None = None, value: str | None = None) -> None:
        if value is not None and key is not None:
            line = self.lines.value_line(self.where, key, value)
        elif key is not None:
            line = self.lines.key_line(self.where, key)
        else:
            line = self.where.line
        self.problems.append(Problem(self.file, line, self.name, message))

    @property
    def line(self) -> int:
        return self.where.line


def _check_keys(table: dict[str, Any], allowed: set[str], report: Reporter, kind: str) -> None:
    for key in table:
        if key not in allowed:
            known = ", ".join(sorted(allowed))
            report.add(f"unknown key {key!r} in [[{kind}]] (known keys: {known})", key)


def _string(
    table: dict[str, Any], key: str, report: Reporter, required: bool = False
) -> str | None:
    value = table.get(key)
    if value is None:
        if required:
            report.add(f"missing {key!r}")
        return None
    if not isinstance(value, str) or not value.strip():
        report.add(f"{key!r} must be a non-empty text", key)
        return None
    return value


def _strings(table: dict[str, Any], key: str, report: Reporter) -> list[str]:
    value = table.get(key, [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        report.add(f"{key!r} must be a list of non-empty texts", key)
        return []
    return value


def _choice(
    table: dict[str, Any], key: str, choices: tuple[str, ...], report: Reporter, what: str
) -> str | None:
    value = _string(table, key, report, required=True)
    if value is not None and value not in choices:
        report.add(f"unknown {what} {value!r} (known: {', '.join(choices)})", key, value)
        return None
    return value


def _terms(table: dict[str, Any], key: str, report: Reporter) -> tuple[Term, ...]:
    terms = []
    for text in _strings(table, key, report):
        term = Term.parse(text)
        if not term.tokens or any(token in ("*", "") for token in term.tokens):
            report.add(f"{text!r} has no letters to match", key, text)
        else:
            terms.append(term)
    return tuple(terms)


def _regexes(table: dict[str, Any], key: str, report: Reporter) -> tuple[re.Pattern[str], ...]:
    compiled = []
    for pattern in _strings(table, key, report):
        try:
            compiled.append(compile_regex(pattern))
        except re.error as exc:
            report.add(f"bad regex {pattern!r}: {exc}", key, pattern)
    return tuple(compiled)


def _fields(table: dict[str, Any], kind: str, report: Reporter) -> tuple[str, ...]:
    if "fields" not in table:
        return DEFAULT_FIELDS[kind]
    names = _strings(table, "fields", report)
    for name in names:
        if not is_field(name):
            known = ", ".join(FIXED_FIELDS)
            report.add(f"unknown field {name!r} (known: {known}, header:NAME)", "fields", name)
    return tuple(name.lower() for name in names if is_field(name))


def _number(table: dict[str, Any], key: str, default: float, report: Reporter) -> float:
    value = table.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        report.add(f"{key!r} must be a positive number", key)
        return default
    return float(value)


def _int(table: dict[str, Any], key: str, report: Reporter) -> int:
    value = table.get(key, 0)
    if isinstance(value, bool) or not isinstance(value, int):
        report.add(f"{key!r} must be a whole number", key)
        return 0
    return value


def _bool(table: dict[str, Any], key: str, report: Reporter) -> bool | None:
    value = table.get(key)
    if value is not None and not isinstance(value, bool):
        report.add(f"{key!r} must be true or false", key)
        return None
    return value


def build_term_rule(
    table: dict[str, Any], kind: str, report: Reporter
) -> TopicRule | KindRule | None:
    """A ``[[topic]]`` or ``[[kind]]`` table as a rule."""
    _check_keys(table, TOPIC_KEYS if kind == "topic" else KIND_KEYS, report, kind)
    fields = _fields(table, kind, report)
    terms, regexes = _terms(table, "words", report), _regexes(table, "regex", report)
    if not table.get("words") and not table.get("regex"):
        report.add("unreachable: the rule has no words and no regex, so it never fires")
    common: dict[str, Any] = {
        "name": report.name,
        "file": report.display,
        "line": report.line,
        "fields": fields,
        "terms": terms,
        "regexes": regexes,
    }
    if kind == "kind":
        label = _choice(table, "kind", KINDS[1:], report, "kind")
        return KindRule(kind=label, **common) if label else None
    topic = _choice(table, "topic", TOPICS, report, "topic")
    weight, rank = _number(table, "weight", 1.0, report), _int(table, "rank", report)
    stop = bool(_bool(table, "stop", report))
    return (
        TopicRule(topic=topic, weight=weight, priority=rank, stop=stop, **common) if topic else None
    )


def build_partner(table: dict[str, Any], report: Reporter) -> PartnerRule | None:
    """A ``[[partner]]`` table as a rule."""
    _check_keys(table, PARTNER_KEYS, report, "partner")
    partner_type = _choice(table, "type", PARTNER_TYPES, report, "partner type")
    addresses = [a.strip().lower() for a in _strings(table, "addresses", report)]
    for addr in addresses:
        if "@" not in addr:
            report.add(f"address {addr!r} has no '@'", "addresses", addr)
    domains = [d.strip().lower().lstrip("@") for d in _strings(table, "domains", report)]
    webmail = sorted(WEBMAIL_DOMAINS) if _bool(table, "webmail", report) else []
    patterns = [p.strip().lower() for p in _strings(table, "domain_patterns", report)]
    for key, texts in (("domains", domains), ("domain_patterns", patterns)):
        for text in texts:
            wild = key == "domains" and any(c in text for c in "*?#")
            if wild or not _DOMAIN_PATTERN.match(text):
                report.add(f"bad domain {text!r} (wildcards go in domain_patterns)", key, text)
    names, name_regexes = _terms(table, "names", report), _regexes(table, "name_regex", report)
    if not (addresses or domains or webmail or patterns or names or name_regexes) and not (
        report.problems
    ):
        report.add(
            "unreachable: no addresses, domains, webmail, domain_patterns, names or name_regex"
        )
    if partner_type is None:
        return None
    return PartnerRule(
        name=report.name,
        file=report.display,
        line=report.line,
        partner_type=partner_type,
        organisation=_string(table, "organisation", report),
        addresses=tuple(addresses),
        domains=tuple(dict.fromkeys(domains + webmail)),
        domain_patterns=tuple(patterns),
        names=names,
        name_regexes=name_regexes,
        look_at_names=bool(_bool(table, "look_at_names", report)),
    )


def build_action(table: dict[str, Any], report: Reporter) -> ActionRule | None:
    """An ``[[action]]`` table as a rule."""
    _check_keys(table, ACTION_KEYS, report, "action")
    when: dict[str, tuple[str, ...]] = {}
    raw_when = table.get("when", {})
    if not isinstance(raw_when, dict):
        report.add("'when' must be a table, e.g. when = { topic = \"training\" }", "when")
        raw_when = {}
    for key, value in raw_when.items():
        choices = WHEN_KEYS.get(key)
        values = [value] if isinstance(value, str) else value
        if choices is None:
            report.add(
                f"unknown condition {key!r} in 'when' (known: {', '.join(WHEN_KEYS)})", "when"
            )
        elif not isinstance(values, list) or not all(v in choices for v in values):
            report.add(f"unknown {key} in 'when': {value!r} (known: {', '.join(choices)})", "when")
        else:
            when[key] = tuple(values)
    priority = _string(table, "priority", report)
    if priority is not None and priority not in PRIORITIES:
        report.add(
            f"unknown priority {priority!r} (known: {', '.join(PRIORITIES)})", "priority", priority
        )
        priority = None
    rule = ActionRule(
        name=report.name,
        file=report.display,
        line=report.line,
        when=when,
        priority=priority,
        assignee=_string(table, "assignee", report),
        team=_string(table, "team", report),
        template=_string(table, "template", report),
        acknowledge=_bool(table, "acknowledge", report),
        tags=tuple(_strings(table, "tags", report)),
    )
    if not any(key in table for key in ACTION_KEYS - COMMON - {"when"}):
        report.add(
            "the action sets nothing (priority, assignee, team, template, acknowledge or tags)"
        )
    return rule


def build_example(table: dict[str, Any], report: Reporter) -> Example | None:
    """An ``[[example]]`` table."""
    _check_keys(table, EXAMPLE_KEYS, report, "example")
    expect = table.get("expect")
    if not isinstance(expect, dict) or not expect:
        report.add(
            'missing \'expect\', e.g. expect = { partner_type = "bdp", topic = "training" }',
            "expect",
        )
        return None
    choices = {"partner_type": PARTNER_TYPES, "topic": TOPICS, "kind": KINDS}
    for key, value in expect.items():
        if key not in EXPECTABLE:
            report.add(f"cannot expect {key!r} (known: {', '.join(EXPECTABLE)})", "expect")
        elif not isinstance(value, str) or (key in choices and value not in choices[key]):
            report.add(f"unknown {key} {value!r} in 'expect'", "expect")
    headers = table.get("headers", {})
    if not isinstance(headers, dict) or not all(isinstance(v, str) for v in headers.values()):
        report.add("'headers' must be a table of texts", "headers")
        headers = {}
    eml = _string(table, "eml", report)
    if eml is None and not any(table.get(k) for k in ("subject", "body", "from")):
        report.add("an example needs 'eml' or at least one of subject, from, body")
    return Example(
        name=report.name,
        file=report.display,
        line=report.line,
        expect={k: v for k, v in expect.items() if isinstance(v, str)},
        eml=eml,
        subject=_string(table, "subject", report) or "",
        sender=_string(table, "from", report) or "",
        body=table.get("body", "") if isinstance(table.get("body"), str) else "",
        headers=tuple(headers.items()),
        attachments=tuple(_strings(table, "attachments", report)),
        lang=_string(table, "lang", report) or "und",
    )
