"""The command line imports only what the command that runs uses (`cchc version` loads no database library)."""

from __future__ import annotations

import ast
import importlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CLI = ROOT / "src" / "cchc" / "cli"

HEAVY = ("sqlalchemy", "duckdb", "fastapi", "starlette", "pandas", "pyarrow", "docx", "openpyxl", "altair", "pydantic", "rich")

_PROBE = """
import json, sys
sys.argv = ["cchc", *json.loads(sys.argv[1])]
from cchc.cli import main
try:
    main()
except SystemExit:
    pass
sys.stdout.flush()
sys.stderr.write(json.dumps(sorted({m.split(".")[0] for m in sys.modules})))
"""


def _modules_loaded_by(*args: str) -> tuple[str, set[str]]:
    env = {"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin", "NO_COLOR": "1"}
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, json.dumps(list(args))],
        capture_output=True, text=True, env=env, timeout=120, check=True,
    )
    return done.stdout, set(json.loads(done.stderr.strip().splitlines()[-1]))


def test_cchc_version_prints_the_version_without_loading_a_database_web_or_document_library():
    from cchc import __version__

    out, loaded = _modules_loaded_by("version")
    assert out.strip() == __version__
    assert sorted(loaded & set(HEAVY)) == []


def test_the_root_help_still_lists_every_command_group_without_loading_them():
    out, loaded = _modules_loaded_by("--help")
    for name in ("version", "dossiers", "metrics", "serve", "plan", "parindex", "db"):
        assert name in out
    assert not loaded & {"sqlalchemy", "duckdb", "fastapi"}


def _top_level_imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


@pytest.mark.parametrize("path", sorted(CLI.glob("*.py")), ids=lambda p: p.name)
def test_a_command_module_imports_heavy_libraries_and_cchc_layers_only_inside_its_commands(path):
    allowed_cchc = {"cchc", "cchc.domain.errors"}
    offending = sorted(
        name for name in _top_level_imports(path)
        if name.split(".")[0] in HEAVY or (name.startswith("cchc") and name not in allowed_cchc and not name.startswith("cchc.cli"))
    )
    assert offending == []


def test_every_name_the_domain_package_exports_is_loaded_on_first_use():
    import cchc.domain as domain

    assert sorted(domain.__all__) == sorted(domain._SOURCES)
    for name in domain.__all__:
        source = importlib.import_module(f"cchc.domain.{domain._SOURCES[name]}")
        assert getattr(domain, name) is getattr(source, name)


def test_no_command_module_postpones_its_annotations_which_would_make_typer_compile_them_at_every_start():
    postponed = [py.name for py in sorted(CLI.glob("*.py"))
                 if any(isinstance(n, ast.ImportFrom) and n.module == "__future__"
                        for n in ast.parse(py.read_text(encoding="utf-8")).body)]
    assert not postponed, f"remove `from __future__ import annotations` from {postponed}"


def test_text_and_number_options_are_read_without_pydantic_and_a_bad_number_is_refused(tmp_path):
    import typer
    from typer.testing import CliRunner

    import cchc.cli  # noqa: F401 - installs the plain option coercion

    app = typer.Typer()
    seen = {}

    @app.command()
    def cmd(name: str = "x", count: int | None = None, ratio: float = 1.0) -> None:
        seen.update(name=name, count=count, ratio=ratio)

    runner = CliRunner()
    assert runner.invoke(app, ["--name", "Hải Phòng", "--count", " 31", "--ratio", "2"]).exit_code == 0
    assert seen == {"name": "Hải Phòng", "count": 31, "ratio": 2.0}
    assert type(seen["ratio"]) is float
    assert runner.invoke(app, []).exit_code == 0 and seen == {"name": "x", "count": None, "ratio": 1.0}
    bad = runner.invoke(app, ["--count", "abc"])
    assert bad.exit_code == 2 and "--count" in bad.output and "not a valid int" in bad.output
