"""`cchc indicators refresh`: write the dossier-measured actuals of a commune's plan indicators for a period."""

import json
from typing import Annotated

import typer

__all__ = ["register"]

_ACHIEVEMENT_VI = {"met": "đạt", "on_track": "đúng tiến độ", "at_risk": "có nguy cơ không đạt",
                   "missed": "không đạt", "no_data": "chưa có số liệu"}


def register(app: typer.Typer) -> None:
    indicators_app = typer.Typer(help="Chỉ tiêu của kế hoạch (plan indicators).", no_args_is_help=True)

    @indicators_app.command("refresh")
    def refresh(
        locality: Annotated[int, typer.Option("--locality", help="Mã xã/phường (locality code).")],
        period: Annotated[str, typer.Option("--period", help="Kỳ: 2026-Q2, 2026-H1, 2026, 2026-05.")],
        url: Annotated[str | None, typer.Option("--url", help="Database URL (mặc định: CCHC_DATABASE_URL "
                                                               "hoặc $CCHC_DATA/cchc.db).")] = None,
        as_json: Annotated[bool, typer.Option("--json", help="In JSON.")] = False,
    ) -> None:
        """Tính lại số liệu thực hiện của các chỉ tiêu gắn mã chỉ số đo từ hồ sơ (idempotent).

        Example: cchc indicators refresh --locality 11533 --period 2026-Q2
        """
        from cchc.kernel.actor import Actor
        from cchc.kernel.db import session_scope
        from cchc.quality import refresh_indicator_actuals

        with session_scope(url) as session:
            result = refresh_indicator_actuals(session, Actor.system(), locality_code=locality, period=period)
        if as_json:
            typer.echo(json.dumps(result.to_json(), ensure_ascii=False, indent=1))
            return
        from rich.console import Console
        from rich.table import Table

        table = Table(title=f"Chỉ tiêu đo từ hồ sơ – xã/phường {locality} – kỳ {result.period}")
        for head in ("Mã", "Chỉ tiêu", "Chỉ số", "Tử số", "Mẫu số", "Giá trị", "Ghi", "Đánh giá"):
            table.add_column(head)
        for i in result.indicators:
            table.add_row(i.ref or "", i.name[:60], i.metric,
                          "" if i.numerator is None else f"{i.numerator:g}",
                          "" if i.denominator is None else f"{i.denominator:g}",
                          "" if i.value is None else f"{i.value:g}", i.action,
                          _ACHIEVEMENT_VI.get(i.achievement or "", i.achievement or ""))
        Console().print(table)
        typer.echo(result.summary_vi())

    app.add_typer(indicators_app, name="indicators")
