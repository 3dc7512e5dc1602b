"""Every limit is stated once: nyata/core/limits.py, read into settings, listed in README.md."""

import re
from pathlib import Path

from django.conf import settings

from nyata.core import limits

README = (Path(__file__).resolve().parents[3] / "README.md").read_text(encoding="utf-8")


def test_every_limit_is_a_setting_holding_its_default():
    for limit in limits.ALL:
        assert getattr(settings, limit.setting) == limit.default * limit.scale, limit.setting


def test_the_readme_states_every_limit_with_its_variable_and_default():
    section = README[README.index("## Limits") :]
    section = section[: section.index("\n## ", 1)]
    rows = dict(re.findall(r"^\| `(NYATA_\w+)` \| `(\d+)` \|", section, flags=re.M))
    assert rows == {limit.variable: str(limit.default) for limit in limits.ALL}


def test_a_limit_is_read_from_its_variable_in_its_unit(monkeypatch):
    monkeypatch.setenv("NYATA_IMPORT_MAX_UNPACKED_MB", "7")
    assert limits.IMPORT_MAX_UNPACKED_BYTES.from_environment() == 7 * 1024 * 1024
