"""The French catalog covers every text of the pages; templates autoescape."""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.pofile import read_po

from mailflow.i18n import LOCALE_DIR, load_translations
from mailflow.labels import LABELS
from mailflow.web.render import TEMPLATES_DIR, _env

_CALL = re.compile(r"""_\(\s*(?:"([^"]+)"|'([^']+)')\s*\)""")


def _template_ids() -> set[str]:
    found: set[str] = set()
    for path in TEMPLATES_DIR.glob("*.html"):
        found.update(a or b for a, b in _CALL.findall(path.read_text(encoding="utf-8")))
    return found


def test_every_text_has_a_french_translation() -> None:
    with (LOCALE_DIR / "fr.po").open("rb") as handle:
        catalog = read_po(handle, locale="fr")
    translated = {m.id for m in catalog if m.id and m.string}
    wanted = _template_ids() | {text for group in LABELS.values() for text in group.values()}
    assert sorted(wanted - translated) == []


def test_translations_load_without_compiling() -> None:
    translations = load_translations()
    assert translations["fr"].gettext("Inbox") == "Boîte de réception"
    assert translations["en"].gettext("Inbox") == "Inbox"


def test_templates_autoescape() -> None:
    assert _env.from_string("{{ x }}").render(x="<script>") == "&lt;script&gt;"
    assert Path(TEMPLATES_DIR / "base.html").exists()
