"""Helpers for the extract tests: the seed plans and the shared scorer."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest


@pytest.fixture(scope="session")
def scorer(shared_dir: Path) -> ModuleType:
    """`tools/score_extraction.py` of the reference data (`shared_dir`) imported as a module."""
    path = shared_dir / "tools" / "score_extraction.py"
    if not path.exists():
        pytest.skip("the scorer is not in the reference data's tools/")
    spec = importlib.util.spec_from_file_location("score_extraction", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
