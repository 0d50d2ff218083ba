"""Drafting a report: its data and text from the plan, the units' progress reports and the figures."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from cchc.domain.areas import Area
from cchc.domain.metrics import DOSSIER_METRICS, MetricCode
from cchc.domain.periods import Period
from cchc.domain.plan import Comparator
from cchc.domain.statuses import Achievement, ReviewStatus, TaskStatus
from cchc.reports.data import (
    REFORM_AREAS,
    AreaSection,
    DirectionFigures,
    IndicatorRow,
    NarrativeItem,
    NextTask,
    ReportData,
    Signer,
    TaskStatusRow,
)
from cchc.services.actor import Actor
from cchc.services.reports.periods import (
    DONE,
    _kind_name,
    _quarters,
    resolve_period,
)
from cchc.services.reports.quality import (
    ServiceQuality,
    ServiceQualitySource,
    dossier_quality,
)


def _locality(session: Session, actor: Actor, code: int) -> Any:
    from cchc.services.localities import get_locality

    return get_locality(session, actor, code=code)


def _local_name(loc: Any) -> tuple[str, list[str]]:
    """(`xã An Bình`, [`ỦY BAN NHÂN DÂN`, `XÃ AN BÌNH`]) from a LocalityView."""
    name = str(loc.name).strip()
    kind = str(getattr(loc, "kind", "") or "").strip().lower()
    lowered = name.lower()
    if not any(lowered.startswith(p) for p in ("xã ", "phường ", "thị trấn ", "đặc khu ")):
        name = f"{kind or 'xã'} {name}"
    else:
        name = name[0].lower() + name[1:]
    return name, ["ỦY BAN NHÂN DÂN", name.upper()]


def _province_short(loc: Any) -> str:
    name = str(getattr(loc, "province_name", "") or "").strip()
    low = name.lower()
    if low.startswith("thành phố "):
        return "thành phố " + name[len("thành phố ") :]
    if low.startswith("tỉnh "):
        return "tỉnh " + name[len("tỉnh ") :]
    return f"tỉnh {name}" if name else "tỉnh"


def _cap(text: str) -> str:
    text = (text or "").strip()
    return text[:1].upper() + text[1:]


def _fmt_date(d: date | None) -> str:
    return f"{d.day:02d}/{d.month:02d}/{d.year}" if d else ""


def _count(n: int) -> str:
    return f"{n:02d}" if 0 < n < 10 else str(n)


def _achievement(ip: Any) -> Achievement:
    return Achievement(getattr(ip.achievement, "value", ip.achievement))


def _source(metric: str | None) -> str:
    if metric and metric in {m.value for m in DOSSIER_METRICS}:
        return "dossiers"
    if metric == MetricCode.TASK_COMPLETION_RATE.value:
        return "tasks"
    return "manual"


def _area_section(area: Area, counts: Any | None, *, items: Sequence[NarrativeItem] = ()) -> AreaSection:
    """A reform area's section with its task counts from the dashboard (none when it has no tasks)."""
    section = AreaSection(area=area, items=list(items))
    if counts is not None:
        section.tasks_total = counts.total
        section.tasks_done = counts.done + counts.done_late
        section.tasks_in_progress = counts.in_progress
        section.tasks_overdue = counts.overdue
    return section


def _indicator_row(ip: Any, *, ref: str | None = None) -> IndicatorRow:
    """A plan indicator's progress as a report row: target, actual, status and where the figure comes from."""
    ind = ip.indicator
    return IndicatorRow(
        name=_cap(ind.name),
        target=float(ind.target),
        comparator=Comparator(ind.comparator),
        actual=None if ip.actual is None else round(float(ip.actual), 2),
        status=_achievement(ip),
        unit=ind.unit or "",
        ref=ref,
        source=_source(ind.metric),
    )


