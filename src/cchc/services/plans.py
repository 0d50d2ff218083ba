"""Plans: import a document into a draft, review and edit it, re-extract, publish, close."""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import inspect
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified
from sqlalchemy.orm.exc import StaleDataError

from cchc.domain import plan as dp
from cchc.domain.areas import Area
from cchc.domain.errors import Conflict, InvalidInput, NotFound, ToolMissing
from cchc.domain.metrics import MetricCode
from cchc.domain.statuses import PlanStatus, TaskStatus
from cchc.domain.units import UnitKind
from cchc.services.actor import Actor
from cchc.services.audit import now, record_event
from cchc.services.errors import StaleVersion
from cchc.services.localities import ensure_default_units
from cchc.services.schedule import compute_status, effective_due, recompute_due
from cchc.services.validation import clean_int, clean_number, clean_text, label, parse_date
from cchc.settings import get_settings
from cchc.store.localities import LocalityRepository
from cchc.store.models import Indicator, IndicatorUnit, Plan, PlanKind, Task, TaskUnit, Unit
from cchc.store.plans import PlanRepository
from cchc.store.progress import ProgressRepository

__all__ = [
    "IndicatorView",
    "PlanDiff",
    "PlanKind",
    "PlanSummary",
    "PlanView",
    "TaskView",
    "UnitLink",
    "add_indicator",
    "add_task",
    "close_plan",
    "delete_indicator",
    "delete_task",
    "get_plan",
    "import_plan",
    "list_plans",
    "merge_tasks",
    "plan_source_text",
    "publish_plan",
    "reextract_plan",
    "split_task",
    "update_indicator",
    "update_plan",
    "update_task",
]

ALLOWED_SUFFIXES = {".docx", ".doc", ".pdf", ".txt", ".json", ".png", ".jpg", ".jpeg", ".tif", ".tiff"}


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


# ---------------------------------------------------------------- views


@dataclass(frozen=True)
class UnitLink:
    unit_id: int
    name: str
    kind: UnitKind

    def to_json(self) -> dict[str, Any]:
        return {"unit_id": self.unit_id, "name": self.name, "kind": self.kind.value}


@dataclass(frozen=True)
class TaskView:
    id: int
    plan_id: int
    parent_id: int | None
    ref: str | None
    area: Area
    objective: str | None
    task: str
    activity: str | None
    output: str | None
    funding: str | None
    lead: list[UnitLink]
    support: list[UnitLink]
    lead_raw: str | None
    support_raw: str | None
    timeline_kind: str
    timeline_raw: str | None
    start_on: date | None
    end_on: date | None
    due_on: date | None
    every: str | None
    offset_days: int | None
    trigger_on: date | None
    computed_due: date | None
    status: TaskStatus
    reported_status: TaskStatus
    status_reason: str | None
    percent: int
    done_on: date | None
    version: int

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "plan_id": self.plan_id,
            "parent_id": self.parent_id,
            "ref": self.ref,
            "area": self.area.value,
            "objective": self.objective,
            "task": self.task,
            "activity": self.activity,
            "output": self.output,
            "funding": self.funding,
            "lead": [u.to_json() for u in self.lead],
            "support": [u.to_json() for u in self.support],
            "lead_raw": self.lead_raw,
            "support_raw": self.support_raw,
            "timeline_kind": self.timeline_kind,
            "timeline_raw": self.timeline_raw,
            "start_on": _iso(self.start_on),
            "end_on": _iso(self.end_on),
            "due_on": _iso(self.due_on),
            "every": self.every,
            "offset_days": self.offset_days,
            "trigger_on": _iso(self.trigger_on),
            "computed_due": _iso(self.computed_due),
            "status": self.status.value,
            "reported_status": self.reported_status.value,
            "status_reason": self.status_reason,
            "percent": self.percent,
            "done_on": _iso(self.done_on),
            "version": self.version,
        }


@dataclass(frozen=True)
class IndicatorView:
    id: int
    plan_id: int
    ref: str | None
    name: str
    unit: str | None
    comparator: str
    target: float
    period_start: date | None
    period_end: date | None
    metric: str | None
    responsible: list[UnitLink]
    version: int

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "plan_id": self.plan_id,
            "ref": self.ref,
            "name": self.name,
            "unit": self.unit,
            "comparator": self.comparator,
            "target": self.target,
            "period_start": _iso(self.period_start),
            "period_end": _iso(self.period_end),
            "metric": self.metric,
            "responsible": [u.to_json() for u in self.responsible],
            "version": self.version,
        }


@dataclass(frozen=True)
class PlanSummary:
    id: int
    locality_code: int
    number: str | None
    issued_on: date | None
    title: str | None
    kind: PlanKind
    status: PlanStatus
    period_start: date | None
    period_end: date | None
    task_count: int
    indicator_count: int
    version: int

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "locality_code": self.locality_code,
            "number": self.number,
            "issued_on": _iso(self.issued_on),
            "title": self.title,
            "kind": self.kind.value,
            "status": self.status.value,
            "period_start": _iso(self.period_start),
            "period_end": _iso(self.period_end),
            "task_count": self.task_count,
            "indicator_count": self.indicator_count,
            "version": self.version,
        }


@dataclass(frozen=True)
class PlanView(PlanSummary):
    issuer: str | None = None
    source_name: str | None = None
    source_sha256: str | None = None
    published_at: datetime | None = None
    tasks: list[TaskView] = field(default_factory=list)
    indicators: list[IndicatorView] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        data = super().to_json()
        data.update(
            {
                "issuer": self.issuer,
                "source_name": self.source_name,
                "source_sha256": self.source_sha256,
                "published_at": self.published_at.isoformat() if self.published_at else None,
                "tasks": [t.to_json() for t in self.tasks],
                "indicators": [i.to_json() for i in self.indicators],
            }
        )
        return data


