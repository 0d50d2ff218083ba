"""`cchc dossiers …`: import exports, generate test data, list the store, drill down, 766 inputs."""

import contextlib
import csv
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

import typer

from cchc.domain.errors import CchcError, InvalidInput

dossiers_app = typer.Typer(
    name="dossiers",
    help="Hồ sơ TTHC của bộ phận một cửa: nhập tệp xuất, sinh dữ liệu thử, tra cứu (dossier records).",
    no_args_is_help=True,
)


@contextlib.contextmanager
def cli_errors() -> Iterator[None]:
    """Expected errors become `Error: <message>` on stderr and exit status 2."""
    from cchc.cli import fail

    try:
        yield
    except CchcError as exc:
        fail(str(exc))


def parse_localities(text: str | None, *, province: int | None = None) -> list[int] | None:
    """`11560,11557` (or spaces) -> [11560, 11557]; None when neither localities nor a province is given."""
    if province is not None:
        from vietnam_provinces import Ward

        codes = sorted(int(w.code) for w in Ward.iter_all() if int(w.province_code) == province)
        if not codes:
            raise InvalidInput(f"Không có xã/phường nào thuộc tỉnh/thành phố mã {province} (--province)")
        return codes
    if text is None or text.strip().lower() in ("", "all", "tất cả"):
        return None
    out = []
    for part in text.replace(";", ",").replace(" ", ",").split(","):
        if not part:
            continue
        try:
            out.append(int(part))
        except ValueError as exc:
            raise InvalidInput(f"Mã xã/phường phải là số: {part!r} (--localities)") from exc
    return out


def open_store():  # type: ignore[no-untyped-def]
    from cchc.dossiers import DossierStore
    from cchc.settings import get_settings

    return DossierStore(get_settings().dossier_dir)


def cutoff() -> int | None:
    from cchc.settings import get_settings

    return get_settings().period_cutoff_day


@dossiers_app.command("import")
def import_cmd(
    files: Annotated[list[Path], typer.Argument(help="Tệp CSV/XLSX xuất từ hệ thống một cửa")],
    layout: Annotated[str | None, typer.Option("--layout", help="Mẫu tệp: igate, motcua, canonical hoặc tệp .toml; mặc định tự nhận")] = None,
    errors: Annotated[Path | None, typer.Option("--errors", help="Ghi các dòng lỗi (row, column, value, reason) ra CSV")] = None,
    locality: Annotated[int | None, typer.Option("--locality", help="Mã xã/phường cho tệp không có cột mã xã")] = None,
) -> None:
    """Nhập hồ sơ từ tệp xuất (import dossier exports). Example: cchc dossiers import hs_2026.csv --errors loi.csv"""
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        Progress,
        SpinnerColumn,
        TaskProgressColumn,
        TextColumn,
        TimeElapsedColumn,
    )

    console = Console(stderr=True)
    with cli_errors():
        store = open_store()
        with Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), TaskProgressColumn(),
                      TextColumn("{task.fields[rows]}"), TimeElapsedColumn(), console=console,
                      transient=True) as bar:
            task = bar.add_task("Đang nhập", rows="", total=None)

            def progress(stage: str, done: int, total: int) -> None:
                bar.update(task, description=stage, completed=done, total=total or None,
                           rows=f"{done:_} dòng".replace("_", "."))

            res = store.import_files(files, layout=layout, errors_path=errors, default_locality=locality,
                                     progress=progress)
        for name in res.files:
            typer.echo(f"{name}: mẫu {res.layouts.get(name, '?')}, mã hóa {res.encodings.get(name, '?')}")
        for e in res.errors[:10]:
            typer.echo(f"  dòng {e.row}, cột {e.column!r}, giá trị {e.value!r}: {e.reason}")
        if res.error_count > 10:
            typer.echo(f"  … và {res.error_count - 10} lỗi khác" + (f" (xem {res.error_file})" if res.error_file else ""))
        typer.echo(res.summary_vi() + f" ({res.rows_per_second:_.0f} dòng/giây)".replace("_", "."))
        if res.due_derived:
            typer.echo(f"{res.due_derived} hồ sơ không có ngày hẹn trả: tính theo thời hạn của thủ tục")
        if res.error_file:
            typer.echo(f"Tệp lỗi: {res.error_file}")


