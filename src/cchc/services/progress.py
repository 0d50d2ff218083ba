"""Progress reports per task, period and unit; coordinating units' contributions; review."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from cchc.domain.errors import InvalidInput, NotFound, PermissionDenied
from cchc.domain.periods import Period
from cchc.domain.statuses import PlanStatus, ReviewStatus, TaskStatus
from cchc.domain.value_rules import check_not_own_report
from cchc.kernel.access import require_task_writer
from cchc.kernel.actor import Actor, Role
from cchc.kernel.audit import audit_row, now, record_event, record_events
from cchc.kernel.validation import clean_int, clean_text, parse_date
from cchc.notify.events import notify_progress_reviewed
from cchc.services.plans import (
    check_version,
    flush,
    get_plan_row,
    get_task_row,
    stage_file,
    task_row_for_write,
    task_view,
    units_by_id,
)
from cchc.services.task_views import ContributionView, ReportView, contribution_view, report_view
from cchc.store.localities import LocalityRepository
from cchc.store.models import Contribution, Plan, ProgressReport, Task, Unit
from cchc.store.progress import ProgressRepository

__all__ = [
    "ContributionView",
    "ReportView",
    "add_contribution",
    "evidence_path",
    "get_report",
    "list_reports",
    "review_progress",
    "submit_progress",
]

_REPORTABLE = {TaskStatus.NOT_STARTED, TaskStatus.IN_PROGRESS, TaskStatus.DONE, TaskStatus.PAUSED}


def _period(value: str) -> Period:
    if not value or not str(value).strip():
        raise InvalidInput('Trường "Kỳ báo cáo" không được để trống.', where="period")
    try:
        return Period.parse(str(value))
    except InvalidInput as exc:
        raise InvalidInput(exc.message, where="period") from None


def _unit_for(actor: Actor, task: Task, unit_id: int | None, *, lead: bool) -> int:
    if actor.role is Role.UNIT_OFFICER:
        if unit_id is not None and unit_id != actor.unit_id:
            raise PermissionDenied("Cán bộ đơn vị chỉ báo cáo thay cho đơn vị mình.")
        unit_id = actor.unit_id
    if unit_id is None:
        leads = [u.unit_id for u in task.units if u.lead]
        if lead and len(leads) == 1:
            return leads[0]
        raise InvalidInput("Chọn đơn vị báo cáo.", where="unit_id")
    if not any(u.unit_id == unit_id and (u.lead or not lead) for u in task.units):
        what = "chủ trì" if lead else "chủ trì hoặc phối hợp"
        raise PermissionDenied(f"Đơn vị #{unit_id} không {what} nhiệm vụ #{task.id}.")
    return unit_id


def _locks_rows(session: Session) -> bool:
    """Whether the database takes row locks (PostgreSQL); SQLite's write transaction locks the whole file."""
    return session.get_bind().dialect.name != "sqlite"


def _lock_task(session: Session, task: Task) -> None:
    """Serialise writes that move this task's reported status (PostgreSQL: row lock until commit).

    Lead units reporting on one task at once would otherwise both read version N of the task and the
    second UPDATE would fail as a concurrent edit (409) although nobody edited the task. Reloads the
    task under `SELECT … FOR UPDATE`, so it is the committed version. SQLite needs nothing: a write
    transaction there holds the database's write lock from its start (`BEGIN IMMEDIATE`).
    """
    if _locks_rows(session):
        session.refresh(task, with_for_update=True)