@dataclass(frozen=True)
class PlanDiff:
    plan_changes: dict[str, tuple[Any, Any]]
    added_tasks: list[dict[str, Any]]
    removed_tasks: list[dict[str, Any]]
    changed_tasks: list[dict[str, Any]]  # {"ref", "task", "fields": {name: [old, new]}}
    added_indicators: list[dict[str, Any]]
    removed_indicators: list[dict[str, Any]]
    changed_indicators: list[dict[str, Any]]
    applied: bool = False

    @property
    def empty(self) -> bool:
        return not (
            self.plan_changes
            or self.added_tasks
            or self.removed_tasks
            or self.changed_tasks
            or self.added_indicators
            or self.removed_indicators
            or self.changed_indicators
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "plan_changes": {k: list(v) for k, v in self.plan_changes.items()},
            "added_tasks": self.added_tasks,
            "removed_tasks": self.removed_tasks,
            "changed_tasks": self.changed_tasks,
            "added_indicators": self.added_indicators,
            "removed_indicators": self.removed_indicators,
            "changed_indicators": self.changed_indicators,
            "applied": self.applied,
            "empty": self.empty,
        }


# ---------------------------------------------------------------- builders


def _links(
    links: Sequence[TaskUnit] | Sequence[IndicatorUnit], units: dict[int, Unit], lead: bool | None
) -> list[UnitLink]:
    out = []
    for link in links:
        if lead is not None and getattr(link, "lead", None) is not lead:
            continue
        unit = units.get(link.unit_id)
        if unit is not None:
            out.append(UnitLink(unit.id, unit.name, unit.kind))
    return out


def units_by_id(session: Session, locality_code: int) -> dict[int, Unit]:
    return {u.id: u for u in LocalityRepository(session).units(locality_code)}


def task_view(task: Task, units: dict[int, Unit], today: date | None = None) -> TaskView:
    return TaskView(
        id=task.id,
        plan_id=task.plan_id,
        parent_id=task.parent_id,
        ref=task.ref,
        area=task.area,
        objective=task.objective,
        task=task.task,
        activity=task.activity,
        output=task.output,
        funding=task.funding,
        lead=_links(task.units, units, True),
        support=_links(task.units, units, False),
        lead_raw=task.lead_raw,
        support_raw=task.support_raw,
        timeline_kind=task.timeline_kind,
        timeline_raw=task.timeline_raw,
        start_on=task.start_on,
        end_on=task.end_on,
        due_on=task.due_on,
        every=task.every,
        offset_days=task.offset_days,
        trigger_on=task.trigger_on,
        computed_due=effective_due(task),
        status=compute_status(task, today or date.today()),
        reported_status=task.reported_status,
        status_reason=task.status_reason,
        percent=task.percent,
        done_on=task.done_on,
        version=task.version,
    )


def indicator_view(ind: Indicator, units: dict[int, Unit]) -> IndicatorView:
    return IndicatorView(
        id=ind.id,
        plan_id=ind.plan_id,
        ref=ind.ref,
        name=ind.name,
        unit=ind.unit,
        comparator=ind.comparator,
        target=ind.target,
        period_start=ind.period_start,
        period_end=ind.period_end,
        metric=ind.metric,
        responsible=_links(ind.units, units, None),
        version=ind.version,
    )


def _summary_kwargs(plan: Plan, counts: tuple[int, int]) -> dict[str, Any]:
    return {
        "id": plan.id,
        "locality_code": plan.locality_code,
        "number": plan.number,
        "issued_on": plan.issued_on,
        "title": plan.title,
        "kind": plan.kind,
        "status": plan.status,
        "period_start": plan.period_start,
        "period_end": plan.period_end,
        "task_count": counts[0],
        "indicator_count": counts[1],
        "version": plan.version,
    }


def plan_view(session: Session, plan: Plan, *, today: date | None = None) -> PlanView:
    repo = PlanRepository(session)
    units = units_by_id(session, plan.locality_code)
    tasks = [task_view(t, units, today) for t in repo.tasks(plan.id)]
    indicators = [indicator_view(i, units) for i in repo.indicators(plan.id)]
    return PlanView(
        **_summary_kwargs(plan, (len(tasks), len(indicators))),
        issuer=plan.issuer,
        source_name=plan.source_name,
        source_sha256=plan.source_sha256,
        published_at=plan.published_at,
        tasks=tasks,
        indicators=indicators,
    )


def _plan_audit(plan: Plan) -> dict[str, Any]:
    return {
        "locality_code": plan.locality_code,
        "number": plan.number,
        "issued_on": _iso(plan.issued_on),
        "title": plan.title,
        "issuer": plan.issuer,
        "kind": plan.kind.value,
        "status": plan.status.value,
        "period_start": _iso(plan.period_start),
        "period_end": _iso(plan.period_end),
        "source_name": plan.source_name,
        "source_sha256": plan.source_sha256,
        "version": plan.version,
    }


# ---------------------------------------------------------------- lookups and checks


def get_plan_row(session: Session, actor: Actor, plan_id: int) -> Plan:
    plan = PlanRepository(session).get(plan_id)
    if plan is None:
        raise NotFound(f"Không tìm thấy kế hoạch #{plan_id}.", where="plan_id")
    from cchc.services.localities import province_of

    actor.require_read(plan.locality_code, province_of(session, plan.locality_code))
    return plan


def get_task_row(session: Session, actor: Actor, task_id: int) -> tuple[Task, Plan]:
    task = PlanRepository(session).task(task_id)
    if task is None:
        raise NotFound(f"Không tìm thấy nhiệm vụ #{task_id}.", where="task_id")
    return task, get_plan_row(session, actor, task.plan_id)


def _indicator_row(session: Session, actor: Actor, indicator_id: int) -> tuple[Indicator, Plan]:
    ind = PlanRepository(session).indicator(indicator_id)
    if ind is None:
        raise NotFound(f"Không tìm thấy chỉ tiêu #{indicator_id}.", where="indicator_id")
    return ind, get_plan_row(session, actor, ind.plan_id)


def check_version(
    current_version: int, version: int | None, label_vi: str, current: Callable[[], dict[str, Any]]
) -> None:
    """Refuse a write based on a stale read; the error carries the record as it is now."""
    if version is None:
        raise InvalidInput(f"Thiếu phiên bản (version) của {label_vi.lower()} khi lưu.", where="version")
    try:
        given = int(version)
    except (TypeError, ValueError):
        raise InvalidInput(f"Phiên bản (version) không hợp lệ: {version!r}.", where="version") from None
    if given != current_version:
        raise StaleVersion(label_vi, current())


