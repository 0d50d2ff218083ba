"""Importing a plan: keep the uploaded document, read it, create a draft plan with its tasks and indicators."""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from cchc.domain import plan as dp
from cchc.domain.errors import InvalidInput, NotFound, ToolMissing
from cchc.domain.statuses import PlanStatus, TaskStatus
from cchc.domain.units import UnitKind
from cchc.kernel.actor import Actor
from cchc.kernel.audit import now, record_event
from cchc.kernel.localities import ensure_default_units
from cchc.kernel.schedule import recompute_due
from cchc.services.plans.rows import get_plan_row, record_created
from cchc.services.plans.views import PlanView, indicator_view, plan_audit, plan_view, task_view
from cchc.store.localities import LocalityRepository
from cchc.store.models import Indicator, IndicatorUnit, Plan, PlanKind, Task, TaskUnit, Unit
from cchc.store.plans import PlanRepository

ALLOWED_SUFFIXES = {".docx", ".doc", ".pdf", ".txt", ".json", ".png", ".jpg", ".jpeg", ".tif", ".tiff"}


from cchc.store.files import MAX_NAME_BYTES as MAX_NAME_BYTES  # noqa: E402  (the stored files' rules)
from cchc.store.files import safe_name as _safe_name  # noqa: E402,F401
from cchc.store.files import stage_file as stage_file  # noqa: E402
from cchc.store.files import store_file as store_file  # noqa: E402
from cchc.store.files import write_atomically as write_atomically  # noqa: E402


def extract_document(path: Path) -> dp.Plan:
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


def task_from_domain(plan_id: int, position: int, t: dp.Task, units: Sequence[Unit]) -> Task:
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


def indicator_from_domain(plan_id: int, position: int, i: dp.Indicator, units: Sequence[Unit]) -> Indicator:
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


def plan_header(info: dp.PlanInfo) -> dict[str, Any]:
    """The plan's own columns as the document states them."""
    return {
        "number": info.number,
        "issued_on": info.issued_on,
        "title": info.title,
        "issuer": info.issuer,
        "period_start": info.period.start if info.period else None,
        "period_end": info.period.end if info.period else None,
    }


def create_children(session: Session, actor: Actor, plan: Plan, extracted: dp.Plan) -> None:
    repo = PlanRepository(session)
    units = ensure_default_units(session, actor, locality_code=plan.locality_code)
    by_id = {u.id: u for u in units}
    for pos, t in enumerate(extracted.tasks, start=1):
        row = task_from_domain(plan.id, pos, t, units)
        repo.add(row)
        record_created(session, actor, plan, "task", row.id, task_view(row, by_id).to_json())
    for pos, ind in enumerate(extracted.indicators, start=1):
        irow = indicator_from_domain(plan.id, pos, ind, units)
        repo.add(irow)
        record_created(session, actor, plan, "indicator", irow.id, indicator_view(irow, by_id).to_json())


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
    stored = stage_file(session, content, filename, data_dir=data_dir)
    path, sha = stored.path, stored.sha256
    extracted = extract_document(stored.readable)
    plan = Plan(
        locality_code=locality_code,
        **plan_header(extracted.info),
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
        after=plan_audit(plan),
        locality_code=locality_code,
    )
    create_children(session, actor, plan, extracted)
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
