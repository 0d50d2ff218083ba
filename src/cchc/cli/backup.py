"""`cchc backup` and `cchc restore`: one archive of the database, the files and the dossier store."""

from pathlib import Path

import typer

__all__ = ["register"]


def _progress_bar():  # type: ignore[no-untyped-def]
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    return Progress(TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn(), transient=True)


def register(app: typer.Typer) -> None:
    @app.command("backup")
    def backup_cmd(
        output: Path = typer.Argument(..., help="Archive to write, e.g. cchc-backup.tar.gz (.tar: uncompressed)."),
        url: str = typer.Option(None, "--url", help="Database URL (default: CCHC_DATABASE_URL or $CCHC_DATA/cchc.db)."),
    ) -> None:
        """Sao lưu cơ sở dữ liệu, tệp và kho hồ sơ vào một tệp (backup). Example: cchc backup bk.tar.gz"""
        from cchc.ops.backup import backup

        with _progress_bar() as bar:
            task = bar.add_task("Sao lưu", total=1.0)
            manifest = backup(output, database_url=url,
                              progress=lambda msg, f: bar.update(task, description=msg, completed=f))
        rows = sum(manifest.dossier_rows.values())
        typer.echo(
            f"Đã sao lưu vào {output}: {len(manifest.members)} mục, {sum(manifest.tables.values())} dòng dữ liệu "
            f"trong {len(manifest.tables)} bảng, {rows} hồ sơ (thế hệ {manifest.dossier_generation})"
        )

    @app.command("restore")
    def restore_cmd(
        archive: Path = typer.Argument(..., exists=True, dir_okay=False, help="Archive written by `cchc backup`."),
        data: Path = typer.Option(..., "--data", help="Empty data directory to restore into."),
        url: str = typer.Option(
            None, "--url", help="Empty database to restore into (default: SQLite in the data directory)."
        ),
    ) -> None:
        """Khôi phục từ bản sao lưu vào thư mục dữ liệu trống (restore). Example: cchc restore bk.tar.gz --data d2"""
        from cchc.ops.backup import restore

        with _progress_bar() as bar:
            task = bar.add_task("Khôi phục", total=1.0)
            result = restore(archive, data_dir=data, database_url=url,
                             progress=lambda msg, f: bar.update(task, description=msg, completed=f))
        typer.echo(
            f"Đã khôi phục vào {data}: {sum(result.tables.values())} dòng trong {len(result.tables)} bảng, "
            f"{result.files} tệp, {sum(result.dossier_rows.values())} hồ sơ. Kiểm tra: cchc check"
        )
