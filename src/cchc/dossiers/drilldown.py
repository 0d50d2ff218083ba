"""From a number to the dossiers behind it, and their export to Excel."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from cchc.domain.cells import formula_like
from cchc.domain.errors import InvalidInput
from cchc.domain.metrics import MetricCode
from cchc.domain.periods import Period
from cchc.dossiers.metrics import METRIC_CONDITIONS, OUTCOMES, TIMELINESS, classified_sql, period_spans

__all__ = ["DRILL_COLUMNS", "TIMELINESS_VI", "drilldown", "drilldown_to_excel"]

DRILL_COLUMNS: dict[str, str] = {
    "period": "Kỳ",
    "locality_code": "Mã xã/phường",
    "dossier_id": "Mã hồ sơ",
    "unit": "Đơn vị",
    "sector": "Lĩnh vực",
    "procedure_code": "Mã TTHC",
    "procedure_name": "Tên TTHC",
    "channel": "Hình thức nộp",
    "status": "Trạng thái",
    "received_at": "Ngày tiếp nhận",
    "due_at": "Ngày hẹn trả",
    "resolved_at": "Ngày có kết quả",
    "returned_at": "Ngày trả kết quả",
    "supplement_count": "Số lần bổ sung",
    "supplement_requested_at": "Ngày yêu cầu bổ sung",
    "supplement_received_at": "Ngày nhận bổ sung",
    "suspended_at": "Ngày tạm dừng",
    "resumed_at": "Ngày tiếp tục xử lý",
    "wait": "Ngày chờ không tính (ngày làm việc)",
    "apology_sent": "Văn bản xin lỗi",
    "rating": "Đánh giá",
    "timeliness": "Tiến độ",
}

TIMELINESS_VI = {"early": "trước hạn", "on_time": "đúng hạn", "late": "quá hạn", "within_time": "trong hạn",
                 "not_yet_due": "trong hạn (chưa đến hạn)", "due_today": "trong hạn (đến hạn ngày cuối kỳ)",
                 "overdue": "đang quá hạn"}

_EXTRA = ("d.dossier_id AS dossier_id, d.status AS status, d.channel AS channel, d.rating AS rating, "
          "d.supplement_count AS supplement_count, d.supplement_requested_at AS supplement_requested_at, "
          "d.supplement_received_at AS supplement_received_at, d.suspended_at AS suspended_at, "
          "d.resumed_at AS resumed_at, "
          "d.unit AS unit, d.procedure_code AS procedure_code, d.procedure_name AS procedure_name, "
          "d.sector AS sector, d.received_at AS received_at, d.due_at AS due_at, d.resolved_at AS resolved_at, "
          "d.returned_at AS returned_at")


def _condition(metric: str | None, outcome: str) -> str:
    if outcome in ("numerator", "denominator", "excluded"):
        if metric is None:
            raise InvalidInput("Cần chọn chỉ số (--metric) khi lọc theo tử số/mẫu số (numerator/denominator)")
        try:
            m = MetricCode(metric)
        except ValueError:
            m = None
        if m is MetricCode.ONLINE_TIME_REDUCTION:
            num, den = OUTCOMES["finished_online"], OUTCOMES["finished_offline"]
            return {"numerator": num, "denominator": den, "excluded": "1 = 0"}[outcome]
        if m not in METRIC_CONDITIONS:
            raise InvalidInput(f"Chỉ số không có trong dữ liệu hồ sơ: {metric!r}")
        num, den = METRIC_CONDITIONS[m]
        return {"numerator": num, "denominator": den, "excluded": f"({den}) AND NOT ({num})"}[outcome]
    if outcome not in OUTCOMES:
        raise InvalidInput(
            f"Không có kết quả lọc {outcome!r}; có: numerator, denominator, excluded, {', '.join(OUTCOMES)}"
        )
    cond = OUTCOMES[outcome]
    if metric is not None:
        try:
            m = MetricCode(metric)
        except ValueError as exc:
            raise InvalidInput(f"Chỉ số không có trong dữ liệu hồ sơ: {metric!r}") from exc
        if m in METRIC_CONDITIONS:
            cond = f"({METRIC_CONDITIONS[m][1]}) AND ({cond})"
    return cond


def drilldown(
    store: Any,
    *,
    localities: Sequence[int] | None,
    period: Period | str,
    metric: str | None = None,
    outcome: str = "numerator",
    unit: str | None = None,
    sector: str | None = None,
    procedure: str | None = None,
    cutoff_day: int | None = None,
    limit: int | None = None,
) -> list[dict[str, Any]]:
    """The dossiers counted in one number, e.g. this month's late land dossiers of a unit.

    Example: drilldown(store, localities=[11560], period="2026-03", metric="on_time_rate",
                       outcome="excluded", sector="Đất đai")
    `outcome`: numerator | denominator | excluded (in the denominator, not the numerator) | an
    II.06a cell (carried_over, received, received_online, received_direct, resolved, early, on_time,
    late, in_progress, within_time, overdue, late_or_overdue, late_no_apology, …).
    """
    cond = _condition(metric, outcome)
    spans = period_spans(period, cutoff_day)
    store.ensure_calendar(min(s.start for s in spans).year, max(s.end for s in spans).year)
    ctes, params = classified_sql(spans, localities=localities, group_expr=None, unit=unit, sector=sector,
                                  procedure=procedure, columns=_EXTRA)
    cols = ", ".join(f"x.{c}" if c != "timeliness" else "x.tcode" for c in DRILL_COLUMNS)
    sql = f"{ctes}\nSELECT {cols} FROM x WHERE {cond} ORDER BY x.period, x.locality_code, x.received_at, x.dossier_id"
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    cur = store.cursor()  # the current manifest's files (DossierStore.current_files), read-locked
    try:
        rows = cur.execute(sql, params).fetchall()
    finally:
        cur.close()
    out = [dict(zip(DRILL_COLUMNS, r, strict=True)) for r in rows]
    for d in out:
        d["timeliness"] = TIMELINESS.get(d["timeliness"])
    return out


def drilldown_to_excel(rows: list[dict[str, Any]], path: Path | str, *, title: str | None = None) -> Path:
    """Write drill-down rows to an .xlsx sheet with Vietnamese headers."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    p = Path(path)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Hồ sơ")
    if title:
        c = WriteOnlyCell(ws, value=title)
        c.font = Font(bold=True)
        ws.append([c])
    header = []
    for label in DRILL_COLUMNS.values():
        c = WriteOnlyCell(ws, value=label)
        c.font = Font(bold=True)
        header.append(c)
    ws.append(header)
    for r in rows:
        vals = []
        for k in DRILL_COLUMNS:
            v = r.get(k)
            if k == "timeliness":
                v = TIMELINESS_VI.get(v, v)
            elif isinstance(v, bool):
                v = "Có" if v else "Không"
            if formula_like(v):
                v = WriteOnlyCell(ws, value=v)
                v.data_type = "s"  # text that looks like a formula stays text
            vals.append(v)
        ws.append(vals)
    wb.save(p)
    return p
