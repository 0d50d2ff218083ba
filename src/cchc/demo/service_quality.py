"""Synthetic dossiers for the demo commune."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from cchc.domain.periods import Period, PeriodKind
from cchc.kernel.actor import Actor
from cchc.quality.actuals import (
    refresh_indicator_actuals,
)
from cchc.quality.scope import (
    _store,
)

DEMO_DOSSIERS_PER_YEAR = 30_000
DEMO_766_INPUTS: dict[str, float] = {
    "published_on_time": 100, "updated_on_time": 95, "disclosed_complete": 100, "online_procedures": 85,
    "online_services_used": 70, "fee_procedures_online_payment": 90, "fee_procedures_with_dossiers": 80,
    "e_certified_copy": 60, "citizen_store": 75, "population_db_dossiers": 80, "population_db_procedures": 70,
    "pakn_count": 4, "pakn_on_time": 100, "pakn_satisfaction": 90,
}


def seed_demo_dossiers(
    session: Session,
    actor: Actor,
    *,
    locality_code: int,
    year: int,
    today: date,
    data_dir: Path,
    rows_per_year: int = DEMO_DOSSIERS_PER_YEAR,
) -> int:
    """Synthetic dossiers of `year` received up to `today` in the store, 766 inputs of past quarters, actuals.

    Dossiers that would be finished after `today` are left open (processing) as of `today`. The
    indicator actuals of every quarter up to today's are refreshed. Returns the number of dossiers.
    """
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    from cchc.dossiers import generate_dossiers

    until = min(today, date(year, 12, 31))
    if until < date(year, 1, 1):
        return 0
    table = generate_dossiers([locality_code], year, rows_per_year, seed=locality_code)
    limit = pa.scalar(np.datetime64(until + timedelta(days=1), "us"))
    table = table.filter(pc.less(table["received_at"], limit))
    # As of `today`: a dossier finished later is still open; nothing is returned or rated in the future.
    later = pc.fill_null(pc.greater_equal(table["resolved_at"], limit), False)
    returned_later = pc.fill_null(pc.greater_equal(table["returned_at"], limit), False)

    def _null_where(col: str, mask: Any) -> None:
        nonlocal table
        arr = table[col]
        table = table.set_column(table.schema.get_field_index(col), col,
                                 pc.if_else(mask, pa.scalar(None, arr.type), arr))

    status = pc.if_else(later, pa.scalar("processing"), table["status"])
    status = pc.if_else(pc.and_(returned_later, pc.invert(later)), pa.scalar("resolved"), status)
    table = table.set_column(table.schema.get_field_index("status"), "status", status.cast(table["status"].type))
    _null_where("returned_at", pc.or_(later, returned_later))
    _null_where("resolved_at", later)
    _null_where("rating", later)
    # A supplement or pause that would start after `today` has not happened; one that would end after it is
    # still running (no end date yet).
    for start, end in (("supplement_requested_at", "supplement_received_at"), ("suspended_at", "resumed_at")):
        if start in table.column_names:
            _null_where(start, pc.fill_null(pc.greater_equal(table[start], limit), False))
            _null_where(end, pc.fill_null(pc.or_(pc.greater_equal(table[end], limit), pc.is_null(table[start])),
                                          False))
    with _store(data_dir) as store:
        store.import_table(table)
        quarters = [Period(year, PeriodKind.QUARTER, i) for i in range(1, 5)
                    if Period(year, PeriodKind.QUARTER, i).start <= until]
        current = Period.containing(until, PeriodKind.QUARTER)
        store.set_766_inputs([
            {"locality_code": locality_code, "period": q.code, "indicator": k, "value": v, "source": "entered",
             "note": "Số liệu minh họa (demo)"}
            for q in quarters if q != current for k, v in DEMO_766_INPUTS.items()
        ])
    for q in quarters:
        refresh_indicator_actuals(session, actor, locality_code=locality_code, period=q, data_dir=data_dir,
                                  today=today)
    return table.num_rows
