"""The city view ("Tổng hợp toàn thành phố"): every commune of a province, ranked, laggards flagged.

Plan figures (tasks by status, done, overdue, reporting completeness, indicator achievement) come from
`services.overview.commune_figures` and the on-time rate, the 766 index and the other service indicators
from `services.overview.dossier_figures` — a fixed number of queries for the whole province; each
commune's figures are checked against the national and city reference targets
(`services.reference_targets`). `city_communes` and `order_communes` are shared with the national view.
"""

from __future__ import annotations

import math
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from cchc.domain.errors import InvalidInput, NotFound
from cchc.domain.metrics import MetricCode
from cchc.dossiers.shared import data_version
from cchc.kernel import cache_generations
from cchc.kernel.access import require_province_overview
from cchc.kernel.actor import Actor
from cchc.kernel.generation_cache import GenerationCache
from cchc.quality import dossier_dir, period_cutoff, period_label
from cchc.services.overview import (
    CommuneFigures,
    DossierFigures,
    dossier_figures,
    figures_by_province,
    shared_dossier_store,
)
from cchc.services.reference_targets import ReferenceTarget, resolved_targets
from cchc.services.tasks import parse_period
from cchc.store.localities import LocalityRepository

__all__ = [
    "LAGGARD_RULES",
    "SORT_KEYS",
    "CityCommune",
    "CityOverview",
    "TargetCheck",
    "city_communes",
    "city_overview",
    "fill_checks",
    "order_communes",
    "rank_key",
    "OVERVIEWS",
]

# A commune is flagged when it is in the bottom decile of the ranking (among communes with a plan or
# dossiers), or below one of these thresholds (chosen here; not from a legal text).
LAGGARD_RULES: dict[str, float] = {"completeness": 80.0, "on_time_rate": 95.0, "index_766": 70.0}
SORT_KEYS = ("rank", "name", "completion", "overdue", "completeness", "on_time_rate", "index_766", "dossiers")
_SHORT = {"on_time_rate": "Đúng hạn", "satisfaction_rate": "Hài lòng", "online_rate": "Trực tuyến",
          "online_payment_rate": "Thanh toán TT", "digitization_rate": "Số hóa", "e_result_rate": "KQ điện tử",
          "index_766": "Chỉ số 766"}
_CHECKED = (MetricCode.ON_TIME_RATE, MetricCode.SATISFACTION_RATE, MetricCode.ONLINE_RATE,
            MetricCode.ONLINE_PAYMENT_RATE, MetricCode.DIGITIZATION_RATE, MetricCode.E_RESULT_RATE)


@dataclass(frozen=True)
class TargetCheck:
    metric: str
    label_vi: str
    short_vi: str
    value: float | None
    national: float | None
    national_met: bool | None
    city: float | None
    city_met: bool | None

    def to_json(self) -> dict[str, Any]:
        return {
            "metric": self.metric,
            "label_vi": self.label_vi,
            "short_vi": self.short_vi,
            "value": self.value,
            "national": self.national,
            "national_met": self.national_met,
            "city": self.city,
            "city_met": self.city_met,
        }


@dataclass
class CityCommune:
    locality_code: int
    name: str
    plan_id: int | None
    plan_status: str | None
    tasks: int
    done: int
    overdue: int
    completion: float | None  # % of tasks done
    completeness: float | None  # % of expected unit reports submitted this period
    on_time_rate: float | None
    index_766: float | None
    dossiers: int  # dossiers in scope of the period
    checks: list[TargetCheck] = field(default_factory=list)
    province_code: int = 0
    by_status: dict[str, int] = field(default_factory=dict)  # computed task status → tasks
    reports_due: int = 0
    reports_submitted: int = 0
    indicators: dict[str, int] = field(default_factory=dict)  # achievement → indicators
    rank: int = 0
    laggard: bool = False
    laggard_reasons: list[str] = field(default_factory=list)
    # Checks of the commune's plan against the plans above it: total, passed, failed, pending (None: no plan).
    conformance: dict[str, int] | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "locality_code": self.locality_code,
            "name": self.name,
            "plan_id": self.plan_id,
            "plan_status": self.plan_status,
            "tasks": self.tasks,
            "done": self.done,
            "overdue": self.overdue,
            "completion": self.completion,
            "completeness": self.completeness,
            "on_time_rate": self.on_time_rate,
            "index_766": self.index_766,
            "dossiers": self.dossiers,
            "checks": [c.to_json() for c in self.checks],
            "rank": self.rank,
            "laggard": self.laggard,
            "laggard_reasons": self.laggard_reasons,
            "conformance": self.conformance,
            "province_code": self.province_code,
            "by_status": self.by_status,
            "reports_due": self.reports_due,
            "reports_submitted": self.reports_submitted,
            "indicators": self.indicators,
        }


