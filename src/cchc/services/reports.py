"""Periodic PAR reports and the monthly service notice: gather, draft, edit, generate, version, approve.

`build_report_data` drafts a `ReportData` from the commune's published plan (tasks, statuses,
indicators), the units' progress reports of the period (results, difficulties, proposals) and the
dossier metrics. The standing office edits the drafted text (`save_draft`), every generation is kept
as a numbered version (`generate_report`) and a leader approves one (`approve_report`).

There is no table for reports in the store: drafts and versions are files under
`<data_dir>/reports/<locality>/<period>/` (`draft.json`, `versions.json`, `vNNN.json|docx|xlsx|pdf`)
and every change is an audit event (entity `report`, id `YYYYKI` e.g. 202622 for 2026-Q2).

Example:
    >>> with session_scope() as s:  # doctest: +SKIP
    ...     v = generate_report(s, actor, locality_code=10105, period="2026-Q2", data_dir=Path("data"))
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from cchc.domain.areas import AREA_LABELS, Area
from cchc.domain.errors import InvalidInput, NotFound, PermissionDenied
from cchc.domain.metrics import DOSSIER_METRICS, MetricCode
from cchc.domain.periods import Period, PeriodKind
from cchc.domain.plan import Comparator
from cchc.domain.statuses import Achievement, ReviewStatus, TaskStatus
from cchc.reports.data import (
    REFORM_AREAS,
    AreaSection,
    DirectionFigures,
    Index766Group,
    IndicatorRow,
    MonthlyRates,
    NarrativeItem,
    NextTask,
    NoticeData,
    ReportData,
    ServiceRow,
    Signer,
    TaskStatusRow,
)
from cchc.services.actor import Actor, Role
from cchc.services.audit import record_event

__all__ = [
    "EDITABLE_FIELDS",
    "PublicOverview",
    "ReportDraft",
    "ReportVersion",
    "ServiceQuality",
    "approve_report",
    "build_notice_data",
    "build_report_data",
    "draft_docx",
    "generate_report",
    "get_draft",
    "items_to_text",
    "list_versions",
    "public_overview",
    "resolve_period",
    "save_draft",
    "text_to_items",
    "version_file",
    "with_subject",
]

KINDS = {"quarter": PeriodKind.QUARTER, "half": PeriodKind.HALF, "year": PeriodKind.YEAR}
DONE = (TaskStatus.DONE, TaskStatus.DONE_LATE)


# --------------------------------------------------------------------------- periods


def resolve_period(period: str, kind: str | None = None) -> Period:
    """`2026-Q2` → Q2; with `kind="half"` → 2026-H1 (the half containing it); months widen to quarters."""
    per = Period.parse(period)
    if kind is not None and kind not in KINDS:
        raise InvalidInput(f"Loại báo cáo không hợp lệ: {kind!r} (quarter, half, year).", where="kind")
    want = KINDS[kind] if kind else (per.kind if per.kind is not PeriodKind.MONTH else PeriodKind.QUARTER)
    if want is not per.kind:
        per = Period.containing(per.end, want)
    return per


def _kind_name(per: Period) -> str:
    return {PeriodKind.QUARTER: "quarter", PeriodKind.HALF: "half", PeriodKind.YEAR: "year"}[per.kind]


def _period_key(per: Period) -> int:
    """A stable integer for the audit log: 2026-Q2 → 202622, 2026-H1 → 202631, 2026 → 202641."""
    kind = {PeriodKind.QUARTER: 2, PeriodKind.HALF: 3, PeriodKind.YEAR: 4, PeriodKind.MONTH: 1}[per.kind]
    return per.year * 100 + kind * 10 + (per.index % 10)


def _quarters(per: Period) -> list[str]:
    """Codes of the progress-report periods inside a report period (units report per quarter)."""
    codes = {per.code}
    for m in per.months():
        codes.add(Period.containing(m.start, PeriodKind.QUARTER).code)
        codes.add(m.code)
    return sorted(codes)


# --------------------------------------------------------------------------- service quality (dossiers)


@dataclass
class ServiceQuality:
    """Dossier figures of a period: the II.06a rows (total last), the 766 groups and the monthly series."""

    rows: list[ServiceRow] = field(default_factory=list)
    index_766: list[Index766Group] = field(default_factory=list)
    monthly: list[MonthlyRates] = field(default_factory=list)
    as_of: datetime | None = None
    index_missing: list[str] = field(default_factory=list)  # 766 indicators with no data yet


ServiceQualitySource = Callable[[int, Period], ServiceQuality]


def dossier_quality(data_dir: Path | None = None, *, cutoff_day: int | None = None) -> ServiceQualitySource:
    """The service-quality source over the dossier store in `<data_dir>/dossiers` (settings by default)."""

    def source(locality_code: int, per: Period) -> ServiceQuality:
        from cchc.services.service_quality import dossier_dir, period_cutoff

        root = dossier_dir(data_dir)
        cut = period_cutoff(cutoff_day)
        if not (root / "data").is_dir():
            return ServiceQuality()
        return read_dossier_quality(root, locality_code, per, cutoff_day=cut)

    return source


def read_dossier_quality(
    root: Path, locality_code: int, per: Period, *, cutoff_day: int | None = None
) -> ServiceQuality:
    """II.06a by sector (total last), the 766 groups, and monthly rates of `per` from a dossier store."""
    from cchc.dossiers import DossierStore, index_766, monthly_series, score_766, statistics_table

    store = DossierStore(root)
    try:
        if locality_code not in store.localities():
            return ServiceQuality()
        locs = [locality_code]
        by_sector = statistics_table(store, localities=locs, period=per, by="sector", cutoff_day=cutoff_day)
        total = statistics_table(store, localities=locs, period=per, by=None, cutoff_day=cutoff_day)
        rows = [_stat_row(r, r.group or "Khác") for r in by_sector if r.total]
        rows += [_stat_row(r, "Tổng cộng") for r in total[:1]]
        index = index_766(store, localities=locs, period=per, cutoff_day=cutoff_day)
        groups: list[Index766Group] = []
        missing: list[str] = []
        if index:
            names = {i.code: i.name_vi for g in index[0].groups for i in g.indicators}
            missing = [names.get(code, code) for code in index[0].missing]
            for g in index[0].groups:
                entered = sum(i.points or 0 for i in g.indicators if i.source == "entered")
                groups.append(
                    Index766Group(
                        g.name_vi, float(g.max_points), round(float(g.points), 2), round(entered, 2)
                    )
                )
        months = per.months()
        series = monthly_series(
            store, localities=locs, start=months[0], end=months[-1], cutoff_day=cutoff_day
        )
        inputs = store.inputs_766().to_pylist()
        month_scores = {
            i.period: i.total
            for i in score_766(series, inputs, localities=locs, periods=[m.code for m in months])
        }
        monthly = []
        for m in months:
            vals = {r.metric: r for r in series if r.period == m.code and r.group is None}
            online = vals.get("online_rate")

            def rate(metric: str, vals: dict[str, Any] = vals) -> float | None:
                row = vals.get(metric)
                return None if row is None or row.value is None else round(float(row.value), 2)

            received = int(online.denominator) if online is not None else 0
            if not received and all(rate(k) is None for k in ("on_time_rate", "satisfaction_rate")):
                continue
            monthly.append(
                MonthlyRates(
                    month=m.code,
                    received=received,
                    on_time_rate=rate("on_time_rate"),
                    online_rate=rate("online_rate"),
                    online_payment_rate=rate("online_payment_rate"),
                    digitization_rate=rate("digitization_rate"),
                    satisfaction_rate=rate("satisfaction_rate"),
                    index_766=round(month_scores[m.code], 2) if m.code in month_scores else None,
                )
            )
        return ServiceQuality(
            rows=rows,
            index_766=groups,
            monthly=monthly,
            index_missing=missing,
            as_of=datetime.now(UTC).replace(microsecond=0, tzinfo=None),
        )
    finally:
        store.close()


def _stat_row(r: Any, label: str) -> ServiceRow:
    return ServiceRow(
        label=label,
        carried_over=r.carried_over,
        received_online=r.received_online,
        received_direct=r.received_direct,
        resolved_early=r.early,
        resolved_on_time=r.on_time,
        resolved_late=r.late,
        pending_within=r.within_time,
        pending_overdue=r.overdue,
    )


# --------------------------------------------------------------------------- drafting


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


# --------------------------------------------------------------------------- editing


# Sections of the drafted text the standing office may rewrite (one paragraph per line, task
# references in [brackets] at the end of a line), and header fields (one line each).
NARRATIVE_FIELDS = (
    "basis",
    "direction",
    *(f"area.{a.value}" for a in REFORM_AREAS),
    "service_summary",
    "strengths",
    "shortcomings",
    "causes",
    "next_tasks",
    "proposals",
    "recipients",
)
HEADER_FIELDS = ("number", "report_date", "place", "subject", "signer", "signer_name")
EDITABLE_FIELDS = NARRATIVE_FIELDS + HEADER_FIELDS
FIELD_LABELS: dict[str, str] = {
    "basis": "Căn cứ (đoạn mở đầu)",
    "direction": "I. Công tác chỉ đạo, điều hành",
    **{f"area.{a.value}": f"II. {AREA_LABELS[a][0]}" for a in REFORM_AREAS},
    "service_summary": "II. Chất lượng phục vụ người dân, doanh nghiệp",
    "strengths": "III.1. Ưu điểm",
    "shortcomings": "III.2. Tồn tại, hạn chế",
    "causes": "III.3. Nguyên nhân",
    "next_tasks": "IV. Nhiệm vụ trọng tâm kỳ tới (nội dung | đơn vị | thời hạn [mã NV])",
    "proposals": "V. Đề xuất, kiến nghị",
    "recipients": "Nơi nhận (mỗi dòng một nơi, dòng cuối: Lưu: VT, …)",
    "number": "Số báo cáo (để trống nếu văn thư cấp số)",
    "report_date": "Ngày báo cáo (dd/mm/yyyy)",
    "place": "Địa danh",
    "subject": "Trích yếu",
    "signer": "Thẩm quyền ký (chairman: TM. UBND - Chủ tịch; vice: KT. Chủ tịch - Phó Chủ tịch)",
    "signer_name": "Họ tên người ký",
}

_REFS = re.compile(r"\s*\[([^\[\]]*)\]\s*$")


def items_to_text(items: Sequence[NarrativeItem]) -> str:
    """One paragraph per line, its task references in brackets: `Đã ban hành … [I.1, I.2]`."""
    return "\n".join(it.text + (f" [{', '.join(it.refs)}]" if it.refs else "") for it in items)


def text_to_items(text: str) -> list[NarrativeItem]:
    """The inverse of `items_to_text`: blank lines are dropped, a trailing `[refs]` becomes references."""
    out = []
    for line in (text or "").replace("\r\n", "\n").split("\n"):
        line = line.strip().lstrip("-•").strip()
        if not line:
            continue
        refs: list[str] = []
        m = _REFS.search(line)
        if m:
            refs = [r.strip() for r in m.group(1).split(",") if r.strip()]
            line = line[: m.start()].rstrip()
        out.append(NarrativeItem(line, refs))
    return out


def _next_to_text(tasks: Sequence[NextTask]) -> str:
    return "\n".join(" | ".join([t.text, t.lead, t.due]) + (f" [{t.ref}]" if t.ref else "") for t in tasks)


def _text_to_next(text: str) -> list[NextTask]:
    out = []
    for it in text_to_items(text):
        parts = [p.strip() for p in it.text.split("|")]
        parts += [""] * (3 - len(parts))
        out.append(NextTask(parts[0], parts[1], parts[2], it.refs[0] if it.refs else None))
    return out


def draft_texts(data: ReportData) -> dict[str, str]:
    """The editable text of a ReportData, field by field (what the editing form shows)."""
    out = {
        "basis": "\n".join(data.basis),
        "direction": items_to_text(data.direction.items),
        "service_summary": items_to_text(data.service_summary),
        "strengths": items_to_text(data.strengths),
        "shortcomings": items_to_text(data.shortcomings),
        "causes": items_to_text(data.causes),
        "next_tasks": _next_to_text(data.next_tasks),
        "proposals": items_to_text(data.proposals),
        "recipients": "\n".join(data.recipients),
        "number": data.number,
        "report_date": _fmt_date(data.report_date),
        "place": data.place,
        "subject": data.subject,
        "signer": "vice" if data.signer.authority.startswith("KT") else "chairman",
        "signer_name": data.signer.name,
    }
    for s in data.areas:
        out[f"area.{s.area.value}"] = items_to_text(s.items)
    return out


def apply_edits(data: ReportData, edits: dict[str, str]) -> ReportData:
    """A copy of `data` with the edited fields replaced (unknown fields raise InvalidInput)."""
    unknown = sorted(set(edits) - set(EDITABLE_FIELDS))
    if unknown:
        raise InvalidInput(f"Trường không sửa được: {', '.join(unknown)}.", where=unknown[0])
    data = ReportData.from_json(data.to_json())  # deep copy
    for key, value in edits.items():
        value = value if isinstance(value, str) else str(value or "")
        if key == "basis":
            data.basis = [line.strip() for line in value.splitlines() if line.strip()]
        elif key == "direction":
            data.direction.items = text_to_items(value)
        elif key.startswith("area."):
            area = Area(key.removeprefix("area."))
            section = next((s for s in data.areas if s.area is area), None)
            if section is None:
                section = AreaSection(area)
                data.areas.append(section)
                data.areas.sort(key=lambda s: REFORM_AREAS.index(s.area))
            section.items = text_to_items(value)
        elif key in ("service_summary", "strengths", "shortcomings", "causes", "proposals"):
            setattr(data, key, text_to_items(value))
        elif key == "next_tasks":
            data.next_tasks = _text_to_next(value)
        elif key == "recipients":
            data.recipients = [
                line.strip().lstrip("-").strip() for line in value.splitlines() if line.strip()
            ]
        elif key == "number":
            data.number = value.strip().split("/")[0].strip()
        elif key == "report_date":
            data.report_date = _parse_date(value) if value.strip() else None
        elif key in ("place", "subject"):
            setattr(data, key, value.strip())
        elif key == "signer":
            if value.strip() not in ("chairman", "vice"):
                raise InvalidInput("Thẩm quyền ký phải là chairman hoặc vice.", where="signer")
            name = data.signer.name
            data.signer = Signer.vice_chairman(name) if value.strip() == "vice" else Signer.chairman(name)
        elif key == "signer_name":
            data.signer.name = value.strip()
    return data


def _parse_date(text: str) -> date:
    m = re.fullmatch(r"\s*(\d{1,2})/(\d{1,2})/(\d{4})\s*", text)
    try:
        if m:
            return date(int(m[3]), int(m[2]), int(m[1]))
        return date.fromisoformat(text.strip())
    except ValueError:
        pass
    raise InvalidInput(f"Ngày không hợp lệ: {text!r} (dd/mm/yyyy).", where="report_date")


# --------------------------------------------------------------------------- storage


@dataclass(frozen=True)
class ReportVersion:
    version: int
    period: str
    kind: str
    locality_code: int
    created_by: str
    created_at: datetime
    sha256: str
    files: dict[str, str]  # fmt → file name
    approved_by: str | None = None
    approved_at: datetime | None = None

    @property
    def approved(self) -> bool:
        return self.approved_by is not None

    def to_json(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "period": self.period,
            "kind": self.kind,
            "locality_code": self.locality_code,
            "created_by": self.created_by,
            "created_at": self.created_at.isoformat(),
            "sha256": self.sha256,
            "files": dict(self.files),
            "approved_by": self.approved_by,
            "approved_at": self.approved_at.isoformat() if self.approved_at else None,
        }

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> ReportVersion:
        return cls(
            version=int(d["version"]),
            period=d["period"],
            kind=d["kind"],
            locality_code=int(d["locality_code"]),
            created_by=d["created_by"],
            created_at=datetime.fromisoformat(d["created_at"]),
            sha256=d["sha256"],
            files=dict(d["files"]),
            approved_by=d.get("approved_by"),
            approved_at=datetime.fromisoformat(d["approved_at"]) if d.get("approved_at") else None,
        )


@dataclass(frozen=True)
class ReportDraft:
    """The report being prepared: data (with edits applied), the editable texts, who edited last."""

    data: ReportData
    texts: dict[str, str]
    edits: dict[str, str]
    updated_by: str | None
    updated_at: datetime | None
    versions: list[ReportVersion]

    def to_json(self) -> dict[str, Any]:
        return {
            "data": self.data.to_json(),
            "texts": self.texts,
            "edits": self.edits,
            "updated_by": self.updated_by,
            "updated_at": self.updated_at.isoformat() if self.updated_at else None,
            "versions": [v.to_json() for v in self.versions],
        }


def _data_dir(data_dir: Path | None) -> Path:
    if data_dir is not None:
        return Path(data_dir)
    from cchc.settings import get_settings

    return get_settings().data_dir


def _folder(data_dir: Path | None, locality_code: int, per: Period) -> Path:
    return _data_dir(data_dir) / "reports" / str(int(locality_code)) / per.code


def _read_json(path: Path, default: Any) -> Any:
    if not path.exists():
        return default
    return json.loads(path.read_text(encoding="utf-8"))


def _write_json(path: Path, value: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(json.dumps(value, ensure_ascii=False, indent=1), encoding="utf-8")
    tmp.replace(path)


def _province(session: Session, locality_code: int) -> int | None:
    from cchc.services.access import province_of

    return province_of(session, locality_code)


def _require_read(session: Session, actor: Actor, locality_code: int) -> None:
    actor.require_read(locality_code, _province(session, locality_code))


def _versions(folder: Path) -> list[ReportVersion]:
    return [ReportVersion.from_json(v) for v in _read_json(folder / "versions.json", [])]


def _find_version(versions: Sequence[ReportVersion], version: int, per: Period) -> ReportVersion:
    found = next((v for v in versions if v.version == version), None)
    if found is None:
        raise NotFound(f"Không có phiên bản {version} của báo cáo {per.code}.", where="version")
    return found


def _draft(
    base: ReportData,
    edits: dict[str, str],
    folder: Path,
    *,
    updated_by: str | None,
    updated_at: datetime | None,
) -> ReportDraft:
    """The drafted figures with the edits on top, as the standing office sees them."""
    data = apply_edits(base, edits)
    return ReportDraft(
        data=data,
        texts=draft_texts(data),
        edits=edits,
        updated_by=updated_by,
        updated_at=updated_at,
        versions=_versions(folder),
    )


def _record_report_event(
    session: Session,
    actor: Actor,
    *,
    locality_code: int,
    per: Period,
    action: str,
    before: dict[str, Any] | None,
    after: dict[str, Any],
) -> None:
    record_event(
        session,
        actor,
        entity="report",
        entity_id=_period_key(per),
        action=action,
        before=before,
        after=after,
        locality_code=locality_code,
    )


def get_draft(
    session: Session,
    actor: Actor,
    *,
    locality_code: int,
    period: str,
    kind: str | None = None,
    data_dir: Path | None = None,
    today: date | None = None,
    quality: ServiceQualitySource | None = None,
) -> ReportDraft:
    """The current draft: figures gathered now, with the standing office's saved text edits on top."""
    per = resolve_period(period, kind)
    _require_read(session, actor, locality_code)
    folder = _folder(data_dir, locality_code, per)
    saved = _read_json(folder / "draft.json", {})
    edits = dict(saved.get("edits", {}))
    base = build_report_data(
        session,
        actor,
        locality_code=locality_code,
        period=per.code,
        today=today,
        quality=quality,
        data_dir=data_dir,
    )
    return _draft(
        base,
        edits,
        folder,
        updated_by=saved.get("updated_by"),
        updated_at=datetime.fromisoformat(saved["updated_at"]) if saved.get("updated_at") else None,
    )


