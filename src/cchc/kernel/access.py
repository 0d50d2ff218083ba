"""Shared permission checks: who may write to a task, and the province a commune answers to."""

from __future__ import annotations

from sqlalchemy.orm import Session

from cchc.domain.errors import PermissionDenied
from cchc.kernel.actor import Actor, Role
from cchc.store.localities import LocalityRepository
from cchc.store.models import Plan, Task

__all__ = ["overview_provinces", "province_of", "require_province_overview", "require_task_writer"]

_OVERVIEW_DENIED = "Chỉ Sở Nội vụ của tỉnh/thành phố, Bộ Nội vụ (hoặc quản trị viên) xem được tổng hợp này."


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


def province_of(session: Session, locality_code: int) -> int | None:
    """The province code of a commune, for scope checks (None when the commune is unknown)."""
    loc = LocalityRepository(session).locality(locality_code)
    return loc.province_code if loc else None


def overview_provinces(actor: Actor) -> frozenset[int] | None:
    """The provinces whose overviews the actor may open: None for every one (admin, ministry reviewer).

    A city reviewer opens their own province only; commune users open none (`PermissionDenied`).
    """
    if actor.role in (Role.ADMIN, Role.MINISTRY_REVIEWER):
        return None
    if actor.role is Role.CITY_REVIEWER and actor.province_code is not None:
        return frozenset({actor.province_code})
    raise PermissionDenied(_OVERVIEW_DENIED)


def require_province_overview(actor: Actor, province_code: int) -> None:
    """The city overview of `province_code`: its city reviewer, the ministry reviewer or an admin."""
    scope = overview_provinces(actor)
    if scope is not None and province_code not in scope:
        raise PermissionDenied(_OVERVIEW_DENIED)
