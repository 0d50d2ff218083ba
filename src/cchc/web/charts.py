"""Dashboard charts: Altair specs rendered to SVG on the server (vl-convert), cached by content."""

from __future__ import annotations

import hashlib
import json
import threading
from collections import OrderedDict
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import altair as alt

from cchc.domain.areas import AREA_LABELS, Area

__all__ = ["area_chart", "unit_chart", "indicator_chart", "dashboard_svg", "to_svg"]

STATUS_COLORS = {
    "Hoàn thành": "#2e7d32",
    "Hoàn thành muộn": "#7cb342",
    "Đang thực hiện": "#1565c0",
    "Quá hạn": "#c62828",
    "Chưa triển khai": "#9e9e9e",
}
_cache: OrderedDict[str, str] = OrderedDict()
_lock = threading.Lock()
_CACHE_SIZE = 256


def _area_name(value: Any) -> str:
    try:
        return AREA_LABELS[Area(getattr(value, "value", value))][0]
    except (ValueError, KeyError):
        return str(value)


def _stacked(rows: list[dict[str, Any]], y_title: str, title: str) -> alt.Chart:
    import altair as alt  # loaded by the first chart a worker draws, not at start (~45 MB)

    return (
        alt.Chart(alt.Data(values=rows), title=title)
        .mark_bar()
        .encode(
            y=alt.Y("name:N", title=None, sort=None, axis=alt.Axis(labelLimit=220)),
            x=alt.X("tasks:Q", title=y_title, stack="zero"),
            color=alt.Color("status:N", title=None,
                            scale=alt.Scale(domain=list(STATUS_COLORS), range=list(STATUS_COLORS.values())),
                            legend=alt.Legend(orient="bottom", columns=3)),
            order=alt.Order("rank:Q"),
            tooltip=["name:N", "status:N", "tasks:Q"],
        )
        .properties(width=420)
    )


def area_chart(by_area: list[Any]) -> alt.Chart:
    """Stacked bars of task statuses per reform area."""
    return _stacked(_area_rows(by_area), "Số nhiệm vụ", "Tiến độ theo lĩnh vực")


def _area_rows(by_area: list[Any]) -> list[dict[str, Any]]:
    rows = []
    for a in by_area:
        name = _area_name(a.area)
        for rank, (label, n) in enumerate((("Hoàn thành", a.done), ("Hoàn thành muộn", a.done_late),
                                           ("Đang thực hiện", a.in_progress), ("Quá hạn", a.overdue),
                                           ("Chưa triển khai", a.not_started))):
            rows.append({"name": name, "status": label, "tasks": n, "rank": rank})
    return rows


def unit_chart(by_unit: list[Any]) -> alt.Chart:
    """Done / overdue / other tasks per unit."""
    return _stacked(_unit_rows(by_unit), "Số nhiệm vụ", "Tiến độ theo đơn vị")


def _unit_rows(by_unit: list[Any]) -> list[dict[str, Any]]:
    rows = []
    for u in by_unit:
        other = max(0, u.total - u.done - u.overdue)
        for rank, (label, n) in enumerate((("Hoàn thành", u.done), ("Đang thực hiện", other), ("Quá hạn", u.overdue))):
            rows.append({"name": u.name, "status": label, "tasks": n, "rank": rank})
    return rows


def indicator_chart(progress: list[Any]) -> alt.Chart:
    """Actual value against target for each indicator with data (rates in %)."""
    return _indicator_layers(_indicator_rows(progress))


def _indicator_rows(progress: list[Any]) -> list[dict[str, Any]]:
    rows = []
    for p in progress:
        ind = p.indicator
        if p.actual is None:
            continue
        name = ind.name if len(ind.name) <= 60 else ind.name[:57] + "…"
        rows.append({"name": name, "actual": float(p.actual), "target": float(ind.target),
                     "achievement": getattr(p.achievement, "value", p.achievement)})
    return rows


def _indicator_layers(rows: list[dict[str, Any]]) -> alt.Chart:
    import altair as alt

    base = alt.Chart(alt.Data(values=rows), title="Chỉ tiêu so với mục tiêu")
    bars = base.mark_bar(color="#1565c0").encode(
        y=alt.Y("name:N", title=None, sort=None, axis=alt.Axis(labelLimit=260)),
        x=alt.X("actual:Q", title="Giá trị thực hiện"),
        tooltip=["name:N", "actual:Q", "target:Q", "achievement:N"],
    )
    ticks = base.mark_tick(color="#c62828", thickness=3, size=18).encode(y="name:N", x="target:Q")
    return alt.layer(bars, ticks).properties(width=420)


_DASHBOARD_CHARTS = {
    "areas": (_area_rows, lambda rows: _stacked(rows, "Số nhiệm vụ", "Tiến độ theo lĩnh vực")),
    "units": (_unit_rows, lambda rows: _stacked(rows, "Số nhiệm vụ", "Tiến độ theo đơn vị")),
    "indicators": (_indicator_rows, _indicator_layers),
}


def dashboard_svg(which: str, data: list[Any]) -> str:
    """A dashboard chart (`areas` of `board.by_area`, `units` of `board.by_unit`, `indicators` of
    `board.indicators`) as SVG, cached by the plotted values.

    Building the Altair chart and its validated Vega-Lite dict costs ~11 ms even when `to_svg` finds
    the SVG in its cache (and a render ~130 ms); the plotted values change far less often than the
    dashboard (a report's percent or text changes no chart), so they are the key.
    """
    rows_of, build = _DASHBOARD_CHARTS[which]
    rows = rows_of(data)
    key = "rows:" + which + json.dumps(rows, sort_keys=True, default=str)
    with _lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
    svg = to_svg(build(rows))
    with _lock:
        _cache[key] = svg
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return svg


def to_svg(chart: Any) -> str:
    """The chart as an SVG document (cached by its Vega-Lite spec)."""
    spec = chart.configure(font="system-ui, Arial, sans-serif").configure_view(stroke=None).to_dict()
    key = hashlib.sha256(json.dumps(spec, sort_keys=True, default=str).encode()).hexdigest()
    with _lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
    import vl_convert as vlc

    from cchc.reports.charts import VI_FORMAT_LOCALE

    svg = vlc.vegalite_to_svg(spec, format_locale=VI_FORMAT_LOCALE)
    with _lock:
        _cache[key] = svg
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return svg