def build_report_data(
    session: Session,
    actor: Actor,
    *,
    locality_code: int,
    period: str,
    kind: str | None = None,
    today: date | None = None,
    quality: ServiceQualitySource | None = None,
    data_dir: Path | None = None,
) -> ReportData:
    """Draft the report of a commune for a period from its published plan, progress reports and dossiers."""
    from cchc.services.dashboard import dashboard
    from cchc.services.plans import get_plan
    from cchc.services.progress import list_reports

    per = resolve_period(period, kind)
    day = today or date.today()
    loc = _locality(session, actor, locality_code)
    name, issuer = _local_name(loc)
    board = dashboard(session, actor, locality_code=locality_code, period=per.code, today=min(day, per.end))
    data = ReportData(
        locality_code=locality_code,
        locality_name=name,
        issuer_lines=issuer,
        period_code=per.code,
        period_label=per.label_vi,
        kind=_kind_name(per),
        subject=f"Kết quả thực hiện công tác cải cách hành chính {per.label_vi}",
        report_date=None,
        recipients=_default_recipients(loc, name),
        signer=Signer.chairman(""),
        data_as_of=datetime.now(UTC).replace(microsecond=0, tzinfo=None),
    )
    if board.plan_id is None:
        data.basis = [
            f"Ủy ban nhân dân {name} chưa có kế hoạch cải cách hành chính được ban hành trên hệ thống; "
            f"báo cáo {per.label_vi} dưới đây chỉ gồm các số liệu có sẵn."
        ]
        _apply_quality(data, (quality or dossier_quality(data_dir))(locality_code, per))
        return data

    plan = get_plan(session, actor, plan_id=board.plan_id, today=min(day, per.end))
    tasks = list(plan.tasks)
    reports = [
        r
        for code in _quarters(per)
        for r in list_reports(session, actor, plan_id=plan.id, period=code)
        if r.review_status is not ReviewStatus.RETURNED
    ]
    # A half-year or annual report covers several quarterly reports of the same unit on the same task:
    # all of them are kept, oldest first (identical sentences are merged later).
    by_task: dict[int, list[Any]] = {}
    for r in sorted(reports, key=lambda r: (r.period, r.submitted_at)):
        by_task.setdefault(r.task_id, []).append(r)

    issued = f" ngày {_fmt_date(plan.issued_on)}" if plan.issued_on else ""
    number = f" số {plan.number}" if plan.number else ""
    data.basis = [
        f"Thực hiện Kế hoạch{number}{issued} của Ủy ban nhân dân {name} về "
        f"{_lower_first(plan.title or 'cải cách hành chính')}, Ủy ban nhân dân {name} báo cáo kết quả thực hiện "
        f"công tác cải cách hành chính {per.label_vi} như sau:"
    ]

    def items_for(area: Area) -> list[NarrativeItem]:
        out: list[NarrativeItem] = []
        for t in tasks:
            if t.area is not area:
                continue
            for r in by_task.get(t.id, []):
                text = (r.results or "").strip()
                if text:
                    out.append(NarrativeItem(with_subject(text, r.unit_name), [t.ref] if t.ref else [], r.unit_name))
        return _merge_same_text(out)

    counts = {a.area: a for a in board.by_area}
    direction_tasks = [t for t in tasks if t.area is Area.DIRECTION]
    fig = DirectionFigures(
        documents_issued=sum(1 for t in direction_tasks if t.status in DONE and "ban hành" in t.task.lower()),
        inspections=sum(1 for t in direction_tasks if t.status in DONE and "kiểm tra" in t.task.lower()),
        communication_items=sum(
            1 for t in direction_tasks if t.status in DONE and "tuyên truyền" in t.task.lower()
        ),
        items=items_for(Area.DIRECTION),
    )
    data.direction = fig
    for area in REFORM_AREAS:
        data.areas.append(_area_section(area, counts.get(area), items=items_for(area)))

    for ip in board.indicators:
        data.indicators.append(_indicator_row(ip, ref=ip.indicator.ref))
    data.task_rows = [
        TaskStatusRow(
            ref=t.ref or "",
            task=t.task,
            area=t.area,
            lead=", ".join(u.name for u in t.lead) or (t.lead_raw or ""),
            due=_fmt_date(t.computed_due) or (t.timeline_raw or ""),
            status=t.status,
            percent=t.percent,
            note=t.status_reason or "",
        )
        for t in tasks
    ]
    _assess(data, tasks, by_task, board)
    data.next_tasks = _next_tasks(tasks, per)
    _apply_quality(data, (quality or dossier_quality(data_dir))(locality_code, per))
    return data