def save_draft(
    session: Session,
    actor: Actor,
    *,
    locality_code: int,
    period: str,
    edits: dict[str, str],
    kind: str | None = None,
    data_dir: Path | None = None,
    today: date | None = None,
    quality: ServiceQualitySource | None = None,
) -> ReportDraft:
    """Keep the standing office's edits (merged into earlier ones); an empty text resets that field."""
    per = resolve_period(period, kind)
    actor.require_manage(locality_code, "soạn báo cáo cải cách hành chính")
    folder = _folder(data_dir, locality_code, per)
    saved = _read_json(folder / "draft.json", {})
    before = dict(saved.get("edits", {}))
    merged = dict(before)
    base = build_report_data(
        session,
        actor,
        locality_code=locality_code,
        period=per.code,
        today=today,
        quality=quality,
        data_dir=data_dir,
    )
    drafted = draft_texts(base)
    for key, value in edits.items():
        value = (value or "").replace("\r\n", "\n").strip()
        if key not in EDITABLE_FIELDS:
            raise InvalidInput(f"Trường không sửa được: {key}.", where=key)
        if value == drafted.get(key, "").strip() or (
            not value and key in NARRATIVE_FIELDS and not drafted.get(key)
        ):
            merged.pop(key, None)  # back to the drafted text
        elif not value and key in NARRATIVE_FIELDS:
            merged.pop(key, None)
        else:
            merged[key] = value
    apply_edits(base, merged)  # validate before keeping
    stamp = datetime.now(UTC).replace(microsecond=0)
    _write_json(
        folder / "draft.json",
        {"edits": merged, "updated_by": actor.username, "updated_at": stamp.isoformat()},
    )
    _record_report_event(
        session,
        actor,
        locality_code=locality_code,
        per=per,
        action="edit_draft",
        before={"period": per.code, "edits": before},
        after={"period": per.code, "edits": merged},
    )
    return _draft(base, merged, folder, updated_by=actor.username, updated_at=stamp)


