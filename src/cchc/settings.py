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
    # Sign-in sessions end after this long without a request, and this long after login at the latest.
    session_idle_minutes: int = 120
    session_max_hours: int = 12
    # Failed logins within the window: per username (from any address), per address (any usernames).
    login_account_limit: int = 5
    login_address_limit: int = 20
    login_window_minutes: int = 15
    # A virus scanner run on every upload, `{path}` standing for the file (e.g. `clamdscan --no-summary
    # --fdpass {path}`); a non-zero exit refuses the upload. None: no scan.
    scan_command: str | None = None

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
        session_idle_minutes=int(os.environ.get("CCHC_SESSION_IDLE_MINUTES", "120")),
        session_max_hours=int(os.environ.get("CCHC_SESSION_MAX_HOURS", "12")),
        login_account_limit=int(os.environ.get("CCHC_LOGIN_ACCOUNT_LIMIT", "5")),
        login_address_limit=int(os.environ.get("CCHC_LOGIN_ADDRESS_LIMIT", "20")),
        login_window_minutes=int(os.environ.get("CCHC_LOGIN_WINDOW_MINUTES", "15")),
        scan_command=os.environ.get("CCHC_SCAN_COMMAND", "").strip() or None,
    )


def job_threads(database_url: str) -> int:
    """CCHC_JOB_THREADS, else 2 on SQLite (the embedded default runs its jobs itself) and 0 otherwise."""
    given = os.environ.get("CCHC_JOB_THREADS")
    if given:
        return max(0, int(given))
    return 2 if database_url.startswith("sqlite") else 0