# Units write their results as bare predicates ("Đã tổ chức …"); in the report the unit is the subject.
_PREDICATE_STARTS = ("đã ", "đang ", "tiếp tục ", "hoàn thành ", "triển khai ", "tổ chức ", "ban hành ",
                     "thực hiện ", "tham mưu ", "phối hợp ", "xây dựng ", "chưa ")


def with_subject(text: str, unit: str | None) -> str:
    """`Đã tổ chức 02 hội nghị` from Phòng Kinh tế → `Phòng Kinh tế đã tổ chức 02 hội nghị`."""
    text = " ".join(text.split())
    if unit and text.lower().startswith(_PREDICATE_STARTS):
        return f"{unit} {text[0].lower()}{text[1:]}"
    return _cap(text)


def _lower_first(text: str) -> str:
    text = text.strip()
    if len(text) > 1 and text[1].islower():
        return text[0].lower() + text[1:]
    return text


def _merge_same_text(items: list[NarrativeItem]) -> list[NarrativeItem]:
    """Units often report one sentence for several tasks: keep it once with all the references."""
    seen: dict[str, NarrativeItem] = {}
    for it in items:
        key = re.sub(r"\W+", " ", it.text.lower()).strip()
        if key in seen:
            seen[key].refs.extend(r for r in it.refs if r not in seen[key].refs)
        else:
            seen[key] = NarrativeItem(it.text, list(it.refs), it.unit)
    return list(seen.values())


def _default_recipients(loc: Any, name: str) -> list[str]:
    return [
        f"UBND {_province_short(loc)} (để b/c);",
        "Sở Nội vụ (để b/c);",
        f"Thường trực Đảng ủy {name} (để b/c);",
        f"Thường trực HĐND {name};",
        "Chủ tịch, các Phó Chủ tịch UBND;",
        "Các phòng, đơn vị thuộc UBND;",
        "Lưu: VT, VHXH.",
    ]


def _assess(data: ReportData, tasks: Sequence[Any], by_task: dict[int, list[Any]], board: Any) -> None:
    """Strengths from what went well, shortcomings from what did not, causes and proposals from the units."""
    total = len(tasks)
    done = sum(1 for t in tasks if t.status in DONE)
    met = [r for r in data.indicators if r.status is Achievement.MET]
    if total:
        text = (
            f"Các phòng, đơn vị đã triển khai các nhiệm vụ cải cách hành chính theo kế hoạch; đến hết kỳ "
            f"đã hoàn thành {_count(done)}/{_count(total)} nhiệm vụ"
        )
        if met:
            text += (
                f"; {_count(len(met))} chỉ tiêu đạt kế hoạch ({'; '.join(r.name.lower() for r in met[:4])})"
            )
        data.strengths.append(NarrativeItem(text + "."))
    overdue = [t for t in tasks if t.status is TaskStatus.OVERDUE]
    if overdue:
        data.shortcomings.append(
            NarrativeItem(
                f"Còn {_count(len(overdue))} nhiệm vụ quá hạn chưa hoàn thành: "
                + "; ".join(_lower_first(t.task) for t in overdue[:8])
                + ("…" if len(overdue) > 8 else ""),
                [t.ref for t in overdue if t.ref],
            )
        )
    weak = [r for r in data.indicators if r.status in (Achievement.MISSED, Achievement.AT_RISK)]
    if weak:
        data.shortcomings.append(
            NarrativeItem(
                "Một số chỉ tiêu chưa đạt hoặc có nguy cơ không đạt: "
                + "; ".join(f"{r.name.lower()} ({r.actual_text()}, chỉ tiêu {r.target_text()})" for r in weak)
            )
        )
    if board.missing_reports:
        units = sorted({m.unit_name for m in board.missing_reports})
        data.shortcomings.append(
            NarrativeItem(
                f"Còn {_count(len(board.missing_reports))} báo cáo tiến độ nhiệm vụ chưa được gửi đúng hạn "
                f"({', '.join(units)})"
            )
        )
    ref_of = {t.id: t.ref for t in tasks}
    causes: list[NarrativeItem] = []
    proposals: list[NarrativeItem] = []
    for task_id, rs in by_task.items():
        for r in rs:
            ref = [ref_of[task_id]] if ref_of.get(task_id) else []
            if (r.difficulties or "").strip():
                causes.append(NarrativeItem(_cap(r.difficulties), list(ref), r.unit_name))
            if (r.proposals or "").strip():
                proposals.append(NarrativeItem(_cap(r.proposals), list(ref), r.unit_name))
    data.causes = _merge_same_text(causes)
    data.proposals = _merge_same_text(proposals)


