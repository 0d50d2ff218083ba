"""The national view ("Tổng hợp toàn quốc"): every province ranked on its communes' figures, and every commune.

The figures are the city view's (`views.city`), computed for all communes of the actor's provinces at
once (`services.overview`: a fixed number of queries and one dossier scan), ranked and flagged within
each province, then rolled up per province (`domain.rollup`). The communes table is sorted, filtered and
paged here (3,321 rows nationally) and exported as CSV or .xlsx.
"""

from __future__ import annotations

import copy
import csv
import io
import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from cchc.domain.cells import csv_safe, formula_like
from cchc.domain.errors import InvalidInput, NotFound
from cchc.domain.metrics import MetricCode
from cchc.domain.periods import Period
from cchc.domain.rollup import CommuneTotals, roll_up
from cchc.domain.statuses import Achievement, TaskStatus
from cchc.dossiers.shared import data_version
from cchc.extract.text import fold
from cchc.kernel import cache_generations
from cchc.kernel.access import overview_provinces, require_province_overview
from cchc.kernel.actor import Actor
from cchc.quality import dossier_dir, period_cutoff, period_label
from cchc.services.overview import DossierFigures, dossier_figures, figures_by_province, shared_dossier_store
from cchc.services.reference_targets import targets_by_province
from cchc.services.tasks import parse_period
from cchc.store.localities import LocalityRepository
from cchc.views.city import (
    LAGGARD_RULES,
    OVERVIEWS,
    SORT_KEYS,
    CityCommune,
    city_communes,
    fill_checks,
    order_communes,
    rank_key,
)

__all__ = [
    "COMMUNE_SORT_KEYS",
    "EXPORT_COLUMNS",
    "MAX_PAGE_SIZE",
    "CommunePage",
    "NationOverview",
    "ProvinceRow",
    "export_communes",
    "nation_overview",
]

COMMUNE_SORT_KEYS = (*SORT_KEYS, "province")
PROVINCE_SORT_KEYS = ("rank", "name", "completion", "overdue", "completeness", "on_time_rate", "index_766",
                      "dossiers", "laggards")
DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 500



@dataclass
class ProvinceRow:
    province_code: int
    name: str
    communes: int
    with_plan: int
    tasks: int
    done: int
    overdue: int
    by_status: dict[str, int]
    reports_due: int
    reports_submitted: int
    indicators: dict[str, int]
    completion: float | None
    completeness: float | None
    on_time_rate: float | None
    dossiers: int
    index_766: float | None
    laggards: int
    rank: int = 0

    def to_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass(frozen=True)
class CommunePage:
    rows: list[CityCommune]
    total: int  # communes matching the filters
    page: int
    pages: int
    per_page: int
    sort: str
    descending: bool
    province_code: int | None
    q: str | None
    laggard: bool

    def to_json(self) -> dict[str, Any]:
        return {
            "rows": [c.to_json() for c in self.rows],
            "total": self.total,
            "page": self.page,
            "pages": self.pages,
            "per_page": self.per_page,
            "sort": self.sort,
            "descending": self.descending,
            "province_code": self.province_code,
            "q": self.q,
            "laggard": self.laggard,
        }


@dataclass(frozen=True)
class NationOverview:
    period: str
    period_label: str
    sort: str
    descending: bool
    provinces: list[ProvinceRow]
    totals: ProvinceRow  # the whole of the actor's scope
    communes: CommunePage
    province_names: dict[int, str]
    laggard_rules: dict[str, float]

    def to_json(self) -> dict[str, Any]:
        return {
            "period": self.period,
            "period_label": self.period_label,
            "sort": self.sort,
            "descending": self.descending,
            "provinces": [p.to_json() for p in self.provinces],
            "totals": self.totals.to_json(),
            "communes": self.communes.to_json(),
            "province_names": {str(k): v for k, v in self.province_names.items()},
            "laggard_rules": self.laggard_rules,
        }


def _totals(c: CityCommune, dossier: DossierFigures | None) -> CommuneTotals:
    on_time = dossier.metrics.get(MetricCode.ON_TIME_RATE.value) if dossier is not None else None
    return CommuneTotals(
        tasks=c.tasks, done=c.done, overdue=c.overdue, has_plan=c.plan_id is not None,
        published=c.plan_status == "published", reports_due=c.reports_due, reports_submitted=c.reports_submitted,
        dossiers=c.dossiers, on_time=int(on_time.numerator) if on_time is not None else 0, index_766=c.index_766,
        laggard=c.laggard,
    )


def _province_row(code: int, name: str, communes: list[CityCommune], dossiers: dict[int, DossierFigures]) -> ProvinceRow:
    t = roll_up(_totals(c, dossiers.get(c.locality_code)) for c in communes)
    by_status = {s.value: sum(c.by_status.get(s.value, 0) for c in communes) for s in TaskStatus}
    indicators = {a.value: sum(c.indicators.get(a.value, 0) for c in communes) for a in Achievement}
    return ProvinceRow(code, name, t.communes, t.with_plan, t.tasks, t.done, t.overdue, by_status, t.reports_due,
                       t.reports_submitted, indicators, t.completion, t.completeness, t.on_time_rate, t.dossiers,
                       t.index_766, t.laggards)