def flush(session: Session, label_vi: str) -> None:
    """Flush; a concurrent update caught by the version column becomes a Conflict."""
    try:
        session.flush()
    except StaleDataError:
        raise Conflict(f"{label_vi} vừa được người khác sửa. Hãy tải lại và nhập lại.") from None


def _require_editable(plan: Plan, *, draft_only: bool = False) -> None:
    if plan.status is PlanStatus.CLOSED:
        raise InvalidInput("Kế hoạch đã kết thúc, không sửa được.", where="status")
    if draft_only and plan.status is not PlanStatus.DRAFT:
        raise InvalidInput("Chỉ thao tác này được trên kế hoạch nháp (chưa ban hành).", where="status")


def _task_for_write(
    session: Session, actor: Actor, *, task_id: int, version: int, doing: str, draft_only: bool = False
) -> tuple[Task, Plan, dict[int, Unit], dict[str, Any]]:
    """A task the actor may change now, with its plan, the plan's units and its audit record before."""
    task, plan = get_task_row(session, actor, task_id)
    actor.require_manage(plan.locality_code, doing)
    _require_editable(plan, draft_only=draft_only)
    units = units_by_id(session, plan.locality_code)
    check_version(task.version, version, "Nhiệm vụ", lambda: task_view(task, units).to_json())
    return task, plan, units, task_view(task, units).to_json()


def _indicator_for_write(
    session: Session, actor: Actor, *, indicator_id: int, version: int, doing: str, draft_only: bool = False
) -> tuple[Indicator, Plan, dict[int, Unit], dict[str, Any]]:
    """An indicator the actor may change now, with its plan, the plan's units and its audit record before."""
    ind, plan = _indicator_row(session, actor, indicator_id)
    actor.require_manage(plan.locality_code, doing)
    _require_editable(plan, draft_only=draft_only)
    units = units_by_id(session, plan.locality_code)
    check_version(ind.version, version, "Chỉ tiêu", lambda: indicator_view(ind, units).to_json())
    return ind, plan, units, indicator_view(ind, units).to_json()


def save_task_change(
    session: Session,
    actor: Actor,
    task: Task,
    plan: Plan,
    units: dict[int, Unit],
    *,
    action: str,
    before: dict[str, Any],
) -> TaskView:
    """Flush a change to a task and audit it; returns the task as it is now."""
    flush(session, "Nhiệm vụ")
    view = task_view(task, units)
    record_event(
        session,
        actor,
        entity="task",
        entity_id=task.id,
        action=action,
        before=before,
        after=view.to_json(),
        locality_code=plan.locality_code,
    )
    return view


def _record_created(
    session: Session, actor: Actor, plan: Plan, entity: str, entity_id: int, after: dict[str, Any]
) -> None:
    """Audit the creation of a task or an indicator of the plan."""
    record_event(
        session,
        actor,
        entity=entity,
        entity_id=entity_id,
        action="create",
        before=None,
        after=after,
        locality_code=plan.locality_code,
    )


# ---------------------------------------------------------------- import


def _safe_name(filename: str) -> str:
    name = unicodedata.normalize("NFC", Path(filename.replace("\\", "/")).name).strip()
    name = re.sub(r"[^\w.\- ]", "_", name).strip(". ")
    return name or "document"


def store_file(content: bytes, filename: str, *, data_dir: Path | None = None) -> tuple[Path, str]:
    """Keep an uploaded file under `files/<sha256>/<name>`; returns its path and SHA-256."""
    settings = get_settings()
    if len(content) > settings.max_upload_bytes:
        raise InvalidInput(
            f"Tệp {filename!r} quá lớn ({len(content) // 1024 // 1024} MB, tối đa "
            f"{settings.max_upload_bytes // 1024 // 1024} MB).",
            where="file",
        )
    sha = hashlib.sha256(content).hexdigest()
    base = (data_dir or settings.data_dir) / "files" / sha
    base.mkdir(parents=True, exist_ok=True)
    path = base / _safe_name(filename)
    if not path.exists():
        path.write_bytes(content)
    return path, sha


def _extract(path: Path) -> dp.Plan:
    """Read a document into a domain Plan with the team's reader (a .json is a cchc.plan/1 extraction)."""
    if path.suffix.lower() == ".json":
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return dp.Plan.from_json(data)
        except (ValueError, KeyError, TypeError) as exc:
            raise InvalidInput(
                f"Tệp {path.name} không phải JSON cchc.plan/1 hợp lệ: {exc}", where="file"
            ) from None
    try:
        from cchc.extract.pipeline import extract_file  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        extract_file = None
    if extract_file is not None:
        plan: dp.Plan = extract_file(path)
        return plan
    try:
        from cchc.extract.assemble import parse_plan_text
        from cchc.extract.readers import read_document
    except ImportError:
        raise ToolMissing("Bộ đọc kế hoạch (cchc.extract) chưa sẵn sàng.") from None
    doc = read_document(path)
    return parse_plan_text(doc.text, source_name=path.name)


def _resolve(refs: Sequence[dp.UnitRef], units: Sequence[Unit]) -> list[int]:
    """Unit references → unit ids of the commune at assignment time (collectives expand)."""
    active = [u for u in units if u.active]
    ids: list[int] = []
    for ref in refs:
        if ref.unit is UnitKind.ALL_UNITS:
            matched = active
        elif ref.unit is UnitKind.RELATED_UNITS:
            matched = []  # "các đơn vị liên quan": named by the standing office during review
        elif ref.unit is UnitKind.UBND:
            # The People's Committee acts through its Office.
            matched = [u for u in active if u.kind in (UnitKind.UBND, UnitKind.VAN_PHONG)][:1]
        else:
            matched = [u for u in active if u.kind is ref.unit][:1]
        for unit in matched:
            if unit.id not in ids:
                ids.append(unit.id)
    return ids


def _raw(refs: Sequence[dp.UnitRef]) -> str | None:
    parts = [r.raw for r in refs if r.raw]
    return "; ".join(dict.fromkeys(parts)) or None


