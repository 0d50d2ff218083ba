"""Stored files that no row references: found and removed after a grace period.

Uploads are content-addressed (`files/<sha256>/<name>`), staged while the transaction that
references them runs and moved into place when it commits (`store.files.stage_file`); a process
stopped between the commit and the move leaves a staged copy, which the sweep moves into place when
a row references it (`place_staged`). Files written outside a transaction can still end up
unreferenced. The sweep removes such files once they are older than the
grace period (so a transaction still in flight keeps its file), and the `.part` files a process
killed mid-write left in `files/` and `reports/`, and staged uploads (bulk previews, the file of a
refused form) older than a day.

A file is referenced when its SHA-256 (the folder name) appears in any text column of the
database whose name ends in `sha256`, `path` or `file` (audit events excepted: they describe,
they do not keep).
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from pathlib import Path

from cchc.store.files import STAGING, place_staged

__all__ = ["SweepResult", "recover_staged", "referenced_hashes", "sweep_orphans"]

_SHA = re.compile(r"[0-9a-f]{64}")
_COLUMN = re.compile(r"(sha256|path|file)$")
_SKIP_TABLES = {"audit_events", "alembic_version"}
# Folders of uploads staged between two requests (web/routes/bulk.py, web/forms.py), and their shortest life.
STAGING_DIRS = ("imports", "pending-uploads")
STAGING_MAX_AGE = 24 * 3600.0


@dataclass
class SweepResult:
    removed: list[Path] = field(default_factory=list)
    kept_young: int = 0
    referenced: int = 0
    placed: list[Path] = field(default_factory=list)  # staged uploads of committed rows, moved into place

    def to_json(self) -> dict[str, object]:
        return {"removed": [str(p) for p in self.removed], "kept_young": self.kept_young,
                "referenced": self.referenced, "placed": [str(p) for p in self.placed]}


def referenced_hashes(url: str | None = None) -> set[str]:
    """Every SHA-256 that a row of the database names in a sha256/path/file column."""
    from sqlalchemy import String, Text, column, inspect, select, table

    from cchc.store.engine import database_url, make_engine

    engine = make_engine(database_url(url))
    found: set[str] = set()
    try:
        with engine.connect() as con:
            insp = inspect(con)
            for name in insp.get_table_names():
                if name in _SKIP_TABLES:
                    continue
                cols = [c["name"] for c in insp.get_columns(name)
                        if _COLUMN.search(c["name"]) and isinstance(c["type"], String | Text)]
                for col in cols:
                    stmt = select(column(col)).select_from(table(name)).where(column(col).is_not(None)).distinct()
                    for (value,) in con.execute(stmt):
                        found.update(_SHA.findall(str(value).lower()))
    finally:
        engine.dispose()
    return found


def _old(path: Path, cutoff: float) -> bool:
    try:
        return path.stat().st_mtime < cutoff
    except OSError:
        return False


def sweep_orphans(data_dir: Path, *, url: str | None = None, grace_seconds: float = 3600.0,
                  dry_run: bool = False) -> SweepResult:
    """Remove the stored files no row references and the leftover `.part` files, older than the grace period."""
    result = SweepResult()
    cutoff = time.time() - grace_seconds
    files = data_dir / "files"
    keep = referenced_hashes(url) if files.is_dir() else set()
    doomed: list[Path] = []
    if files.is_dir():
        placed, staged_removed = place_staged(files, keep, grace_seconds=grace_seconds, dry_run=dry_run)
        result.placed += placed
        result.removed += staged_removed
        for folder in sorted(p for p in files.iterdir() if p.is_dir() and p.name != STAGING):
            entries = [p for p in folder.iterdir() if p.is_file()]
            if folder.name in keep:
                result.referenced += 1
                doomed += [p for p in entries if p.name.endswith(".part") and _old(p, cutoff)]
                continue
            young = [p for p in entries if not _old(p, cutoff)]
            if young:
                result.kept_young += 1
                continue
            doomed += entries
    reports = data_dir / "reports"
    if reports.is_dir():
        doomed += [p for p in reports.rglob("*.part") if p.is_file() and _old(p, cutoff)]
    # Uploads kept between a form and its next submission (a bulk preview, a refused form's file): a
    # day at least, so that a user who comes back after a break still finds the preview.
    staged_cutoff = time.time() - max(grace_seconds, STAGING_MAX_AGE)
    for name in STAGING_DIRS:
        folder = data_dir / name
        if folder.is_dir():
            doomed += [p for p in sorted(folder.iterdir()) if p.is_file() and _old(p, staged_cutoff)]
    for path in doomed:
        result.removed.append(path)
        if not dry_run:
            path.unlink(missing_ok=True)
    if not dry_run and files.is_dir():
        for folder in files.iterdir():
            if folder.is_dir() and folder.name != STAGING and not any(folder.iterdir()):
                folder.rmdir()
    return result


def recover_staged(data_dir: Path, *, url: str | None = None) -> list[Path]:
    """At start: move into place the uploads a stopped process committed but had not moved (nothing removed).

    Cheap when there is nothing staged (one directory listing); reads the database only otherwise."""
    files = data_dir / "files"
    root = files / STAGING
    if not root.is_dir() or not any(root.iterdir()):
        return []
    placed, _ = place_staged(files, referenced_hashes(url), grace_seconds=float("inf"))
    return placed
