"""Altair charts of a report, shared by the Word document and the web pages.

Each builder takes report dataclasses and returns an `alt.Chart`; `to_png`, `to_svg` and
`to_vega_lite` render it (PNG/SVG through vl-convert) so the page and the report show the same chart.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import altair as alt

from cchc.reports.data import AreaSection, Index766Group, IndicatorRow, MonthlyRates

__all__ = [
    "index_766_groups",
    "indicators_vs_target",
    "on_time_by_month",
    "progress_by_area",
    "service_trend",
    "to_png",
    "to_svg",
    "to_vega_lite",
]

# DejaVu Serif first: it has every Vietnamese glyph (the Liberation fonts here lack some, and vl-convert
# would mix two fonts in one label); browsers without it fall back to Times New Roman.
FONT = "DejaVu Serif, Times New Roman, serif"
STATUS_COLORS = {
    "Hoàn thành": "#2e7d32",
    "Đang thực hiện": "#1565c0",
    "Quá hạn": "#c62828",
    "Chưa triển khai": "#9e9e9e",
}
WIDTH = 520
# Vietnamese number format for every figure a chart prints (d3-format locale): 12,5 and 1.234.
VI_FORMAT_LOCALE = {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["", " ₫"]}


def _config(chart: alt.Chart | alt.LayerChart) -> Any:
    return (
        chart.configure(font=FONT)
        .configure_axis(labelFontSize=13, titleFontSize=13, labelLimit=300)
        .configure_legend(labelFontSize=13, titleFontSize=13, orient="bottom")
        .configure_title(fontSize=15)
        .configure_view(stroke=None)
    )


def _short_area(title: str) -> str:
    return title.replace("Xây dựng chính quyền điện tử, chính quyền số", "Chính quyền điện tử, chính quyền số")


def progress_by_area(areas: Sequence[AreaSection]) -> Any:
    """Stacked horizontal bars: tasks done / in progress / overdue / not started in each reform area."""
    rows = []
    for order, a in enumerate(areas):
        for label, n in (("Hoàn thành", a.tasks_done), ("Đang thực hiện", a.tasks_in_progress),
                         ("Quá hạn", a.tasks_overdue), ("Chưa triển khai", a.tasks_not_started)):
            rows.append({"area": _short_area(a.title), "order": order, "status": label, "tasks": n})
    chart = (
        alt.Chart(alt.Data(values=rows), title="Tiến độ thực hiện nhiệm vụ theo lĩnh vực")
        .mark_bar()
        .encode(
            y=alt.Y("area:N", title=None, sort=alt.EncodingSortField("order")),
            x=alt.X("tasks:Q", title="Số nhiệm vụ", axis=alt.Axis(tickMinStep=1, format="d")),
            color=alt.Color("status:N", title="Tình trạng",
                            scale=alt.Scale(domain=list(STATUS_COLORS), range=list(STATUS_COLORS.values()))),
            order=alt.Order("status_order:Q"),
            tooltip=["area:N", "status:N", "tasks:Q"],
        )
        .transform_calculate(
            status_order="indexof(['Hoàn thành','Đang thực hiện','Quá hạn','Chưa triển khai'], datum.status)"
        )
        .properties(width=WIDTH - 200, height=28 * max(1, len(areas)))
    )
    return _config(chart)


def indicators_vs_target(indicators: Sequence[IndicatorRow]) -> Any:
    """Bars of each percentage indicator's actual value with a black tick at its target."""
    rows = [
        {"name": _wrap(i.name), "actual": i.actual, "target": i.target, "status": i.status_label}
        for i in indicators
        if i.actual is not None and (i.unit or "") == "%"
    ]
    base = alt.Chart(alt.Data(values=rows), title="Kết quả thực hiện chỉ tiêu so với kế hoạch (%)")
    y = alt.Y("name:N", title=None, sort=None, axis=alt.Axis(labelLimit=300))
    bars = base.mark_bar(color="#1565c0", opacity=0.85).encode(
        y=y, x=alt.X("actual:Q", title="%", scale=alt.Scale(domain=[0, 100])),
        tooltip=["name:N", "actual:Q", "target:Q", "status:N"],
    )
    ticks = base.mark_tick(color="#c62828", thickness=3, size=22).encode(y=y, x="target:Q")
    labels = base.mark_text(align="left", dx=4, fontSize=11).encode(
        y=y, x="actual:Q", text=alt.Text("actual:Q", format=".1f")
    )
    chart = alt.layer(bars, ticks, labels).properties(width=WIDTH - 260, height=30 * max(1, len(rows)))
    return _config(chart)