def _province_rank_key(p: ProvinceRow) -> tuple[Any, ...]:
    # As communes: provinces with neither plans nor dossiers last, then 766, on-time, completeness, overdue.
    active = p.with_plan > 0 or p.dossiers > 0
    return (not active, -(p.index_766 or 0), -(p.on_time_rate or 0), -(p.completeness or 0), p.overdue, p.name)


def _sorted_provinces(rows: list[ProvinceRow], sort: str, descending: bool | None) -> tuple[list[ProvinceRow], bool]:
    ranked = sorted(rows, key=_province_rank_key)
    for i, p in enumerate(ranked, start=1):
        p.rank = i
    if sort == "rank":
        return (list(reversed(ranked)) if descending else ranked), bool(descending)
    desc = descending if descending is not None else sort != "name"

    def key(p: ProvinceRow) -> tuple[bool, Any]:
        v = getattr(p, sort)
        return (v is None, (-v if desc and not isinstance(v, str) else v) if v is not None else 0)

    ordered = sorted(ranked, key=key)
    if desc and sort == "name":
        ordered.reverse()
    return ordered, bool(desc)


def _check(value: str, allowed: tuple[str, ...], where: str) -> None:
    if value not in allowed:
        raise InvalidInput(f"Không sắp xếp được theo {value!r}; chọn: {', '.join(allowed)}.", where=where)


def _all_communes(
    session: Session, actor: Actor, province_code: int | None, per: Period, day: date, data_dir: Path | None,
    cutoff_day: int | None,
) -> tuple[dict[int, str], dict[int, list[CityCommune]], dict[int, DossierFigures]]:
    """(province names, each province's ranked communes, dossier figures) for the actor's scope."""
    scope = overview_provinces(actor)  # PermissionDenied for commune users
    repo = LocalityRepository(session)
    names = {p.code: p.name for p in repo.provinces() if scope is None or p.code in scope}
    if province_code is not None and province_code not in names:
        if repo.province(province_code) is None:
            raise NotFound(f"Không tìm thấy tỉnh/thành phố có mã {province_code}.", where="province_code")
        require_province_overview(actor, province_code)  # PermissionDenied: another province
    store = shared_dossier_store(dossier_dir(data_dir))
    cutoff = period_cutoff(cutoff_day)
    provinces = None if scope is None else sorted(scope)

    def build() -> tuple[dict[int, list[CityCommune]], dict[int, DossierFigures]]:
        # Each commune's figures are reused until it is written, each province's ranking until one of its
        # communes is.
        parts = figures_by_province(session, province_codes=provinces, period=per, today=day)
        dossiers = dossier_figures(store, localities=[f.locality_code for fs in parts.values() for f in fs],
                                   period=per, cutoff_day=cutoff)
        version = data_version(store)
        url = cache_generations.database_key(session)
        return {code: OVERVIEWS.get_or_build(
            ("ranked", url, code, per.code, day, cutoff, str(store.root)), 0,
            lambda code=code: city_communes(parts.get(code, []), dossiers, code, with_checks=False),
            shared=(stamps.get(code), version)) for code in names}, dossiers

    # Reused until any commune is written (by any process) or dossiers are imported: one query stamps it.
    stamps = cache_generations.stamps_by_province(session, provinces)
    written = tuple(sorted(stamps.items()))  # unshared while the session has uncommitted writes
    communes, dossiers = OVERVIEWS.get_or_build(
        ("nation", cache_generations.database_key(session), tuple(provinces or ()), per.code, day, cutoff, str(store.root)), 0,
        build, shared=(written, data_version(store)))
    return names, communes, dossiers


def _filtered(
    communes: dict[int, list[CityCommune]], names: dict[int, str], *, province_code: int | None, q: str | None,
    laggard: bool, sort: str, descending: bool | None,
) -> tuple[list[CityCommune], bool]:
    _check(sort, COMMUNE_SORT_KEYS, "sort")
    rows = [c for code, cs in communes.items() if province_code is None or code == province_code for c in cs]
    needle = fold(q) if q else ""
    if needle:
        rows = [c for c in rows if needle in fold(c.name)]
    if laggard:
        rows = [c for c in rows if c.laggard]
    national = sorted(rows, key=rank_key)  # "rank": the ranking rule over every commune shown
    extra: dict[str, Callable[[CityCommune], Any]] = {"province": lambda c: fold(names.get(c.province_code, ""))}
    return order_communes(national, sort, descending, extra=extra)