@dossiers_app.command("generate")
def generate_cmd(
    output: Annotated[Path, typer.Option("-o", "--output", help="Tệp ra (.csv hoặc .xlsx)")],
    localities: Annotated[str | None, typer.Option("--localities", help="Mã xã/phường, cách nhau bởi dấu phẩy")] = None,
    province: Annotated[int | None, typer.Option("--province", help="Mọi xã/phường của tỉnh (vd 31 = Hải Phòng)")] = None,
    year: Annotated[int, typer.Option("--year")] = 2026,
    rows: Annotated[int, typer.Option("--rows")] = 10_000,
    seed: Annotated[int, typer.Option("--seed")] = 1,
    layout: Annotated[str, typer.Option("--layout", help="igate, motcua hoặc canonical")] = "igate",
    encoding: Annotated[str, typer.Option("--encoding", help="utf-8, utf-8-sig, utf-16, cp1258")] = "utf-8",
) -> None:
    """Sinh hồ sơ giả lập (synthetic dossiers). Example: cchc dossiers generate --province 31 --rows 100000 -o hs.csv"""
    from cchc.dossiers import generate_dossiers, write_export

    with cli_errors():
        locs = parse_localities(localities, province=province)
        if not locs:
            raise InvalidInput("Cần --localities hoặc --province")
        table = generate_dossiers(locs, year, rows, seed=seed)
        try:
            write_export(table, output, layout=layout, encoding=encoding)
        except LookupError as exc:
            raise InvalidInput(f"Không biết bảng mã {encoding!r} (--encoding)") from exc
        n = f"{rows:_}".replace("_", ".")
        typer.echo(f"Đã ghi {n} hồ sơ ({len(locs)} xã/phường, năm {year}, mẫu {layout}) vào {output}")


@dossiers_app.command("list")
def list_cmd(
    as_json: Annotated[bool, typer.Option("--json", help="In JSON")] = False,
) -> None:
    """Liệt kê dữ liệu trong kho và các mẫu tệp (store overview). Example: cchc dossiers list"""
    from rich.console import Console
    from rich.table import Table

    from cchc.dossiers import list_layouts

    with cli_errors():
        store = open_store()
        rows = store.overview()
        if as_json:
            typer.echo(json.dumps({"localities": rows, "layouts": [lay.name for lay in list_layouts()]},
                                  default=str, ensure_ascii=False, indent=1))
            return
        t = Table(title=f"Kho hồ sơ {store.root}")
        for h in ("Mã xã/phường", "Số hồ sơ", "Tiếp nhận từ", "đến"):
            t.add_column(h)
        for r in rows:
            t.add_row(str(r["locality_code"]), f"{r['dossiers']:_}".replace("_", "."), str(r["first_received"]),
                      str(r["last_received"]))
        console = Console()
        console.print(t)
        console.print("Mẫu tệp (layouts): " + ", ".join(f"{lay.name} – {lay.title}" for lay in list_layouts()))


@dossiers_app.command("drill")
def drill_cmd(
    period: Annotated[str, typer.Option("--period", help="2026-03, 2026-Q1, 2026-H1, 2026")],
    localities: Annotated[str | None, typer.Option("--localities")] = None,
    metric: Annotated[str | None, typer.Option("--metric", help="vd on_time_rate")] = None,
    outcome: Annotated[str, typer.Option("--outcome", help="numerator, denominator, excluded, late, overdue, …")] = "numerator",
    unit: Annotated[str | None, typer.Option("--unit")] = None,
    sector: Annotated[str | None, typer.Option("--sector")] = None,
    procedure: Annotated[str | None, typer.Option("--procedure", help="Mã TTHC")] = None,
    output: Annotated[Path | None, typer.Option("-o", "--output", help=".xlsx hoặc .csv; không có thì in ra màn hình")] = None,
) -> None:
    """Danh sách hồ sơ đằng sau một con số (drill-down).

    Example: cchc dossiers drill --localities 11560 --period 2026-03 --metric on_time_rate --outcome late --sector "Đất đai" -o late.xlsx
    """
    from rich.console import Console
    from rich.table import Table

    from cchc.dossiers import DRILL_COLUMNS, drilldown, drilldown_to_excel

    with cli_errors():
        store = open_store()
        rows = drilldown(store, localities=parse_localities(localities), period=period, metric=metric,
                         outcome=outcome, unit=unit, sector=sector, procedure=procedure, cutoff_day=cutoff())
        if output is not None:
            if output.suffix.lower() == ".csv":
                with open(output, "w", encoding="utf-8-sig", newline="") as fh:
                    w = csv.DictWriter(fh, fieldnames=list(DRILL_COLUMNS))
                    w.writeheader()
                    w.writerows(rows)
            else:
                drilldown_to_excel(rows, output, title=f"{metric or ''} {outcome} – {period}".strip())
            typer.echo(f"Đã ghi {len(rows)} hồ sơ vào {output}")
            return
        t = Table(title=f"{len(rows)} hồ sơ")
        shown = ("period", "locality_code", "dossier_id", "sector", "procedure_name", "received_at", "due_at",
                 "resolved_at", "timeliness")
        for k in shown:
            t.add_column(DRILL_COLUMNS[k])
        from cchc.dossiers.drilldown import TIMELINESS_VI

        for r in rows[:200]:
            cells = {**r, "timeliness": TIMELINESS_VI.get(r["timeliness"], r["timeliness"])}
            t.add_row(*(str(cells[k] if cells[k] is not None else "") for k in shown))
        Console().print(t)
        if len(rows) > 200:
            typer.echo(f"(chỉ in 200/{len(rows)} hồ sơ; dùng -o để xuất đủ)")


