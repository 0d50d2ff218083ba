"""Parent plans (the city's, the national ones), the links of a commune plan to them, and conformance.

- `import_parent_plan`: the city (a city reviewer of the province, or an administrator) publishes its plan
  once for all its communes; an administrator publishes a national one;
- `list_parent_plans`: the plans above a commune (its province's and the national ones);
  `all_parent_plans`: every one of them (administrators);
- `link_plan` / `unlink_plan`: a commune plan implements a parent plan;
- `decide_task_match`: the commune confirms or rejects a suggested answer to a parent task (stored);
- `plan_conformance`: the checks of one commune plan (`domain/conformance.py`);
- `conformance_by_commune`: the same for every commune of a province in a fixed number of queries, for
  the city view.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session, defer

from cchc.domain import conformance as rules
from cchc.domain.errors import InvalidInput, NotFound, PermissionDenied
from cchc.domain.statuses import PlanStatus, TaskStatus
from cchc.kernel.access import province_of
from cchc.kernel.actor import Actor, Role
from cchc.kernel.audit import now, record_event
from cchc.kernel.schedule import effective_due
from cchc.services.plans.importing import ALLOWED_SUFFIXES, extract_document, stage_file
from cchc.services.plans.rows import get_plan_row
from cchc.store.models import Indicator, Locality, Plan, Task
from cchc.store.models_conformance import ParentPlan, PlanLink, TaskMatchDecision

__all__ = [
    "CommuneConformance",
    "all_parent_plans",
    "ConformanceView",
    "ParentPlanView",
    "conformance_by_commune",
    "decide_task_match",
    "import_parent_plan",
    "link_plan",
    "list_parent_plans",
    "parent_content",
    "plan_conformance",
    "require_conformance_overview",
    "unlink_plan",
]

LEVELS = ("province", "national")


def _pd(value: Any) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


@dataclass(frozen=True)
class ParentPlanView:
    id: int
    level: str
    province_code: int | None
    number: str | None
    issued_on: date | None
    title: str | None
    issuer: str | None
    decision_number: str | None
    document_label: str
    target_count: int
    task_count: int

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id, "level": self.level, "province_code": self.province_code, "number": self.number,
            "issued_on": self.issued_on.isoformat() if self.issued_on else None, "title": self.title,
            "issuer": self.issuer, "decision_number": self.decision_number, "document": self.document_label,
            "target_count": self.target_count, "task_count": self.task_count,
        }


def _parent_view(p: ParentPlan) -> ParentPlanView:
    doc = p.document or {}
    return ParentPlanView(p.id, p.level, p.province_code, p.number, p.issued_on, p.title, p.issuer,
                          p.decision_number, rules.document_label(doc.get("plan")),
                          len(doc.get("indicators") or []), len(doc.get("tasks") or []))


def parent_content(p: ParentPlan) -> rules.ParentPlanContent:
    return rules.parent_from_json(p.document or {}, f"p{p.id}")


# ---------------------------------------------------------------- parent plans

def import_parent_plan(
    session: Session,
    actor: Actor,
    *,
    content: bytes,
    filename: str,
    level: str | None = None,
    province_code: int | None = None,
    data_dir: Path | None = None,
) -> ParentPlanView:
    """Store and read a plan issued above the commune; `level` and the province default to what the
    document's header says (`plan.level`, `plan.locality_code`), read when present."""
    suffix = Path(filename).suffix.lower()
    if suffix not in ALLOWED_SUFFIXES:
        raise InvalidInput(f"Không đọc được tệp {filename!r}: chỉ nhận {', '.join(sorted(ALLOWED_SUFFIXES))}.",
                           where="file")
    if not content:
        raise InvalidInput(f"Tệp {filename!r} rỗng.", where="file")
    stored = stage_file(session, content, filename, data_dir=data_dir)
    path, sha = stored.path, stored.sha256
    extracted = extract_document(stored.readable)
    raw = extracted.to_json()
    if suffix == ".json":  # keep the additive fields (level, decision, targets_by_year) the reader wrote
        import json

        raw = json.loads(stored.readable.read_text(encoding="utf-8"))
    header = raw.get("plan") or {}
    level = level or header.get("level") or ("province" if province_code else None)
    if level not in LEVELS:
        raise InvalidInput("Cấp ban hành phải là tỉnh/thành phố (province) hoặc trung ương (national).",
                           where="level")
    if level == "province":
        province_code = province_code or header.get("locality_code") or actor.province_code
        if province_code is None:
            raise InvalidInput("Chưa chọn tỉnh/thành phố ban hành kế hoạch.", where="province_code")
        if not (actor.is_admin or (actor.role is Role.CITY_REVIEWER and actor.province_code == province_code)):
            raise PermissionDenied("Chỉ cán bộ của tỉnh/thành phố (hoặc quản trị) được đăng kế hoạch của tỉnh/thành phố.")
    else:
        province_code = None
        actor.require_role([], "đăng kế hoạch của trung ương")
    decision = header.get("decision") if isinstance(header.get("decision"), dict) else {}
    period = header.get("period") or {}
    row = ParentPlan(
        level=level, province_code=province_code, number=header.get("number"),
        issued_on=_pd(header.get("issued_on")), title=header.get("title"), issuer=header.get("issuer"),
        decision_number=decision.get("number"), decision_issued_on=_pd(decision.get("issued_on")),
        period_start=_pd(period.get("from")), period_end=_pd(period.get("to")),
        source_name=unicodedata.normalize("NFC", Path(filename).name), source_sha256=sha, source_path=str(path),
        document=raw, created_by=actor.user_id, created_at=now(),
    )
    session.add(row)
    session.flush()
    view = _parent_view(row)
    record_event(session, actor, entity="parent_plan", entity_id=row.id, action="import", before=None,
                 after=view.to_json(), locality_code=None)
    return view