def _next_tasks(tasks: Sequence[Any], per: Period) -> list[NextTask]:
    """Overdue tasks to finish first, then tasks falling due in the next period, then continuous ones."""
    nxt = per.next()
    out: list[NextTask] = []
    for t in tasks:
        lead = ", ".join(u.name for u in t.lead) or (t.lead_raw or "")
        if t.status is TaskStatus.OVERDUE:
            out.append(
                NextTask(
                    f"Khẩn trương hoàn thành nhiệm vụ: {_lower_first(t.task)}",
                    lead,
                    _fmt_date(t.computed_due),
                    t.ref,
                )
            )
    for t in tasks:
        if t.status in (*DONE, TaskStatus.CANCELLED, TaskStatus.OVERDUE):
            continue
        lead = ", ".join(u.name for u in t.lead) or (t.lead_raw or "")
        if t.computed_due is not None and nxt.start <= t.computed_due <= nxt.end:
            out.append(NextTask(_cap(t.task), lead, _fmt_date(t.computed_due), t.ref))
    for t in tasks:
        if (
            t.computed_due is None
            and t.status not in (*DONE, TaskStatus.CANCELLED)
            and t.timeline_kind in ("continuous", "recurring", "scheduled")
        ):
            out.append(
                NextTask(
                    _cap(t.task), ", ".join(u.name for u in t.lead), t.timeline_raw or "Thường xuyên", t.ref
                )
            )
    return out[:20]


def _apply_quality(data: ReportData, q: ServiceQuality) -> None:
    data.service_rows = list(q.rows)
    data.index_766 = list(q.index_766)
    data.monthly = list(q.monthly)
    if q.rows:
        total = q.rows[-1]
        on_time = total.resolved_early + total.resolved_on_time
        received = total.received_online + total.received_direct
        parts = [
            f"Trong kỳ, tiếp nhận {_thousands(received)} hồ sơ thủ tục hành chính "
            f"(trực tuyến {_thousands(total.received_online)} hồ sơ"
            + (f", đạt {_pct(total.received_online, received)}" if received else "")
            + ")",
            f"kỳ trước chuyển sang {_thousands(total.carried_over)} hồ sơ",
            f"đã giải quyết {_thousands(total.resolved_total)} hồ sơ, trong đó trước và đúng hạn "
            f"{_thousands(on_time)} hồ sơ"
            + (f" ({_pct(on_time, total.resolved_total)})" if total.resolved_total else ""),
            f"quá hạn {_thousands(total.resolved_late)} hồ sơ",
            f"đang giải quyết {_thousands(total.pending_total)} hồ sơ",
        ]
        text = "; ".join(parts) + "."
        score = data.index_766_total
        if score is not None:
            text += f" Chỉ số phục vụ người dân, doanh nghiệp theo Quyết định số 766/QĐ-TTg đạt {_pts(score)}/100 điểm."
        data.service_summary = [NarrativeItem(text)]
    if q.index_missing:
        data.index_766_note = (
            f"Điểm chưa gồm {_count(len(q.index_missing))} chỉ số chưa có số liệu (tính 0 điểm): "
            + "; ".join(q.index_missing)
            + "."
        )
    if q.as_of:
        data.data_as_of = q.as_of


def _thousands(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def _pct(a: int, b: int) -> str:
    return f"{100 * a / b:.1f}%".replace(".", ",")


def _pts(v: float) -> str:
    return f"{v:.2f}".rstrip("0").rstrip(".").replace(".", ",")