def _task_from_domain(plan_id: int, position: int, t: dp.Task, units: Sequence[Unit]) -> Task:
    lead_ids = _resolve(t.lead, units)
    support_ids = [i for i in _resolve(t.support, units) if i not in lead_ids]
    tl = t.timeline
    row = Task(
        plan_id=plan_id,
        position=position,
        ref=t.ref,
        origin=t.origin,
        area=t.area,
        objective=t.objective,
        task=t.task,
        activity=t.activity,
        output=t.output,
        funding=t.funding,
        lead_raw=_raw(t.lead),
        support_raw=_raw(t.support),
        unit_refs={"lead": [u.to_json() for u in t.lead], "support": [u.to_json() for u in t.support]},
        timeline_kind=tl.kind.value,
        timeline_raw=tl.raw,
        start_on=tl.start,
        end_on=tl.end,
        due_on=tl.due,
        every=tl.every,
        offset_days=tl.offset_days,
        reported_status=TaskStatus.NOT_STARTED,
        percent=0,
    )
    row.units = [TaskUnit(unit_id=i, lead=True) for i in lead_ids] + [
        TaskUnit(unit_id=i, lead=False) for i in support_ids
    ]
    recompute_due(row, [], [])
    return row


def _indicator_from_domain(plan_id: int, position: int, i: dp.Indicator, units: Sequence[Unit]) -> Indicator:
    row = Indicator(
        plan_id=plan_id,
        position=position,
        ref=i.ref,
        name=i.name,
        unit=i.unit,
        comparator=i.comparator.value,
        target=i.target,
        period_start=i.period.start if i.period else None,
        period_end=i.period.end if i.period else None,
        metric=i.metric.value if i.metric else None,
        responsible_raw={"responsible": [u.to_json() for u in i.responsible]},
    )
    row.units = [IndicatorUnit(unit_id=u) for u in _resolve(i.responsible, units)]
    return row


def _create_children(session: Session, actor: Actor, plan: Plan, extracted: dp.Plan) -> None:
    repo = PlanRepository(session)
    units = ensure_default_units(session, actor, locality_code=plan.locality_code)
    by_id = {u.id: u for u in units}
    for pos, t in enumerate(extracted.tasks, start=1):
        row = _task_from_domain(plan.id, pos, t, units)
        repo.add(row)
        _record_created(session, actor, plan, "task", row.id, task_view(row, by_id).to_json())
    for pos, ind in enumerate(extracted.indicators, start=1):
        irow = _indicator_from_domain(plan.id, pos, ind, units)
        repo.add(irow)
        _record_created(session, actor, plan, "indicator", irow.id, indicator_view(irow, by_id).to_json())


def import_plan(
    session: Session,
    actor: Actor,
    *,
    content: bytes,
    filename: str,
    locality_code: int,
    kind: PlanKind = PlanKind.GENERAL,
    data_dir: Path | None = None,
) -> PlanView:
    """Store a plan document, read it and create a draft plan from the extraction.

    Example: `import_plan(s, actor, content=path.read_bytes(), filename=path.name, locality_code=11533)`
    """
    actor.require_manage(locality_code, "nhập kế hoạch")
    loc = LocalityRepository(session).locality(locality_code)
    if loc is None:
        raise NotFound(f"Không tìm thấy xã/phường có mã {locality_code}.", where="locality_code")
    suffix = Path(filename).suffix.lower()
    if suffix not in ALLOWED_SUFFIXES:
        raise InvalidInput(
            f"Không đọc được tệp {filename!r}: chỉ nhận {', '.join(sorted(ALLOWED_SUFFIXES))}.", where="file"
        )
    if not content:
        raise InvalidInput(f"Tệp {filename!r} rỗng.", where="file")
    path, sha = store_file(content, filename, data_dir=data_dir)
    extracted = _extract(path)
    info = extracted.info
    plan = Plan(
        locality_code=locality_code,
        number=info.number,
        issued_on=info.issued_on,
        title=info.title,
        issuer=info.issuer,
        period_start=info.period.start if info.period else None,
        period_end=info.period.end if info.period else None,
        kind=PlanKind(kind),
        status=PlanStatus.DRAFT,
        source_path=str(path),
        source_sha256=sha,
        source_name=unicodedata.normalize("NFC", Path(filename).name),
        extraction=extracted.to_json(),
        created_by=actor.user_id,
        created_at=now(),
    )
    PlanRepository(session).add(plan)
    record_event(
        session,
        actor,
        entity="plan",
        entity_id=plan.id,
        action="import",
        before=None,
        after=_plan_audit(plan),
        locality_code=locality_code,
    )
    _create_children(session, actor, plan, extracted)
    return plan_view(session, plan)


def plan_source_text(session: Session, actor: Actor, *, plan_id: int) -> str:
    """The text of the stored source document (what the reader saw)."""
    plan = get_plan_row(session, actor, plan_id)
    if not plan.source_path or not Path(plan.source_path).exists():
        raise NotFound("Không còn tệp văn bản gốc của kế hoạch này.", where="source")
    path = Path(plan.source_path)
    if path.suffix.lower() == ".json":
        return path.read_text(encoding="utf-8")
    try:
        from cchc.extract.readers import read_document
    except ImportError:
        raise ToolMissing("Bộ đọc văn bản (cchc.extract) chưa sẵn sàng.") from None
    return read_document(path).text


# ---------------------------------------------------------------- reading


def list_plans(
    session: Session, actor: Actor, *, locality_code: int | None = None, status: PlanStatus | None = None
) -> list[PlanSummary]:
    """Plans the actor may see (one commune, or a province for a city reviewer)."""
    from cchc.services.localities import province_of

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
    return [PlanSummary(**_summary_kwargs(p, counts.get(p.id, (0, 0)))) for p in plans]


def get_plan(session: Session, actor: Actor, *, plan_id: int, today: date | None = None) -> PlanView:
    """A plan with its tasks and indicators."""
    return plan_view(session, get_plan_row(session, actor, plan_id), today=today)


# ---------------------------------------------------------------- editing the plan