@dataclass(frozen=True)
class CityOverview:
    province_code: int
    period: str
    period_label: str
    sort: str
    descending: bool
    communes: list[CityCommune]
    targets: list[ReferenceTarget]
    laggard_rules: dict[str, float]
    # What the figures were computed from (the province's write stamp, the dossier store's version):
    # a page cached under it is fresh while it is unchanged.
    stamp: Any = field(default=None, compare=False, repr=False)

    def to_json(self) -> dict[str, Any]:
        return {
            "province_code": self.province_code,
            "period": self.period,
            "period_label": self.period_label,
            "sort": self.sort,
            "descending": self.descending,
            "communes": [c.to_json() for c in self.communes],
            "targets": [t.to_json() for t in self.targets],
            "laggard_rules": self.laggard_rules,
        }

# Province overviews and rankings of this process, each kept until a write of one of its communes or an import.
OVERVIEWS = GenerationCache(size=512)


def _r(v: float | None) -> float | None:
    return None if v is None else round(float(v), 2)


def _vi(v: float) -> str:
    """A figure as Vietnamese writes it: a decimal comma."""
    return f"{v:g}".replace(".", ",")


def rank_key(c: CityCommune) -> tuple[Any, ...]:
    """The ranking: communes with neither a plan nor dossiers last; then the 766 total, on-time rate,
    completeness (highest first), fewest overdue, name."""
    active = c.plan_id is not None or c.dossiers > 0
    return (not active, -(c.index_766 or 0), -(c.on_time_rate or 0), -(c.completeness or 0), c.overdue, c.name)


def _checks(mine: dict[str, Any], idx: float | None, national: dict[str, ReferenceTarget],
            city: dict[str, ReferenceTarget]) -> list[TargetCheck]:
    checks = []
    for m in _CHECKED:
        row = mine.get(m.value)
        value = _r(row.value) if row is not None else None
        n, c = national.get(m.value), city.get(m.value)
        checks.append(TargetCheck(m.value, (n or c).label_vi if (n or c) else m.value, _SHORT[m.value], value,
                                  n.target if n else None, n.holds(value) if n else None,
                                  c.target if c else None, c.holds(value) if c else None))
    n766, c766 = national.get("index_766"), city.get("index_766")
    checks.append(TargetCheck("index_766", "Chỉ số 766 (điểm)", _SHORT["index_766"], idx, n766.target if n766 else None,
                              n766.holds(idx) if n766 else None, c766.target if c766 else None,
                              c766.holds(idx) if c766 else None))
    return checks


def _by_level(targets: Sequence[ReferenceTarget]) -> tuple[dict[str, ReferenceTarget], dict[str, ReferenceTarget]]:
    national = {t.metric: t for t in targets if t.level == "national"}
    city = {t.metric: t for t in targets if t.level != "national"}
    return national, city


def fill_checks(communes: list[CityCommune], dossiers: dict[int, DossierFigures],
                targets: dict[int | None, list[ReferenceTarget]]) -> None:
    """Set each commune's checks against the national and its province's targets (`targets_by_province`)."""
    levels = {code: _by_level(ts) for code, ts in targets.items()}
    for c in communes:
        national, city = levels[c.province_code]
        dossier = dossiers.get(c.locality_code)
        c.checks = _checks(dossier.metrics if dossier is not None else {}, c.index_766, national, city)


