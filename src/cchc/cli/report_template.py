"""`cchc report-template`: the Decree 30 default report template, checking a province's, setting it."""


from pathlib import Path

import typer

__all__ = ["register"]


def register(app: typer.Typer) -> None:
    @app.command("report-template")
    def report_template(
        default: Path = typer.Option(None, "--default", help="Ghi mẫu mặc định theo Nghị định 30 ra tệp .docx này."),
        check: Path = typer.Option(None, "--check", help="Kiểm tra một tệp mẫu .docx (không lưu gì)."),
        upload: Path = typer.Option(None, "--upload", help="Dùng tệp mẫu .docx này cho tỉnh --province."),
        reset: bool = typer.Option(False, "--reset", help="Trở lại mẫu mặc định cho tỉnh --province."),
        province: int = typer.Option(None, "--province", help="Mã tỉnh/thành phố (province code)."),
        url: str = typer.Option(None, "--url", help="Database URL (mặc định: CCHC_DATABASE_URL hoặc $CCHC_DATA/cchc.db)."),
        yes: bool = typer.Option(False, "--yes", "-y", help="Ghi đè tệp đã có, không hỏi."),
    ) -> None:
        """Mẫu báo cáo CCHC của tỉnh (.docx có trường Jinja): ghi mẫu mặc định, kiểm tra, dùng cho tỉnh, trở lại mặc định.

        Example: cchc report-template --default mau.docx; cchc report-template --upload mau-tinh.docx --province 86
        """
        from cchc.cli import fail
        from cchc.reports.docx_template import default_template_bytes
        from cchc.reports.template_check import check_template

        chosen = [x for x in (default, check, upload) if x is not None] + (["reset"] if reset else [])
        if len(chosen) != 1:
            fail("Chọn đúng một việc: --default FILE, --check FILE, --upload FILE hoặc --reset.")
        if default is not None:
            if default.exists() and not yes and not typer.confirm(f"{default} đã có. Ghi đè (overwrite)?",
                                                                  default=False):
                fail(f"Không ghi đè {default} (dùng --yes để ghi đè).")
            default.write_bytes(default_template_bytes())
            typer.echo(f"Đã tạo {default}")
            return
        if check is not None:
            if not check.exists():
                fail(f"Không có tệp {check}.")
            problems = check_template(check.read_bytes())
            for p in problems:
                typer.echo(p.message)
            if problems:
                raise typer.Exit(1)
            typer.echo(f"Mẫu {check} dùng được.")
            return
        if province is None:
            fail("Cần --province (mã tỉnh/thành phố).")
        from cchc.kernel.actor import Actor
        from cchc.kernel.db import session_scope
        from cchc.reporting import templates as svc
        from cchc.store.engine import database_url

        with session_scope(database_url(url)) as session:
            if upload is not None:
                if not upload.exists():
                    fail(f"Không có tệp {upload}.")
                view = svc.upload_template(session, Actor.system(), province_code=province, filename=upload.name,
                                           content=upload.read_bytes())
                typer.echo(f"Đã dùng mẫu {view.filename} cho tỉnh/thành phố {province} (#{view.id}).")
            else:
                svc.reset_template(session, Actor.system(), province_code=province)
                typer.echo(f"Tỉnh/thành phố {province} trở lại mẫu mặc định.")