def _save_plan_change(
    session: Session, actor: Actor, plan: Plan, *, action: str, before: dict[str, Any]
) -> PlanView:
    """Flush a change to a plan's own fields or status and audit it; returns the plan as it is now."""
    flush(session, "Kế hoạch")
    record_event(
        session,
        actor,
        entity="plan",
        entity_id=plan.id,
        action=action,
        before=before,
        after=_plan_audit(plan),
        locality_code=plan.locality_code,
    )
    return plan_view(session, plan)


_PLAN_FIELDS = {"number", "issued_on", "title", "issuer", "kind", "period_start", "period_end"}


def update_plan(
    session: Session, actor: Actor, *, plan_id: int, version: int, changes: dict[str, Any]
) -> PlanView:
    """Edit the plan's own fields (number, dates, title, kind, period)."""
    plan = get_plan_row(session, actor, plan_id)
    actor.require_manage(plan.locality_code, "sửa kế hoạch")
    _require_editable(plan)
    check_version(plan.version, version, "Kế hoạch", lambda: plan_view(session, plan).to_json())
    unknown = set(changes) - _PLAN_FIELDS
    if unknown:
        raise InvalidInput(f"Không sửa được trường: {', '.join(sorted(unknown))}.", where=sorted(unknown)[0])
    before = _plan_audit(plan)
    for key, value in changes.items():
        if key in ("issued_on", "period_start", "period_end"):
            setattr(plan, key, parse_date(value, key))
        elif key == "kind":
            try:
                plan.kind = PlanKind(value)
            except ValueError:
                raise InvalidInput(f"Loại kế hoạch không hợp lệ: {value!r}.", where="kind") from None
        else:
            setattr(plan, key, clean_text(value, key, required=key == "title", max_length=2000))
    if plan.period_start and plan.period_end and plan.period_start > plan.period_end:
        raise InvalidInput(
            f'"{label("period_start")}" ({plan.period_start:%d/%m/%Y}) sau "{label("period_end")}" '
            f"({plan.period_end:%d/%m/%Y}).",
            where="period_end",
        )
    return _save_plan_change(session, actor, plan, action="update", before=before)


def publish_plan(session: Session, actor: Actor, *, plan_id: int, version: int) -> PlanView:
    """Publish a reviewed draft: units start reporting on its tasks."""
    plan = get_plan_row(session, actor, plan_id)
    actor.require_manage(plan.locality_code, "ban hành kế hoạch")
    check_version(plan.version, version, "Kế hoạch", lambda: plan_view(session, plan).to_json())
    if plan.status is not PlanStatus.DRAFT:
        raise InvalidInput("Kế hoạch đã được ban hành hoặc đã kết thúc.", where="status")
    tasks = PlanRepository(session).tasks(plan.id)
    if not tasks:
        raise InvalidInput("Kế hoạch chưa có nhiệm vụ nào, không ban hành được.", where="tasks")
    orphans = [
        t for t in tasks if not any(u.lead for u in t.units) and t.reported_status is not TaskStatus.CANCELLED
    ]
    if orphans:
        names = "; ".join(f"{t.ref or t.position}. {t.task[:60]}" for t in orphans[:3])
        more = f" và {len(orphans) - 3} nhiệm vụ khác" if len(orphans) > 3 else ""
        raise InvalidInput(
            f"{len(orphans)} nhiệm vụ chưa có đơn vị chủ trì: {names}{more}.", where="lead_unit_ids"
        )
    before = _plan_audit(plan)
    plan.status = PlanStatus.PUBLISHED
    plan.published_at = now()
    return _save_plan_change(session, actor, plan, action="publish", before=before)


def close_plan(session: Session, actor: Actor, *, plan_id: int, version: int) -> PlanView:
    """Close a published plan at the end of its period."""
    plan = get_plan_row(session, actor, plan_id)
    actor.require_manage(plan.locality_code, "kết thúc kế hoạch")
    check_version(plan.version, version, "Kế hoạch", lambda: plan_view(session, plan).to_json())
    if plan.status is not PlanStatus.PUBLISHED:
        raise InvalidInput("Chỉ kết thúc được kế hoạch đã ban hành.", where="status")
    before = _plan_audit(plan)
    plan.status = PlanStatus.CLOSED
    return _save_plan_change(session, actor, plan, action="close", before=before)


# ---------------------------------------------------------------- tasks

TASK_FIELDS = {
    "ref",
    "area",
    "objective",
    "task",
    "activity",
    "output",
    "funding",
    "parent_id",
    "timeline_kind",
    "timeline_raw",
    "start_on",
    "end_on",
    "due_on",
    "every",
    "offset_days",
    "lead_unit_ids",
    "support_unit_ids",
    "lead_raw",
    "support_raw",
}


def _unit_ids(value: Any, field_name: str, units: dict[int, Unit]) -> list[int]:
    if value is None:
        return []
    if isinstance(value, int | str):
        value = [value]
    ids: list[int] = []
    for item in value:
        uid = clean_int(item, field_name, required=True)
        assert uid is not None
        if uid not in units:
            raise InvalidInput(f"Đơn vị #{uid} không thuộc xã/phường của kế hoạch.", where=field_name)
        if uid not in ids:
            ids.append(uid)
    return ids


