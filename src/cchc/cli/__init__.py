"""The `cchc` command. Each module of this package adds its commands through `register(app)`."""

from __future__ import annotations

import importlib
import pkgutil
import sys

import typer

from cchc.domain.errors import CchcError

app = typer.Typer(
    name="cchc",
    help="cchc: kế hoạch cải cách hành chính của xã/phường, từ văn bản đến báo cáo.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def fail(message: str, code: int = 2) -> None:
    """Print `Error: <message>` to stderr and exit with `code` (2 for bad input)."""
    typer.echo(f"Error: {message}", err=True)
    raise typer.Exit(code)


def _register_all() -> None:
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        register = getattr(module, "register", None)
        if register is not None:
            register(app)


@app.callback()
def _root() -> None:
    """cchc: kế hoạch cải cách hành chính của xã/phường, từ văn bản đến báo cáo."""


_register_all()


def main() -> None:
    """Entry point: expected errors become one line and exit status 2, never a traceback."""
    try:
        app()
    except CchcError as exc:
        typer.echo(f"Error: {exc}", err=True)
        sys.exit(2)