def _visible_parents(province_code: int | None):  # type: ignore[no-untyped-def]
    cond = ParentPlan.level == "national"
    if province_code is not None:
        cond = or_(cond, ParentPlan.province_code == province_code)
    return select(ParentPlan).where(cond).order_by(ParentPlan.issued_on.desc().nulls_last(), ParentPlan.id.desc())


def _actor_province(session: Session, actor: Actor) -> int | None:
    if actor.province_code is not None:
        return actor.province_code
    return province_of(session, actor.locality_code) if actor.locality_code is not None else None


def list_parent_plans(session: Session, actor: Actor, *, province_code: int | None = None) -> list[ParentPlanView]:
    """The plans above the actor's commune (or the given province, for an administrator): its province's
    and the national ones."""
    own = _actor_province(session, actor)
    if province_code is not None and province_code != own and not actor.is_admin:
        raise PermissionDenied("Bạn không có quyền xem kế hoạch của tỉnh/thành phố này.")
    code = province_code if province_code is not None else own
    return [_parent_view(p) for p in session.scalars(_visible_parents(code))]


def all_parent_plans(session: Session, actor: Actor) -> list[ParentPlanView]:
    """Every parent plan of every province and the national ones, newest first (administrators: the CLI)."""
    actor.require_role([], "xem kế hoạch cấp trên của mọi tỉnh/thành phố")
    query = select(ParentPlan).order_by(ParentPlan.issued_on.desc().nulls_last(), ParentPlan.id.desc())
    return [_parent_view(p) for p in session.scalars(query)]


def _parent_for(session: Session, plan: Plan, parent_plan_id: int) -> ParentPlan:
    parent = session.get(ParentPlan, parent_plan_id)
    if parent is None:
        raise NotFound(f"Không tìm thấy kế hoạch cấp trên #{parent_plan_id}.", where="parent_plan_id")
    if parent.level == "province" and parent.province_code != province_of(session, plan.locality_code):
        raise InvalidInput("Kế hoạch cấp trên này thuộc tỉnh/thành phố khác.", where="parent_plan_id")
    return parent


def link_plan(session: Session, actor: Actor, *, plan_id: int, parent_plan_id: int) -> ParentPlanView:
    """The commune's plan implements a parent plan (idempotent)."""
    plan = get_plan_row(session, actor, plan_id)
    actor.require_manage(plan.locality_code, "liên kết kế hoạch với kế hoạch cấp trên")
    parent = _parent_for(session, plan, parent_plan_id)
    existing = session.scalar(select(PlanLink).where(PlanLink.plan_id == plan_id,
                                                     PlanLink.parent_plan_id == parent_plan_id))
    if existing is None:
        link = PlanLink(plan_id=plan_id, parent_plan_id=parent_plan_id, created_by=actor.user_id, created_at=now())
        session.add(link)
        session.flush()
        record_event(session, actor, entity="plan_link", entity_id=link.id, action="create", before=None,
                     after={"plan_id": plan_id, "parent_plan_id": parent_plan_id}, locality_code=plan.locality_code)
    return _parent_view(parent)


def unlink_plan(session: Session, actor: Actor, *, plan_id: int, parent_plan_id: int) -> None:
    plan = get_plan_row(session, actor, plan_id)
    actor.require_manage(plan.locality_code, "bỏ liên kết với kế hoạch cấp trên")
    link = session.scalar(select(PlanLink).where(PlanLink.plan_id == plan_id,
                                                 PlanLink.parent_plan_id == parent_plan_id))
    if link is None:
        raise NotFound("Kế hoạch chưa liên kết với kế hoạch cấp trên này.", where="parent_plan_id")
    record_event(session, actor, entity="plan_link", entity_id=link.id, action="delete",
                 before={"plan_id": plan_id, "parent_plan_id": parent_plan_id}, after=None,
                 locality_code=plan.locality_code)
    session.delete(link)
    session.flush()