def refresh_task_status(session: Session, task: Task, reports: Sequence[ProgressReport] | None = None) -> None:
    """The task's reported status from the latest non-returned report of each lead unit.

    `reports`: every report on the task as the transaction holds them (read again when not given).
    """
    if task.reported_status is TaskStatus.CANCELLED:
        return
    if reports is None:
        reports = ProgressRepository(session).reports(task_ids=[task.id])
    leads = [u.unit_id for u in task.units if u.lead]
    latest: dict[int, ProgressReport] = {}
    for r in sorted(reports, key=lambda r: (Period.parse(r.period).end, r.id)):
        if r.review_status is not ReviewStatus.RETURNED and r.unit_id in leads:
            latest[r.unit_id] = r
    if not latest:
        return
    statuses = [r.status for r in latest.values()]
    if len(latest) == len(leads) and all(s is TaskStatus.DONE for s in statuses):
        status = TaskStatus.DONE
        done_on = max((r.done_on for r in latest.values() if r.done_on), default=None)
    elif any(s in (TaskStatus.IN_PROGRESS, TaskStatus.DONE) for s in statuses):
        status, done_on = TaskStatus.IN_PROGRESS, None
    elif any(s is TaskStatus.PAUSED for s in statuses):
        status, done_on = TaskStatus.PAUSED, None
    else:
        status, done_on = TaskStatus.NOT_STARTED, None
    percent = round(sum(r.percent for r in latest.values()) / len(leads))
    if (task.reported_status, task.done_on, task.percent) != (status, done_on, percent):
        task.reported_status, task.done_on, task.percent = status, done_on, percent


def submit_progress(
    session: Session,
    actor: Actor,
    *,
    task_id: int,
    period: str,
    status: TaskStatus | str,
    percent: int | str,
    results: str,
    unit_id: int | None = None,
    difficulties: str | None = None,
    proposals: str | None = None,
    done_on: date | str | None = None,
    evidence_number: str | None = None,
    evidence_date: date | str | None = None,
    evidence_file: tuple[str, bytes] | None = None,
    version: int | None = None,
    data_dir: Path | None = None,
) -> ReportView:
    """Submit (or resubmit) a lead unit's progress report on a task for a period.

    Six statements on a first submission: the task with its plan, province and units (under the
    task's row lock on PostgreSQL, see `_lock_task`); the task's reports; the report's INSERT; the
    task's UPDATE when its reported status moves; both audit events in one INSERT; and, at commit,
    the cache generation.
    """
    task, plan, units = task_row_for_write(session, actor, task_id, lock=_locks_rows(session))
    require_task_writer(actor, task, plan, lead_only=True)
    if plan.status is not PlanStatus.PUBLISHED:
        raise InvalidInput("Chỉ báo cáo được trên kế hoạch đã ban hành.", where="plan")
    per = _period(period)
    uid = _unit_for(actor, task, unit_id, lead=True)
    try:
        st = TaskStatus(status)
    except ValueError:
        raise InvalidInput(f"Trạng thái không hợp lệ: {status!r}.", where="status") from None
    if st not in _REPORTABLE:
        raise InvalidInput(
            f'Không báo cáo trạng thái "{st.value}": quá hạn/hoàn thành muộn được tính tự động; hủy do '
            "bộ phận thường trực quyết định.",
            where="status",
        )
    pct = clean_int(percent, "percent", required=True, lo=0, hi=100)
    assert pct is not None
    text = clean_text(results, "results", required=True)
    assert text is not None
    finished = parse_date(done_on, "done_on")
    if st is TaskStatus.DONE:
        pct = 100
        if finished is None:
            raise InvalidInput('Nhiệm vụ hoàn thành cần "Ngày hoàn thành".', where="done_on")
    else:
        finished = None
    ev_date = parse_date(evidence_date, "evidence_date")
    ev_number = clean_text(evidence_number, "evidence_number", max_length=100)
    if evidence_file is not None and not evidence_file[1]:
        raise InvalidInput(f"Tệp minh chứng {evidence_file[0]!r} rỗng.", where="evidence_file")
    repo = ProgressRepository(session)
    # Every report on the task, read once (after the lock): the one being resubmitted is among them,
    # and the task's status is computed from them without reading them again after the write.
    reports = repo.reports_of_task(task.id)
    report = next((r for r in reports if r.period == per.code and r.unit_id == uid), None)
    before = None
    if report is not None:
        check_version(
            report.version, version, "Báo cáo tiến độ", lambda: report_view(report, units).to_json()
        )
        if report.review_status is ReviewStatus.ACCEPTED:
            raise InvalidInput(
                f"Báo cáo kỳ {per.code} của đơn vị đã được chấp nhận, không gửi lại được.", where="period"
            )
        before = report_view(report, units).to_json()
    else:
        report = ProgressReport(task_id=task.id, period=per.code, unit_id=uid)
    report.status = st
    report.percent = pct
    report.results = text
    report.difficulties = clean_text(difficulties, "difficulties")
    report.proposals = clean_text(proposals, "proposals")
    report.done_on = finished
    report.evidence_number = ev_number
    report.evidence_date = ev_date
    if evidence_file is not None:
        # Kept only once the report is accepted for writing (a stale version stores nothing).
        stored = stage_file(session, evidence_file[1], evidence_file[0], data_dir=data_dir)
        report.evidence_file, report.evidence_sha256 = str(stored.path), stored.sha256
    report.submitted_by = actor.user_id
    report.submitted_at = now()
    report.review_status = ReviewStatus.SUBMITTED
    report.review_comment = report.reviewed_by = report.reviewed_at = None
    if before is None:
        session.add(report)
        reports.append(report)
    flush(session, "Báo cáo tiến độ")
    view = report_view(report, units)
    events = [
        audit_row(
            actor,
            entity="progress_report",
            entity_id=report.id,
            action="submit" if before is None else "resubmit",
            before=before,
            after=view.to_json(),
            locality_code=plan.locality_code,
        )
    ]
    task_event = _refresh_task(session, actor, task, plan, units, reports)
    if task_event is not None:
        events.append(task_event)
    record_events(session, events)
    return view


