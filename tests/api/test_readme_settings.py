"""Docs that can't drift: the README's settings table lists exactly the settings of `api/config.py`,
with their defaults."""

from __future__ import annotations

import re

from api.config import Settings
from tests.conftest import ROOT

ROW = re.compile(r"^\| `PK_([A-Z0-9_]+)` \| `([^`]*)` \| (.+) \|$")


def readme_settings() -> dict[str, str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("\n## Service\n", 1)[1].split("\n## ", 1)[0]
    return {m.group(1).lower(): m.group(2) for line in section.splitlines() if (m := ROW.match(line))}


def test_every_setting_is_in_the_readme_and_nothing_else() -> None:
    assert set(readme_settings()) == set(Settings.model_fields)


def test_the_readme_defaults_are_the_code_defaults() -> None:
    documented = readme_settings()
    for name, field in Settings.model_fields.items():
        assert documented[name] == str(field.default), name
