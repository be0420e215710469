"""Configuration: TOML + environment, typed, with errors that name the key."""

from pathlib import Path

import pytest

from mailflow.errors import ConfigError
from mailflow.settings import load_settings


def test_works_without_a_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("MAILFLOW_CONFIG", raising=False)
    monkeypatch.setenv("MAILFLOW_DATA_DIR", str(tmp_path))
    settings = load_settings()
    assert settings.effective_database_url == f"sqlite:///{tmp_path.resolve() / 'mailflow.sqlite3'}"


def test_environment_beats_the_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    config = tmp_path / "mailflow.toml"
    config.write_text('reference_prefix = "BIB"\n[smtp]\nport = 2600\n', encoding="utf-8")
    monkeypatch.setenv("MAILFLOW_SMTP__PORT", "2700")
    settings = load_settings(config)
    assert settings.reference_prefix == "BIB"
    assert settings.smtp.port == 2700


@pytest.mark.parametrize(
    ("toml", "key"),
    [
        ("[smtp]\nport = 99999\n", "smtp.port"),
        ('our_addresses = ["not-an-address"]\n', "our_addresses"),
        ('reference_prefix = "coop-x"\n', "reference_prefix"),
        ("unknown_key = 1\n", "unknown_key"),
        ('[web]\nhost = "0.0.0.0"\n', "web.secret_key"),
    ],
)
def test_bad_values_name_the_key(tmp_path: Path, toml: str, key: str) -> None:
    config = tmp_path / "mailflow.toml"
    config.write_text(toml, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_settings(config)
    assert key in str(info.value)


def test_broken_toml_and_missing_file(tmp_path: Path) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text("port = = 1\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_settings(broken)
    with pytest.raises(ConfigError, match="not found"):
        load_settings(tmp_path / "absent.toml")


def test_configuration_reference_is_up_to_date_and_complete() -> None:
    from mailflow.configdoc import render
    from mailflow.settings import PROJECT_ROOT

    text = render()
    assert (PROJECT_ROOT / "docs" / "configuration.md").read_text(encoding="utf-8") == text, (
        "run: .venv/bin/python -m mailflow.configdoc"
    )
    undocumented = [line for line in text.splitlines() if line.endswith("|  |")]
    assert undocumented == [], "every setting needs a docstring in mailflow/settings.py"


def test_parse_limits_are_configurable(monkeypatch: pytest.MonkeyPatch) -> None:
    from mailflow.runtime import RuleHolder, pipeline_context

    monkeypatch.setenv("MAILFLOW_PARSE__MAX_PARTS", "10")
    settings = load_settings()
    assert settings.parse.max_parts == 10
    assert pipeline_context(settings, RuleHolder(settings.rules_dir)).parse_limits.max_parts == 10