def _refresh_task(
    session: Session,
    actor: Actor,
    task: Task,
    plan: Plan,
    units: dict[int, Unit],
    reports: Sequence[ProgressReport] | None = None,
) -> dict[str, Any] | None:
    """Move the task's reported status after a report changed; its audit event (None when it did not move)."""
    before = task_view(task, units).to_json()
    refresh_task_status(session, task, reports)
    if not session.is_modified(task):
        return None
    flush(session, "Nhiệm vụ")
    return audit_row(
        actor,
        entity="task",
        entity_id=task.id,
        action="progress",
        before=before,
        after=task_view(task, units).to_json(),
        locality_code=plan.locality_code,
    )


def _refresh_and_audit(
    session: Session, actor: Actor, task: Task, plan: Plan, units: dict[int, Unit]
) -> None:
    event = _refresh_task(session, actor, task, plan, units)
    if event is not None:
        record_events(session, [event])


def add_contribution(
    session: Session,
    actor: Actor,
    *,
    task_id: int,
    period: str,
    text: str,
    unit_id: int | None = None,
    evidence_number: str | None = None,
    evidence_date: date | str | None = None,
) -> ContributionView:
    """A coordinating unit's contribution to a task in a period."""
    task, plan = get_task_row(session, actor, task_id)
    require_task_writer(actor, task, plan)
    if plan.status is not PlanStatus.PUBLISHED:
        raise InvalidInput("Chỉ báo cáo được trên kế hoạch đã ban hành.", where="plan")
    per = _period(period)
    uid = _unit_for(actor, task, unit_id, lead=False)
    body = clean_text(text, "text", required=True)
    assert body is not None
    row = Contribution(
        task_id=task.id,
        period=per.code,
        unit_id=uid,
        text=body,
        evidence_number=clean_text(evidence_number, "evidence_number", max_length=100),
        evidence_date=parse_date(evidence_date, "evidence_date"),
        submitted_by=actor.user_id,
        submitted_at=now(),
    )
    ProgressRepository(session).add(row)
    view = contribution_view(row, units_by_id(session, plan.locality_code))
    record_event(
        session,
        actor,
        entity="contribution",
        entity_id=row.id,
        action="create",
        before=None,
        after=view.to_json(),
        locality_code=plan.locality_code,
    )
    return view


def _report_row(session: Session, actor: Actor, report_id: int) -> tuple[ProgressReport, Task, Plan]:
    report = ProgressRepository(session).report(report_id)
    if report is None:
        raise NotFound(f"Không tìm thấy báo cáo #{report_id}.", where="report_id")
    task, plan = get_task_row(session, actor, report.task_id)
    if actor.role is Role.UNIT_OFFICER and not any(u.unit_id == actor.unit_id for u in task.units):
        raise PermissionDenied("Báo cáo này không thuộc nhiệm vụ của đơn vị bạn.")
    return report, task, plan


