"""The `cchc` command. Each module of this package adds its commands through `register(app)`."""

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


def _plain_help_flags() -> None:
    """Let `--help` take its value as it is instead of through a Pydantic adapter.

    Typer builds a Pydantic `TypeAdapter` for every option it parses, including the `--help` flag that
    every command has, so even `cchc version` imported Pydantic (about a third of its run). `--help`
    only ever holds `None` or `True`, so it is given Typer's pass-through coercion. If Typer's internals
    change, this does nothing and the flag is coerced as before.
    """
    try:
        from typer._coercion import PassThroughRuntimeParam
        from typer.core import _TyperParameter
    except ImportError:  # pragma: no cover - another Typer
        return
    original = getattr(_TyperParameter, "get_runtime_param", None)
    if original is None:  # pragma: no cover - another Typer
        return

    def get_runtime_param(self: _TyperParameter) -> object:
        if (
            getattr(self, "_runtime_param", "") is None
            and self.name == "help"
            and not self.expose_value
            and self.type_descriptor.annotation is bool
        ):
            self._runtime_param = PassThroughRuntimeParam(
                annotation=bool, parameter_info=self.type_descriptor.parameter_info
            )
        return original(self)

    _TyperParameter.get_runtime_param = get_runtime_param  # type: ignore[method-assign]


_plain_help_flags()


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