def generate_report(
    session: Session,
    actor: Actor,
    *,
    locality_code: int,
    period: str,
    kind: str | None = None,
    data_dir: Path | None = None,
    pdf: bool = False,
    with_charts: bool = True,
    today: date | None = None,
    quality: ServiceQualitySource | None = None,
) -> ReportVersion:
    """Render the draft to .docx and .xlsx (and .pdf when asked and LibreOffice is present) as a new version."""
    from cchc.reports.docx_report import write_report_docx
    from cchc.reports.xlsx import write_report_xlsx

    per = resolve_period(period, kind)
    actor.require_manage(locality_code, "tạo báo cáo cải cách hành chính")
    draft = get_draft(
        session,
        actor,
        locality_code=locality_code,
        period=per.code,
        data_dir=data_dir,
        today=today,
        quality=quality,
    )
    folder = _folder(data_dir, locality_code, per)
    folder.mkdir(parents=True, exist_ok=True)
    versions = _versions(folder)
    n = max((v.version for v in versions), default=0) + 1
    data = replace(draft.data, version=n)
    stem = f"bao-cao-cchc-{locality_code}-{per.code}-v{n:03d}"
    _write_json(folder / f"v{n:03d}.json", data.to_json())
    docx = write_report_docx(data, folder / f"{stem}.docx", with_charts=with_charts)
    xlsx = write_report_xlsx(data, folder / f"{stem}.xlsx")
    files = {"json": f"v{n:03d}.json", "docx": docx.name, "xlsx": xlsx.name}
    if pdf:
        from cchc.reports.pdf import to_pdf

        files["pdf"] = to_pdf(docx, folder).name  # ToolMissing (with an install hint) when absent
    version = ReportVersion(
        version=n,
        period=per.code,
        kind=_kind_name(per),
        locality_code=locality_code,
        created_by=actor.username,
        created_at=datetime.now(UTC).replace(microsecond=0),
        sha256=hashlib.sha256(docx.read_bytes()).hexdigest(),
        files=files,
    )
    _write_json(folder / "versions.json", [v.to_json() for v in [*versions, version]])
    _record_report_event(
        session, actor, locality_code=locality_code, per=per, action="generate", before=None, after=version.to_json()
    )
    return version


