"""The figures cchc measures for a commune's year: dossier rates, task completion, the plan, reports, evidence.

Each figure is a `Measure` (value + the sentence that says where it came from); the criteria's rules
turn them into proposed scores. One dossier query computes every rate for the year.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from cchc.domain.parindex import Measure, source_parts
from cchc.domain.periods import Period, PeriodKind
from cchc.domain.statuses import PlanStatus, TaskStatus
from cchc.kernel.actor import Actor
from cchc.kernel.schedule import compute_status, effective_due
from cchc.store.models import Plan, PlanKind, Task
from cchc.store.plans import PlanRepository
from cchc.store.progress import ProgressRepository

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
DONE = (TaskStatus.DONE, TaskStatus.DONE_LATE)
# The periodic PAR reports a commune sends in a year: first quarter, six months, third quarter, the year.
REPORT_PERIODS = ((PeriodKind.QUARTER, 1), (PeriodKind.HALF, 1), (PeriodKind.QUARTER, 3), (PeriodKind.YEAR, 1))


@dataclass
class Figures:
    """The measures by source, and the progress reports whose evidence backs a source."""

    measures: dict[str, Measure] = field(default_factory=dict)
    evidence: dict[str, list[int]] = field(default_factory=dict)


def _fold(text: str) -> str:
    return unicodedata.normalize("NFC", text).casefold()


def _vn(x: float) -> str:
    return f"{x:,.0f}".replace(",", ".") if float(x).is_integer() else f"{x:.1f}".replace(".", ",")


def _rate_measure(source: str, num: float, den: float, what: str) -> Measure:
    if den <= 0:
        return Measure(source, None, f"Chưa có {what} để tính.", num, den)
    value = round(100.0 * num / den, 2)
    return Measure(source, value, f"{_vn(num)}/{_vn(den)} {what} ({_vn(round(value, 1))}%)", num, den)


def _plans_of_year(session: Session, locality_code: int, year: int) -> list[Plan]:
    out = []
    for p in PlanRepository(session).list(locality_codes=[locality_code], status=PlanStatus.PUBLISHED):
        start = p.period_start or p.issued_on
        end = p.period_end or start
        if start is not None and end is not None and start.year <= year <= end.year:
            out.append(p)
    return out


def _task_measures(session: Session, plans: list[Plan], year: int, as_of: date, wanted: set[str],
                   figures: Figures) -> None:
    repo = PlanRepository(session)
    tasks: list[Task] = [t for p in plans for t in repo.tasks(p.id)]
    for source in wanted:
        name, area, words = source_parts(source)
        if name in ("tasks.completion_rate", "tasks.on_time_rate"):
            due = []
            for t in tasks:
                if area is not None and t.area.value != area:
                    continue
                d = effective_due(t)
                if d is None or d.year != year or d > as_of or t.reported_status is TaskStatus.CANCELLED:
                    continue
                due.append(compute_status(t, as_of))
            good = [s for s in due if (s in DONE if name == "tasks.completion_rate" else s is TaskStatus.DONE)]
            what = "nhiệm vụ đến hạn " + ("đã hoàn thành" if name == "tasks.completion_rate" else "hoàn thành đúng hạn")
            figures.measures[source] = _rate_measure(source, len(good), len(due), what)
        elif name == "tasks.evidence":
            matching = [t for t in tasks if any(_fold(w) in _fold(t.task) for w in words)]
            if not matching:
                figures.measures[source] = Measure(source, None, "Kế hoạch không có nhiệm vụ tương ứng: "
                                                   + ", ".join(f"«{w}»" for w in words) + ".")
                continue
            reports = ProgressRepository(session).reports(task_ids=[t.id for t in matching])
            with_evidence = [r for r in reports if r.status is TaskStatus.DONE and (r.evidence_number or r.evidence_file)]
            done_ids = {t.id for t in matching if compute_status(t, as_of) in DONE}
            backed = [r for r in with_evidence if r.task_id in done_ids]
            if backed:
                first = backed[0]
                figures.measures[source] = Measure(
                    source, True, f"Nhiệm vụ #{first.task_id} đã hoàn thành, minh chứng: "
                    f"{first.evidence_number or 'tệp đính kèm'}" + (f" ngày {first.evidence_date:%d/%m/%Y}"
                                                                   if first.evidence_date else "") + ".")
                figures.evidence[source] = [r.id for r in backed]
            else:
                ids = ", ".join(f"#{t.id}" for t in matching)
                figures.measures[source] = Measure(source, False, f"Nhiệm vụ {ids} chưa hoàn thành hoặc chưa có "
                                                   "văn bản minh chứng.")


def _plan_measure(plans: list[Plan], year: int, due: date | None, source: str) -> Measure:
    general = [p for p in plans if p.kind is PlanKind.GENERAL and p.issued_on is not None]
    if not general:
        return Measure(source, "missing", f"Chưa có kế hoạch CCHC năm {year} đã ban hành trong hệ thống.")
    plan = min(general, key=lambda p: p.issued_on or date.max)
    assert plan.issued_on is not None
    on_time = due is None or plan.issued_on <= due
    text = (f"Kế hoạch số {plan.number or '(không số)'} ban hành ngày {plan.issued_on:%d/%m/%Y}"
            + (f", hạn {due:%d/%m/%Y}" if due else "") + ("" if on_time else " (chậm)") + ".")
    return Measure(source, "on_time" if on_time else "late", text)


def _report_measure(session: Session, actor: Actor, locality_code: int, year: int, as_of: date, due_day: int,
                    data_dir: Path | None, source: str) -> Measure:
    from cchc.reporting import list_versions

    expected = on_time = 0
    late: list[str] = []
    for kind, index in REPORT_PERIODS:
        per = Period(year, kind, index)
        due = per.report_due(due_day)
        if due > as_of:
            continue
        expected += 1
        versions = list_versions(session, actor, locality_code=locality_code, period=per.code, data_dir=data_dir)
        approved = [v.approved_at.astimezone(VIETNAM).date() for v in versions if v.approved_at is not None]
        if approved and min(approved) <= due:
            on_time += 1
        else:
            late.append(per.label_vi)
    m = _rate_measure(source, on_time, expected, "báo cáo định kỳ được duyệt đúng hạn")
    if late and m.value is not None:
        m = Measure(m.source, m.value, m.figure + "; chưa đúng hạn: " + ", ".join(late) + ".", m.numerator,
                    m.denominator)
    return m


def measure(session: Session, actor: Actor, *, locality_code: int, year: int, sources: Mapping[str, date | None],
            as_of: date, due_day: int, data_dir: Path | None = None) -> Figures:
    """Every figure the `sources` name (each with its criterion's deadline, if any), for `year` as of `as_of`."""
    figures = Figures()
    wanted = {s for s in sources if s}
    names = {s: source_parts(s)[0] for s in wanted}
    dossier = {s: n.split(".", 1)[1] for s, n in names.items() if n.startswith("dossiers.")}
    if dossier:
        from cchc.quality import service_metrics

        rows = {r.metric: r for r in service_metrics(session, actor, locality_codes=[locality_code], period=str(year),
                                                     data_dir=data_dir)}
        for source, metric in dossier.items():
            r = rows.get(metric)
            figures.measures[source] = _rate_measure(source, r.numerator if r else 0, r.denominator if r else 0,
                                                     "hồ sơ năm " + str(year))
    plans = _plans_of_year(session, locality_code, year)
    task_sources = {s for s, n in names.items() if n.startswith("tasks.")}
    if task_sources:
        _task_measures(session, plans, year, as_of, task_sources, figures)
    for source, name in names.items():
        if name == "plan.issued_on_time":
            figures.measures[source] = _plan_measure(plans, year, sources[source], source)
        elif name == "reports.on_time_rate":
            figures.measures[source] = _report_measure(session, actor, locality_code, year, as_of, due_day, data_dir,
                                                       source)
    return figures
