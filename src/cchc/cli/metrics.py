"""`cchc metrics`: service indicators from dossier records, the II.06a table and the 766 index."""

import json
import sys
from typing import Annotated, Any

import typer

ENGINES = ("duckdb", "spark")


def register(app: typer.Typer) -> None:
    @app.command("metrics")
    def metrics_cmd(
        period: Annotated[str, typer.Option("--period", help="2026-03, 2026-Q1, 2026-H1, 2026")],
        localities: Annotated[str | None, typer.Option("--localities", help="Mã xã/phường, cách nhau bởi dấu phẩy; mặc định tất cả")] = None,
        province: Annotated[int | None, typer.Option("--province", help="Mọi xã/phường của tỉnh")] = None,
        by: Annotated[str | None, typer.Option("--by", help="locality, unit, sector, procedure, channel")] = None,
        unit: Annotated[str | None, typer.Option("--unit")] = None,
        sector: Annotated[str | None, typer.Option("--sector")] = None,
        procedure: Annotated[str | None, typer.Option("--procedure")] = None,
        table: Annotated[bool, typer.Option("--table", help="In thêm bảng thống kê mẫu II.06a")] = False,
        as_json: Annotated[bool, typer.Option("--json", help="In JSON")] = False,
        engine: Annotated[str, typer.Option("--engine", help="duckdb (mặc định) hoặc spark: cùng câu SQL, cùng kết quả")] = "duckdb",
        spark_master: Annotated[str, typer.Option("--spark-master", envvar="CCHC_SPARK_MASTER", help="Spark master khi --engine spark: local[2], spark://máy:7077")] = "local[*]",
        spark_root: Annotated[str | None, typer.Option("--spark-root", envvar="CCHC_SPARK_ROOT", help="Bản sao thư mục kho hồ sơ cho Spark đọc, vd s3a://kho/dossiers (--engine spark)")] = None,
    ) -> None:
        """Chỉ số phục vụ từ hồ sơ và điểm Quyết định 766 (service metrics and the 766 index).

        Example: cchc metrics --localities 11560,11557 --period 2026-Q1 --by sector
        Spark: cchc metrics --period 2026 --engine spark --spark-master local[2]
        """
        from cchc.cli.dossiers import cli_errors, open_store, parse_localities
        from cchc.domain.errors import InvalidInput

        with cli_errors():
            if engine not in ENGINES:
                raise InvalidInput(f"Không có bộ máy {engine!r}; có: {', '.join(ENGINES)} (--engine)")
            locs = parse_localities(localities, province=province)
            store: Any = open_store()
            if engine == "spark":  # pyspark is imported only here
                from cchc.dossiers.spark import SparkDossierStore, require_spark

                require_spark()
                store = SparkDossierStore(store, master=spark_master, root_uri=spark_root)
            try:
                _report(store, locs, period=period, by=by, unit=unit, sector=sector, procedure=procedure,
                        table=table, as_json=as_json)
            finally:
                if engine == "spark":
                    store.stop()


