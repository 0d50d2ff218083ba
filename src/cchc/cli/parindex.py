"""`cchc parindex …`: criteria sets, pre-fill, show and export a commune's PAR-index self-assessment."""

import json
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

__all__ = ["register"]

_URL = typer.Option("--url", help="Database URL (mặc định: CCHC_DATABASE_URL hoặc $CCHC_DATA/cchc.db).")


def _print_view(view) -> None:  # type: ignore[no-untyped-def]
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"Chỉ số CCHC năm {view.year} – {view.locality_name} – {view.status_label}")
    for head in ("Mục", "Tiêu chí", "Tối đa", "Đề xuất", "Số liệu", "Tự chấm", "Thẩm định", "Điều tra", "Đạt"):
        table.add_column(head)

    def n(x):  # type: ignore[no-untyped-def]
        return "" if x is None else f"{x:g}"

    for r in view.rows:
        table.add_row(r.ref, r.title[:60], n(r.max_points), n(r.proposed), (r.figure or "")[:40],
                      n(r.self_score) if r.is_leaf else n(r.self_points), n(r.appraised), n(r.survey),
                      n(r.final_points))
    Console().print(table)
    typer.echo(f"Tự đánh giá: {view.self_index:g}/100 · Chỉ số: {view.final_index:g}/100 · Xếp loại: "
               f"{view.classification or '—'}" + (f" · Hạng {view.rank}/{view.ranked_of}" if view.rank else "")
               + (" · Bộ tiêu chí MẪU THAM KHẢO" if view.sample_set else ""))


