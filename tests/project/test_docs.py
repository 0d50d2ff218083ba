"""The docs name every command and every setting (datasette's habit)."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _load_reference():
    spec = importlib.util.spec_from_file_location("cli_reference", ROOT / "scripts" / "cli_reference.py")
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(module)
    return module


def test_every_command_is_in_the_cli_reference():
    documented = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    missing = [c for c in _load_reference().command_paths() if f"## `{c}`" not in documented]
    assert not missing, f"run `python scripts/cli_reference.py`; undocumented: {missing}"


def test_every_setting_is_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    names = set()
    for py in (ROOT / "src" / "cchc").rglob("*.py"):
        names.update(re.findall(r"\"(CCHC_[A-Z_]+)\"", py.read_text(encoding="utf-8")))
    missing = sorted(n for n in names if n not in readme)
    assert not missing, f"settings missing from README.md: {missing}"


@pytest.mark.parametrize("command", ["bash scripts/setup.sh", "bash scripts/test.sh"])
def test_the_readme_gives_the_two_commands(command):
    assert command in (ROOT / "README.md").read_text(encoding="utf-8")
