"""`cchc mergers`: the mapping of former communes to the communes they were merged into."""

from pathlib import Path

import typer

__all__ = ["register"]


def register(app: typer.Typer) -> None:
    group = typer.Typer(help="Sáp nhập xã/phường (former communes and their successors).", no_args_is_help=True)
    app.add_typer(group, name="mergers")

    @group.command("import")
    def import_cmd(
        file: Path = typer.Argument(..., exists=True, dir_okay=False, help="Mapping .csv (UTF-8) or .xlsx."),
    ) -> None:
        """Nhập danh mục xã cũ → xã mới. Example: cchc mergers import sap-nhap.csv"""
        from cchc.kernel.actor import Actor
        from cchc.kernel.db import session_scope
        from cchc.services.mergers import import_mergers

        with session_scope() as session:
            result = import_mergers(session, Actor.system(), content=file.read_bytes(), filename=file.name)
        typer.echo(f"Đã nhập {result.added} xã cũ mới, cập nhật {result.updated}, giữ nguyên {result.unchanged}; "
                   f"{result.successors} xã/phường hiện hành.")
        for w in result.warnings:
            typer.echo(f"Cảnh báo: {w}", err=True)

    @group.command("show")
    def show_cmd(
        code: int = typer.Argument(..., help="Current commune code, e.g. 4"),
        period: str = typer.Option(None, "--period", help="Also the dossier figures per predecessor, e.g. 2025-Q1."),
    ) -> None:
        """Các xã cũ đã sáp nhập vào một xã/phường. Example: cchc mergers show 4 --period 2025-Q1"""
        from cchc.kernel.actor import Actor
        from cchc.kernel.db import session_scope
        from cchc.quality import predecessor_figures
        from cchc.services.mergers import predecessors_view

        with session_scope() as session:
            rows = predecessors_view(session, code)
            figures = predecessor_figures(session, Actor.system(), locality_code=code, period=period) if period else None
        if not rows:
            typer.echo(f"Xã/phường {code:05d}: không có xã cũ nào trong danh mục sáp nhập.")
        for r in rows:
            typer.echo(f"{r.code:05d}\t{r.name}\t{r.district or ''}\tsáp nhập từ {r.effective_on:%d/%m/%Y}")
        if figures is not None:
            side = {"before": "trước sáp nhập", "after": "sau sáp nhập", "spanning": "gồm ngày sáp nhập",
                    "none": "không sáp nhập"}[figures.side]
            typer.echo(f"Kỳ {figures.period} ({side}):")
            for part in figures.parts:
                received = next((m["denominator"] for m in part["metrics"] if m["metric"] == "on_time_rate"), 0)
                on_time = next((m["value"] for m in part["metrics"] if m["metric"] == "on_time_rate"), None)
                rate = "—" if on_time is None else f"{on_time:.2f}".replace(".", ",") + "%"
                typer.echo(f"  {part['code']:05d} {part['name'] or '(xã/phường hiện hành)'}: "
                           f"{int(received)} hồ sơ tính đúng hạn, tỷ lệ đúng hạn {rate}")