def decide_task_match(
    session: Session, actor: Actor, *, plan_id: int, parent_key: str, task_id: int, confirmed: bool
) -> dict[str, Any]:
    """Store the commune's answer to a suggested match: its task `task_id` answers (or not) the parent task."""
    plan = get_plan_row(session, actor, plan_id)
    actor.require_manage(plan.locality_code, "xác nhận nhiệm vụ tương ứng")
    try:
        parent_id = int(parent_key.split(":", 1)[0].lstrip("p"))
    except ValueError:
        raise InvalidInput(f"Mã nhiệm vụ cấp trên không hợp lệ: {parent_key!r}.", where="parent_key") from None
    _parent_for(session, plan, parent_id)
    task = session.get(Task, task_id)
    if task is None or task.plan_id != plan_id:
        raise NotFound(f"Không tìm thấy nhiệm vụ #{task_id} trong kế hoạch #{plan_id}.", where="task_id")
    row = session.scalar(select(TaskMatchDecision).where(
        TaskMatchDecision.plan_id == plan_id, TaskMatchDecision.parent_key == parent_key,
        TaskMatchDecision.task_id == task_id))
    before = {"confirmed": row.confirmed} if row else None
    if row is None:
        row = TaskMatchDecision(plan_id=plan_id, parent_plan_id=parent_id, parent_key=parent_key, task_id=task_id,
                                confirmed=confirmed, decided_by=actor.user_id, decided_at=now())
        session.add(row)
    else:
        row.confirmed, row.decided_by, row.decided_at = confirmed, actor.user_id, now()
    session.flush()
    after = {"plan_id": plan_id, "parent_key": parent_key, "task_id": task_id, "confirmed": confirmed}
    record_event(session, actor, entity="task_match", entity_id=row.id, action="confirm" if confirmed else "reject",
                 before=before, after=after, locality_code=plan.locality_code)
    return after


# ---------------------------------------------------------------- conformance

def _targets(rows: Iterable[Indicator]) -> list[rules.PlanTarget]:
    return [rules.PlanTarget(key=f"i{i.id}", name=i.name, comparator=i.comparator, target=i.target, unit=i.unit,
                             metric=i.metric, period_end=i.period_end, clause=i.ref) for i in rows]


def _tasks(rows: Iterable[Task]) -> list[rules.PlanTaskItem]:
    return [rules.PlanTaskItem(key=f"t{t.id}", text=t.task, ref=t.ref, due=effective_due(t) or t.due_on or t.end_on,
                               addressed=t.lead_raw) for t in rows if t.reported_status is not TaskStatus.CANCELLED]


def _year(plan: Plan) -> int | None:
    d = plan.period_end or plan.issued_on
    return d.year if d else None


def _evaluate(plan: Plan, parents: Sequence[ParentPlan], indicators: Sequence[Indicator], tasks: Sequence[Task],
              decisions: Sequence[TaskMatchDecision]) -> rules.ConformanceResult:
    decided = {(d.parent_key, f"t{d.task_id}"): d.confirmed for d in decisions}
    return rules.check_conformance([parent_content(p) for p in parents], _targets(indicators), _tasks(tasks),
                                   year=_year(plan), decisions=decided)


@dataclass(frozen=True)
class ConformanceView:
    plan_id: int
    plan_status: str
    linked: list[ParentPlanView]
    available: list[ParentPlanView]
    result: rules.ConformanceResult
    commune_items: dict[str, str] = field(default_factory=dict)  # "i12"/"t40" → "2. Tỷ lệ …"

    def to_json(self) -> dict[str, Any]:
        return {
            "plan_id": self.plan_id,
            "plan_status": self.plan_status,
            "linked": [p.to_json() for p in self.linked],
            "available": [p.to_json() for p in self.available],
            **self.result.to_json(),
            "commune_items": self.commune_items,
        }


def plan_conformance(session: Session, actor: Actor, *, plan_id: int) -> ConformanceView:
    """The checks of one commune plan against every parent plan it is linked to."""
    plan = get_plan_row(session, actor, plan_id)
    links = list(session.scalars(select(PlanLink.parent_plan_id).where(PlanLink.plan_id == plan_id)))
    parents = list(session.scalars(select(ParentPlan).where(ParentPlan.id.in_(links)).order_by(ParentPlan.id))) \
        if links else []
    indicators = list(session.scalars(select(Indicator).where(Indicator.plan_id == plan_id)
                                      .order_by(Indicator.position)))
    tasks = list(session.scalars(select(Task).where(Task.plan_id == plan_id).order_by(Task.position)))
    decisions = list(session.scalars(select(TaskMatchDecision).where(TaskMatchDecision.plan_id == plan_id)))
    province = province_of(session, plan.locality_code)
    available = [_parent_view(p) for p in session.scalars(_visible_parents(province)) if p.id not in links]
    items = {f"i{i.id}": f"{i.ref or ''} {i.name}".strip() for i in indicators}
    items.update({f"t{t.id}": f"{t.ref or ''} {t.task}".strip() for t in tasks})
    return ConformanceView(plan.id, plan.status.value, [_parent_view(p) for p in parents], available,
                           _evaluate(plan, parents, indicators, tasks, decisions), items)