@dossiers_app.command("import-766-inputs")
def import_766_cmd(
    file: Annotated[Path, typer.Argument(help="CSV/JSON: locality_code, period, indicator, value (hoặc mỗi chỉ số một cột)")],
) -> None:
    """Nhập số liệu 766 ngoài hồ sơ (công khai TTHC, PAKN, DVC trực tuyến). Example: cchc dossiers import-766-inputs dau_vao_766.csv"""
    from cchc.dossiers import read_766_inputs

    with cli_errors():
        rows = read_766_inputs(str(file))
        store = open_store()
        n = store.set_766_inputs(rows)
        typer.echo(f"Đã nhập {n} giá trị chỉ số 766 từ {file.name}")


@dossiers_app.command("import-procedures")
def import_procedures_cmd(
    file: Annotated[Path, typer.Argument(help="CSV: procedure_code, max_days (thời hạn giải quyết, ngày làm việc)")],
    replace: Annotated[bool, typer.Option("--replace", help="Thay toàn bộ danh mục thay vì bổ sung")] = False,
) -> None:
    """Nhập thời hạn giải quyết của TTHC, dùng cho hồ sơ không có ngày hẹn trả. Example: cchc dossiers import-procedures tthc.csv"""
    with cli_errors():
        if not file.is_file():
            raise InvalidInput(f"Không tìm thấy tệp {file}")
        limits: dict[str, int] = {}
        with open(file, encoding="utf-8-sig", newline="") as fh:
            for i, row in enumerate(csv.DictReader(fh), start=2):
                try:
                    limits[row["procedure_code"].strip()] = int(str(row["max_days"]).strip())
                except (KeyError, ValueError, AttributeError) as exc:
                    raise InvalidInput(f"Dòng {i}: cần procedure_code và max_days là số nguyên", where=file.name) from exc
        n = open_store().set_procedure_limits(limits, replace=replace)
        typer.echo(f"Đã nhập thời hạn của {n} thủ tục từ {file.name}")


@dossiers_app.command("set-766")
def set_766_cmd(
    locality: Annotated[int, typer.Option("--locality")],
    period: Annotated[str, typer.Option("--period")],
    indicator: Annotated[str, typer.Option("--indicator", help="vd pakn_on_time, published_on_time")],
    value: Annotated[float, typer.Option("--value", help="Tỷ lệ % (0–100); pakn_count là số PAKN")],
) -> None:
    """Nhập tay một chỉ số 766 (manual entry). Example: cchc dossiers set-766 --locality 11560 --period 2026-Q1 --indicator pakn_on_time --value 100"""
    from cchc.domain.periods import Period

    with cli_errors():
        store = open_store()
        store.set_766_inputs([{"locality_code": locality, "period": Period.parse(period).code,
                               "indicator": indicator, "value": value}])
        typer.echo(f"Đã lưu {indicator} = {value} cho {locality}, kỳ {Period.parse(period).code}")


def register(app: typer.Typer) -> None:
    app.add_typer(dossiers_app, name="dossiers")
