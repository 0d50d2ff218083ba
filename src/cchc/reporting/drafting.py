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
from cchc.domain.report_checks import respell_locality
from cchc.domain.statuses import Achievement, ReviewStatus, TaskStatus
from cchc.kernel.actor import Actor
from cchc.reporting.figures import build_snapshot, locality_name, nfc
from cchc.reporting.periods import (
    DONE,
    _kind_name,
    _quarters,
    resolve_period,
)
from cchc.reporting.quality import (
    ServiceQualitySource,
    dossier_quality,
)
from cchc.reports import narrative
from cchc.reports.data import (
    REFORM_AREAS,
    AreaSection,
    DirectionFigures,
    IndicatorRow,
    NarrativeItem,
    NextTask,
    ReportData,
    Signer,
    apply_snapshot,
)
from cchc.reports.snapshot import (
    PlanReference,
    ReportSnapshot,
    UnitReport,
    on_time_definitions,
)


def _locality(session: Session, actor: Actor, code: int) -> Any:
    from cchc.kernel.localities import get_locality

    return get_locality(session, actor, code=code)


def _local_name(loc: Any) -> tuple[str, list[str]]:
    """(`xã An Bình`, [`ỦY BAN NHÂN DÂN`, `XÃ AN BÌNH`]) from a LocalityView: kind and name from the
    Locality row, NFC, spelled one way (`figures.locality_name`)."""
    _, name = locality_name(loc)
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
    """Draft the report of a commune for a period from its published plan, progress reports and dossiers.

    Every figure comes from one `ReportSnapshot` (tasks at the period's cut-off, indicators, dossiers,
    the 766 index), kept in `data.snapshot`; the drafted sentences quote it.
    """
    from cchc.services.dashboard import dashboard
    from cchc.services.plans import get_plan
    from cchc.services.progress import list_reports

    per = resolve_period(period, kind)
    day = today or date.today()
    cutoff = min(day, per.end)
    loc = _locality(session, actor, locality_code)
    name, issuer = _local_name(loc)
    loc_kind, _ = locality_name(loc)
    proper = name[len(loc_kind) + 1:]
    board = dashboard(session, actor, locality_code=locality_code, period=per.code, today=cutoff)
    q = (quality or dossier_quality(data_dir))(locality_code, per)
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
        snap = build_snapshot(session, loc=loc, per=per, plan=None, quality=q, today=day)
        apply_snapshot(data, snap)
        _apply_quality(data, snap)
        return data

    plan = get_plan(session, actor, plan_id=board.plan_id, today=cutoff)
    first = build_snapshot(session, loc=loc, per=per, plan=plan, quality=q, today=day)
    tasks = list(plan.tasks)
    row_of = {t.id: row for t, row in zip(tasks, first.tasks.rows, strict=True)}
    status_of = {tid: row.status for tid, row in row_of.items()}
    quarters = _quarters(per)
    reports = [
        r
        for code in quarters
        for r in list_reports(session, actor, plan_id=plan.id, period=code)
        if r.review_status is not ReviewStatus.RETURNED
    ]
    # A half-year or annual report covers several quarterly reports of the same unit on the same task:
    # all of them are kept, oldest first (the narrative keeps each unit's latest and merges the same words);
    # the task itself is counted once, with its status at the cut-off (the snapshot).
    unit_reports = []
    for r in sorted(reports, key=lambda r: (Period.parse(r.period).end, r.submitted_at)):
        row = row_of.get(r.task_id)
        if row is None:
            continue
        unit_reports.append(UnitReport(
            ref=row.ref, area=row.area, task=row.task, unit=nfc(r.unit_name), period=r.period, status=row.status,
            reported=r.status, percent=r.percent,
            results=respell_locality(nfc(r.results or ""), loc_kind, proper),
            difficulties=nfc(r.difficulties or ""), proposals=nfc(r.proposals or ""),
            evidence_number=nfc(r.evidence_number or ""), evidence_date=r.evidence_date))
    title = respell_locality(_lower_first(plan.title or "cải cách hành chính"), loc_kind, proper)
    plan_ref = PlanReference(number=plan.number or "", issued_on=plan.issued_on, title=title,
                             issuer=f"Ủy ban nhân dân {name}", upper=_upper_plan(session, plan.id))
    missing = sorted({nfc(m.unit_name) for m in board.missing_reports})
    snap = build_snapshot(session, loc=loc, per=per, plan=plan, quality=q, today=day, plan_ref=plan_ref,
                          reports=unit_reports, missing_units=missing)
    data.basis = narrative.opening(snap, issuer=f"Ủy ban nhân dân {name}")

    direction_tasks = [t for t in tasks if t.area is Area.DIRECTION]
    done_ids = {t.id for t in tasks if status_of[t.id] in DONE}
    fig = DirectionFigures(
        documents_issued=sum(1 for t in direction_tasks if t.id in done_ids and "ban hành" in t.task.lower()),
        inspections=sum(1 for t in direction_tasks if t.id in done_ids and "kiểm tra" in t.task.lower()),
        communication_items=sum(
            1 for t in direction_tasks if t.id in done_ids and "tuyên truyền" in t.task.lower()
        ),
        items=narrative.area_results(snap, Area.DIRECTION),
    )
    data.direction = fig
    for area in REFORM_AREAS:
        data.areas.append(AreaSection(area=area, items=narrative.area_results(snap, area)))
    apply_snapshot(data, snap)
    data.strengths, data.shortcomings, data.causes = narrative.assessment(snap)
    data.proposals = narrative.proposals(snap)
    data.next_tasks = narrative.next_points(snap)
    _apply_quality(data, snap)
    return data


