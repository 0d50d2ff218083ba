"""Runtime settings from the environment: where data lives and which database to use."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Settings", "get_settings", "job_threads"]


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    database_url: str
    secret_key: str
    # Provincial reporting cut-off: None for calendar periods, 14 for "15th of the previous month to the 14th".
    period_cutoff_day: int | None
    # Day of the period's last month before which unit reports are due.
    report_due_day: int
    max_upload_bytes: int
    # Worker threads that run background jobs inside `cchc serve`/`cchc demo` (0: none, use `cchc worker`).
    job_threads: int = 0
    # How long a running job stays owned by its worker without a heartbeat.
    job_lease_seconds: float = 30.0

    @property
    def dossier_dir(self) -> Path:
        return self.data_dir / "dossiers"

    @property
    def files_dir(self) -> Path:
        return self.data_dir / "files"


def get_settings() -> Settings:
    """Read settings from CCHC_* environment variables (defaults: ./data, SQLite in it)."""
    data_dir = Path(os.environ.get("CCHC_DATA", "./data")).resolve()
    url = os.environ.get("CCHC_DATABASE_URL") or f"sqlite:///{data_dir / 'cchc.db'}"
    cutoff = os.environ.get("CCHC_PERIOD_CUTOFF_DAY")
    return Settings(
        data_dir=data_dir,
        database_url=url,
        secret_key=os.environ.get("CCHC_SECRET_KEY", ""),
        period_cutoff_day=int(cutoff) if cutoff else None,
        report_due_day=int(os.environ.get("CCHC_REPORT_DUE_DAY", "10")),
        max_upload_bytes=int(os.environ.get("CCHC_MAX_UPLOAD_BYTES", str(50 * 1024 * 1024))),
        job_threads=job_threads(url),
        job_lease_seconds=float(os.environ.get("CCHC_JOB_LEASE_SECONDS", "30")),
    )


def job_threads(database_url: str) -> int:
    """CCHC_JOB_THREADS, else 2 on SQLite (the embedded default runs its jobs itself) and 0 otherwise."""
    given = os.environ.get("CCHC_JOB_THREADS")
    if given:
        return max(0, int(given))
    return 2 if database_url.startswith("sqlite") else 0
