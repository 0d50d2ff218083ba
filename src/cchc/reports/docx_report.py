"""The periodic PAR report (Báo cáo kết quả cải cách hành chính) as a Decree-30 Word document."""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from docx import Document
from docx.document import Document as DocxDocument

from cchc.domain.achievement import VERDICT_LABELS, Verdict
from cchc.domain.areas import AREA_LABELS, Area
from cchc.domain.statuses import Achievement
from cchc.reports import charts as _charts
from cchc.reports import docx_layout as L
from cchc.reports.data import IndicatorRow, NarrativeItem, ReportData, ServiceRow, TaskStatusRow
from cchc.reports.snapshot import IndicatorFigure, ReportSnapshot, status_phrase

__all__ = [
    "II06A_HEADERS",
    "INDICATOR_HEADERS",
    "TASK_HEADERS",
    "build_report_docx",
    "recipient_lines",
    "render_with_template",
    "template_context",
    "template_figures",
    "indicator_table_rows",
    "report_docx_bytes",
    "service_table_rows",
    "task_table_rows",
    "write_report_docx",
]

TASK_HEADERS = ["STT", "Mã NV", "Lĩnh vực", "Nhiệm vụ", "Đơn vị chủ trì", "Thời hạn", "Tình trạng", "Tiến độ (%)", "Ghi chú"]
INDICATOR_HEADERS = ["STT", "Chỉ tiêu", "Kế hoạch", "Thực hiện", "Đánh giá", "Nguồn số liệu", "Ghi chú"]
# Form II.06a/VPCP/KSTT: two header rows, the first merged over the received / resolved / pending groups.
II06A_HEADERS = ["", "Tổng số", "Kỳ trước chuyển qua", "Trực tuyến", "Trực tiếp, BCCI",
                 "Tổng số", "Trước hạn", "Đúng hạn", "Quá hạn", "Tổng số", "Trong hạn", "Quá hạn"]
II06A_HEADER_ROW = ["Lĩnh vực", "Số hồ sơ nhận giải quyết", "", "", "", "Số hồ sơ đã giải quyết", "", "", "",
                    "Số hồ sơ đang giải quyết", "", ""]
II06A_MERGES = [(0, 0, 1, 0), (0, 1, 0, 4), (0, 5, 0, 8), (0, 9, 0, 11)]
II06A_WIDTHS = [32, 12.5, 13, 12.5, 13, 12.5, 11.5, 11.5, 11, 12.5, 11.5, 11]
APPENDIX_WIDTH_MM = 297 - 20 - 15  # the landscape section's text width
_SOURCES = {"manual": "Đơn vị báo cáo", "dossiers": "Hệ thống hồ sơ TTHC", "tasks": "Theo dõi nhiệm vụ"}


def _refs(item: NarrativeItem) -> str:
    if not item.refs:
        return ""
    return f" (nhiệm vụ {', '.join(item.refs)})."


def _text(item: NarrativeItem) -> str:
    """The item's sentence; with references the full stop moves after them: `… (nhiệm vụ I.1).`"""
    text = _sentence(item.text)
    return text.rstrip(".") if item.refs and text.endswith(".") and not text.endswith("..") else text


def _sentence(text: str) -> str:
    text = text.strip()
    return text if not text or text[-1] in ".;:!?" else text + "."


def _count(n: int) -> str:
    """Vietnamese official style writes small counts with a leading zero: 07 văn bản."""
    return f"{n:02d}" if 0 < n < 10 else str(n)