def city_communes(
    figures: list[CommuneFigures], dossiers: dict[int, DossierFigures], province_code: int, *,
    targets: Sequence[ReferenceTarget] = (), with_checks: bool = True,
) -> list[CityCommune]:
    """The communes of one province, ranked, laggards flagged (in rank order), with their target checks
    unless `with_checks` is false (the national view checks only the communes it shows: `fill_checks`)."""
    # Communes with a plan first, by completeness then fewest overdue (the order ties keep in the ranking).
    figures = sorted(figures, key=lambda f: (f.plan_id is None, -(f.completeness or 0), f.overdue, f.name))
    national, city = _by_level(targets)
    communes = []
    for f in figures:
        dossier = dossiers.get(f.locality_code)
        mine: dict[str, Any] = dossier.metrics if dossier is not None else {}
        on_time = mine.get(MetricCode.ON_TIME_RATE.value)
        idx = _r(dossier.index_766) if dossier is not None else None
        completeness = f.completeness
        communes.append(CityCommune(
            locality_code=f.locality_code, name=f.name, plan_id=f.plan_id, plan_status=f.plan_status,
            tasks=f.tasks, done=f.done, overdue=f.overdue,
            completion=round(100.0 * f.done / f.tasks, 1) if f.tasks else None,
            completeness=round(100.0 * completeness, 1) if completeness is not None else None,
            on_time_rate=_r(on_time.value) if on_time is not None else None,
            index_766=idx,
            dossiers=int(on_time.denominator) if on_time is not None else 0,
            checks=_checks(mine, idx, national, city) if with_checks else [],
            province_code=f.province_code,
            by_status=dict(f.by_status),
            reports_due=f.reports_due,
            reports_submitted=f.reports_submitted,
            indicators=dict(f.indicators),
        ))
    ranked = sorted(communes, key=rank_key)
    active = [c for c in ranked if c.plan_id is not None or c.dossiers > 0]
    for i, c in enumerate(ranked, start=1):
        c.rank = i
    bottom = {c.locality_code for c in active[len(active) - math.ceil(len(active) * 0.1):]} if active else set()
    for c in active:
        if c.locality_code in bottom and len(active) >= 2:
            c.laggard_reasons.append("Thuộc nhóm 10% thấp nhất của thành phố")
        if c.completeness is not None and c.completeness < LAGGARD_RULES["completeness"]:
            c.laggard_reasons.append(f"Tỷ lệ báo cáo {_vi(c.completeness)}% < {_vi(LAGGARD_RULES['completeness'])}%")
        if c.on_time_rate is not None and c.on_time_rate < LAGGARD_RULES["on_time_rate"]:
            c.laggard_reasons.append(f"Đúng hạn {_vi(c.on_time_rate)}% < {_vi(LAGGARD_RULES['on_time_rate'])}%")
        if c.index_766 is not None and c.index_766 < LAGGARD_RULES["index_766"]:
            c.laggard_reasons.append(f"Chỉ số 766 {_vi(c.index_766)} < {_vi(LAGGARD_RULES['index_766'])} điểm")
        c.laggard = bool(c.laggard_reasons)
    return ranked


_TEXT_KEYS = ("name", "province")


def default_descending(sort: str) -> bool:
    """Numbers sort largest first by default; rank and names in their natural order."""
    return sort in ("completion", "completeness", "on_time_rate", "index_766", "dossiers", "overdue")


def order_communes(
    ranked: list[CityCommune], sort: str, descending: bool | None, *, extra: dict[str, Any] | None = None
) -> tuple[list[CityCommune], bool]:
    """`ranked` ordered by `sort` (missing values last) and whether that order is descending.

    `extra` maps further sort keys to a function of the commune (the national view sorts by province).
    """
    desc = descending if descending is not None else default_descending(sort)
    if sort == "rank":
        return (list(reversed(ranked)) if descending else list(ranked)), bool(descending)
    getter = (extra or {}).get(sort) or (lambda c: getattr(c, sort))

    def key(c: CityCommune) -> tuple[bool, Any]:
        v = getter(c)
        missing = v is None
        return (missing, (-v if desc and not isinstance(v, str) else v) if not missing else 0)

    ordered = sorted(ranked, key=key)
    if desc and sort in _TEXT_KEYS:
        ordered.reverse()
    return ordered, bool(desc)


