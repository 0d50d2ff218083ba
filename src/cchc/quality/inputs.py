"""The 766 inputs entered by hand (figures from other registers), audited."""

from __future__ import annotations

import math
import re
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from cchc.domain.errors import InvalidInput, PermissionDenied
from cchc.domain.periods import Period
from cchc.dossiers import (
    INPUT_INDICATORS,
)
from cchc.kernel.actor import Actor
from cchc.kernel.audit import record_event
from cchc.kernel.localities import get_locality
from cchc.quality.page import (
    _can_manage,
)
from cchc.quality.scope import (
    INPUT_LABELS,
    _period,
    _store,
)


def enter_766_inputs(
    session: Session,
    actor: Actor,
    *,
    locality_code: int,
    period: str | Period,
    values: dict[str, Any],
    note: str | None = None,
    data_dir: Path | None = None,
) -> dict[str, float | None]:
    """Enter the non-dossier 766 inputs (percent 0–100, `pakn_count` ≥ 0) of a commune for a period.

    Every value is checked before anything is written; blank fields are left as they were. One
    audit event (entity `input_766`, id = the commune's code) records before → after.
    """
    loc = get_locality(session, actor, code=locality_code)
    if not _can_manage(actor, loc.code):
        raise PermissionDenied("Chỉ bộ phận thường trực CCHC của xã/phường được phép nhập số liệu Chỉ số 766.")
    per = _period(period)
    cleaned: dict[str, float] = {}
    for key, raw in values.items():
        if key not in INPUT_INDICATORS:
            raise InvalidInput(f"Chỉ số 766 không nhận nhập tay: {key!r}.", where=key)
        text = "" if raw is None else str(raw).strip().replace("%", "").strip()
        if not text:
            continue
        if key == "pakn_count" and re.fullmatch(r"\d{1,3}([.,]\d{3})+", text):
            text = re.sub(r"[.,]", "", text)  # 1.234 written with a thousands separator
        text = text.replace(",", ".")
        label = INPUT_LABELS[key]
        try:
            number = float(text)
        except ValueError:
            raise InvalidInput(f'"{label}": "{raw}" không phải là số.', where=key) from None
        if not math.isfinite(number):
            raise InvalidInput(f'"{label}": "{raw}" không phải là số.', where=key)
        if key == "pakn_count":
            if number < 0 or not number.is_integer():
                raise InvalidInput(f'"{label}" phải là số nguyên không âm, nhận "{raw}".', where=key)
        elif not 0 <= number <= 100:
            raise InvalidInput(f'"{label}" phải từ 0 đến 100 (%), nhận "{raw}".', where=key)
        cleaned[key] = number
    if not cleaned:
        raise InvalidInput("Chưa nhập giá trị nào.", where="values")
    clean_note = note.strip()[:500] if note and note.strip() else None
    with _store(data_dir) as store:
        before_all = {
            r["indicator"]: r["value"]
            for r in store.inputs_766_rows()
            if r["locality_code"] == loc.code and r["period"] == per.code
        }
        before = {k: before_all.get(k) for k in cleaned}
        # The audit event first: if it fails nothing is written; the Parquet write comes last.
        record_event(session, actor, entity="input_766", entity_id=loc.code, action="enter",
                     before={"period": per.code, "values": before},
                     after={"period": per.code, "values": cleaned, "note": clean_note},
                     locality_code=loc.code)
        session.flush()
        store.set_766_inputs([
            {"locality_code": loc.code, "period": per.code, "indicator": k, "value": v, "source": "entered",
             "note": clean_note or f"nhập bởi {actor.username}"}
            for k, v in cleaned.items()
        ])
    return {**before_all, **cleaned}