def _thousands(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def indicator_table_rows(rows: Sequence[IndicatorRow]) -> list[list[str]]:
    """Rows of the indicator appendix (the same in Word and Excel)."""
    return [
        [str(i), r.name, r.target_text(), r.actual_text(), r.status_label, _SOURCES.get(r.source, r.source), r.note]
        for i, r in enumerate(rows, 1)
    ]


def task_table_rows(rows: Sequence[TaskStatusRow]) -> list[list[str]]:
    """Rows of the task status appendix (the same in Word and Excel)."""
    return [
        [str(i), r.ref, r.area_label, r.task, r.lead, r.due, r.status_label,
         "" if r.percent is None else str(r.percent), r.note]
        for i, r in enumerate(rows, 1)
    ]


def service_table_rows(rows: Sequence[ServiceRow]) -> list[list[str]]:
    return [[r.label, *(_thousands(v) for v in r.cells())] for r in rows]


def build_report_docx(data: ReportData, *, with_charts: bool = True, template: bytes | None = None) -> DocxDocument:
    """Lay out `data` in `template` (a province's .docx; the Decree 30 default when None).

    Charts are rendered to PNG with vl-convert; an unapproved version gets the `DỰ THẢO` mark.
    """
    from cchc.reports.docx_template import default_template_bytes

    return render_with_template(data, template if template is not None else default_template_bytes(),
                                with_charts=with_charts)


def write_report_docx(data: ReportData, path: str | Path, *, with_charts: bool = True,
                      template: bytes | None = None) -> Path:
    path = Path(path)
    build_report_docx(data, with_charts=with_charts, template=template).save(str(path))
    return path


def report_docx_bytes(data: ReportData, *, with_charts: bool = True, template: bytes | None = None) -> bytes:
    buf = io.BytesIO()
    build_report_docx(data, with_charts=with_charts, template=template).save(buf)
    return buf.getvalue()


def render_with_template(data: ReportData, template: bytes, *, with_charts: bool = True) -> DocxDocument:
    """Fill a docxtpl template with the report's texts, figures and laid-out parts."""
    from docxtpl import DocxTemplate

    from cchc.reports.docx_template import jinja_env

    tpl = DocxTemplate(io.BytesIO(template))
    tpl.init_docx()
    tpl.render(template_context(tpl, data, with_charts=with_charts), jinja_env=jinja_env())
    # docxtpl swaps the rendered headers in as new parts python-docx does not see: read the result afresh.
    buf = io.BytesIO()
    tpl.save(buf)
    doc = Document(io.BytesIO(buf.getvalue()))
    if data.draft_mark:
        L.add_draft_mark(doc)
    return doc


def _block(tpl: Any, fill: Any, *args: Any) -> Any:
    sub = tpl.new_subdoc()
    fill(sub, *args)
    return sub


def template_context(tpl: Any, data: ReportData, *, with_charts: bool = True) -> dict[str, Any]:
    """Every placeholder `docx_template.PLACEHOLDERS` lists, for this report."""
    year = int(data.period_code[:4]) if data.period_code[:4].isdigit() else None
    return {
        "locality_name": data.locality_name,
        "locality_code": str(data.locality_code),
        "issuer_lines": list(data.issuer_lines),
        "parent_body": data.parent_body,
        "number_line": data.number_line,
        "number": data.number,
        "symbol": data.symbol,
        "place_date": L.place_and_date(data.place or L.place_name(data.locality_name), data.report_date, year),
        "report_date": data.report_date.strftime("%d/%m/%Y") if data.report_date else "…",
        "subject": data.subject or f"Kết quả thực hiện công tác cải cách hành chính {data.period_label}",
        "period_label": data.period_label,
        "period_code": data.period_code,
        "kind_label": data.kind_label,
        "next_period_label": _next_label(data.kind),
        "basis": list(data.basis),
        "recipients": recipient_lines(data.recipients),
        "signer_authority": data.signer.authority,
        "signer_title": data.signer.title,
        "signer_name": data.signer.name,
        "data_as_of": f"{data.data_as_of:%d/%m/%Y}" if data.data_as_of else "",
        "has_services": bool(data.service_rows),
        "draft": data.draft_mark,
        "figures": template_figures(data),
        "direction": _block(tpl, _direction, data),
        "results": _block(tpl, _results, data, with_charts),
        "strengths": _block(tpl, _items, data.strengths, "(Chưa có nội dung.)"),
        "shortcomings": _block(tpl, _items, data.shortcomings, "(Không có tồn tại, hạn chế được báo cáo.)"),
        "causes": _block(tpl, _items, data.causes, "(Chưa có nội dung.)"),
        "next_tasks": _block(tpl, _next_period, data),
        "proposals": _block(tpl, _items, data.proposals, "(Không có đề xuất, kiến nghị.)"),
        "appendix_tasks": _block(tpl, _appendix_tasks, data),
        "appendix_indicators": _block(tpl, _appendix_indicators, data),
        "appendix_services": _block(tpl, _appendix_services, data),
    }


def recipient_lines(recipients: Sequence[str]) -> list[str]:
    """`- …` lines, the archive line (`- Lưu: VT, …`) last and added when missing."""
    items = [r.strip() for r in recipients if r.strip()]
    if not any(L._is_archive(r) for r in items):
        items.append("Lưu: VT.")
    items.sort(key=L._is_archive)
    return [item if item.startswith("-") else f"- {item}" for item in items]


def template_figures(data: ReportData) -> dict[str, str]:
    """`figures.*` of a template: the snapshot's numbers as the report prints them."""
    out = {"tasks_total": "", "tasks_done": "", "tasks_in_progress": "", "tasks_overdue": "",
           "tasks_not_started": "", "completion_rate": "", "indicators_total": str(len(data.indicators)),
           "dossiers_received": "", "dossiers_resolved": "", "dossiers_pending": "", "on_time_rate": "",
           "index_766_total": "" if data.index_766_total is None else _pts(data.index_766_total),
           "index_766_provisional": "", "cutoff": ""}
    snap = data.snapshot
    if snap is None:
        return out
    t = snap.tasks.total
    out.update(tasks_total=_count(t.total), tasks_done=_count(t.finished), tasks_in_progress=_count(t.in_progress),
               tasks_overdue=_count(t.overdue), tasks_not_started=_count(t.not_started),
               completion_rate=_share(t.finished, t.total).rstrip("%"), indicators_total=_count(len(snap.indicators)),
               cutoff=f"{snap.cutoff:%d/%m/%Y}")
    if snap.dossiers is not None:
        total = snap.dossiers.total
        out.update(dossiers_received=_thousands(total.received + total.carried_over),
                   dossiers_resolved=_thousands(total.resolved), dossiers_pending=_thousands(total.pending),
                   on_time_rate=_pts(snap.dossiers.on_time.value))
    if snap.index_766 is not None:
        out["index_766_provisional"] = "tạm tính" if snap.index_766.provisional else ""
    return out


def _next_label(kind: str) -> str:
    return {"quarter": "quý tới", "half": "6 tháng tới", "year": "năm tới"}.get(kind, "kỳ tới")


# --------------------------------------------------------------------------- parts


def _direction(doc: DocxDocument, data: ReportData) -> None:
    if data.snapshot is not None:
        counts = data.snapshot.tasks.area(Area.DIRECTION)
        if counts.total:
            L.add_body(doc, f"Công tác chỉ đạo, điều hành có {_count(counts.total)} nhiệm vụ: {status_phrase(counts)}.")
    d = data.direction
    figures = []
    if d.documents_issued:
        figures.append(f"ban hành {_count(d.documents_issued)} văn bản chỉ đạo, điều hành về cải cách hành chính")
    if d.inspections:
        figures.append(f"tổ chức {_count(d.inspections)} cuộc kiểm tra công tác cải cách hành chính"
                       + (f" tại {_count(d.units_inspected)} đơn vị" if d.units_inspected else ""))
    if d.communication_items:
        figures.append(f"thực hiện {_count(d.communication_items)} tin, bài tuyên truyền về cải cách hành chính")
    if figures and not d.items:
        L.add_body(doc, f"Trong kỳ, Ủy ban nhân dân {data.locality_name} đã " + "; ".join(figures) + ".")
    for item in d.items:
        L.add_body(doc, _text(item), suffix=_refs(item))
    if not figures and not d.items:
        L.add_body(doc, "(Chưa có số liệu về công tác chỉ đạo, điều hành trong kỳ.)", italic=True)


def _results(doc: DocxDocument, data: ReportData, with_charts: bool) -> None:
    if data.snapshot is not None:
        _results_from_snapshot(doc, data, data.snapshot, with_charts)
        return
    total = sum(a.tasks_total for a in data.areas)
    done = sum(a.tasks_done for a in data.areas)
    going = sum(a.tasks_in_progress for a in data.areas)
    late = sum(a.tasks_overdue for a in data.areas)
    if total:
        L.add_body(doc, f"Kế hoạch cải cách hành chính có {_count(total)} nhiệm vụ thuộc 06 lĩnh vực cải cách; "
                        f"đến hết kỳ báo cáo đã hoàn thành {_count(done)} nhiệm vụ ({done / total:.0%}), đang thực hiện "
                        f"{_count(going)} nhiệm vụ, quá hạn chưa hoàn thành {_count(late)} nhiệm vụ; "
                        "chi tiết tại Phụ lục I kèm theo.")
        if with_charts:
            L.add_picture(doc, _charts.to_png(_charts.progress_by_area(data.areas)), width_mm=150)
            L.add_caption(doc, "Biểu đồ 1. Tiến độ thực hiện nhiệm vụ theo lĩnh vực")
    n = 0
    for section in data.areas:
        n += 1
        L.add_heading(doc, f"{n}. {AREA_LABELS[section.area][0]}", level=2)
        if section.tasks_total:
            L.add_body(doc, f"Lĩnh vực có {_count(section.tasks_total)} nhiệm vụ: hoàn thành {_count(section.tasks_done)}, "
                            f"đang thực hiện {_count(section.tasks_in_progress)}, quá hạn {_count(section.tasks_overdue)}.")
        for item in section.items:
            L.add_body(doc, _text(item), suffix=_refs(item))
        if not section.items:
            L.add_body(doc, "(Các đơn vị chưa báo cáo kết quả thực hiện trong kỳ.)", italic=True)

    n += 1
    L.add_heading(doc, f"{n}. Kết quả thực hiện các chỉ tiêu", level=2)
    _indicators(doc, data, with_charts)
    if data.service_rows or data.index_766 or data.monthly:
        n += 1
        L.add_heading(doc, f"{n}. Chất lượng phục vụ người dân, doanh nghiệp", level=2)
        _service_quality(doc, data, with_charts)


def _results_from_snapshot(doc: DocxDocument, data: ReportData, snap: ReportSnapshot, with_charts: bool) -> None:
    """Part II quoting the snapshot: every task once, every status named, the parts adding up."""
    tasks = snap.tasks
    total = tasks.total
    if total.total:
        areas = len(tasks.by_area)
        L.add_body(doc, f"Kế hoạch cải cách hành chính có {_count(total.total)} nhiệm vụ thuộc {_count(areas)} lĩnh vực; "
                        f"đến hết ngày {snap.cutoff:%d/%m/%Y}, trong {_count(total.total)} nhiệm vụ: "
                        f"{status_phrase(total)}; tỷ lệ hoàn thành {_share(total.finished, total.total)}; "
                        "chi tiết tại Phụ lục I kèm theo.")
        if with_charts:
            L.add_picture(doc, _charts.to_png(_charts.progress_by_area(data.areas)), width_mm=150)
            L.add_caption(doc, "Biểu đồ 1. Tiến độ thực hiện nhiệm vụ theo lĩnh vực")
    n = 0
    for section in data.areas:
        n += 1
        L.add_heading(doc, f"{n}. {AREA_LABELS[section.area][0]}", level=2)
        counts = tasks.area(section.area)
        if counts.total:
            L.add_body(doc, f"Lĩnh vực có {_count(counts.total)} nhiệm vụ: {status_phrase(counts)}.")
        for item in section.items:
            L.add_body(doc, _text(item), suffix=_refs(item))
        if not section.items:
            L.add_body(doc, "(Các đơn vị chưa báo cáo kết quả thực hiện trong kỳ.)", italic=True)
    n += 1
    L.add_heading(doc, f"{n}. Kết quả thực hiện các chỉ tiêu", level=2)
    _indicators_from_snapshot(doc, data, snap, with_charts)
    if data.service_rows or data.index_766 or data.monthly:
        n += 1
        L.add_heading(doc, f"{n}. Chất lượng phục vụ người dân, doanh nghiệp", level=2)
        _service_quality(doc, data, with_charts)


def _share(a: int, b: int) -> str:
    return f"{100 * a / b:.1f}%".replace(".", ",") if b else "—"


def _indicators_from_snapshot(doc: DocxDocument, data: ReportData, snap: ReportSnapshot, with_charts: bool) -> None:
    rows = snap.indicators
    if not rows:
        L.add_body(doc, "(Kế hoạch không có chỉ tiêu định lượng cho kỳ này.)", italic=True)
        return
    by = {v: [r for r in rows if r.verdict is v] for v in Verdict}
    parts = [f"{VERDICT_LABELS[v][0].lower()} {_count(len(by[v]))}" for v in Verdict if by[v]]
    text = f"Kế hoạch có {_count(len(rows))} chỉ tiêu; đến hết kỳ báo cáo: " + ", ".join(parts)
    if by[Verdict.BELOW]:
        text += ". Các chỉ tiêu chưa đạt: " + "; ".join(
            f"{r.name[:1].lower() + r.name[1:]} đạt {_value(r.actual, r.unit)} so với chỉ tiêu {_target(r)}"
            for r in by[Verdict.BELOW])
    L.add_body(doc, text + "; chi tiết tại Phụ lục II kèm theo.")
    if with_charts and any(r.actual is not None and r.unit == "%" for r in data.indicators):
        L.add_picture(doc, _charts.to_png(_charts.indicators_vs_target(data.indicators)), width_mm=155)
        L.add_caption(doc, "Biểu đồ 2. Kết quả thực hiện chỉ tiêu so với kế hoạch (vạch đỏ: chỉ tiêu kế hoạch)")


def _value(v: float | None, unit: str) -> str:
    return "—" if v is None else f"{_pts(v)}{unit or ''}"


def _target(r: IndicatorFigure) -> str:
    comp = {">=": "≥ ", "<=": "≤ ", ">": "> ", "<": "< ", "=": ""}.get(r.comparator, "")
    return f"{comp}{_pts(r.target)}{r.unit or ''}"


def _indicators(doc: DocxDocument, data: ReportData, with_charts: bool) -> None:
    rows = data.indicators
    if not rows:
        L.add_body(doc, "(Kế hoạch không có chỉ tiêu định lượng cho kỳ này.)", italic=True)
        return
    met = sum(1 for r in rows if r.status is Achievement.MET)
    missing = [r for r in rows if r.status in (Achievement.MISSED, Achievement.AT_RISK)]
    text = f"Kế hoạch có {_count(len(rows))} chỉ tiêu; đến hết kỳ báo cáo có {_count(met)} chỉ tiêu đạt"
    if missing:
        text += f", {_count(len(missing))} chỉ tiêu chưa đạt hoặc có nguy cơ không đạt ("
        text += "; ".join(f"{r.name.lower()}: {r.actual_text()}/{r.target_text().replace('≥ ', '')}" for r in missing) + ")"
    no_data = sum(1 for r in rows if r.status is Achievement.NO_DATA)
    if no_data:
        text += f", {_count(no_data)} chỉ tiêu chưa có số liệu"
    L.add_body(doc, text + "; chi tiết tại Phụ lục II kèm theo.")
    if with_charts and any(r.actual is not None and r.unit == "%" for r in rows):
        L.add_picture(doc, _charts.to_png(_charts.indicators_vs_target(rows)), width_mm=155)
        L.add_caption(doc, "Biểu đồ 2. Kết quả thực hiện chỉ tiêu so với kế hoạch (vạch đỏ: chỉ tiêu kế hoạch)")


def _service_quality(doc: DocxDocument, data: ReportData, with_charts: bool) -> None:
    for item in data.service_summary:
        L.add_body(doc, _text(item), suffix=_refs(item))
    if data.service_rows:
        total = data.service_rows[-1]
        if not data.service_summary and total.received_total:
            on_time = total.resolved_early + total.resolved_on_time
            L.add_body(doc, f"Trong kỳ, tổng số hồ sơ thủ tục hành chính đã tiếp nhận là {_thousands(total.received_total)} "
                            f"hồ sơ; đã giải quyết {_thousands(total.resolved_total)} hồ sơ, trong đó trước và đúng hạn "
                            f"{_thousands(on_time)} hồ sơ; đang giải quyết {_thousands(total.pending_total)} hồ sơ.")
        L.add_body(doc, "Số liệu chi tiết theo lĩnh vực (mẫu II.06a/VPCP/KSTT) tại Phụ lục III kèm theo.")
        _comparison(doc, data)
        _pending(doc, data)
    if data.index_766:
        total = data.index_766_total
        L.add_caption(doc, "Bảng 2. Chỉ số phục vụ người dân, doanh nghiệp theo Quyết định số 766/QĐ-TTg", keep_next=True)
        rows = []
        for i, g in enumerate(data.index_766, 1):
            rows.append([str(i), g.name, _pts(g.max_points), _pts(g.score),
                         "" if g.measured is None else _pts(g.measured), _pts(g.entered) if g.entered else ""])
        provisional = data.snapshot is not None and data.snapshot.index_766 is not None and (
            data.snapshot.index_766.provisional)
        rows.append(["", "Tổng điểm (tạm tính)" if provisional else "Tổng điểm", "100", _pts(total), "", ""])
        L.add_table(doc, ["STT", "Nhóm chỉ số", "Điểm tối đa", "Điểm đạt", "Đo từ hồ sơ", "Nhập từ nguồn khác"], rows,
                    [12, 63, 22, 22, 23, 23], size=12, align=["c", "l", "r", "r", "r", "r"], bold_last=True)
        if data.index_766_note:
            L.add_caption(doc, data.index_766_note)
    if with_charts and any(m.on_time_rate is not None for m in data.monthly):
        target = next((r.target for r in data.indicators if "đúng hạn" in r.name.lower() and r.source == "dossiers"), None)
        L.add_picture(doc, _charts.to_png(_charts.on_time_by_month(data.monthly, target=target)), width_mm=150)
        L.add_caption(doc, "Biểu đồ 3. Tỷ lệ hồ sơ giải quyết trước và đúng hạn theo tháng")


def _rate_cell(r: ServiceRow) -> str:
    den = r.resolved_total + r.pending_total
    num = r.resolved_early + r.resolved_on_time + r.pending_within
    return "—" if not den else _pts(round(100 * num / den, 2))


def _comparison(doc: DocxDocument, data: ReportData) -> None:
    """This period against the previous one and the same period last year (the snapshot's figures)."""
    from cchc.reports.narrative import comparison_rows, on_time

    snap = data.snapshot
    if snap is None or snap.dossiers is None:
        return
    cols = comparison_rows(snap)
    if len(cols) > 1:
        L.add_caption(doc, "So sánh với kỳ trước và cùng kỳ năm trước", keep_next=True)
        metrics = [("Số hồ sơ tiếp nhận mới", lambda f: _thousands(f.received)),
                   ("Số hồ sơ đã giải quyết", lambda f: _thousands(f.resolved)),
                   ("Số hồ sơ đang giải quyết quá hạn", lambda f: _thousands(f.pending_overdue)),
                   ("Tỷ lệ đúng hạn (%)", lambda f: _pts(on_time(f).value))]
        rows = [[str(i), name, *(fn(f) for _, f in cols)] for i, (name, fn) in enumerate(metrics, 1)]
        headers = ["STT", "Nội dung", *(_cap_first(label) for label, _ in cols)]
        widths = _scale([10, 62] + [36] * len(cols), 165)
        L.add_table(doc, headers, rows, widths, size=12, align=["c", "l"] + ["r"] * len(cols))


def _pending(doc: DocxDocument, data: ReportData) -> None:
    """The pending split (not yet due / due on the last day / overdue) and the returned and withdrawn dossiers."""
    from cchc.reports.snapshot import PENDING_SPLIT_NOTE, pending_split

    snap = data.snapshot
    if snap is None or snap.dossiers is None or not (snap.dossiers.total.resolved + snap.dossiers.total.pending):
        return
    L.add_caption(doc, "Hồ sơ đang giải quyết tại ngày cuối kỳ, hồ sơ trả lại và hồ sơ người nộp rút", keep_next=True)
    rows = [[line.number, line.label, _thousands(line.count), _pts(line.ratio.value)]
            for line in pending_split(snap.dossiers.total)]
    L.add_table(doc, ["STT", "Nội dung", "Số hồ sơ", "Tỷ lệ (%)"], rows, _scale([12, 105, 24, 24], 165), size=12,
                align=["c", "l", "r", "r"])
    L.add_caption(doc, f"Ghi chú: {PENDING_SPLIT_NOTE}")


def _procedures(doc: DocxDocument, data: ReportData) -> None:
    """Bảng 3: the sector with the largest share of late dossiers, by procedure."""
    from cchc.reports.snapshot import late_share

    snap = data.snapshot
    if snap is None or snap.dossiers is None:
        return
    d = snap.dossiers
    if d.worst_sector and d.procedures:
        L.add_caption(doc, f"Bảng 3. Hồ sơ lĩnh vực {d.worst_sector} theo thủ tục hành chính", keep_next=True)
        rows = []
        for i, f in enumerate(d.procedures, 1):
            share = late_share(f)
            rows.append([str(i), f.label, _thousands(f.received + f.carried_over), _thousands(f.resolved),
                         _thousands(f.resolved_late), _thousands(f.pending_overdue),
                         "—" if share.value is None else _pts(share.value)])
        L.add_table(doc, ["STT", "Thủ tục hành chính", "Tiếp nhận", "Đã giải quyết", "Giải quyết quá hạn",
                          "Đang quá hạn", "Tỷ lệ trễ hạn (%)"], rows, _scale([10, 110, 22, 24, 24, 22, 24], 262),
                    size=11, align=["c", "l", "r", "r", "r", "r", "r"])
        L.add_caption(doc, "Tỷ lệ trễ hạn = (giải quyết quá hạn + đang giải quyết quá hạn) / (đã giải quyết + "
                           "đang giải quyết) × 100.")


def _cap_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def _pts(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:.2f}".rstrip("0").rstrip(".").replace(".", ",")


def _items(doc: DocxDocument, items: Sequence[NarrativeItem], empty: str) -> None:
    for item in items:
        L.add_bullet(doc, _text(item), suffix=_refs(item))
    if not items:
        L.add_body(doc, empty, italic=True)


def _next_period(doc: DocxDocument, data: ReportData) -> None:
    for t in data.next_tasks:
        extra = "; ".join(x for x in (t.lead, f"thời hạn: {t.due}" if t.due else "") if x)
        L.add_bullet(doc, _sentence(t.text) if not extra else t.text.rstrip(". "), suffix=f" ({extra})." if extra else "")
    if not data.next_tasks:
        L.add_body(doc, "(Không có nhiệm vụ đến hạn trong kỳ tới.)", italic=True)


def _appendix_tasks(doc: DocxDocument, data: ReportData) -> None:
    L.add_table(doc, TASK_HEADERS, task_table_rows(data.task_rows),
                _scale([12, 16, 34, 80, 38, 24, 26, 18, 14], APPENDIX_WIDTH_MM),
                size=11, align=["c", "c", "l", "l", "l", "c", "c", "c", "l"])


def _appendix_indicators(doc: DocxDocument, data: ReportData) -> None:
    L.add_table(doc, INDICATOR_HEADERS, indicator_table_rows(data.indicators),
                _scale([12, 100, 28, 28, 36, 36, 22], APPENDIX_WIDTH_MM),
                size=12, align=["c", "l", "c", "c", "c", "c", "l"])


def _appendix_services(doc: DocxDocument, data: ReportData) -> None:
    if data.service_rows:
        _ii06a(doc, data)


def _ii06a(doc: DocxDocument, data: ReportData) -> None:
    """Form II.06a with its % column on the landscape page (11 pt), the footnote, the worst sector by procedure."""
    L.add_caption(doc, "Bảng 1. Tình hình giải quyết thủ tục hành chính (mẫu II.06a/VPCP/KSTT), đơn vị tính: hồ sơ",
                  keep_next=True)
    rows = service_table_rows(data.service_rows)
    rates = [_rate_cell(r) for r in data.service_rows]
    L.add_table(doc, [*II06A_HEADERS, ""], [[*r, x] for r, x in zip(rows, rates, strict=True)],
                _scale([*II06A_WIDTHS, 14], 297 - 20 - 15), size=11, align=["l"] + ["r"] * 12,
                header_rows=[[*II06A_HEADER_ROW, "Tỷ lệ đúng hạn (%)"]], merges=[*II06A_MERGES, (0, 12, 1, 12)],
                bold_last=True, header_size=10, cell_pad_mm=0.8)
    if data.on_time_note:
        L.add_caption(doc, f"Ghi chú: {data.on_time_note} Tỷ lệ đúng hạn của từng dòng = (trước hạn + đúng hạn "
                           "+ đang giải quyết trong hạn) / (đã giải quyết + đang giải quyết) × 100.")
    _procedures(doc, data)


def _scale(widths: Sequence[float], total: float) -> list[float]:
    k = total / sum(widths)
    return [w * k for w in widths]
