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


_PROCESS_WORDS = re.compile(
    r"engineers?\b|this checkout|\bthe team\b|\.\./shared|/work/|/root/|\bat \d{1,2}:\d{2}\b|\b\d{1,2}:\d{2}(–\d{1,2}:\d{2})? UTC",
    re.IGNORECASE,
)


def _tracked_markdown() -> list[Path]:
    return sorted(p for p in ROOT.rglob("*.md") if ".venv" not in p.parts and ".cache" not in p.parts and "egg-info" not in str(p))


@pytest.mark.parametrize("doc", _tracked_markdown(), ids=lambda p: str(p.relative_to(ROOT)))
def test_docs_speak_of_the_software_not_of_how_it_was_made(doc):
    hits = [line for line in doc.read_text(encoding="utf-8").splitlines() if _PROCESS_WORDS.search(line)]
    assert not hits, f"{doc.relative_to(ROOT)}: {hits[:3]}"


def test_readme_links_the_architecture_and_the_contributing_guide():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "docs/architecture.md" in readme and "CONTRIBUTING.md" in readme


@pytest.mark.parametrize("doc", _tracked_markdown(), ids=lambda p: str(p.relative_to(ROOT)))
def test_every_relative_link_in_the_docs_resolves(doc):
    text = doc.read_text(encoding="utf-8")
    broken = []
    for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", text):
        if "://" in target or target.startswith("mailto:"):
            continue
        if not (doc.parent / target).exists():
            broken.append(target)
    assert not broken, f"{doc.relative_to(ROOT)} links to missing {broken}"