def review_progress(
    session: Session,
    actor: Actor,
    *,
    report_id: int,
    version: int,
    decision: ReviewStatus | str,
    comment: str | None = None,
) -> ReportView:
    """Accept or return a report (standing office or leader of the commune)."""
    report, task, plan = _report_row(session, actor, report_id)
    if not (
        actor.is_admin
        or (actor.role in (Role.STANDING_OFFICE, Role.LEADER) and actor.locality_code == plan.locality_code)
    ):
        raise PermissionDenied("Chỉ bộ phận thường trực hoặc lãnh đạo xã/phường được duyệt báo cáo.")
    try:
        dec = ReviewStatus(decision)
    except ValueError:
        raise InvalidInput(
            f"Quyết định không hợp lệ: {decision!r} (accepted, returned).", where="decision"
        ) from None
    if dec is ReviewStatus.SUBMITTED:
        raise InvalidInput(
            "Quyết định phải là chấp nhận (accepted) hoặc trả lại (returned).", where="decision"
        )
    _lock_task(session, task)
    units = units_by_id(session, plan.locality_code)
    check_version(report.version, version, "Báo cáo tiến độ", lambda: report_view(report, units).to_json())
    if report.review_status is not ReviewStatus.SUBMITTED:
        raise InvalidInput("Báo cáo này đã được duyệt.", where="review_status")
    check_not_own_report(reviewer_id=actor.user_id, submitted_by=report.submitted_by)
    note = clean_text(comment, "comment", required=dec is ReviewStatus.RETURNED)
    before = report_view(report, units).to_json()
    report.review_status = dec
    report.review_comment = note
    report.reviewed_by = actor.user_id
    report.reviewed_at = now()
    flush(session, "Báo cáo tiến độ")
    view = report_view(report, units)
    record_event(
        session,
        actor,
        entity="progress_report",
        entity_id=report.id,
        action=f"review_{dec.value}",
        before=before,
        after=view.to_json(),
        locality_code=plan.locality_code,
    )
    _refresh_and_audit(session, actor, task, plan, units)
    notify_progress_reviewed(session, actor, report=report, task=task, plan=plan, units=units)
    return view


def list_reports(
    session: Session,
    actor: Actor,
    *,
    plan_id: int | None = None,
    task_id: int | None = None,
    period: str | None = None,
    unit_id: int | None = None,
    review_status: ReviewStatus | None = None,
) -> list[ReportView]:
    """Reports the actor may see (all filters optional)."""
    codes: Sequence[int] | None
    if plan_id is not None:
        codes = [get_plan_row(session, actor, plan_id).locality_code]
    elif actor.is_admin:
        codes = None
    elif actor.role is Role.CITY_REVIEWER:
        codes = [
            loc.code
            for loc in LocalityRepository(session).localities(province_code=actor.province_code, limit=10000)
        ]
    else:
        codes = [actor.locality_code] if actor.locality_code is not None else []
    task_ids = None
    if task_id is not None:
        get_task_row(session, actor, task_id)
        task_ids = [task_id]
    if actor.role is Role.UNIT_OFFICER:
        if unit_id is not None and unit_id != actor.unit_id:
            raise PermissionDenied("Cán bộ đơn vị chỉ xem báo cáo của đơn vị mình.")
        unit_id = actor.unit_id
    per = _period(period).code if period else None
    rows = ProgressRepository(session).reports(
        plan_id=plan_id,
        task_ids=task_ids,
        period=per,
        unit_id=unit_id,
        review_status=ReviewStatus(review_status) if review_status else None,
        locality_codes=codes,
    )
    units: dict[int, Unit] = {
        u.id: u for u in LocalityRepository(session).units_by_ids(list({r.unit_id for r in rows}))
    }
    return [report_view(r, units) for r in rows]


def get_report(session: Session, actor: Actor, *, report_id: int) -> ReportView:
    """One progress report."""
    report, _, plan = _report_row(session, actor, report_id)
    return report_view(report, units_by_id(session, plan.locality_code))


def evidence_path(session: Session, actor: Actor, *, report_id: int) -> Path:
    """The stored evidence file of a report (permission-checked) for download."""
    report, _, _ = _report_row(session, actor, report_id)
    if not report.evidence_file or not Path(report.evidence_file).exists():
        raise NotFound("Báo cáo này không có tệp minh chứng.", where="evidence_file")
    return Path(report.evidence_file)