# Each commune's conformance (None: nothing to show), kept until the commune is written: its plan, its
# links and decisions are its own writes, the plans above it are written by users of no commune, whose
# writes move the generation of every commune.
_CONFORMANCE: OrderedDict[tuple[str, int], tuple[Any, dict[str, int] | None]] = OrderedDict()
_CONFORMANCE_SIZE = 8192
_conformance_lock = threading.Lock()


def _attach_conformance(session: Session, actor: Actor, province_code: int, communes: list[CityCommune]) -> None:
    """Each commune's conformance with the plans above it: the communes written since their conformance was
    computed, together in a fixed number of queries (`conformance_by_commune`), the others as kept."""
    from cchc.domain.errors import PermissionDenied
    from cchc.services.conformance import conformance_by_commune, require_conformance_overview

    try:
        require_conformance_overview(actor, province_code)
    except PermissionDenied:  # the ministry reviewer reads figures, not a province's plan reviews
        return
    url = cache_generations.database_key(session)
    generations = {code: g for code, _p, g in cache_generations.commune_generations(session, [province_code])}
    found: dict[int, dict[str, int] | None] = {}
    with _conformance_lock:
        for code, generation in generations.items():
            hit = _CONFORMANCE.get((url, code))
            if hit is not None and hit[0] == generation:
                _CONFORMANCE.move_to_end((url, code))
                found[code] = hit[1]
    stale = [code for code in generations if code not in found]
    if stale:
        rows = conformance_by_commune(session, actor, province_code,
                                      locality_codes=None if len(stale) == len(generations) else stale)
        with _conformance_lock:
            for k in rows:
                shown = ({"total": k.total, "passed": k.passed, "failed": k.failed, "pending": k.pending}
                         if k.plan_id is not None and k.linked else None)
                found[k.locality_code] = shown
                generation = generations.get(k.locality_code)
                if generation is not None and not isinstance(generation, cache_generations.Unshared):
                    _CONFORMANCE[(url, k.locality_code)] = (generation, shown)
            while len(_CONFORMANCE) > _CONFORMANCE_SIZE:
                _CONFORMANCE.popitem(last=False)
    for c in communes:
        shown = found.get(c.locality_code)
        if shown is not None:
            c.conformance = dict(shown)


def city_overview(
    session: Session,
    actor: Actor,
    *,
    province_code: int | None = None,
    period: str | None = None,
    sort: str = "rank",
    descending: bool | None = None,
    today: date | None = None,
    data_dir: Path | None = None,
    cutoff_day: int | None = None,
) -> CityOverview:
    """Every commune of the province: plan status, completion, overdue, reporting, on-time, 766; ranked."""
    if sort not in SORT_KEYS:
        raise InvalidInput(f"Không sắp xếp được theo {sort!r}; chọn: {', '.join(SORT_KEYS)}.", where="sort")
    day = today or date.today()
    per = parse_period(period, day)
    code = province_code if province_code is not None else actor.province_code
    if code is None or LocalityRepository(session).province(code) is None:
        raise NotFound(f"Không tìm thấy tỉnh/thành phố có mã {code}.", where="province_code")
    require_province_overview(actor, code)
    store = shared_dossier_store(dossier_dir(data_dir))
    cutoff = period_cutoff(cutoff_day)

    def build() -> tuple[list[CityCommune], Any]:
        figures = figures_by_province(session, province_codes=[code], period=per, today=day).get(code, [])
        dossiers = dossier_figures(store, localities=[f.locality_code for f in figures], period=per, cutoff_day=cutoff)
        targets = resolved_targets(session, code, year=per.year)
        ranked = city_communes(figures, dossiers, code, targets=targets)
        _attach_conformance(session, actor, code, ranked)
        return ranked, targets

    # Reused until any commune of the province is written (by any process) or dossiers are imported.
    written = cache_generations.stamps_by_province(session, [code]).get(code, cache_generations.Unshared())
    ranked, targets = OVERVIEWS.get_or_build(
        ("city", cache_generations.database_key(session), code, per.code, day, cutoff, str(store.root), actor.role), 0, build,
        shared=(written, data_version(store)))
    ordered, desc = order_communes(ranked, sort, descending)
    return CityOverview(code, per.code, period_label(per), sort, desc, ordered,
                        targets, dict(LAGGARD_RULES), stamp=(written, data_version(store), day))