def apply_task_fields(session: Session, task: Task, changes: dict[str, Any], units: dict[int, Unit]) -> None:
    """Validate and set task fields from a form/JSON/row (raises InvalidInput naming the field)."""
    unknown = set(changes) - TASK_FIELDS
    if unknown:
        raise InvalidInput(f"Không sửa được trường: {', '.join(sorted(unknown))}.", where=sorted(unknown)[0])
    for key, value in changes.items():
        if key == "area":
            try:
                task.area = Area(value)
            except ValueError:
                raise InvalidInput(
                    f'Lĩnh vực không hợp lệ: {value!r} ở trường "{label("area")}" '
                    f"({', '.join(a.value for a in Area)}).",
                    where="area",
                ) from None
        elif key == "timeline_kind":
            try:
                task.timeline_kind = dp.TimelineKind(value or "unspecified").value
            except ValueError:
                raise InvalidInput(f"Loại thời hạn không hợp lệ: {value!r}.", where="timeline_kind") from None
        elif key in ("start_on", "end_on", "due_on"):
            setattr(task, key, parse_date(value, key))
        elif key == "offset_days":
            task.offset_days = clean_int(value, key, lo=0, hi=3650)
        elif key == "every":
            text = clean_text(value, key)
            if text not in (None, "year", "half", "quarter", "month", "week"):
                raise InvalidInput(
                    f"Định kỳ không hợp lệ: {text!r} (year, half, quarter, month, week).", where=key
                )
            task.every = text
        elif key == "parent_id":
            pid = clean_int(value, key)
            if pid is not None:
                parent = PlanRepository(session).task(pid)
                if parent is None or parent.plan_id != task.plan_id or parent.id == task.id:
                    raise InvalidInput(f"Nhiệm vụ cha #{pid} không thuộc kế hoạch này.", where=key)
            task.parent_id = pid
        elif key in ("lead_unit_ids", "support_unit_ids"):
            continue
        else:
            setattr(task, key, clean_text(value, key, required=key == "task"))
    if task.start_on and task.end_on and task.start_on > task.end_on:
        raise InvalidInput(
            f'"{label("start_on")}" ({task.start_on:%d/%m/%Y}) sau "{label("end_on")}" ({task.end_on:%d/%m/%Y}).',
            where="end_on",
        )
    if "lead_unit_ids" in changes or "support_unit_ids" in changes:
        current_lead = [u.unit_id for u in task.units if u.lead]
        current_support = [u.unit_id for u in task.units if not u.lead]
        lead = (
            _unit_ids(changes["lead_unit_ids"], "lead_unit_ids", units)
            if "lead_unit_ids" in changes
            else current_lead
        )
        support = (
            _unit_ids(changes["support_unit_ids"], "support_unit_ids", units)
            if "support_unit_ids" in changes
            else current_support
        )
        support = [u for u in support if u not in lead]
        task.units = [TaskUnit(unit_id=i, lead=True) for i in lead] + [
            TaskUnit(unit_id=i, lead=False) for i in support
        ]
        # Unit links live in another table: bump the task's version all the same.
        if inspect(task).persistent:
            flag_modified(task, "task")


def _recompute(session: Session, task: Task) -> None:
    progress = ProgressRepository(session)
    recompute_due(task, progress.triggers(task.id), progress.extensions(task_id=task.id))


def add_task(session: Session, actor: Actor, *, plan_id: int, fields: dict[str, Any]) -> TaskView:
    """Add a task to a plan."""
    plan = get_plan_row(session, actor, plan_id)
    actor.require_manage(plan.locality_code, "thêm nhiệm vụ")
    _require_editable(plan)
    repo = PlanRepository(session)
    ensure_default_units(session, actor, locality_code=plan.locality_code)
    units = units_by_id(session, plan.locality_code)
    task = Task(
        plan_id=plan.id,
        position=repo.max_task_position(plan.id) + 1,
        origin="manual",
        area=Area.DIRECTION,
        task="",
        timeline_kind="unspecified",
        reported_status=TaskStatus.NOT_STARTED,
        percent=0,
    )
    task.units = []
    if "task" not in fields:
        raise InvalidInput(f'Trường "{label("task")}" không được để trống.', where="task")
    if "area" not in fields:
        raise InvalidInput(f'Trường "{label("area")}" không được để trống.', where="area")
    apply_task_fields(session, task, fields, units)
    recompute_due(task, [], [])
    repo.add(task)
    view = task_view(task, units)
    _record_created(session, actor, plan, "task", task.id, view.to_json())
    return view


def update_task(
    session: Session, actor: Actor, *, task_id: int, version: int, changes: dict[str, Any]
) -> TaskView:
    """Edit a task's fields, timeline or units (standing office)."""
    task, plan, units, before = _task_for_write(
        session, actor, task_id=task_id, version=version, doing="sửa nhiệm vụ"
    )
    apply_task_fields(session, task, changes, units)
    _recompute(session, task)
    return save_task_change(session, actor, task, plan, units, action="update", before=before)


def delete_task(session: Session, actor: Actor, *, task_id: int, version: int) -> None:
    """Delete a task of a draft plan."""
    task, plan, _, before = _task_for_write(
        session, actor, task_id=task_id, version=version, doing="xóa nhiệm vụ", draft_only=True
    )
    PlanRepository(session).delete(task)
    record_event(
        session,
        actor,
        entity="task",
        entity_id=task_id,
        action="delete",
        before=before,
        after=None,
        locality_code=plan.locality_code,
    )


def merge_tasks(session: Session, actor: Actor, *, task_ids: list[int]) -> TaskView:
    """Merge tasks of one draft plan into the first: texts joined, units united, the others deleted."""
    if len(task_ids) < 2:
        raise InvalidInput("Cần chọn ít nhất hai nhiệm vụ để gộp.", where="task_ids")
    rows = [get_task_row(session, actor, tid) for tid in task_ids]
    plan = rows[0][1]
    if any(p.id != plan.id for _, p in rows):
        raise InvalidInput("Chỉ gộp được các nhiệm vụ của cùng một kế hoạch.", where="task_ids")
    actor.require_manage(plan.locality_code, "gộp nhiệm vụ")
    _require_editable(plan, draft_only=True)
    units = units_by_id(session, plan.locality_code)
    keep = rows[0][0]
    before = task_view(keep, units).to_json()
    lead = [u.unit_id for u in keep.units if u.lead]
    support = [u.unit_id for u in keep.units if not u.lead]
    texts = [keep.task]
    repo = PlanRepository(session)
    for other, _ in rows[1:]:
        texts.append(other.task)
        lead += [u.unit_id for u in other.units if u.lead and u.unit_id not in lead]
        support += [u.unit_id for u in other.units if not u.lead and u.unit_id not in support]
        for name in ("activity", "output", "lead_raw", "support_raw", "timeline_raw"):
            mine, theirs = getattr(keep, name), getattr(other, name)
            if theirs and theirs != mine:
                setattr(keep, name, f"{mine}; {theirs}" if mine else theirs)
        due = [d for d in (keep.due_on or keep.end_on, other.due_on or other.end_on) if d]
        if due:
            keep.due_on = min(due)
        other_before = task_view(other, units).to_json()
        repo.delete(other)
        record_event(
            session,
            actor,
            entity="task",
            entity_id=other_before["id"],
            action="merge_delete",
            before=other_before,
            after={"merged_into": keep.id},
            locality_code=plan.locality_code,
        )
    keep.task = "; ".join(texts)
    apply_task_fields(session, keep, {"lead_unit_ids": lead, "support_unit_ids": support}, units)
    _recompute(session, keep)
    return save_task_change(session, actor, keep, plan, units, action="merge", before=before)