def _report(
    store: Any, locs: list[int] | None, *, period: str, by: str | None, unit: str | None, sector: str | None,
    procedure: str | None, table: bool, as_json: bool,
) -> None:
    """Compute and print the metrics, the II.06a table and the 766 index with `store` (DuckDB or Spark).

    Without `--by`, the 766 index is scored from the same metric rows (one scan of the dossiers).
    """
    from cchc.cli.dossiers import cutoff
    from cchc.dossiers.index766 import index_766
    from cchc.dossiers.metrics import compute_metrics, statistics_table

    if locs is None:
        locs = store.localities()
    cut = cutoff()
    group_by = None if by in (None, "locality") else by
    rows = compute_metrics(store, localities=locs, period=period, by=group_by, unit=unit, sector=sector,
                           procedure=procedure, cutoff_day=cut)
    filtered = unit or sector or procedure
    scores = [] if filtered else index_766(store, localities=locs, period=period, cutoff_day=cut,
                                           metric_rows=None if group_by else rows)
    stats = (statistics_table(store, localities=locs, period=period, by=group_by or "sector", unit=unit,
                              sector=sector, procedure=procedure, cutoff_day=cut) if table else [])
    if as_json:
        out = {"metrics": [r.to_dict() for r in rows], "index_766": [s.to_dict() for s in scores]}
        if table:
            out["ii06a"] = [s.to_dict() for s in stats]
        typer.echo(json.dumps(out, ensure_ascii=False, indent=1, default=str))
        return
    from cchc.domain.metrics import METRIC_LABELS, MetricCode

    labels = {m.value: METRIC_LABELS[m][0] for m in MetricCode if m in METRIC_LABELS}
    parts = [text_table(
        f"Chỉ số phục vụ từ hồ sơ – kỳ {period}",
        ["Xã/phường", "Kỳ", *(["Nhóm"] if group_by else []), "Chỉ số", "Tử số", "Mẫu số", "Giá trị (%)"],
        [[str(r.locality_code), r.period, *([r.group or ""] if group_by else []), labels[r.metric],
          f"{r.numerator:g}", f"{r.denominator:g}", "–" if r.value is None else f"{r.value:.2f}"] for r in rows],
        right=(-3, -2, -1),
    )]
    if stats:
        heads = ["Xã/phường", "Nhóm", "Kỳ trước chuyển qua", "Trực tuyến", "Trực tiếp/BCCI", "Đã giải quyết",
                 "Trước hạn", "Đúng hạn", "Quá hạn", "Đang giải quyết", "Trong hạn", "Quá hạn", "Chưa xin lỗi"]
        parts.append(text_table(
            "Thống kê hồ sơ (mẫu II.06a/VPCP/KSTT)", heads,
            [[str(r.locality_code), r.group or "", *(str(v) for v in (
                r.carried_over, r.received_online, r.received_direct, r.resolved, r.early, r.on_time, r.late,
                r.in_progress, r.within_time, r.overdue, r.late_no_apology))] for r in stats],
            right=tuple(range(2, len(heads))),
        ))
    if scores:
        from cchc.domain.index766 import GROUPS_766

        heads = ["Xã/phường", *(name for name, _mx in GROUPS_766.values()), "Tổng", "Xếp loại", "Đo từ hồ sơ",
                 "Nhập", "Thiếu"]
        parts.append(text_table(
            "Chỉ số Quyết định 766/QĐ-TTg (100 điểm)", heads,
            [[str(sc.locality_code), *(f"{g.points:g}/{g.max_points:g}" for g in sc.groups), f"{sc.total:g}",
              sc.band, f"{sc.measured_points:g}", f"{sc.entered_points:g}", str(len(sc.missing))] for sc in scores],
        ))
        if any(sc.missing for sc in scores):
            parts.append("Thiếu số liệu (missing, tính 0 điểm): nhập bằng `cchc dossiers import-766-inputs`.\n")
    sys.stdout.write("\n".join(parts))
    sys.stdout.flush()


def text_table(title: str, heads: list[str], rows: list[list[str]], *, right: tuple[int, ...] = ()) -> str:
    """A plain text table: the title, the column heads, a rule, one line per row (columns padded to width).

    Thousands of rows print at once (a box-drawing renderer measured every cell several times over).
    `right`: the columns (indexes, negative from the end) aligned to the right, e.g. numbers.
    """
    n = len(heads)
    widths = [len(h) for h in heads]
    for r in rows:
        for i, cell in enumerate(r):
            if len(cell) > widths[i]:
                widths[i] = len(cell)
    right_set = {i % n for i in right}

    def line(cells: list[str]) -> str:
        return "  ".join(c.rjust(widths[i]) if i in right_set else c.ljust(widths[i])
                         for i, c in enumerate(cells)).rstrip()

    out = [title, line(heads), "  ".join("─" * w for w in widths)]
    out += [line(r) for r in rows]
    return "\n".join(out) + "\n"
