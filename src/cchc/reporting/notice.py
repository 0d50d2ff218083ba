"""The monthly service-quality notice."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session

from cchc.domain.errors import InvalidInput
from cchc.domain.notice_rules import LateUnit, OverdueUnit, named_units, notice_demands, notice_recipients
from cchc.domain.periods import Period, PeriodKind
from cchc.domain.statuses import TaskStatus
from cchc.kernel.actor import Actor
from cchc.reporting.drafting import (
    _local_name,
    _locality,
    _province_short,
)
from cchc.reporting.figures import index_figures
from cchc.reporting.quality import (
    ServiceQualitySource,
    dossier_quality,
)
from cchc.reports.data import (
    MonthlyRates,
    NoticeData,
)


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
    ix = index_figures(per, cur)
    late = [LateUnit(r.label, r.resolved_late, r.pending_overdue) for r in cur.by_unit]
    overdue = overdue_units(session, actor, locality_code=locality_code, cutoff=per.end)
    nxt = per.next().start
    deadline = date(nxt.year, nxt.month, 15)  # the demands are due by mid-month after the notice's month
    note = ""
    if ix is not None and ix.provisional:
        note = (
            f"Điểm tạm tính, không xếp loại: chưa có số liệu của {len(ix.missing):02d} chỉ số ("
            + "; ".join(ix.missing)
            + ")."
        )
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
        requests=notice_demands(late, overdue, deadline=deadline),
        recipients=notice_recipients(province=_province_short(loc), locality_name=name,
                                     units=named_units(late, overdue)),
        data_as_of=cur.as_of,
        index_766_provisional=bool(ix and ix.provisional),
        index_766_note=note,
        index_766_missing=list(ix.missing) if ix is not None and ix.provisional else [],
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


def overdue_units(session: Session, actor: Actor, *, locality_code: int, cutoff: date) -> list[OverdueUnit]:
    """The units leading tasks of the commune's published plan that are overdue at `cutoff`, with their refs."""
    from cchc.reporting.figures import task_figures
    from cchc.services.plans import get_plan
    from cchc.store.plans import PlanRepository

    row = PlanRepository(session).current_published(locality_code)
    if row is None:
        return []
    plan = get_plan(session, actor, plan_id=row.id, today=cutoff)
    refs: dict[str, list[str]] = {}
    for t in task_figures(session, plan, cutoff).rows:
        if t.status is TaskStatus.OVERDUE:
            for unit in t.lead_units or ("",):
                if unit:
                    refs.setdefault(unit, []).append(t.ref or t.task[:40])
    return [OverdueUnit(unit, tuple(r)) for unit, r in refs.items()]
