"""`cchc check`: integrity of the database and of the dossier store; exits 1 on any problem."""

import typer

__all__ = ["database_problems", "register"]


def database_problems(url: str | None = None) -> list[str]:
    """SQLite: `PRAGMA integrity_check` and `foreign_key_check`; PostgreSQL: a consistency query set."""
    from sqlalchemy import inspect, text

    from cchc.store.engine import database_url, make_engine

    engine = make_engine(database_url(url))
    problems: list[str] = []
    try:
        with engine.connect() as con:
            if engine.dialect.name == "sqlite":
                rows = [r[0] for r in con.execute(text("PRAGMA integrity_check")).fetchall()]
                if rows != ["ok"]:
                    problems += [f"SQLite integrity_check: {r}" for r in rows[:20]]
                for table, rowid, parent, _fk in con.execute(text("PRAGMA foreign_key_check")).fetchall()[:20]:
                    problems.append(f"Bảng {table}, dòng {rowid}: khóa ngoại tới {parent} không tồn tại (foreign key)")
            else:
                con.execute(text("SELECT 1"))
                insp = inspect(con)
                for table in insp.get_table_names():
                    for fk in insp.get_foreign_keys(table):
                        cols, ref = fk["constrained_columns"], fk["referred_table"]
                        rcols = fk["referred_columns"]
                        cond = " AND ".join(f'c."{a}" = p."{b}"' for a, b in zip(cols, rcols, strict=True))
                        notnull = " AND ".join(f'c."{a}" IS NOT NULL' for a in cols)
                        n = con.execute(text(
                            f'SELECT count(*) FROM "{table}" c WHERE {notnull} AND NOT EXISTS '
                            f'(SELECT 1 FROM "{ref}" p WHERE {cond})'
                        )).scalar_one()
                        if n:
                            problems.append(f"Bảng {table}: {n} dòng có khóa ngoại tới {ref} không tồn tại (foreign key)")
    except Exception as exc:  # noqa: BLE001 - any failure to read the database is the finding
        problems.append(f"Không đọc được cơ sở dữ liệu (database unreadable): {exc}")
    finally:
        engine.dispose()
    return problems


def register(app: typer.Typer) -> None:
    @app.command("check")
    def check(
        url: str = typer.Option(None, "--url", help="Database URL (default: CCHC_DATABASE_URL or $CCHC_DATA/cchc.db)."),
        sweep_orphans: bool = typer.Option(
            False, "--sweep-orphans",
            help="Also remove stored files no row references (and leftover .part files) older than the grace period."),
        grace_minutes: float = typer.Option(
            60.0, "--grace-minutes", min=0, help="Files younger than this are kept by --sweep-orphans."),
        dry_run: bool = typer.Option(False, "--dry-run", help="With --sweep-orphans: list, do not remove."),
    ) -> None:
        """Kiểm tra toàn vẹn cơ sở dữ liệu và kho hồ sơ (integrity check). Example: cchc check --sweep-orphans"""
        from cchc.dossiers import DossierStore
        from cchc.settings import get_settings

        problems = database_problems(url)
        typer.echo("Cơ sở dữ liệu: " + ("lỗi" if problems else "tốt (database ok)"))
        settings = get_settings()
        if sweep_orphans and not problems:
            from cchc.ops.files import sweep_orphans as sweep

            swept = sweep(settings.data_dir, url=url, grace_seconds=grace_minutes * 60, dry_run=dry_run)
            verb = "sẽ xóa" if dry_run else "đã xóa"
            typer.echo(f"Tệp lưu trữ: {verb} {len(swept.removed)} tệp không còn được tham chiếu "
                       f"({'would remove' if dry_run else 'removed'} {len(swept.removed)} unreferenced files); "
                       f"{swept.referenced} thư mục đang dùng, {swept.kept_young} chưa quá thời gian chờ.")
            for path in swept.removed:
                typer.echo(f"  {path}")
            if swept.placed:
                typer.echo(f"Tệp đã lưu nhưng chưa vào chỗ (staged after a commit): {len(swept.placed)} tệp "
                           f"{'sẽ được' if dry_run else 'đã được'} chuyển vào chỗ.")
            if swept.removed and not dry_run:
                from cchc.kernel.actor import Actor
                from cchc.kernel.audit import record_event
                from cchc.kernel.db import session_scope
                from cchc.store.engine import database_url

                with session_scope(database_url(url)) as session:
                    record_event(session, Actor.system(), entity="files", entity_id=0, action="sweep_orphans",
                                 before=None, after={"removed": len(swept.removed),
                                                     "names": [p.name for p in swept.removed[:100]]})
        store_problems: list[str] = []
        if settings.dossier_dir.exists():
            with DossierStore(settings.dossier_dir, memory_limit=None) as store:
                store_problems = store.check()
                typer.echo(f"Kho hồ sơ: thế hệ {store.generation}, {len(store.localities())} xã/phường, "
                           f"{len(store.current_files())} tệp — " + ("lỗi" if store_problems else "tốt (dossier store ok)"))
        for p in problems + store_problems:
            typer.echo(f"Error: {p}", err=True)
        if problems or store_problems:
            raise typer.Exit(1)