def register(app: typer.Typer) -> None:
    pi_app = typer.Typer(help="Chỉ số CCHC cấp xã: tự đánh giá, thẩm định (PAR index).", no_args_is_help=True)
    sets_app = typer.Typer(help="Bộ tiêu chí Chỉ số CCHC (criteria sets).", no_args_is_help=True)

    @sets_app.command("import")
    def import_set(
        file: Annotated[Path, typer.Argument(help="Tệp .xlsx bộ tiêu chí (STT, Lĩnh vực/Tiêu chí/…, Điểm tối đa, "
                                                  "Cách chấm, Tài liệu kiểm chứng).", exists=True, dir_okay=False)],
        province: Annotated[int | None, typer.Option("--province", help="Mã tỉnh/thành phố.")] = None,
        year: Annotated[int | None, typer.Option("--year", help="Năm áp dụng.")] = None,
        name: Annotated[str | None, typer.Option("--name", help="Tên bộ tiêu chí.")] = None,
        url: Annotated[str | None, _URL] = None,
    ) -> None:
        """Nhập bộ tiêu chí của tỉnh từ tệp .xlsx (phiên bản mới nếu nội dung khác).

        Example: cchc parindex sets import tieu-chi-2026.xlsx --province 31 --year 2026
        """
        from cchc import parindex
        from cchc.kernel.actor import Actor
        from cchc.kernel.db import session_scope

        with session_scope(url) as session:
            got = parindex.import_set_xlsx(session, Actor.system(), content=file.read_bytes(), province_code=province,
                                           year=year, name=name)
        typer.echo(f"Bộ tiêu chí #{got.id} «{got.name}» tỉnh {got.province_code} năm {got.year}, phiên bản "
                   f"{got.version}: {got.criteria} tiêu chí, {got.total_max:g} điểm.")

    @sets_app.command("list")
    def list_sets(
        year: Annotated[int | None, typer.Option("--year", help="Năm áp dụng.")] = None,
        url: Annotated[str | None, _URL] = None,
    ) -> None:
        """Liệt kê các bộ tiêu chí (kể cả bộ mẫu tham khảo).

        Example: cchc parindex sets list --year 2026
        """
        from cchc import parindex
        from cchc.kernel.actor import Actor
        from cchc.kernel.db import session_scope

        with session_scope(url) as session:
            rows = parindex.list_sets(session, Actor.system(), year=year)
        for r in rows:
            typer.echo(f"#{r.id}\t{r.year}\t{r.province_code or 'mẫu'}\tv{r.version}\t{r.criteria} tiêu chí\t{r.name}")

    @pi_app.command("prefill")
    def prefill(
        locality: Annotated[int, typer.Option("--locality", help="Mã xã/phường.")],
        year: Annotated[int, typer.Option("--year", help="Năm đánh giá.")],
        as_of: Annotated[str | None, typer.Option("--as-of", help="Tính đến ngày (YYYY-MM-DD).")] = None,
        set_id: Annotated[int | None, typer.Option("--set", help="Bộ tiêu chí (mặc định: của tỉnh, "
                                                                  "nếu chưa có thì bộ mẫu).")] = None,
        url: Annotated[str | None, _URL] = None,
    ) -> None:
        """Lập hoặc tính lại bản tự đánh giá từ số liệu của xã (hồ sơ TTHC, nhiệm vụ, kế hoạch, báo cáo).

        Example: cchc parindex prefill --locality 11533 --year 2026
        """
        from cchc import parindex
        from cchc.kernel.actor import Actor
        from cchc.kernel.db import session_scope

        day = date.fromisoformat(as_of) if as_of else None
        with session_scope(url) as session:
            view = parindex.prefill(session, Actor.system(), locality_code=locality, year=year, as_of=day,
                                    set_id=set_id)
            _print_view(view)

    @pi_app.command("show")
    def show(
        locality: Annotated[int, typer.Option("--locality", help="Mã xã/phường.")],
        year: Annotated[int, typer.Option("--year", help="Năm đánh giá.")],
        as_json: Annotated[bool, typer.Option("--json", help="In JSON.")] = False,
        url: Annotated[str | None, _URL] = None,
    ) -> None:
        """Xem bản tự đánh giá và kết quả thẩm định.

        Example: cchc parindex show --locality 11533 --year 2026
        """
        from cchc import parindex
        from cchc.cli import fail
        from cchc.kernel.actor import Actor
        from cchc.kernel.db import session_scope

        with session_scope(url) as session:
            view = parindex.find_assessment(session, Actor.system(), locality_code=locality, year=year)
            if view is None:
                fail(f"Xã/phường {locality} chưa có bản tự đánh giá năm {year}: chạy `cchc parindex prefill`.")
                return
            if as_json:
                typer.echo(json.dumps(view.to_json(), ensure_ascii=False, indent=1, default=str))
            else:
                _print_view(view)

    @pi_app.command("export")
    def export(
        locality: Annotated[int, typer.Option("--locality", help="Mã xã/phường.")],
        year: Annotated[int, typer.Option("--year", help="Năm đánh giá.")],
        out: Annotated[Path, typer.Option("--out", help="Tệp ra: .xlsx (theo mẫu bộ tiêu chí) hoặc .docx "
                                                        "(báo cáo kết quả).")],
        url: Annotated[str | None, _URL] = None,
    ) -> None:
        """Xuất bản đánh giá ra .xlsx hoặc báo cáo kết quả .docx.

        Example: cchc parindex export --locality 11533 --year 2026 --out chi-so-2026.xlsx
        """
        from cchc import parindex
        from cchc.cli import fail
        from cchc.kernel.actor import Actor
        from cchc.kernel.db import session_scope

        suffix = out.suffix.lower()
        if suffix not in (".xlsx", ".docx"):
            fail("Tệp ra phải là .xlsx hoặc .docx.")
        with session_scope(url) as session:
            view = parindex.find_assessment(session, Actor.system(), locality_code=locality, year=year)
            if view is None:
                fail(f"Xã/phường {locality} chưa có bản tự đánh giá năm {year}.")
                return
            fn = parindex.export_xlsx if suffix == ".xlsx" else parindex.export_docx
            content = fn(session, Actor.system(), assessment_id=view.id)
        out.write_bytes(content)
        typer.echo(f"Đã ghi {out} ({len(content)} byte).")

    pi_app.add_typer(sets_app, name="sets")
    app.add_typer(pi_app, name="parindex")
