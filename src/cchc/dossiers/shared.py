"""`shared_store(root)`: the process's one `DossierStore` per folder, opened on first use and kept open.

A web worker answers many requests that read dossiers (the city and national views, the public page,
the service-quality pages). Opening a store per request costs a DuckDB connection, its settings and
the working-day calendar each time; one store per process serves them all: each query takes its own
cursor, and the store re-reads its manifest when another process switched it, so an import is seen
by the next request. Never close a shared store.

The shared store's DuckDB gets less memory than a command's (`CCHC_DUCKDB_MEMORY_LIMIT`, default
256MB, instead of 3 GB): a web worker's queries read one commune's or one province's dossiers, and
DuckDB otherwise keeps up to its limit of file data and freed buffers for the life of the process;
an operator that needs more spills to the store's `.tmp` folder. DuckDB also returns freed memory
to the system once a query has used more than a few megabytes (instead of 128 MB).
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

from cchc.dossiers.store import MANIFEST, DossierStore

__all__ = ["data_version", "shared_store"]

_stores: dict[Path, DossierStore] = {}
_lock = threading.Lock()
DEFAULT_MEMORY_LIMIT = "256MB"
ALLOCATOR_FLUSH_THRESHOLD = "8MB"


def memory_limit() -> str:
    """CCHC_DUCKDB_MEMORY_LIMIT (a DuckDB size such as `512MB` or `2GB`), else 256MB."""
    return os.environ.get("CCHC_DUCKDB_MEMORY_LIMIT", "").strip() or DEFAULT_MEMORY_LIMIT


def shared_store(root: Path | str) -> DossierStore:
    """The process's `DossierStore` at `root` (`<data_dir>/dossiers`)."""
    key = Path(root).absolute()
    with _lock:
        store = _stores.get(key)
        if store is None:
            store = _stores[key] = DossierStore(key, memory_limit=memory_limit().replace("'", ""))
            store.con.execute(f"SET allocator_flush_threshold = '{ALLOCATOR_FLUSH_THRESHOLD}'")
        return store


def data_version(store: DossierStore) -> tuple[int, ...]:
    """What figures read from `store` depend on: its generation and manifest, and the entered 766 inputs.

    A cached figure keyed on this stays valid until the next import or the next change of the inputs
    (by any process). The manifest's file identity is part of it, so a store replaced by another one
    of the same generation (a restored backup) is not mistaken for it.
    """
    generation = store.generation  # reads the manifest when it changed
    stamps: list[int] = [generation]
    for path in (store.root / MANIFEST, store._inputs_path()):
        try:
            st = path.stat()
            stamps += [st.st_ino, st.st_mtime_ns, st.st_size]
        except FileNotFoundError:
            stamps += [0, 0, 0]
    return tuple(stamps)
