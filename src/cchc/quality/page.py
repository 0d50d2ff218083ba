"""The "Chỉ số phục vụ" page of a commune: every figure of the period in one view."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from cchc.domain.periods import Period
from cchc.dossiers import (
    Index766,
    MetricRow,
    StatRow,
)
from cchc.dossiers import compute_metrics as _compute_metrics
from cchc.dossiers import index_766 as _index_766
from cchc.dossiers import statistics_table as _statistics_table
from cchc.kernel.actor import Actor, Role
from cchc.kernel.localities import LocalityView, get_locality
from cchc.quality.scope import (
    _by,
    _clean,
    _period,
    _store,
    period_cutoff,
    period_label,
)


@dataclass(frozen=True)
class ServiceQualityPage:
    """Everything the "Chỉ số phục vụ" page shows for one commune and period."""

    locality: LocalityView
    period: str
    period_label: str
    by: str | None
    unit: str | None
    sector: str | None
    procedure: str | None
    metrics: list[MetricRow]
    totals: list[MetricRow]  # the commune's totals (no grouping), for the trend and KPIs
    ii06a: list[StatRow]
    ii06a_total: StatRow | None
    index: Index766 | None
    inputs: dict[str, float | None]
    options: dict[str, list[str]]  # unit / sector / procedure values seen in the period
    dossiers: int  # dossiers stored for the commune (all periods)
    can_enter: bool

    def to_json(self) -> dict[str, Any]:
        return {
            "locality": self.locality.to_json(),
            "period": self.period,
            "period_label": self.period_label,
            "filters": {"by": self.by, "unit": self.unit, "sector": self.sector, "procedure": self.procedure},
            "metrics": [r.to_dict() for r in self.metrics],
            "totals": [r.to_dict() for r in self.totals],
            "ii06a": [dict(r.to_dict(), balanced=r.balanced) for r in self.ii06a],
            "ii06a_total": dict(self.ii06a_total.to_dict(), balanced=self.ii06a_total.balanced)
            if self.ii06a_total else None,
            "index_766": self.index.to_dict() if self.index else None,
            "inputs_766": self.inputs,
            "options": self.options,
            "dossiers": self.dossiers,
            "can_enter": self.can_enter,
        }


def _can_manage(actor: Actor, locality_code: int) -> bool:
    return actor.is_admin or (actor.role is Role.STANDING_OFFICE and actor.locality_code == locality_code)


def quality_page(
    session: Session,
    actor: Actor,
    *,
    locality_code: int,
    period: str | Period,
    by: str | None = None,
    unit: str | None = None,
    sector: str | None = None,
    procedure: str | None = None,
    data_dir: Path | None = None,
    cutoff_day: int | None = None,
) -> ServiceQualityPage:
    """The metric table (filtered, grouped), II.06a, the 766 index and its inputs for one commune."""
    loc = get_locality(session, actor, code=locality_code)
    per = _period(period)
    grp, u, s, p = _by(by), _clean(unit), _clean(sector), _clean(procedure)
    cut = period_cutoff(cutoff_day)
    locs = [loc.code]
    with _store(data_dir) as store:
        metrics = _compute_metrics(store, localities=locs, period=per, by=grp, unit=u, sector=s, procedure=p,
                                   cutoff_day=cut)
        totals = _compute_metrics(store, localities=locs, period=per, cutoff_day=cut)
        ii06a = _statistics_table(store, localities=locs, period=per, by=grp or "sector", unit=u, sector=s,
                                  procedure=p, cutoff_day=cut)
        total_rows = _statistics_table(store, localities=locs, period=per, by=None, unit=u, sector=s, procedure=p,
                                       cutoff_day=cut)
        index = _index_766(store, localities=locs, period=per, cutoff_day=cut)
        options: dict[str, list[str]] = {}
        for key in ("unit", "sector", "procedure"):
            groups = _statistics_table(store, localities=locs, period=per, by=key, cutoff_day=cut)
            options[key] = sorted({g.group for g in groups if g.group})
        inputs = {
            r["indicator"]: r["value"]
            for r in store.inputs_766_rows()
            if r["locality_code"] == loc.code and r["period"] == per.code
        }
        count = next((o["dossiers"] for o in store.overview() if o["locality_code"] == loc.code), 0)
    return ServiceQualityPage(
        locality=loc, period=per.code, period_label=period_label(per), by=grp, unit=u, sector=s, procedure=p,
        metrics=metrics, totals=totals, ii06a=ii06a, ii06a_total=total_rows[0] if total_rows else None,
        index=index[0] if index else None, inputs=inputs, options=options, dossiers=int(count),
        can_enter=_can_manage(actor, loc.code),
    )