def list_versions(
    session: Session,
    actor: Actor,
    *,
    locality_code: int,
    period: str,
    kind: str | None = None,
    data_dir: Path | None = None,
) -> list[ReportVersion]:
    """Every generated version of a report, oldest first."""
    per = resolve_period(period, kind)
    _require_read(session, actor, locality_code)
    return _versions(_folder(data_dir, locality_code, per))


def approve_report(
    session: Session,
    actor: Actor,
    *,
    locality_code: int,
    period: str,
    version: int,
    kind: str | None = None,
    data_dir: Path | None = None,
) -> ReportVersion:
    """A leader of the commune approves one version for signing (only one version is approved at a time)."""
    per = resolve_period(period, kind)
    if not (actor.is_admin or (actor.role is Role.LEADER and actor.locality_code == locality_code)):
        raise PermissionDenied("Chỉ lãnh đạo UBND xã/phường được phê duyệt báo cáo.")
    folder = _folder(data_dir, locality_code, per)
    versions = _versions(folder)
    target = _find_version(versions, version, per)
    stamp = datetime.now(UTC).replace(microsecond=0)
    out = []
    for v in versions:
        if v.version == version:
            v = replace(v, approved_by=actor.username, approved_at=stamp)
            target = v
        elif v.approved:
            v = replace(v, approved_by=None, approved_at=None)
        out.append(v)
    _write_json(folder / "versions.json", [v.to_json() for v in out])
    _record_report_event(
        session, actor, locality_code=locality_code, per=per, action="approve", before=None, after=target.to_json()
    )
    return target


