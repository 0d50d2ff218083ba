"""Canonical dossier columns (docs/architecture.md, "Dossier records"), statuses and channels."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pyarrow as pa

__all__ = [
    "BOOL_COLUMNS",
    "CANONICAL_COLUMNS",  # noqa: F822 - built on first use (`__getattr__`)
    "COLUMN_NAMES",
    "COLUMN_TYPES",
    "Channel",
    "DossierStatus",
    "REQUIRED_COLUMNS",
    "TERMINAL_STATUSES",
    "TEXT_COLUMNS",
    "TIMESTAMP_COLUMNS",
    "WAIT_COLUMNS",
    "arrow_schema",
]


class DossierStatus(StrEnum):
    RECEIVED = "received"
    PROCESSING = "processing"
    SUPPLEMENT = "supplement"
    PAUSED = "paused"
    RESOLVED = "resolved"
    RETURNED = "returned"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


class Channel(StrEnum):
    ONLINE = "online"
    DIRECT = "direct"
    POSTAL = "postal"


# Statuses that end processing (SERVICE-INDICATORS.md, "Timeliness"); `paused` is the portal's
# code 8 "Dừng xử lý" (stopped), which is terminal there.
TERMINAL_STATUSES: tuple[str, ...] = ("resolved", "returned", "rejected", "withdrawn", "paused")

TEXT_COLUMNS = ("dossier_id", "unit", "procedure_code", "procedure_name", "sector")
TIMESTAMP_COLUMNS = (
    "received_at", "due_at", "resolved_at", "returned_at",
    "supplement_requested_at", "supplement_received_at", "suspended_at", "resumed_at",
)
# The waits not counted against a dossier (`domain.timeliness`): (start, stop) column pairs.
WAIT_COLUMNS = (("supplement_requested_at", "supplement_received_at"), ("suspended_at", "resumed_at"))
BOOL_COLUMNS = (
    "full_online",
    "fee_required",
    "paid_online",
    "dossier_digitized",
    "result_digitized",
    "e_result",
    "reused_data",
    "location_free",
    "synced_national",
    "apology_sent",
)

# Canonical columns in storage order. Additions to the published column list: `supplement_count`, how many
# times the citizen was asked for a supplement (a dossier asked more than once counts as late), and the
# waits not counted against the dossier: the (last) supplement request and the day the supplement
# arrived, the day processing was paused (tạm dừng, not the terminal status `paused` = dừng xử lý) and
# the day it resumed. Files written before these columns existed read them as null (no wait).
# Here the Arrow type of each column by name; `CANONICAL_COLUMNS` (name -> pyarrow type) is built from it
# on first use, so that reading the store does not load pyarrow.
COLUMN_TYPES: dict[str, str] = {
    "dossier_id": "string",
    "locality_code": "int32",
    "unit": "string",
    "procedure_code": "string",
    "procedure_name": "string",
    "sector": "string",
    "channel": "string",
    "full_online": "bool_",
    "received_at": "timestamp",
    "due_at": "timestamp",
    "resolved_at": "timestamp",
    "returned_at": "timestamp",
    "status": "string",
    "fee_required": "bool_",
    "paid_online": "bool_",
    "dossier_digitized": "bool_",
    "result_digitized": "bool_",
    "e_result": "bool_",
    "reused_data": "bool_",
    "location_free": "bool_",
    "synced_national": "bool_",
    "apology_sent": "bool_",
    "rating": "int8",
    "supplement_count": "int16",
    "supplement_requested_at": "timestamp",
    "supplement_received_at": "timestamp",
    "suspended_at": "timestamp",
    "resumed_at": "timestamp",
}
COLUMN_NAMES: tuple[str, ...] = tuple(COLUMN_TYPES)

REQUIRED_COLUMNS = ("dossier_id", "locality_code", "received_at", "status")

DUCKDB_TYPES: dict[str, str] = {
    name: (
        "VARCHAR"
        if t == "string"
        else "INTEGER"
        if name == "locality_code"
        else "TIMESTAMP"
        if name in TIMESTAMP_COLUMNS
        else "BOOLEAN"
        if t == "bool_"
        else "SMALLINT"
    )
    for name, t in COLUMN_TYPES.items()
}


def _arrow_types() -> dict[str, pa.DataType]:
    import pyarrow as pa

    return {name: pa.timestamp("us") if t == "timestamp" else getattr(pa, t)() for name, t in COLUMN_TYPES.items()}


def arrow_schema() -> pa.Schema:
    import pyarrow as pa

    return pa.schema(list(_arrow_types().items()))


def __getattr__(name: str) -> Any:
    if name == "CANONICAL_COLUMNS":  # canonical columns in storage order -> pyarrow type
        value = _arrow_types()
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
