"""`cchc report`, `cchc notice`, `cchc report-versions`, `cchc report-approve`: the periodic PAR report
(Decree 30/2020 layout) and the monthly service-quality notice."""

import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import typer

__all__ = ["register"]


def _check_targets(paths: tuple[Path | None, ...], yes: bool) -> None:
    """Ask before overwriting each output file that exists (`--yes` skips the question)."""
    from cchc.cli import fail

    for path in paths:
        if path is None or not path.exists() or yes:
            continue
        if not typer.confirm(f"{path} đã có. Ghi đè (overwrite)?", default=False):
            fail(f"Không ghi đè {path} (dùng --yes để ghi đè).")


def _announce(made: list[Path], *, pdf_from: Path | None) -> None:
    """Print the files made, then convert `pdf_from` to PDF (LibreOffice) when asked."""
    for path in made:
        typer.echo(f"Đã tạo {path}")
    if pdf_from is not None:
        from cchc.reports.pdf import to_pdf

        typer.echo(f"Đã tạo {to_pdf(pdf_from)}")


@contextmanager
def _progress_bar() -> Iterator[Callable[[float, str], None]]:
    """A Rich progress bar on stderr over the report's steps (the same steps a background job reports)."""
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(TextColumn("{task.description}"), BarColumn(), TextColumn("{task.percentage:>3.0f}%"),
                  TimeElapsedColumn(), console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("Tạo báo cáo", total=1.0)

        def step(fraction: float, message: str) -> None:
            bar.update(task, completed=fraction, description=message)

        yield step
        bar.update(task, completed=1.0)


def register(app: typer.Typer) -> None:
    @app.command("report")
    def report(
        locality: int = typer.Option(None, "--locality", help="Mã xã/phường (locality code)."),
        period: str = typer.Option("", "--period", help="Kỳ báo cáo: 2026-Q2, 2026-H1, 2026."),
        kind: str = typer.Option(None, "--kind", help="quarter | half | year (mặc định theo --period)."),
        output: Path = typer.Option(..., "-o", "--output", help="Tệp .docx sẽ tạo."),
        xlsx: Path = typer.Option(None, "--xlsx", help="Phụ lục .xlsx (cùng các dòng như trong báo cáo)."),
        pdf: bool = typer.Option(False, "--pdf", help="Xuất thêm PDF qua LibreOffice (cạnh tệp .docx)."),
        charts: bool = typer.Option(True, "--charts/--no-charts", help="Chèn biểu đồ."),
        sample: bool = typer.Option(False, "--sample", help="Báo cáo mẫu (xã An Bình, quý II/2026), không cần CSDL."),
        url: str = typer.Option(None, "--url", help="Database URL (mặc định: CCHC_DATABASE_URL hoặc $CCHC_DATA/cchc.db)."),
        yes: bool = typer.Option(False, "--yes", "-y", help="Ghi đè tệp đã có, không hỏi."),
    ) -> None:
        """Tạo báo cáo CCHC định kỳ theo thể thức Nghị định 30/2020/NĐ-CP; mỗi lần tạo được lưu thành một phiên bản.

        Example: cchc report --locality 29830 --period 2026-Q2 -o bao-cao-quy-2.docx --xlsx phu-luc.xlsx --pdf
        """
        from cchc.cli import fail

        if not output.suffix.lower() == ".docx":
            fail(f"Tệp kết quả phải là .docx: {output}")
        _check_targets((output, xlsx), yes)
        if sample:
            from cchc.reports.docx_report import write_report_docx
            from cchc.reports.sample import make_report_data
            from cchc.reports.xlsx import write_report_xlsx

            data = make_report_data()
            write_report_docx(data, output, with_charts=charts)
            if xlsx is not None:
                write_report_xlsx(data, xlsx)
            made = [output, *([xlsx] if xlsx else [])]
        else:
            if locality is None or not period:
                fail("Cần --locality và --period (hoặc --sample cho báo cáo mẫu).")
            from cchc.kernel.actor import Actor
            from cchc.kernel.db import session_scope
            from cchc.reporting import generate_report
            from cchc.settings import get_settings
            from cchc.store.engine import database_url

            settings = get_settings()
            with _progress_bar() as step, session_scope(database_url(url)) as session:
                version = generate_report(session, Actor.system(), locality_code=locality, period=period, kind=kind,
                                          data_dir=settings.data_dir, with_charts=charts, pdf=pdf, progress=step)
            folder = settings.data_dir / "reports" / str(locality) / version.period
            output.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(folder / version.files["docx"], output)
            made = [output]
            if xlsx is not None:
                shutil.copyfile(folder / version.files["xlsx"], xlsx)
                made.append(xlsx)
            if pdf:
                made.append(Path(shutil.copyfile(folder / version.files["pdf"], output.with_suffix(".pdf"))))
                pdf = False
            typer.echo(f"Phiên bản {version.version} của báo cáo {version.period} đã được lưu trong {folder}.")
        _announce(made, pdf_from=output if pdf else None)

    @app.command("notice")
    def notice(
        locality: int = typer.Option(None, "--locality", help="Mã xã/phường (locality code)."),
        month: str = typer.Option("", "--month", help="Tháng: 2026-05."),
        output: Path = typer.Option(..., "-o", "--output", help="Tệp .docx sẽ tạo."),
        xlsx: Path = typer.Option(None, "--xlsx", help="Bảng số liệu .xlsx."),
        pdf: bool = typer.Option(False, "--pdf", help="Xuất thêm PDF qua LibreOffice."),
        charts: bool = typer.Option(True, "--charts/--no-charts", help="Chèn biểu đồ diễn biến theo tháng."),
        sample: bool = typer.Option(False, "--sample", help="Thông báo mẫu (xã An Bình, tháng 5/2026)."),
        url: str = typer.Option(None, "--url", help="Database URL."),
        yes: bool = typer.Option(False, "--yes", "-y", help="Ghi đè tệp đã có, không hỏi."),
    ) -> None:
        """Tạo Thông báo kết quả chỉ số phục vụ người dân, doanh nghiệp của một tháng (.docx, .xlsx).

        Example: cchc notice --locality 29830 --month 2026-05 -o thong-bao-t5.docx --xlsx thong-bao-t5.xlsx
        """
        from cchc.cli import fail
        from cchc.reports.notice import write_notice_docx
        from cchc.reports.xlsx import write_notice_xlsx

        _check_targets((output, xlsx), yes)
        if sample:
            from cchc.reports.sample import make_notice_data

            data = make_notice_data()
        else:
            if locality is None or not month:
                fail("Cần --locality và --month (hoặc --sample cho thông báo mẫu).")
            from cchc.kernel.actor import Actor
            from cchc.kernel.db import session_scope
            from cchc.reporting import build_notice_data
            from cchc.settings import get_settings
            from cchc.store.engine import database_url

            with session_scope(database_url(url)) as session:
                data = build_notice_data(session, Actor.system(), locality_code=locality, month=month,
                                         data_dir=get_settings().data_dir)
        write_notice_docx(data, output, with_charts=charts)
        made = [output]
        if xlsx is not None:
            made.append(write_notice_xlsx(data, xlsx))
        _announce(made, pdf_from=output if pdf else None)

    @app.command("report-versions")
    def report_versions(
        locality: int = typer.Option(..., "--locality", help="Mã xã/phường."),
        period: str = typer.Option(..., "--period", help="Kỳ báo cáo: 2026-Q2."),
        kind: str = typer.Option(None, "--kind", help="quarter | half | year."),
        url: str = typer.Option(None, "--url", help="Database URL."),
    ) -> None:
        """Liệt kê các phiên bản đã tạo của một báo cáo (ai tạo, lúc nào, đã duyệt chưa).

        Example: cchc report-versions --locality 29830 --period 2026-Q2
        """
        from cchc.kernel.actor import Actor
        from cchc.kernel.db import session_scope
        from cchc.reporting import list_versions
        from cchc.settings import get_settings
        from cchc.store.engine import database_url

        with session_scope(database_url(url)) as session:
            versions = list_versions(session, Actor.system(), locality_code=locality, period=period, kind=kind,
                                     data_dir=get_settings().data_dir)
        if not versions:
            typer.echo("Chưa có phiên bản nào (no versions yet).")
        for v in versions:
            approved = f"đã duyệt bởi {v.approved_by} lúc {v.approved_at:%d/%m/%Y %H:%M}" if v.approved_at else "chưa duyệt"
            typer.echo(f"v{v.version}\t{v.created_at:%d/%m/%Y %H:%M}\t{v.created_by}\t{approved}\t{v.files['docx']}")

    @app.command("report-approve")
    def report_approve(
        locality: int = typer.Option(..., "--locality", help="Mã xã/phường."),
        period: str = typer.Option(..., "--period", help="Kỳ báo cáo: 2026-Q2."),
        version: int = typer.Option(..., "--version", help="Số phiên bản cần duyệt."),
        kind: str = typer.Option(None, "--kind", help="quarter | half | year."),
        url: str = typer.Option(None, "--url", help="Database URL."),
    ) -> None:
        """Đánh dấu một phiên bản báo cáo là đã duyệt (quản trị viên; lãnh đạo duyệt trên trang Báo cáo).

        Example: cchc report-approve --locality 29830 --period 2026-Q2 --version 3
        """
        from cchc.kernel.actor import Actor
        from cchc.kernel.db import session_scope
        from cchc.reporting import approve_report
        from cchc.settings import get_settings
        from cchc.store.engine import database_url

        with session_scope(database_url(url)) as session:
            v = approve_report(session, Actor.system(), locality_code=locality, period=period, version=version,
                               kind=kind, data_dir=get_settings().data_dir)
        typer.echo(f"Đã duyệt phiên bản {v.version} của báo cáo {v.period}.")