def version_file(
    session: Session,
    actor: Actor,
    *,
    locality_code: int,
    period: str,
    version: int,
    fmt: str,
    kind: str | None = None,
    data_dir: Path | None = None,
) -> Path:
    """The file of a version (`docx`, `xlsx`, `pdf`, `json`); a PDF is made on first request when possible."""
    per = resolve_period(period, kind)
    _require_read(session, actor, locality_code)
    folder = _folder(data_dir, locality_code, per)
    v = _find_version(_versions(folder), version, per)
    if fmt == "pdf" and "pdf" not in v.files:
        from cchc.reports.pdf import to_pdf

        pdf = to_pdf(folder / v.files["docx"], folder)  # ToolMissing with an install hint when absent
        # Keep it with the version so the next download does not convert again.
        versions = [
            replace(x, files={**x.files, "pdf": pdf.name}) if x.version == version else x
            for x in _versions(folder)
        ]
        _write_json(folder / "versions.json", [x.to_json() for x in versions])
        return pdf
    if fmt not in v.files:
        raise NotFound(f"Phiên bản {version} không có tệp {fmt}.", where="fmt")
    return folder / v.files[fmt]


def draft_docx(
    session: Session,
    actor: Actor,
    *,
    locality_code: int,
    period: str,
    kind: str | None = None,
    data_dir: Path | None = None,
) -> bytes:
    """The current draft as a .docx to look at before generating a version (nothing is kept)."""
    from cchc.reports.docx_report import report_docx_bytes

    draft = get_draft(
        session, actor, locality_code=locality_code, period=period, kind=kind, data_dir=data_dir
    )
    return report_docx_bytes(draft.data)