def on_time_by_month(monthly: Sequence[MonthlyRates], *, target: float | None = None) -> Any:
    """The monthly on-time rate as a line with points, and the plan's target as a dashed rule."""
    rows = [{"month": _month_label(m.month), "rate": m.on_time_rate} for m in monthly if m.on_time_rate is not None]
    base = alt.Chart(alt.Data(values=rows), title="Tỷ lệ hồ sơ giải quyết trước và đúng hạn theo tháng (%)")
    low = min([r["rate"] for r in rows] + ([target] if target else []) + [100.0])
    scale = alt.Scale(domain=[max(0.0, (low // 5) * 5 - 5), 100])
    line = base.mark_line(point=True, color="#1565c0").encode(
        x=alt.X("month:O", title=None, sort=None, axis=_month_axis(len({r["month"] for r in rows}))),
        y=alt.Y("rate:Q", title="%", scale=scale),
        tooltip=["month:O", "rate:Q"],
    )
    text = base.mark_text(dy=-10, fontSize=11).encode(x=alt.X("month:O", sort=None), y="rate:Q",
                                                      text=alt.Text("rate:Q", format=".1f"))
    layers: list[Any] = [line, text]
    if target is not None:
        layers.append(
            alt.Chart(alt.Data(values=[{"target": target}])).mark_rule(color="#c62828", strokeDash=[6, 4])
            .encode(y="target:Q")
        )
    return _config(alt.layer(*layers).properties(width=WIDTH - 80, height=200))


def service_trend(monthly: Sequence[MonthlyRates]) -> Any:
    """Monthly on-time, online, online-payment, digitisation and satisfaction rates on one chart."""
    series = (("on_time_rate", "Đúng hạn"), ("online_rate", "Trực tuyến"), ("online_payment_rate", "Thanh toán trực tuyến"),
              ("digitization_rate", "Số hóa"), ("satisfaction_rate", "Hài lòng"))
    rows = [
        {"month": _month_label(m.month), "series": label, "rate": getattr(m, key)}
        for m in monthly
        for key, label in series
        if getattr(m, key) is not None
    ]
    chart = (
        alt.Chart(alt.Data(values=rows), title="Diễn biến các chỉ số phục vụ theo tháng (%)")
        .mark_line(point=True)
        .encode(
            x=alt.X("month:O", title=None, sort=None, axis=_month_axis(len({r["month"] for r in rows}))),
            y=alt.Y("rate:Q", title="%", scale=alt.Scale(zero=False)),
            color=alt.Color("series:N", title=None, sort=[label for _, label in series]),
            tooltip=["month:O", "series:N", "rate:Q"],
        )
        .properties(width=WIDTH - 80, height=220)
    )
    return _config(chart)


def index_766_groups(groups: Sequence[Index766Group]) -> Any:
    """Score of each Decision-766 group against its maximum."""
    rows = [{"group": g.name, "score": g.score or 0.0, "max": g.max_points} for g in groups]
    base = alt.Chart(alt.Data(values=rows), title="Chỉ số 766 theo nhóm (điểm)")
    y = alt.Y("group:N", title=None, sort=None)
    back = base.mark_bar(color="#e0e0e0").encode(y=y, x=alt.X("max:Q", title="Điểm"))
    front = base.mark_bar(color="#2e7d32").encode(y=y, x="score:Q", tooltip=["group:N", "score:Q", "max:Q"])
    text = base.mark_text(align="left", dx=4, fontSize=11).encode(y=y, x="max:Q", text=alt.Text("score:Q", format=".1f"))
    return _config(alt.layer(back, front, text).properties(width=WIDTH - 240, height=28 * max(1, len(rows))))


_FONT_DIRS = ("/usr/share/fonts/truetype/liberation2", "/usr/share/fonts/truetype/liberation", "/usr/share/fonts/liberation")
_fonts_ready = False


def _vlc() -> Any:
    """vl-convert with Liberation Serif (Times New Roman metrics) registered when the system has it."""
    global _fonts_ready
    import vl_convert as vlc

    if not _fonts_ready:
        for d in _FONT_DIRS:
            if Path(d).is_dir():
                vlc.register_font_directory(d)
        _fonts_ready = True
    return vlc


def to_png(chart: Any, *, scale: float = 2.0) -> bytes:
    """Render a chart to PNG bytes with vl-convert (no browser needed)."""
    vlc = _vlc()

    return bytes(vlc.vegalite_to_png(chart.to_dict(), scale=scale, format_locale=VI_FORMAT_LOCALE))


def to_svg(chart: Any) -> str:
    vlc = _vlc()

    return str(vlc.vegalite_to_svg(chart.to_dict(), format_locale=VI_FORMAT_LOCALE))


def to_vega_lite(chart: Any) -> dict[str, Any]:
    """The Vega-Lite spec (for vega-embed on a web page)."""
    return dict(chart.to_dict())


def _month_axis(months: int) -> alt.Axis:
    """Month labels that never overlap: level up to six months, slanted beyond, and any label that
    would still touch its neighbour left out."""
    level = months <= 6
    return alt.Axis(labelAngle=0 if level else -40, labelOverlap="greedy", labelAlign="center" if level else "right")


def _month_label(month: str) -> str:
    y, m = month.split("-")
    return f"T{int(m)}/{y}"


def _wrap(text: str, width: int = 52) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"
