"""`shared_store(root)`: the process's one `DossierStore` per folder, opened on first use and kept open.

A web worker answers many requests that read dossiers (the city and national views, the public page,
the service-quality pages). Opening a store per request costs a DuckDB connection, its settings and
the working-day calendar each time; one store per process serves them all: each query takes its own
cursor, and the store re-reads its manifest when another process switched it, so an import is seen
by the next request. Never close a shared store.
"""

from __future__ import annotations

import threading
from pathlib import Path

from cchc.dossiers.store import MANIFEST, DossierStore

__all__ = ["data_version", "shared_store"]

_stores: dict[Path, DossierStore] = {}
_lock = threading.Lock()


def shared_store(root: Path | str) -> DossierStore:
    """The process's `DossierStore` at `root` (`<data_dir>/dossiers`)."""
    key = Path(root).absolute()
    with _lock:
        store = _stores.get(key)
        if store is None:
            store = _stores[key] = DossierStore(key)
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
