"""Reading plans: the plans an actor may see, and one plan with its tasks and indicators."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from cchc.domain.statuses import PlanStatus
from cchc.kernel.actor import Actor
from cchc.services.plans.rows import get_plan_row
from cchc.services.plans.views import PlanSummary, PlanView, plan_view, summary_kwargs
from cchc.store.localities import LocalityRepository
from cchc.store.plans import PlanRepository

# ---------------------------------------------------------------- reading


def list_plans(
    session: Session, actor: Actor, *, locality_code: int | None = None, status: PlanStatus | None = None
) -> list[PlanSummary]:
    """Plans the actor may see (one commune, or a province for a city reviewer)."""
    from cchc.kernel.access import province_of

    repo = PlanRepository(session)
    if locality_code is not None:
        actor.require_read(locality_code, province_of(session, locality_code))
        codes: list[int] | None = [locality_code]
    elif actor.is_admin:
        codes = None
    elif actor.province_code is not None and actor.locality_code is None:
        codes = [
            loc.code
            for loc in LocalityRepository(session).localities(province_code=actor.province_code, limit=10000)
        ]
    else:
        codes = [actor.locality_code] if actor.locality_code is not None else []
    plans = repo.list(locality_codes=codes, status=status)
    counts = repo.counts([p.id for p in plans]) if plans else {}
    return [PlanSummary(**summary_kwargs(p, counts.get(p.id, (0, 0)))) for p in plans]


def get_plan(session: Session, actor: Actor, *, plan_id: int, today: date | None = None) -> PlanView:
    """A plan with its tasks and indicators."""
    return plan_view(session, get_plan_row(session, actor, plan_id), today=today)
