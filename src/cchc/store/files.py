"""Uploaded files, content-addressed under `files/<sha256>/<name>` in the data directory.

`stage_file` is what a use case calls inside its transaction: the file is written to
`files/.staging/<sha256>.<token>/<name>` and moved into place only when the session commits; a rollback
removes it, so a refused or failed write leaves nothing behind. A process killed between the commit and the
move leaves the staged copy, which `place_staged` (run by `cchc check --sweep-orphans` and when the web app
or a worker starts) moves into place when a row references its hash, or removes after the grace period.
`store_file` writes straight into place (for files no transaction records). Every write goes through
`write_atomically`: a temporary `.part` name, flushed to disk, then renamed.
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets
import shutil
import time
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.orm import Session

from cchc.domain.errors import InvalidInput
from cchc.settings import get_settings

__all__ = [
    "MAX_NAME_BYTES", "STAGING", "StagedFile", "place_staged", "safe_name", "stage_file", "store_file",
    "write_atomically",
]

STAGING = ".staging"
_PENDING = "cchc_staged_files"  # session.info key: [(staged folder, final path)] waiting for the commit


# File systems allow 255 bytes per name; the stored name is only a label (the directory is the SHA-256).
MAX_NAME_BYTES = 120


def safe_name(filename: str) -> str:
    """A name safe to keep on disk: no path, no odd characters, at most `MAX_NAME_BYTES` bytes, extension kept."""
    name = unicodedata.normalize("NFC", Path(filename.replace("\\", "/")).name).strip()
    name = re.sub(r"[^\w.\- ]", "_", name).strip(". ")
    if len(name.encode("utf-8")) > MAX_NAME_BYTES:
        suffix = Path(name).suffix
        if len(suffix.encode("utf-8")) > 16:
            suffix = ""
        stem = name[: len(name) - len(suffix)] if suffix else name
        budget = MAX_NAME_BYTES - len(suffix.encode("utf-8"))
        stem = stem.encode("utf-8")[:budget].decode("utf-8", "ignore").rstrip(". ")
        name = stem + suffix
    return name or "document"


def store_file(content: bytes, filename: str, *, data_dir: Path | None = None) -> tuple[Path, str]:
    """Keep an uploaded file under `files/<sha256>/<name>`; returns its path and SHA-256."""
    settings = get_settings()
    _check_size(content, filename)
    sha = hashlib.sha256(content).hexdigest()
    base = (data_dir or settings.data_dir) / "files" / sha
    base.mkdir(parents=True, exist_ok=True)
    path = base / safe_name(filename)
    if not path.exists():
        write_atomically(path, content)
    return path, sha


def _check_size(content: bytes, filename: str) -> None:
    settings = get_settings()
    if len(content) > settings.max_upload_bytes:
        raise InvalidInput(
            f"Tệp {filename!r} quá lớn ({len(content) // 1024 // 1024} MB, tối đa "
            f"{settings.max_upload_bytes // 1024 // 1024} MB).",
            where="file",
        )


def write_atomically(path: Path, content: bytes) -> None:
    """Write under a temporary name in the same folder, flush to disk, then rename into place.

    A process killed mid-write leaves only a `.part` file (removed by `cchc check --sweep-orphans`),
    never a truncated file under the real name that a later identical upload would take as stored.
    """
    tmp = path.with_name(f".{secrets.token_hex(6)}.part")
    try:
        with open(tmp, "wb") as fh:
            fh.write(content)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


@dataclass(frozen=True)
class StagedFile:
    """An upload of a transaction: `path` is where it lives once the transaction commits (what rows record);
    `readable` is where it can be read until then (the staged copy, or `path` when that content is stored)."""

    path: Path
    sha256: str
    readable: Path


def stage_file(session: Session, content: bytes, filename: str, *, data_dir: Path | None = None) -> StagedFile:
    """Keep an upload for the session's transaction: in place after its commit, gone after a rollback."""
    _check_size(content, filename)
    sha = hashlib.sha256(content).hexdigest()
    files = (data_dir or get_settings().data_dir) / "files"
    final = files / sha / safe_name(filename)
    if final.exists():
        return StagedFile(final, sha, final)
    folder = files / STAGING / f"{sha}.{secrets.token_hex(6)}"
    folder.mkdir(parents=True, exist_ok=True)
    staged = folder / final.name
    write_atomically(staged, content)
    session.info.setdefault(_PENDING, []).append((folder, final))
    return StagedFile(final, sha, staged)


def _place(folder: Path, final: Path) -> None:
    for staged in folder.iterdir():
        if staged.name.endswith(".part"):
            continue
        target = final if final.name == staged.name else final.parent / staged.name
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.exists():
            staged.unlink(missing_ok=True)
        else:
            os.replace(staged, target)
    shutil.rmtree(folder, ignore_errors=True)


@event.listens_for(Session, "after_commit")
def _placed_after_commit(session: Session) -> None:
    for folder, final in session.info.pop(_PENDING, []):
        try:
            _place(folder, final)
        except OSError:  # left staged: place_staged moves it on the next start or sweep
            pass


@event.listens_for(Session, "after_rollback")
def _removed_after_rollback(session: Session) -> None:
    for folder, _ in session.info.pop(_PENDING, []):
        shutil.rmtree(folder, ignore_errors=True)


def place_staged(files: Path, referenced: set[str] | None, *, grace_seconds: float = 3600.0,
                 dry_run: bool = False) -> tuple[list[Path], list[Path]]:
    """Staged uploads left by a process stopped between its commit and the move: (placed, removed).

    A staged copy whose hash a row references (`referenced`) is moved into place; one that none references is
    removed once older than the grace period (a transaction still running keeps its file). With `referenced`
    None nothing is removed (the caller could not read the database)."""
    placed: list[Path] = []
    removed: list[Path] = []
    root = files / STAGING
    if not root.is_dir():
        return placed, removed
    cutoff = time.time() - grace_seconds
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        sha = folder.name.split(".", 1)[0]
        names = [p for p in folder.iterdir() if p.is_file() and not p.name.endswith(".part")]
        if referenced is not None and sha in referenced and names:
            placed += [files / sha / p.name for p in names]
            if not dry_run:
                _place(folder, files / sha / names[0].name)
        elif referenced is not None and folder.stat().st_mtime < cutoff:
            removed.append(folder)
            if not dry_run:
                shutil.rmtree(folder, ignore_errors=True)
    return placed, removed