def nation_overview(
    session: Session,
    actor: Actor,
    *,
    period: str | None = None,
    sort: str = "rank",
    descending: bool | None = None,
    commune_sort: str = "rank",
    commune_descending: bool | None = None,
    province_code: int | None = None,
    q: str | None = None,
    laggard: bool = False,
    page: int = 1,
    per_page: int = DEFAULT_PAGE_SIZE,
    today: date | None = None,
    data_dir: Path | None = None,
    cutoff_day: int | None = None,
) -> NationOverview:
    """Provinces ranked with their communes' figures rolled up, and one page of the communes table.

    The ministry reviewer (and an admin) sees every province; a city reviewer only theirs.
    `province_code`, `q` (part of the commune's name, without diacritics) and `laggard` filter the
    communes table; `commune_sort` ∈ COMMUNE_SORT_KEYS orders it.
    """
    _check(sort, PROVINCE_SORT_KEYS, "sort")
    _check(commune_sort, COMMUNE_SORT_KEYS, "commune_sort")
    if page < 1:
        raise InvalidInput("Trang phải từ 1 trở lên.", where="page")
    if not 1 <= per_page <= MAX_PAGE_SIZE:
        raise InvalidInput(f"Số dòng mỗi trang phải từ 1 đến {MAX_PAGE_SIZE}.", where="per_page")
    day = today or date.today()
    per = parse_period(period, day)
    names, communes, dossiers = _all_communes(session, actor, province_code, per, day, data_dir, cutoff_day)
    rows = [_province_row(code, names[code], cs, dossiers) for code, cs in communes.items()]
    provinces, desc = _sorted_provinces(rows, sort, descending)
    everything = [c for cs in communes.values() for c in cs]
    totals = _province_row(0, "Toàn quốc" if len(names) > 1 else next(iter(names.values()), ""), everything, dossiers)
    table, table_desc = _filtered(communes, names, province_code=province_code, q=q, laggard=laggard,
                                  sort=commune_sort, descending=commune_descending)
    pages = max(1, math.ceil(len(table) / per_page))
    page = min(page, pages)
    shown = [copy.copy(c) for c in table[(page - 1) * per_page: page * per_page]]  # checks set below; cached rows stay
    fill_checks(shown, dossiers, targets_by_province(session, {c.province_code for c in shown}, year=per.year))
    return NationOverview(
        per.code, period_label(per), sort, desc, provinces, totals,
        CommunePage(shown, len(table), page, pages, per_page, commune_sort, table_desc, province_code,
                    q.strip() if q and q.strip() else None, laggard),
        names, dict(LAGGARD_RULES),
    )


EXPORT_COLUMNS: list[tuple[str, str]] = [
    ("province", "Tỉnh/thành phố"),
    ("locality_code", "Mã xã/phường"),
    ("name", "Xã/phường"),
    ("rank", "Hạng trong tỉnh"),
    ("plan_status", "Kế hoạch"),
    ("tasks", "Nhiệm vụ"),
    ("done", "Hoàn thành"),
    ("overdue", "Quá hạn"),
    ("completion", "Hoàn thành NV (%)"),
    ("completeness", "Báo cáo kỳ này (%)"),
    ("on_time_rate", "Đúng hạn (%)"),
    ("index_766", "Chỉ số 766"),
    ("dossiers", "Hồ sơ"),
    ("laggard", "Cần chú ý"),
    ("laggard_reasons", "Lý do"),
]
_PLAN_LABELS = {"draft": "Dự thảo", "published": "Đã ban hành", "closed": "Đã kết thúc"}


def _export_row(c: CityCommune, names: dict[int, str]) -> list[Any]:
    values: dict[str, Any] = {
        **c.to_json(),
        "province": names.get(c.province_code, ""),
        "plan_status": _PLAN_LABELS.get(c.plan_status or "", c.plan_status or ""),
        "laggard": "Có" if c.laggard else "",
        "laggard_reasons": "; ".join(c.laggard_reasons),
    }
    return ["" if values[k] is None else values[k] for k, _ in EXPORT_COLUMNS]


def export_communes(
    session: Session,
    actor: Actor,
    *,
    fmt: str,
    period: str | None = None,
    sort: str = "rank",
    descending: bool | None = None,
    province_code: int | None = None,
    q: str | None = None,
    laggard: bool = False,
    today: date | None = None,
    data_dir: Path | None = None,
    cutoff_day: int | None = None,
) -> bytes:
    """Every commune of the table (the same filters and order as the page, all pages) as CSV or .xlsx.

    Text that a spreadsheet would read as a formula is written as text (`domain.cells`).
    """
    if fmt not in ("csv", "xlsx"):
        raise InvalidInput(f"Định dạng không hỗ trợ: {fmt!r} (xlsx, csv).", where="fmt")
    day = today or date.today()
    per = parse_period(period, day)
    names, communes, _ = _all_communes(session, actor, province_code, per, day, data_dir, cutoff_day)
    rows, _ = _filtered(communes, names, province_code=province_code, q=q, laggard=laggard, sort=sort,
                        descending=descending)
    header = [label for _, label in EXPORT_COLUMNS]
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf)
        writer.writerow(header)
        for c in rows:
            writer.writerow([csv_safe(v) for v in _export_row(c, names)])
        return ("\ufeff" + buf.getvalue()).encode("utf-8")  # BOM: Excel opens UTF-8 correctly
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = f"Xã phường {per.code}"
    ws.append(header)
    for c in rows:
        ws.append(_export_row(c, names))
        for cell in ws[ws.max_row]:
            if formula_like(cell.value):
                cell.data_type = "s"  # text that looks like a formula stays text
    ws.freeze_panes = "A2"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