# --------------------------------------------------------------------------- monthly notice


def build_notice_data(
    session: Session,
    actor: Actor,
    *,
    locality_code: int,
    month: str,
    quality: ServiceQualitySource | None = None,
    data_dir: Path | None = None,
) -> NoticeData:
    """The monthly service-quality notice of a commune from the dossier metrics of that month."""
    per = Period.parse(month)
    if per.kind is not PeriodKind.MONTH:
        raise InvalidInput(
            f"Thông báo hằng tháng cần một tháng (ví dụ 2026-05), không phải {month!r}.", where="month"
        )
    loc = _locality(session, actor, locality_code)
    name, issuer = _local_name(loc)
    source = quality or dossier_quality(data_dir)
    cur = source(locality_code, per)
    history = source(locality_code, Period(per.year, PeriodKind.YEAR, 1)).monthly
    history = [m for m in history if m.month <= per.code][-12:]
    current = next((m for m in cur.monthly if m.month == per.code), None) or next(
        (m for m in history if m.month == per.code), None
    )
    previous = next((m for m in history if m.month == per.previous().code), None)
    remarks = _notice_remarks(current, previous)
    return NoticeData(
        locality_code=locality_code,
        locality_name=name,
        issuer_lines=issuer,
        month=per.code,
        current=current,
        previous=previous,
        service_rows=cur.rows,
        index_766=cur.index_766,
        history=history,
        remarks=remarks,
        requests=[
            "Các phòng, đơn vị giải quyết hồ sơ đúng hạn; hồ sơ có nguy cơ trễ hạn phải có văn bản xin lỗi "
            "và đề nghị gia hạn theo mẫu 04 Thông tư số 03/2025/TT-VPCP.",
            "Trung tâm Phục vụ hành chính công đẩy mạnh hướng dẫn người dân nộp hồ sơ, thanh toán trực tuyến "
            "và số hóa hồ sơ, kết quả giải quyết thủ tục hành chính.",
        ],
        recipients=[
            "Sở Nội vụ (để b/c);",
            "Chủ tịch, các Phó Chủ tịch UBND;",
            "Các phòng, đơn vị thuộc UBND;",
            "Cổng thông tin điện tử;",
            "Lưu: VT, TTPVHCC.",
        ],
        data_as_of=cur.as_of,
    )