def split_task(
    session: Session, actor: Actor, *, task_id: int, version: int, parts: list[str]
) -> list[TaskView]:
    """Split a task of a draft plan into several with the given texts (same units and timeline)."""
    task, plan, units, before = _task_for_write(
        session, actor, task_id=task_id, version=version, doing="tách nhiệm vụ", draft_only=True
    )
    texts = [clean_text(p, "task") for p in parts]
    clean = [t for t in texts if t]
    if len(clean) < 2:
        raise InvalidInput("Cần ít nhất hai nội dung để tách nhiệm vụ.", where="parts")
    task.task = clean[0]
    views = [save_task_change(session, actor, task, plan, units, action="split", before=before)]
    repo = PlanRepository(session)
    for text in clean[1:]:
        new = Task(
            plan_id=plan.id,
            position=task.position,
            parent_id=task.parent_id,
            ref=task.ref,
            origin="manual",
            area=task.area,
            objective=task.objective,
            task=text,
            activity=task.activity,
            output=task.output,
            funding=task.funding,
            lead_raw=task.lead_raw,
            support_raw=task.support_raw,
            unit_refs=task.unit_refs,
            timeline_kind=task.timeline_kind,
            timeline_raw=task.timeline_raw,
            start_on=task.start_on,
            end_on=task.end_on,
            due_on=task.due_on,
            every=task.every,
            offset_days=task.offset_days,
            reported_status=TaskStatus.NOT_STARTED,
            percent=0,
        )
        new.units = [TaskUnit(unit_id=u.unit_id, lead=u.lead) for u in task.units]
        recompute_due(new, [], [])
        repo.add(new)
        view = task_view(new, units)
        _record_created(session, actor, plan, "task", new.id, view.to_json() | {"split_from": task.id})
        views.append(view)
    return views


# ---------------------------------------------------------------- indicators

INDICATOR_FIELDS = {
    "ref",
    "name",
    "unit",
    "comparator",
    "target",
    "period_start",
    "period_end",
    "metric",
    "responsible_unit_ids",
}


def apply_indicator_fields(ind: Indicator, changes: dict[str, Any], units: dict[int, Unit]) -> None:
    unknown = set(changes) - INDICATOR_FIELDS
    if unknown:
        raise InvalidInput(f"Không sửa được trường: {', '.join(sorted(unknown))}.", where=sorted(unknown)[0])
    for key, value in changes.items():
        if key == "comparator":
            try:
                ind.comparator = dp.Comparator(str(value).strip().replace("≥", ">=").replace("≤", "<=")).value
            except ValueError:
                raise InvalidInput(
                    f"Phép so sánh không hợp lệ: {value!r} (>=, =, <=, >, <).", where=key
                ) from None
        elif key == "target":
            target = clean_number(value, key, required=True)
            assert target is not None
            ind.target = target
        elif key in ("period_start", "period_end"):
            setattr(ind, key, parse_date(value, key))
        elif key == "metric":
            text = clean_text(value, key)
            if text is not None:
                try:
                    MetricCode(text)
                except ValueError:
                    raise InvalidInput(f"Mã chỉ số không hợp lệ: {text!r}.", where=key) from None
            ind.metric = text
        elif key == "responsible_unit_ids":
            ind.units = [IndicatorUnit(unit_id=u) for u in _unit_ids(value, key, units)]
            if inspect(ind).persistent:
                flag_modified(ind, "name")
        else:
            setattr(ind, key, clean_text(value, key, required=key == "name"))
    if ind.period_start and ind.period_end and ind.period_start > ind.period_end:
        raise InvalidInput(f'"{label("period_start")}" sau "{label("period_end")}".', where="period_end")


def add_indicator(session: Session, actor: Actor, *, plan_id: int, fields: dict[str, Any]) -> IndicatorView:
    """Add an indicator (chỉ tiêu) to a plan."""
    plan = get_plan_row(session, actor, plan_id)
    actor.require_manage(plan.locality_code, "thêm chỉ tiêu")
    _require_editable(plan)
    for required in ("name", "target"):
        if required not in fields:
            raise InvalidInput(f'Trường "{label(required)}" không được để trống.', where=required)
    units = units_by_id(session, plan.locality_code)
    repo = PlanRepository(session)
    ind = Indicator(
        plan_id=plan.id,
        position=repo.max_indicator_position(plan.id) + 1,
        name="",
        comparator=">=",
        target=0.0,
        unit="%",
        period_start=plan.period_start,
        period_end=plan.period_end,
    )
    ind.units = []
    apply_indicator_fields(ind, fields, units)
    repo.add(ind)
    view = indicator_view(ind, units)
    _record_created(session, actor, plan, "indicator", ind.id, view.to_json())
    return view


def update_indicator(
    session: Session, actor: Actor, *, indicator_id: int, version: int, changes: dict[str, Any]
) -> IndicatorView:
    """Edit an indicator."""
    ind, plan, units, before = _indicator_for_write(
        session, actor, indicator_id=indicator_id, version=version, doing="sửa chỉ tiêu"
    )
    apply_indicator_fields(ind, changes, units)
    flush(session, "Chỉ tiêu")
    view = indicator_view(ind, units)
    record_event(
        session,
        actor,
        entity="indicator",
        entity_id=ind.id,
        action="update",
        before=before,
        after=view.to_json(),
        locality_code=plan.locality_code,
    )
    return view


def delete_indicator(session: Session, actor: Actor, *, indicator_id: int, version: int) -> None:
    """Delete an indicator of a draft plan."""
    ind, plan, _, before = _indicator_for_write(
        session, actor, indicator_id=indicator_id, version=version, doing="xóa chỉ tiêu", draft_only=True
    )
    PlanRepository(session).delete(ind)
    record_event(
        session,
        actor,
        entity="indicator",
        entity_id=indicator_id,
        action="delete",
        before=before,
        after=None,
        locality_code=plan.locality_code,
    )


