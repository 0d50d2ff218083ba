"""`cchc db upgrade`: bring the database to the latest schema and load the communes."""

import typer

__all__ = ["register"]


def register(app: typer.Typer) -> None:
    db_app = typer.Typer(
        help="Cơ sở dữ liệu (database): nâng cấp lược đồ. Example: cchc db upgrade", no_args_is_help=True
    )

    @db_app.command("upgrade")
    def upgrade(
        url: str = typer.Option(
            None, "--url", help="Database URL (default: CCHC_DATABASE_URL or $CCHC_DATA/cchc.db)."
        ),
        seed: bool = typer.Option(True, "--seed/--no-seed", help="Nạp 34 tỉnh/thành và 3.321 xã/phường."),
    ) -> None:
        """Nâng cấp lược đồ lên bản mới nhất và nạp danh mục xã/phường.

        Example: CCHC_DATA=./data cchc db upgrade
        """
        from cchc.kernel.db import session_scope, upgrade_database
        from cchc.kernel.localities import seed_localities
        from cchc.store.engine import database_url

        resolved = database_url(url)
        upgrade_database(resolved)
        typer.echo("Đã nâng cấp lược đồ cơ sở dữ liệu (schema upgraded).")
        if seed:
            with session_scope(resolved) as session:
                added = seed_localities(session)
            typer.echo(f"Đã nạp {added} tỉnh/thành, xã/phường mới (localities added).")

    app.add_typer(db_app, name="db")