def _notice_remarks(cur: MonthlyRates | None, prev: MonthlyRates | None) -> list[str]:
    if cur is None:
        return ["Chưa có dữ liệu hồ sơ của tháng trên hệ thống."]
    out = []
    labels = (
        ("on_time_rate", "Tỷ lệ hồ sơ giải quyết trước và đúng hạn"),
        ("online_rate", "Tỷ lệ hồ sơ trực tuyến"),
        ("online_payment_rate", "Tỷ lệ thanh toán trực tuyến"),
        ("digitization_rate", "Tỷ lệ số hóa hồ sơ"),
        ("satisfaction_rate", "Mức độ hài lòng"),
    )
    for key, label in labels:
        v = getattr(cur, key)
        if v is None:
            continue
        text = f"{label} đạt {v:.1f}%".replace(".", ",")
        p = getattr(prev, key) if prev else None
        if p is not None:
            d = v - p
            text += (
                f", {'tăng' if d > 0 else 'giảm'} {abs(d):.1f} điểm phần trăm so với tháng trước".replace(
                    ".", ","
                )
                if abs(d) >= 0.05
                else ", không đổi so với tháng trước"
            )
        out.append(text + ".")
    return out


# --------------------------------------------------------------------------- public page


@dataclass(frozen=True)
class PublicOverview:
    """What anyone may see of a commune: aggregates only, no person and no dossier."""

    locality_code: int
    locality_name: str
    province_name: str
    plan_title: str | None
    plan_number: str | None
    period: str
    period_label: str
    areas: list[AreaSection]
    indicators: list[IndicatorRow]
    monthly: list[MonthlyRates]
    index_766: list[Index766Group]
    data_as_of: datetime

    def to_json(self) -> dict[str, Any]:
        return {
            "locality_code": self.locality_code,
            "locality_name": self.locality_name,
            "province_name": self.province_name,
            "plan": {"title": self.plan_title, "number": self.plan_number},
            "period": self.period,
            "period_label": self.period_label,
            "areas": [
                {
                    "area": a.area.value,
                    "title": a.title,
                    "total": a.tasks_total,
                    "done": a.tasks_done,
                    "in_progress": a.tasks_in_progress,
                    "overdue": a.tasks_overdue,
                    "not_started": a.tasks_not_started,
                }
                for a in self.areas
            ],
            "indicators": [
                {
                    "name": i.name,
                    "unit": i.unit,
                    "comparator": i.comparator.value,
                    "target": i.target,
                    "actual": i.actual,
                    "status": i.status.value,
                    "status_label": i.status_label,
                }
                for i in self.indicators
            ],
            "monthly": [asdict(m) for m in self.monthly],
            "index_766": [
                {"name": g.name, "max_points": g.max_points, "score": g.score} for g in self.index_766
            ],
            "data_as_of": self.data_as_of.isoformat(),
        }