# ---------------------------------------------------------------- re-extraction

_TASK_DIFF_FIELDS = (
    "area",
    "objective",
    "task",
    "activity",
    "output",
    "funding",
    "lead_raw",
    "support_raw",
    "timeline_kind",
    "timeline_raw",
    "start_on",
    "end_on",
    "due_on",
    "every",
    "offset_days",
)
_IND_DIFF_FIELDS = ("name", "unit", "comparator", "target", "period_start", "period_end", "metric")


def _norm(text: str | None) -> str:
    return " ".join((text or "").lower().split())


def _task_key(ref: str | None, text: str | None) -> str:
    return f"{ref or ''}|{_norm(text)[:80]}"


def _task_fields(row: Task) -> dict[str, Any]:
    return {
        f: (
            v.isoformat()
            if isinstance(v := getattr(row, f), date)
            else (v.value if isinstance(v, Area) else v)
        )
        for f in _TASK_DIFF_FIELDS
    }


def _ind_fields(row: Indicator) -> dict[str, Any]:
    return {f: (v.isoformat() if isinstance(v := getattr(row, f), date) else v) for f in _IND_DIFF_FIELDS}


def _diff_rows(
    old: dict[str, dict[str, Any]], new: dict[str, dict[str, Any]], ref_of: Callable[[dict[str, Any]], Any]
) -> tuple[list, list, list]:
    added = [v for k, v in new.items() if k not in old]
    removed = [v for k, v in old.items() if k not in new]
    changed = []
    for key in old.keys() & new.keys():
        fields = {f: [old[key][f], new[key][f]] for f in old[key] if old[key][f] != new[key][f]}
        if fields:
            changed.append({"ref": ref_of(new[key]), "fields": fields})
    # Pair same-ref leftovers as changes (a reworded task keeps its number).
    by_ref_removed = {r.get("ref"): r for r in removed if r.get("ref")}
    for a in list(added):
        r = by_ref_removed.pop(a.get("ref"), None) if a.get("ref") else None
        if r is not None:
            added.remove(a)
            removed.remove(r)
            fields = {f: [r.get(f), a.get(f)] for f in a if f != "ref" and r.get(f) != a.get(f)}
            changed.append({"ref": a.get("ref"), "fields": fields})
    return added, removed, changed


def reextract_plan(session: Session, actor: Actor, *, plan_id: int, apply: bool = False) -> PlanDiff:
    """Read the stored document again and compare with the draft; `apply=True` replaces the draft's content."""
    plan = get_plan_row(session, actor, plan_id)
    actor.require_manage(plan.locality_code, "đọc lại kế hoạch")
    _require_editable(plan, draft_only=True)
    if not plan.source_path or not Path(plan.source_path).exists():
        raise NotFound("Không còn tệp văn bản gốc của kế hoạch này.", where="source")
    extracted = _extract(Path(plan.source_path))
    repo = PlanRepository(session)
    units = list(LocalityRepository(session).units(plan.locality_code))
    info = extracted.info
    new_info = {
        "number": info.number,
        "issued_on": _iso(info.issued_on),
        "title": info.title,
        "issuer": info.issuer,
        "period_start": _iso(info.period.start if info.period else None),
        "period_end": _iso(info.period.end if info.period else None),
    }
    old_info = {k: _plan_audit(plan)[k] for k in new_info}
    plan_changes = {k: (old_info[k], new_info[k]) for k in new_info if old_info[k] != new_info[k]}

    old_tasks = {_task_key(t.ref, t.task): {"ref": t.ref, **_task_fields(t)} for t in repo.tasks(plan.id)}
    new_rows = [_task_from_domain(plan.id, i, t, units) for i, t in enumerate(extracted.tasks, start=1)]
    new_tasks = {_task_key(t.ref, t.task): {"ref": t.ref, **_task_fields(t)} for t in new_rows}
    added_t, removed_t, changed_t = _diff_rows(old_tasks, new_tasks, lambda d: d.get("ref"))

    old_inds = {
        f"{i.ref or ''}|{_norm(i.name)[:80]}": {"ref": i.ref, **_ind_fields(i)}
        for i in repo.indicators(plan.id)
    }
    new_irows = [
        _indicator_from_domain(plan.id, i, ind, units) for i, ind in enumerate(extracted.indicators, start=1)
    ]
    new_inds = {f"{i.ref or ''}|{_norm(i.name)[:80]}": {"ref": i.ref, **_ind_fields(i)} for i in new_irows}
    added_i, removed_i, changed_i = _diff_rows(old_inds, new_inds, lambda d: d.get("ref"))

    diff = PlanDiff(plan_changes, added_t, removed_t, changed_t, added_i, removed_i, changed_i, applied=apply)
    if apply and not diff.empty:
        before = _plan_audit(plan)
        by_id = {u.id: u for u in units}
        for t in repo.tasks(plan.id):
            record_event(
                session,
                actor,
                entity="task",
                entity_id=t.id,
                action="delete",
                before=task_view(t, by_id).to_json(),
                after=None,
                locality_code=plan.locality_code,
            )
            repo.delete(t)
        for i in repo.indicators(plan.id):
            record_event(
                session,
                actor,
                entity="indicator",
                entity_id=i.id,
                action="delete",
                before=indicator_view(i, by_id).to_json(),
                after=None,
                locality_code=plan.locality_code,
            )
            repo.delete(i)
        plan.number, plan.title, plan.issuer = info.number, info.title, info.issuer
        plan.issued_on = info.issued_on
        plan.period_start = info.period.start if info.period else None
        plan.period_end = info.period.end if info.period else None
        plan.extraction = extracted.to_json()
        flush(session, "Kế hoạch")
        record_event(
            session,
            actor,
            entity="plan",
            entity_id=plan.id,
            action="reextract",
            before=before,
            after=_plan_audit(plan) | {"diff": diff.to_json()},
            locality_code=plan.locality_code,
        )
        _create_children(session, actor, plan, extracted)
    return diff
