"""docs/services.md lists every public service function with its keyword options."""

from __future__ import annotations

import importlib
import inspect
from pathlib import Path

import pytest

DOC = Path(__file__).resolve().parents[2] / "docs" / "services.md"
MODULES = [
    "cchc.kernel.audit",
    "cchc.services.bulk",
    "cchc.services.dashboard",
    "cchc.kernel.db",
    "cchc.demo",
    "cchc.services.extensions",
    "cchc.services.indicators",
    "cchc.kernel.localities",
    "cchc.services.plans",
    "cchc.services.progress",
    "cchc.kernel.schedule",
    "cchc.services.tasks",
    "cchc.auth.users",
    "cchc.kernel.validation",
]


def _functions():
    for name in MODULES:
        module = importlib.import_module(name)
        for attr in module.__all__:
            fn = getattr(module, attr)
            if inspect.isfunction(fn):
                yield name, attr, fn


@pytest.mark.parametrize("module,name,fn", list(_functions()), ids=lambda v: v if isinstance(v, str) else "")
def test_every_public_service_function_is_documented_with_its_keyword_options(module, name, fn):
    lines = [line for line in DOC.read_text(encoding="utf-8").splitlines() if f"{name}(" in line]
    assert lines, f"{module}.{name} is missing from docs/services.md"
    text = "\n".join(lines)
    keyword_only = [p.name for p in inspect.signature(fn).parameters.values() if p.kind is p.KEYWORD_ONLY]
    missing = [p for p in keyword_only if p not in text]
    assert not missing, f"{module}.{name}: options {missing} are not in docs/services.md"
