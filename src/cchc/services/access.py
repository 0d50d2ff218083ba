"""Who may write to a task: the check shared by the task, progress and extension use cases."""

from __future__ import annotations

from cchc.domain.errors import PermissionDenied
from cchc.services.actor import Actor, Role
from cchc.store.models import Plan, Task

__all__ = ["require_task_writer"]


def require_task_writer(actor: Actor, task: Task, plan: Plan, *, lead_only: bool = False) -> None:
    """A unit officer writes only to tasks of their unit (lead, or coordinator unless `lead_only`)."""
    if actor.role is Role.ADMIN:
        return
    if actor.role is Role.STANDING_OFFICE and actor.locality_code == plan.locality_code:
        return
    if actor.role is Role.UNIT_OFFICER and actor.locality_code == plan.locality_code:
        mine = [u for u in task.units if u.unit_id == actor.unit_id and (u.lead or not lead_only)]
        if mine:
            return
        raise PermissionDenied(
            "Đơn vị của bạn không chủ trì"
            + ("" if lead_only else " hoặc phối hợp")
            + f" nhiệm vụ #{task.id}, không được cập nhật."
        )
    raise PermissionDenied("Vai trò của bạn không được cập nhật nhiệm vụ này.")
