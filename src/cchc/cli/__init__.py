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
    """Let `--help` and the plain options (text and numbers) take their value without Pydantic.

    Typer builds a Pydantic `TypeAdapter` for every option it parses, including the `--help` flag that
    every command has, so even `cchc version` imported Pydantic (about a third of its run), and every
    command with an option (`cchc metrics --period 2026`) still did. `--help` only ever holds `None` or
    `True`: it gets Typer's pass-through coercion. An option annotated `str`, `int` or `float` (or that
    or None), without a range, a parser or a Click type of its own, gets `_PlainParam`: the text as it
    is, or the number `int()`/`float()` reads from it, else Typer's "is not a valid int" error. If
    Typer's internals change, this does nothing and the options are coerced as before.
    """
    try:
        from typer._coercion import PassThroughRuntimeParam
        from typer.core import _TyperParameter
    except ImportError:  # pragma: no cover - another Typer
        return
    original = getattr(_TyperParameter, "get_runtime_param", None)
    if original is None:  # pragma: no cover - another Typer
        return

    class _PlainParam(PassThroughRuntimeParam):
        def _coerce_value(self, value: object, param: object, ctx: object) -> object:
            kind = self.annotation
            if kind in (int, float) and isinstance(value, str):
                try:
                    return kind(value.strip())  # type: ignore[operator]
                except ValueError:
                    pass
            elif kind is float and isinstance(value, int) and not isinstance(value, bool):
                return float(value)
            return super()._coerce_value(value, param, ctx)  # type: ignore[arg-type]

    def get_runtime_param(self: _TyperParameter) -> object:
        if getattr(self, "_runtime_param", "") is None:
            desc = self.type_descriptor
            if self.name == "help" and not self.expose_value and desc.annotation is bool:
                self._runtime_param = PassThroughRuntimeParam(annotation=bool, parameter_info=desc.parameter_info)
            elif (plain := _plain_type(desc)) is not None:
                self._runtime_param = _PlainParam(annotation=plain, parameter_info=desc.parameter_info)
        return original(self)

    _TyperParameter.get_runtime_param = get_runtime_param  # type: ignore[method-assign]


def _plain_type(desc: object) -> type | None:
    """`str`, `int` or `float` when the option is one of those (or that or None) and nothing more."""
    import types
    import typing

    info = getattr(desc, "parameter_info", None)
    if (info is None or getattr(desc, "file_annotation", None) is not None or getattr(desc, "is_ranged", True)
            or getattr(info, "parser", None) is not None or getattr(info, "click_type", None) is not None):
        return None
    annotation = getattr(desc, "annotation", None)
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is typing.Union:
        rest = [a for a in typing.get_args(annotation) if a is not type(None)]
        annotation = rest[0] if len(rest) == 1 else None
    return annotation if annotation in (str, int, float) else None


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