def _upper_plan(session: Session, plan_id: int) -> str:
    """The upper-level plan the commune's plan cites in its preamble, read from its stored source."""
    from cchc.extract.readers import read_document
    from cchc.store.models import Plan as PlanRow

    row = session.get(PlanRow, plan_id)
    if row is None or not row.source_path or not Path(row.source_path).is_file():
        return ""
    try:
        text = read_document(Path(row.source_path)).text
    except Exception:  # noqa: BLE001 - an unreadable source simply cites no upper plan
        return ""
    head = text[:4000]
    return narrative.upper_plan_citation(head)


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


def _assess(
    data: ReportData, snap: ReportSnapshot, by_task: dict[int, list[Any]], ref_of: dict[int, str | None], board: Any
) -> None:
    """Strengths from what went well, shortcomings from what did not, causes and proposals from the units."""
    counts = snap.tasks.total
    met = [i for i in snap.indicators if i.verdict.value in ("met", "exceeded")]
    if counts.total:
        text = (
            f"Các phòng, đơn vị đã tổ chức thực hiện các nhiệm vụ cải cách hành chính theo kế hoạch; đến hết kỳ "
            f"đã hoàn thành {_count(counts.finished)}/{_count(counts.total)} nhiệm vụ"
        )
        if met:
            text += (
                f"; {_count(len(met))} chỉ tiêu đạt hoặc vượt kế hoạch ("
                + "; ".join(_lower_first(i.name) for i in met[:4])
                + (f" và {_count(len(met) - 4)} chỉ tiêu khác" if len(met) > 4 else "")
                + ")"
            )
        data.strengths.append(NarrativeItem(text + "."))
    overdue = [r for r in snap.tasks.rows if r.status is TaskStatus.OVERDUE]
    if overdue:
        shown = overdue[:8]
        data.shortcomings.append(
            NarrativeItem(
                f"Còn {_count(len(overdue))} nhiệm vụ quá hạn chưa hoàn thành: "
                + "; ".join(_lower_first(r.task) for r in shown)
                + (f" và {_count(len(overdue) - len(shown))} nhiệm vụ khác" if len(overdue) > len(shown) else ""),
                [r.ref for r in overdue if r.ref],
            )
        )
    weak = [i for i in snap.indicators if i.verdict.value == "below"]
    if weak:
        data.shortcomings.append(
            NarrativeItem(
                "Một số chỉ tiêu chưa đạt kế hoạch: "
                + "; ".join(f"{_lower_first(i.name)} ({_value(i.actual, i.unit)}, chỉ tiêu {_target(i)})" for i in weak)
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


def _value(v: float | None, unit: str) -> str:
    return "—" if v is None else f"{_pts(v)}{unit or ''}"


def _target(i: Any) -> str:
    comp = {">=": "≥ ", "<=": "≤ ", ">": "> ", "<": "< ", "=": ""}.get(i.comparator, "")
    return f"{comp}{_pts(i.target)}{i.unit or ''}"


def _next_tasks(tasks: Sequence[Any], status_of: dict[int, TaskStatus], per: Period) -> list[NextTask]:
    """Overdue tasks to finish first, then tasks falling due in the next period, then continuous ones."""
    nxt = per.next()
    out: list[NextTask] = []
    for t in tasks:
        lead = ", ".join(u.name for u in t.lead) or (t.lead_raw or "")
        if status_of[t.id] is TaskStatus.OVERDUE:
            out.append(
                NextTask(
                    f"Khẩn trương hoàn thành nhiệm vụ: {_lower_first(t.task)}",
                    lead,
                    _fmt_date(t.computed_due),
                    t.ref,
                )
            )
    for t in tasks:
        if status_of[t.id] in (*DONE, TaskStatus.CANCELLED, TaskStatus.OVERDUE):
            continue
        lead = ", ".join(u.name for u in t.lead) or (t.lead_raw or "")
        if t.computed_due is not None and nxt.start <= t.computed_due <= nxt.end:
            out.append(NextTask(_cap(t.task), lead, _fmt_date(t.computed_due), t.ref))
    for t in tasks:
        if (
            t.computed_due is None
            and status_of[t.id] not in (*DONE, TaskStatus.CANCELLED)
            and t.timeline_kind in ("continuous", "recurring", "scheduled")
        ):
            out.append(
                NextTask(
                    _cap(t.task), ", ".join(u.name for u in t.lead), t.timeline_raw or "Thường xuyên", t.ref
                )
            )
    return out[:20]


def _apply_quality(data: ReportData, snap: ReportSnapshot) -> None:
    """The service-quality paragraph, its footnote and the 766 note, quoting the snapshot."""
    d = snap.dossiers
    if d is not None and d.total.received + d.total.carried_over:
        total = d.total
        online = d.online
        on_time_text, on_time_note = on_time_definitions(d)
        parts = [
            f"Trong kỳ, tiếp nhận {_thousands(total.received)} hồ sơ thủ tục hành chính "
            f"(trực tuyến {_thousands(total.received_online)} hồ sơ"
            + (f", đạt {_rate(online.value)}" if online.value is not None else "")
            + ")",
            f"kỳ trước chuyển sang {_thousands(total.carried_over)} hồ sơ",
            f"đã giải quyết {_thousands(total.resolved)} hồ sơ (trước hạn {_thousands(total.resolved_early)}, "
            f"đúng hạn {_thousands(total.resolved_on_time)}, quá hạn {_thousands(total.resolved_late)} hồ sơ)",
            f"đang giải quyết {_thousands(total.pending)} hồ sơ (trong hạn {_thousands(total.pending_within)}, "
            f"quá hạn {_thousands(total.pending_overdue)} hồ sơ)",
            on_time_text,
        ]
        text = "; ".join(parts) + "."
        ix = snap.index_766
        if ix is not None:
            text += (
                f" Chỉ số phục vụ người dân, doanh nghiệp theo Quyết định số 766/QĐ-TTg đạt {_pts(ix.total)}/100 điểm"
                + (" (tạm tính)" if ix.provisional else "")
                + "."
            )
        data.service_summary = [NarrativeItem(text), *narrative.service_analysis(snap)]
        data.on_time_note = on_time_note
    ix = snap.index_766
    if ix is not None:
        notes = []
        if ix.provisional:
            notes.append(
                f"Điểm tạm tính: chưa có số liệu của {_count(len(ix.missing))} chỉ số ("
                + "; ".join(ix.missing)
                + ") nên các chỉ số này chưa được tính điểm và không xếp loại."
            )
        carried = [p for p in ix.entered_for if p != snap.period_code]
        if carried:
            notes.append(
                "Các chỉ số nhập từ nguồn khác lấy theo số liệu nhập cho "
                + ", ".join(Period.parse(p).label_vi for p in carried)
                + "."
            )
        data.index_766_note = " ".join(notes)


def _rate(v: float | None) -> str:
    return "—" if v is None else f"{_pts(v)}%"


def _thousands(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def _pct(a: int, b: int) -> str:
    return f"{100 * a / b:.1f}%".replace(".", ",")


def _pts(v: float) -> str:
    return f"{v:.2f}".rstrip("0").rstrip(".").replace(".", ",")
