"""`cchc version`."""

import typer

from cchc import __version__


def register(app: typer.Typer) -> None:
    @app.command()
    def version() -> None:
        """Print the cchc version. Example: cchc version"""
        typer.echo(__version__)