@dataclass(frozen=True)
class CommuneConformance:
    locality_code: int
    name: str
    plan_id: int | None
    linked: int
    total: int
    passed: int
    failed: int
    pending: int
    failures: list[dict[str, Any]]

    def to_json(self) -> dict[str, Any]:
        return {
            "locality_code": self.locality_code, "name": self.name, "plan_id": self.plan_id, "linked": self.linked,
            "total": self.total, "passed": self.passed, "failed": self.failed, "pending": self.pending,
            "failures": self.failures,
        }


def require_conformance_overview(actor: Actor, province_code: int) -> None:
    """Who may read the conformance of every commune of a province: administrators and its city reviewers."""
    if not (actor.is_admin or (actor.role is Role.CITY_REVIEWER and actor.province_code == province_code)):
        raise PermissionDenied("Bạn không có quyền xem dữ liệu của tỉnh/thành phố này.")


def conformance_by_commune(session: Session, actor: Actor, province_code: int, *,
                           locality_codes: Sequence[int] | None = None) -> list[CommuneConformance]:
    """Conformance of every commune of a province with the plans above it, in six queries whatever the
    number of communes: the communes, their current plans with links, the parent plans, and the indicators,
    tasks and decisions of the plans linked to one of them. A commune's current plan is its newest plan that
    is not closed (its newest plan when all are closed). For the city view (`views/city.py` may call it).
    `locality_codes` narrows it to those communes of the province."""
    require_conformance_overview(actor, province_code)
    in_scope = Locality.province_code == province_code
    if locality_codes is not None:
        in_scope = and_(in_scope, Locality.code.in_([int(c) for c in locality_codes]))
    communes = list(session.execute(select(Locality.code, Locality.name).where(in_scope).order_by(Locality.name)))
    plans = list(session.execute(
        select(Plan, PlanLink.parent_plan_id)
        .join(Locality, Locality.code == Plan.locality_code)
        .outerjoin(PlanLink, PlanLink.plan_id == Plan.id)
        .where(in_scope)
        .options(defer(Plan.extraction))
    ))
    current: dict[int, Plan] = {}
    links: dict[int, set[int]] = defaultdict(set)
    for plan, parent_id in plans:
        if parent_id is not None:
            links[plan.id].add(parent_id)
        best = current.get(plan.locality_code)
        rank = (plan.status is not PlanStatus.CLOSED, plan.issued_on or date.min, plan.id)
        if best is None or rank > (best.status is not PlanStatus.CLOSED, best.issued_on or date.min, best.id):
            current[plan.locality_code] = plan
    parents = {p.id: p for p in session.scalars(_visible_parents(province_code))}
    # Only a plan linked to a visible parent is checked: the others' tasks are not read.
    ids = [p.id for p in current.values() if any(i in parents for i in links.get(p.id, ()))]
    inds: dict[int, list[Indicator]] = defaultdict(list)
    tasks: dict[int, list[Task]] = defaultdict(list)
    decs: dict[int, list[TaskMatchDecision]] = defaultdict(list)
    if ids:
        for i in session.scalars(select(Indicator).where(Indicator.plan_id.in_(ids)).order_by(Indicator.position)):
            inds[i.plan_id].append(i)
        for t in session.scalars(select(Task).where(Task.plan_id.in_(ids)).order_by(Task.position)):
            tasks[t.plan_id].append(t)
        for d in session.scalars(select(TaskMatchDecision).where(TaskMatchDecision.plan_id.in_(ids))):
            decs[d.plan_id].append(d)
    out = []
    for code, name in communes:
        plan = current.get(code)
        linked = [parents[i] for i in sorted(links.get(plan.id, ())) if i in parents] if plan else []
        if plan is None or not linked:
            out.append(CommuneConformance(code, name, plan.id if plan else None, 0, 0, 0, 0, 0, []))
            continue
        result = _evaluate(plan, linked, inds[plan.id], tasks[plan.id], decs[plan.id])
        out.append(CommuneConformance(
            code, name, plan.id, len(linked), len(result.checks), result.passed, len(result.failed),
            len(result.pending),
            [{"kind": c.kind, "document": c.document, "clause": c.clause, "message_vi": c.message_vi}
             for c in result.failed]))
    return out
