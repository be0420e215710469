"""Rendering (pure): both parts from one template, French typography, safety, `templates check`."""

from __future__ import annotations

import shutil
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mailflow.cli.main import app
from mailflow.draft.context import Original, ReplyInput, reply_language, sample_input
from mailflow.draft.names import person_name
from mailflow.draft.render import check_templates, choose_template, render_reply
from mailflow.draft.typography import french_typography, long_date
from mailflow.errors import TemplateCheckError
from tests.replies.conftest import REPO

TEMPLATES = REPO / "templates"


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    copy = tmp_path / "templates"
    shutil.copytree(TEMPLATES, copy)
    (copy / "fr" / "typo.j2").write_text(
        '{% extends "fr/_base.j2" %}\n{% block body %}\nMerci,\n{{ sendr_name }}\n{% endblock %}\n'
    )
    (copy / "fr" / "evil.j2").write_text(
        "{% extends \"fr/_base.j2\" %}\n{% block body %}\n\n{{ ''.__class__ }}\n{% endblock %}\n"
    )
    return copy


def test_shipped_templates_pass_the_check() -> None:
    assert check_templates(TEMPLATES) == []


def test_undefined_variable_and_python_internals_fail_with_file_and_line(broken: Path) -> None:
    problems = {(p.file, p.line, p.name) for p in check_templates(broken)}
    assert ("fr/typo.j2", 4, "undefined") in problems
    assert ("fr/evil.j2", 4, "unsafe") in problems


def test_rendering_itself_refuses_them(broken: Path) -> None:
    with pytest.raises(TemplateCheckError, match="sendr_name") as typo:
        render_reply(broken, "fr/typo.j2", sample_input("fr"))
    assert str(typo.value.problems[0]).startswith("fr/typo.j2:4:")
    with pytest.raises(TemplateCheckError, match="unsafe") as evil:
        render_reply(broken, "fr/evil.j2", sample_input("fr"))
    assert (evil.value.problems[0].file, evil.value.problems[0].line) == ("fr/evil.j2", 4)


def test_cli_templates_check_reports_file_and_line(broken: Path) -> None:
    result = CliRunner().invoke(app, ["templates", "check", "--dir", str(broken)])
    assert result.exit_code == 1
    assert (
        "fr/typo.j2:4: [undefined]" in result.output and "fr/evil.j2:4: [unsafe]" in result.output
    )
    ok = CliRunner().invoke(app, ["templates", "check", "--dir", str(TEMPLATES), "--json"])
    assert ok.exit_code == 0 and '"ok": true' in ok.output


def test_values_are_escaped_in_html_and_template_text_too(tmp_path: Path) -> None:
    shutil.copytree(TEMPLATES, tmp_path / "t")
    (tmp_path / "t" / "en" / "raw.j2").write_text(
        '{% extends "en/_base.j2" %}\n{% block body %}\nA <b>bold</b> & {{ organisation }}\n{% endblock %}\n'
    )
    data = ReplyInput(
        lang="en",
        ref="COOP-2026-00007",
        service="Cooperation",
        today=date(2026, 3, 2),
        organisation="<script>alert(1)</script>",
        original=Original("Eve", "eve@example.com", "Hi", datetime(2026, 3, 1, tzinfo=UTC), "x"),
    )
    rendered = render_reply(tmp_path / "t", "en/raw.j2", data)
    assert "A <b>bold</b> & <script>alert(1)</script>" in rendered.text
    assert "A &lt;b&gt;bold&lt;/b&gt; &amp; &lt;script&gt;alert(1)&lt;/script&gt;" in rendered.html
    assert "<script>" not in rendered.html


def test_french_reply_typography_dates_and_names() -> None:
    rendered = render_reply(TEMPLATES, "fr/reference_network.j2", sample_input("fr"))
    assert rendered.text.startswith("Bonjour Jean-Étienne Dupont,\n\n")
    assert "Le mercredi 1er avril 2026, DUPONT Jean-Étienne" in rendered.text
    assert "Référence de votre demande\u00a0: [COOP-2026-00042]" in rendered.text
    assert "l’intérêt" not in rendered.text or "’" in rendered.text
    assert "Claire Martin\nService de la coopération" in rendered.text
    assert (
        "> Pourriez-vous m'indiquer la marche à suivre ?" in rendered.text
    )  # the quote stays as written
    assert '<html lang="fr">' in rendered.html and "<blockquote" in rendered.html


def test_english_reply_and_language_choice() -> None:
    rendered = render_reply(TEMPLATES, "en/training.j2", sample_input("en"))
    assert rendered.text.startswith("Dear Jean-Étienne Dupont,")
    assert "On Wednesday 1 April 2026, DUPONT Jean-Étienne" in rendered.text
    assert reply_language("en", "library") == "en"
    assert reply_language("und", "international") == "en"
    assert reply_language("und", "bdp") == "fr"


def test_template_choice_per_partner_type_then_topic_then_generic() -> None:
    assert choose_template(TEMPLATES, "fr", "partnership", "srl") == "fr/partnership.srl.j2"
    assert choose_template(TEMPLATES, "fr", "partnership", "bdp") == "fr/partnership.j2"
    assert choose_template(TEMPLATES, "en", "no_such_template", "bdp") == "en/generic.j2"
    assert choose_template(TEMPLATES, "fr", "../../etc/passwd", "") == "fr/generic.j2"


@pytest.mark.parametrize(
    ("display", "greeted"),
    [
        ("DUPONT Jean", "Jean Dupont"),
        ("Dupont, Jean", "Jean Dupont"),
        ("JEAN-PIERRE DE LA TOUR", "Jean-Pierre de la Tour"),
        ("Marie Curie", "Marie Curie"),
        ("Médiathèque de Lyon", ""),
        ("contact@x.fr", ""),
        ("", ""),
    ],
)
def test_person_names(display: str, greeted: str) -> None:
    assert person_name(display) == greeted


def test_french_typography_and_dates() -> None:
    assert french_typography("Bonjour : ça va ? « oui » l'ami https://x.fr 10:30") == (
        "Bonjour\u00a0: ça va\u202f? «\u00a0oui\u00a0» l’ami https://x.fr 10:30"
    )
    assert long_date(date(2026, 5, 1), "fr") == "vendredi 1er mai 2026"
    assert long_date(date(2026, 5, 2), "en") == "Saturday 2 May 2026"
