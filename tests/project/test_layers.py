"""The layer rules of docs/architecture.md, checked on the source: who may import whom."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "cchc"

# layer -> cchc layers it may import (itself always allowed); docs/architecture.md draws the same floors
_BASE = {"domain", "settings", "store", "dossiers", "extract", "reports"}
ALLOWED = {
    "domain": set(),
    "extract": {"domain"},
    "dossiers": {"domain", "settings"},
    "store": {"domain", "settings"},
    "reports": {"domain"},
    "ops": {"domain", "settings", "store", "dossiers"},
    "kernel": _BASE,
    "auth": _BASE | {"kernel"},
    "notify": _BASE | {"kernel"},
    "jobs": _BASE | {"kernel", "auth", "notify"},
    "services": _BASE | {"kernel", "notify"},
    "quality": _BASE | {"kernel", "notify", "services"},
    "views": _BASE | {"kernel", "notify", "services", "quality"},
    "reporting": _BASE | {"kernel", "notify", "jobs", "services", "quality"},
    "parindex": _BASE | {"kernel", "notify", "services", "quality", "reporting"},
    "demo": _BASE | {"kernel", "auth", "notify", "services", "quality", "reporting", "parindex"},
}
FORBIDDEN_THIRD_PARTY = {
    "domain": {"sqlalchemy", "fastapi", "starlette", "duckdb", "docx", "openpyxl", "typer"},
    "extract": {"sqlalchemy", "fastapi", "starlette", "duckdb", "typer"},
    "dossiers": {"sqlalchemy", "fastapi", "starlette", "typer"},
    "reports": {"sqlalchemy", "fastapi", "starlette", "typer"},
}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


@pytest.mark.parametrize("layer", sorted(ALLOWED))
def test_layer_imports_only_what_the_design_allows(layer):
    folder = SRC / layer
    if not folder.exists():
        pytest.skip(f"{layer} not written yet")
    bad = []
    for py in folder.rglob("*.py"):
        for name in _imports(py):
            parts = name.split(".")
            if parts[0] == "cchc" and len(parts) > 1:
                target = parts[1]
                if target != layer and target not in ALLOWED[layer] and target != "__init__":
                    bad.append(f"{py.relative_to(SRC)} imports {name}")
            elif parts[0] in FORBIDDEN_THIRD_PARTY.get(layer, set()):
                bad.append(f"{py.relative_to(SRC)} imports {name}")
    assert not bad, "\n".join(bad)
