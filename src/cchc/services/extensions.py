"""Deadline extensions: at most two per task, approved or refused by a leader."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from cchc.domain.errors import InvalidInput, NotFound, PermissionDenied
from cchc.domain.statuses import PlanStatus
from cchc.domain.value_rules import check_extension_date
from cchc.kernel.access import require_task_writer
from cchc.kernel.actor import Actor, Role
from cchc.kernel.audit import now, record_event
from cchc.kernel.schedule import recompute_due
from cchc.kernel.validation import clean_text, parse_date
from cchc.notify.events import notify_extension_decided
from cchc.services.plans import flush, get_task_row, save_task_change, task_view, units_by_id
from cchc.services.task_views import ExtensionView, extension_view
from cchc.store.localities import LocalityRepository
from cchc.store.models import ExtensionRequest, ExtensionStatus
from cchc.store.progress import ProgressRepository

__all__ = ["MAX_EXTENSIONS", "ExtensionView", "decide_extension", "list_extensions", "request_extension"]

MAX_EXTENSIONS = 2


def request_extension(
    session: Session, actor: Actor, *, task_id: int, new_due_on: date | str, reason: str,
    today: date | None = None,
) -> ExtensionView:
    """Ask for a later due date (lead unit or standing office); a task gets at most two."""
    task, plan = get_task_row(session, actor, task_id)
    require_task_writer(actor, task, plan, lead_only=True)
    if plan.status is not PlanStatus.PUBLISHED:
        raise InvalidInput("Chỉ xin gia hạn được trên kế hoạch đã ban hành.", where="plan")
    repo = ProgressRepository(session)
    if repo.count_extensions(task.id) >= MAX_EXTENSIONS:
        raise InvalidInput(
            f"Nhiệm vụ #{task.id} đã được gia hạn hoặc đang xin gia hạn {MAX_EXTENSIONS} lần; "
            "không được xin thêm.",
            where="new_due_on",
        )
    if any(e.status is ExtensionStatus.PENDING for e in repo.extensions(task_id=task.id)):
        raise InvalidInput("Đang có một đề nghị gia hạn chờ duyệt cho nhiệm vụ này.", where="new_due_on")
    new_due = parse_date(new_due_on, "new_due_on", required=True)
    assert new_due is not None
    check_extension_date(new_due, today=today or date.today(), current_due=task.computed_due)
    text = clean_text(reason, "reason", required=True)
    assert text is not None
    row = ExtensionRequest(
        task_id=task.id,
        old_due_on=task.computed_due,
        new_due_on=new_due,
        reason=text,
        status=ExtensionStatus.PENDING,
        requested_by=actor.user_id,
        requested_at=now(),
    )
    repo.add(row)
    view = extension_view(row)
    record_event(
        session,
        actor,
        entity="extension",
        entity_id=row.id,
        action="request",
        before=None,
        after=view.to_json(),
        locality_code=plan.locality_code,
    )
    return view


def decide_extension(
    session: Session, actor: Actor, *, extension_id: int, approve: bool, comment: str | None = None
) -> ExtensionView:
    """Approve (the task's due date moves) or refuse an extension request (leader)."""
    repo = ProgressRepository(session)
    row = repo.extension(extension_id)
    if row is None:
        raise NotFound(f"Không tìm thấy đề nghị gia hạn #{extension_id}.", where="extension_id")
    task, plan = get_task_row(session, actor, row.task_id)
    if not (actor.is_admin or (actor.role is Role.LEADER and actor.locality_code == plan.locality_code)):
        raise PermissionDenied("Chỉ lãnh đạo UBND xã/phường được duyệt gia hạn.")
    if row.status is not ExtensionStatus.PENDING:
        raise InvalidInput("Đề nghị gia hạn này đã được xử lý.", where="status")
    note = clean_text(comment, "comment", required=not approve)
    before = extension_view(row).to_json()
    row.status = ExtensionStatus.APPROVED if approve else ExtensionStatus.REFUSED
    row.decided_by, row.decided_at, row.comment = actor.user_id, now(), note
    flush(session, "Đề nghị gia hạn")
    view = extension_view(row)
    record_event(
        session,
        actor,
        entity="extension",
        entity_id=row.id,
        action="approve" if approve else "refuse",
        before=before,
        after=view.to_json(),
        locality_code=plan.locality_code,
    )
    if approve:
        units = units_by_id(session, plan.locality_code)
        task_before = task_view(task, units).to_json()
        recompute_due(task, repo.triggers(task.id), repo.extensions(task_id=task.id))
        save_task_change(session, actor, task, plan, units, action="extend", before=task_before)
    notify_extension_decided(session, actor, extension=row, task=task, plan=plan)
    return view


def list_extensions(
    session: Session,
    actor: Actor,
    *,
    task_id: int | None = None,
    locality_code: int | None = None,
    pending_only: bool = False,
) -> list[ExtensionView]:
    """Extension requests of a task or of a commune."""
    repo = ProgressRepository(session)
    if task_id is not None:
        get_task_row(session, actor, task_id)
        return [extension_view(e) for e in repo.extensions(task_id=task_id, pending_only=pending_only)]
    code = locality_code if locality_code is not None else actor.locality_code
    if code is None:
        if not actor.is_admin:
            raise InvalidInput("Chọn xã/phường.", where="locality_code")
        return [extension_view(e) for e in repo.extensions(pending_only=pending_only)]
    loc = LocalityRepository(session).locality(code)
    if loc is None:
        raise NotFound(f"Không tìm thấy xã/phường có mã {code}.", where="locality_code")
    actor.require_read(loc.code, loc.province_code)
    return [extension_view(e) for e in repo.extensions(locality_codes=[code], pending_only=pending_only)]
