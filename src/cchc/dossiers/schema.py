"""Canonical dossier columns (docs/architecture.md, "Dossier records"), statuses and channels."""

from __future__ import annotations

from enum import StrEnum

import pyarrow as pa

__all__ = [
    "BOOL_COLUMNS",
    "CANONICAL_COLUMNS",
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
CANONICAL_COLUMNS: dict[str, pa.DataType] = {
    "dossier_id": pa.string(),
    "locality_code": pa.int32(),
    "unit": pa.string(),
    "procedure_code": pa.string(),
    "procedure_name": pa.string(),
    "sector": pa.string(),
    "channel": pa.string(),
    "full_online": pa.bool_(),
    "received_at": pa.timestamp("us"),
    "due_at": pa.timestamp("us"),
    "resolved_at": pa.timestamp("us"),
    "returned_at": pa.timestamp("us"),
    "status": pa.string(),
    "fee_required": pa.bool_(),
    "paid_online": pa.bool_(),
    "dossier_digitized": pa.bool_(),
    "result_digitized": pa.bool_(),
    "e_result": pa.bool_(),
    "reused_data": pa.bool_(),
    "location_free": pa.bool_(),
    "synced_national": pa.bool_(),
    "apology_sent": pa.bool_(),
    "rating": pa.int8(),
    "supplement_count": pa.int16(),
    "supplement_requested_at": pa.timestamp("us"),
    "supplement_received_at": pa.timestamp("us"),
    "suspended_at": pa.timestamp("us"),
    "resumed_at": pa.timestamp("us"),
}

REQUIRED_COLUMNS = ("dossier_id", "locality_code", "received_at", "status")

DUCKDB_TYPES: dict[str, str] = {
    name: (
        "VARCHAR"
        if t == pa.string()
        else "INTEGER"
        if name == "locality_code"
        else "TIMESTAMP"
        if name in TIMESTAMP_COLUMNS
        else "BOOLEAN"
        if t == pa.bool_()
        else "SMALLINT"
    )
    for name, t in CANONICAL_COLUMNS.items()
}


def arrow_schema() -> pa.Schema:
    return pa.schema(list(CANONICAL_COLUMNS.items()))
