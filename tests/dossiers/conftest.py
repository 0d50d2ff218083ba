"""Builders for dossier tests: canonical records with defaults and a fresh store per test."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest

from cchc.dossiers import CANONICAL_COLUMNS, DossierStore

LOC = 11560
LOC2 = 11557


def ts(text: str | None) -> datetime | None:
    """`2026-03-10` or `2026-03-10 15:00` -> datetime."""
    if text is None:
        return None
    return datetime.fromisoformat(text if " " in text else text + " 09:00")


def make_dossier(dossier_id: str, **over: Any) -> dict[str, Any]:
    """A resolved, direct, fee-free dossier of LOC; timestamps given as ISO text."""
    d: dict[str, Any] = {
        "dossier_id": dossier_id,
        "locality_code": LOC,
        "unit": "Trung tâm Phục vụ hành chính công",
        "procedure_code": "1.001193",
        "procedure_name": "Đăng ký khai sinh",
        "sector": "Hộ tịch",
        "channel": "direct",
        "full_online": False,
        "received_at": "2026-03-02",
        "due_at": "2026-03-10 17:00",
        "resolved_at": None,
        "returned_at": None,
        "status": "processing",
        "fee_required": False,
        "paid_online": False,
        "dossier_digitized": False,
        "result_digitized": False,
        "e_result": False,
        "reused_data": False,
        "location_free": False,
        "synced_national": False,
        "apology_sent": False,
        "rating": None,
        "supplement_count": 0,
    }
    d.update(over)
    for k in ("received_at", "due_at", "resolved_at", "returned_at"):
        d[k] = ts(d[k]) if isinstance(d[k], str) or d[k] is None else d[k]
    for k in ("supplement_requested_at", "supplement_received_at", "suspended_at", "resumed_at"):
        if isinstance(d.get(k), str):
            d[k] = ts(d[k])
    return d


def table_of(rows: list[dict[str, Any]]) -> pa.Table:
    schema = pa.schema(list(CANONICAL_COLUMNS.items()))
    return pa.Table.from_pylist(rows, schema=schema)


@pytest.fixture
def store(tmp_path: Path) -> DossierStore:
    s = DossierStore(tmp_path / "dossiers", threads=2)
    yield s
    s.close()


# The March 2026 scenario, counted by hand (period 2026-03 = 1..31 March):
#   A carried over (Feb), resolved early · B resolved on the due date (earlier hour) · C resolved on the
#   due date at a later hour than due_at (by date: on time) · D resolved late · E resolved before due but
#   asked for a supplement twice (late) · F open, due in April (within time) · G open, due 25 March
#   (overdue) · H withdrawn early · I finished in February (out of scope) · J received in April (out) ·
#   K carried over, open, due on 31 March (within time) · L received in March, resolved 2 April (open at
#   the period's end, due 31 March: within time).
def march_scenario() -> list[dict[str, Any]]:
    return [
        make_dossier("A", received_at="2026-02-20", due_at="2026-03-05 17:00", resolved_at="2026-03-04 10:00",
                     status="returned", returned_at="2026-03-05 10:00", channel="online", e_result=True),
        make_dossier("B", due_at="2026-03-10 17:00", resolved_at="2026-03-10 15:00", status="resolved",
                     channel="online", full_online=True, fee_required=True, paid_online=True, e_result=True,
                     rating=1, dossier_digitized=True, synced_national=True),
        make_dossier("C", due_at="2026-03-10 08:00", resolved_at="2026-03-10 16:00", status="returned",
                     returned_at="2026-03-11 09:00", fee_required=True, rating=3, dossier_digitized=True,
                     synced_national=True, reused_data=True),
        make_dossier("D", received_at="2026-03-03", due_at="2026-03-12 17:00", resolved_at="2026-03-13 09:00",
                     status="resolved", channel="online", fee_required=True, paid_online=True, rating=2,
                     apology_sent=True, synced_national=True, location_free=True),
        make_dossier("E", received_at="2026-03-03", due_at="2026-03-20 17:00", resolved_at="2026-03-15 09:00",
                     status="resolved", supplement_count=2, channel="postal", synced_national=True),
        make_dossier("F", received_at="2026-03-05", due_at="2026-04-10 17:00", channel="online",
                     synced_national=True),
        make_dossier("G", received_at="2026-03-05", due_at="2026-03-25 17:00", status="supplement",
                     supplement_count=1, synced_national=True),
        make_dossier("H", received_at="2026-03-06", due_at="2026-03-20 17:00", resolved_at="2026-03-07 09:00",
                     status="withdrawn", channel="online", full_online=True, synced_national=True),
        make_dossier("I", received_at="2026-01-10", due_at="2026-01-20 17:00", resolved_at="2026-02-10 09:00",
                     status="resolved"),
        make_dossier("J", received_at="2026-04-01", due_at="2026-04-10 17:00"),
        make_dossier("K", received_at="2026-02-25", due_at="2026-03-31 17:00"),
        make_dossier("L", received_at="2026-03-10", due_at="2026-03-31 17:00", resolved_at="2026-04-02 09:00",
                     status="resolved"),
    ]


@pytest.fixture
def march_store(store: DossierStore) -> DossierStore:
    store.import_table(table_of(march_scenario()))
    return store