def public_overview(
    session: Session,
    *,
    locality_code: int,
    today: date | None = None,
    quality: ServiceQualitySource | None = None,
    data_dir: Path | None = None,
) -> PublicOverview:
    """The public transparency page of a commune (no login): plan progress by area and service indicators."""
    from cchc.services.dashboard import dashboard
    from cchc.services.plans import get_plan

    reader = Actor.system(ip=None)  # reads aggregates only; nothing below carries a name or a dossier
    day = today or date.today()
    loc = _locality(session, reader, locality_code)
    name, _ = _local_name(loc)
    per = Period.containing(day, PeriodKind.QUARTER)
    board = dashboard(session, reader, locality_code=locality_code, period=per.code, today=day)
    title = number = None
    if board.plan_id is not None:
        plan = get_plan(session, reader, plan_id=board.plan_id, today=day)
        title, number = plan.title, plan.number
    areas = [_area_section(ap.area, ap) for ap in board.by_area]
    areas.sort(key=lambda a: list(Area).index(a.area))
    indicators = [_indicator_row(ip) for ip in board.indicators]  # the public page shows no codes
    q = (quality or dossier_quality(data_dir))(locality_code, Period(day.year, PeriodKind.YEAR, 1))
    return PublicOverview(
        locality_code=locality_code,
        locality_name=name,
        province_name=str(getattr(loc, "province_name", "") or ""),
        plan_title=title,
        plan_number=number,
        period=per.code,
        period_label=per.label_vi,
        areas=areas,
        indicators=indicators,
        monthly=[m for m in q.monthly if m.month <= Period.containing(day, PeriodKind.MONTH).code],
        index_766=q.index_766,
        data_as_of=q.as_of or datetime.now(UTC).replace(microsecond=0, tzinfo=None),
    )
