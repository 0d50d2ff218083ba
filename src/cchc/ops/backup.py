"""Backup and restore of one deployment: the database, the data directory's files and the dossier store.

`backup(archive)` writes one tar archive (gzip when the name ends in `.gz`/`.tgz`):

    manifest.json            format, created, database dialect and revision, row counts per table,
                             dossier generation and rows, every member with its size and SHA-256
    database/cchc.sqlite     SQLite: a consistent online copy (the SQLite backup API)
    database/cchc.pgdump     PostgreSQL: `pg_dump --format=custom` (one snapshot transaction)
    data/...                 the data directory: stored plan sources, evidence, report versions
    dossiers/...             the dossier store's current generation: its manifest and Parquet files

Files are content-addressed or written once, so copying them after the database snapshot loses
nothing the snapshot refers to; the dossier store is copied under its read lock, so an import in
another process cannot remove the generation being copied.

`restore(archive, data_dir=…)` checks every member's checksum before it writes anything, refuses a
non-empty target, and restores the database (SQLite file or `pg_restore` into an empty PostgreSQL
database), the files and the dossier store. Example:

    backup(Path("cchc-2026-12-03.tar.gz"))
    restore(Path("cchc-2026-12-03.tar.gz"), data_dir=Path("/srv/cchc-restored"))
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import Any

from sqlalchemy import Engine, inspect, text
from sqlalchemy.engine import make_url

from cchc.domain.errors import InvalidInput
from cchc.settings import Settings, get_settings
from cchc.store.engine import make_engine

__all__ = ["FORMAT", "BackupManifest", "backup", "read_manifest", "restore", "table_counts"]

FORMAT = "cchc.backup/1"
# Never copied: the session-signing secret (a restored deployment makes its own; users log in again),
# lock files, scratch space, and the live SQLite file (copied through the backup API instead).
_SKIP_NAMES = {"secret_key", ".import.lock", ".read.lock"}
_SKIP_DIRS = {".tmp", "dossiers"}
Progress = Callable[[str, float], None]


@dataclass
class BackupManifest:
    """What an archive holds, written into it as manifest.json."""

    created: str
    dialect: str
    revision: str | None
    tables: dict[str, int]
    dossier_generation: int
    dossier_rows: dict[str, int]
    members: dict[str, dict[str, Any]] = field(default_factory=dict)
    format: str = FORMAT

    def to_json(self) -> dict[str, Any]:
        return {
            "format": self.format,
            "created": self.created,
            "database": {"dialect": self.dialect, "revision": self.revision, "tables": self.tables},
            "dossiers": {"generation": self.dossier_generation, "rows": self.dossier_rows},
            "members": self.members,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> BackupManifest:
        db, dossiers = data["database"], data["dossiers"]
        return cls(
            created=data["created"],
            dialect=db["dialect"],
            revision=db.get("revision"),
            tables={k: int(v) for k, v in db["tables"].items()},
            dossier_generation=int(dossiers["generation"]),
            dossier_rows={k: int(v) for k, v in dossiers["rows"].items()},
            members=data["members"],
            format=data["format"],
        )


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def table_counts(engine: Engine) -> dict[str, int]:
    """Rows per table of the cchc schema (the Alembic version table excluded)."""
    with engine.connect() as con:
        names = sorted(n for n in inspect(con).get_table_names() if n != "alembic_version")
        return {n: int(con.execute(text(f'SELECT count(*) FROM "{n}"')).scalar_one()) for n in names}


def _revision(engine: Engine) -> str | None:
    with engine.connect() as con:
        if "alembic_version" not in inspect(con).get_table_names():
            return None
        return con.execute(text("SELECT version_num FROM alembic_version")).scalar()


def _libpq_url(engine: Engine) -> tuple[str, dict[str, str]]:
    """A libpq connection string for pg_dump/pg_restore, and the environment (password, options)."""
    url = engine.url
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    plain = url.set(drivername="postgresql", password=None, query={})
    return plain.render_as_string(hide_password=False), env


def _tool(name: str) -> str:
    found = shutil.which(name)
    if not found:
        raise InvalidInput(
            f"Không tìm thấy {name} (PostgreSQL client) — cài bằng: apt-get install postgresql-client "
            f"({name} not found: install postgresql-client)"
        )
    return found


def _dump_database(engine: Engine, folder: Path) -> Path:
    if engine.dialect.name == "sqlite":
        source = engine.url.database
        if not source or source == ":memory:":
            raise InvalidInput("Cơ sở dữ liệu SQLite trong bộ nhớ không sao lưu được (in-memory database)")
        target = folder / "cchc.sqlite"
        src = sqlite3.connect(source)
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)  # consistent while other processes keep writing
        finally:
            dst.close()
            src.close()
        return target
    if engine.dialect.name == "postgresql":
        target = folder / "cchc.pgdump"
        conninfo, env = _libpq_url(engine)
        cmd = [_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges", "--file", str(target)]
        schema = _search_path_schema(engine)
        if schema:
            cmd += ["--schema", schema]
        run = subprocess.run([*cmd, conninfo], env=env, capture_output=True, text=True, check=False)
        if run.returncode != 0:
            raise InvalidInput(f"pg_dump thất bại (pg_dump failed): {run.stderr.strip()[:500]}")
        return target
    raise InvalidInput(f"Không hỗ trợ sao lưu cơ sở dữ liệu {engine.dialect.name} (unsupported database)")


def _search_path_schema(engine: Engine) -> str | None:
    """The schema named by `-csearch_path=` in the engine's connect options, if any (tests use one)."""
    with engine.connect() as con:
        schema = con.execute(text("SELECT current_schema()")).scalar()
    return None if schema in (None, "public") else str(schema)


def _data_files(data_dir: Path, sqlite_file: Path | None) -> Iterator[tuple[Path, str]]:
    """(path, archive name) of every file of the data directory that a restore needs."""
    if not data_dir.exists():
        return
    for root, dirs, files in os.walk(data_dir):
        rel_root = Path(root).relative_to(data_dir)
        if rel_root == Path("."):
            dirs[:] = [d for d in dirs if d not in _SKIP_DIRS]
        for name in sorted(files):
            path = Path(root) / name
            if name in _SKIP_NAMES or name.endswith(("-journal", "-wal", "-shm")):
                continue
            if sqlite_file is not None and path.resolve() == sqlite_file.resolve():
                continue
            yield path, (PurePosixPath("data") / rel_root.as_posix() / name).as_posix()


def backup(
    archive: Path,
    *,
    settings: Settings | None = None,
    database_url: str | None = None,
    progress: Progress | None = None,
) -> BackupManifest:
    """Write one archive of the deployment named by `settings` (default: the environment's)."""
    settings = settings or get_settings()
    say = progress or (lambda _m, _f: None)
    engine = make_engine(database_url or settings.database_url)
    archive = Path(archive)
    archive.parent.mkdir(parents=True, exist_ok=True)
    mode = "w:gz" if archive.name.endswith((".gz", ".tgz")) else "w"
    partial = archive.with_name(archive.name + ".partial")
    try:
        sqlite_file = Path(engine.url.database) if engine.dialect.name == "sqlite" and engine.url.database else None
        with tempfile.TemporaryDirectory(prefix="cchc-backup-") as tmp:
            say("Sao lưu cơ sở dữ liệu (database)", 0.05)
            manifest = BackupManifest(
                created=datetime.now(UTC).isoformat(timespec="seconds"),
                dialect=engine.dialect.name,
                revision=_revision(engine),
                tables=table_counts(engine),
                dossier_generation=0,
                dossier_rows={},
            )
            dump = _dump_database(engine, Path(tmp))
            with tarfile.open(partial, mode) as tar:
                _add(tar, manifest, dump, f"database/{dump.name}")
                say("Sao lưu tệp (files)", 0.3)
                for path, name in _data_files(settings.data_dir, sqlite_file):
                    _add(tar, manifest, path, name)
                say("Sao lưu kho hồ sơ (dossier store)", 0.6)
                _add_dossiers(tar, manifest, settings.dossier_dir)
                body = json.dumps(manifest.to_json(), ensure_ascii=False, indent=2, sort_keys=True).encode()
                info = tarfile.TarInfo("manifest.json")
                info.size = len(body)
                info.mtime = int(datetime.now(UTC).timestamp())
                tar.addfile(info, io.BytesIO(body))
            with open(partial, "rb") as fh:
                os.fsync(fh.fileno())
            os.replace(partial, archive)
        say("Xong (done)", 1.0)
        return manifest
    finally:
        partial.unlink(missing_ok=True)
        engine.dispose()


def _add(tar: tarfile.TarFile, manifest: BackupManifest, path: Path, name: str) -> None:
    manifest.members[name] = {"size": path.stat().st_size, "sha256": _sha256(path)}
    tar.add(path, arcname=name, recursive=False)


def _add_dossiers(tar: tarfile.TarFile, manifest: BackupManifest, dossier_dir: Path) -> None:
    if not (dossier_dir / "manifest.json").exists():
        return
    from cchc.dossiers import DossierStore

    with DossierStore(dossier_dir, memory_limit=None) as store, store.reading():
        current = store.manifest()
        manifest.dossier_generation = int(current["generation"])
        for code, entry in current["localities"].items():
            manifest.dossier_rows[code] = sum(int(f.get("rows", 0)) for f in entry["files"])
            for f in entry["files"]:
                _add(tar, manifest, dossier_dir / f["path"], f"dossiers/{f['path']}")
        body = json.dumps(current, ensure_ascii=False, sort_keys=True).encode("utf-8")
        info = tarfile.TarInfo("dossiers/manifest.json")
        info.size = len(body)
        tar.addfile(info, io.BytesIO(body))
        manifest.members["dossiers/manifest.json"] = {"size": len(body), "sha256": hashlib.sha256(body).hexdigest()}


def read_manifest(archive: Path) -> BackupManifest:
    """The manifest of `archive`; a clear error when the file is not a cchc backup."""
    try:
        with tarfile.open(archive, "r:*") as tar:
            member = tar.extractfile("manifest.json")
            if member is None:
                raise KeyError("manifest.json")
            data = json.loads(member.read().decode("utf-8"))
    except (tarfile.TarError, KeyError, OSError, ValueError) as exc:
        raise InvalidInput(f"{archive}: không phải bản sao lưu cchc (not a cchc backup: {exc})") from exc
    if data.get("format") != FORMAT:
        raise InvalidInput(f"{archive}: định dạng {data.get('format')!r} không hỗ trợ (expected {FORMAT})")
    return BackupManifest.from_json(data)


def _safe_name(name: str) -> PurePosixPath:
    p = PurePosixPath(name)
    if p.is_absolute() or ".." in p.parts or not p.parts:
        raise InvalidInput(f"Bản sao lưu chứa đường dẫn không hợp lệ (unsafe path in archive): {name}")
    return p


def _verify(archive: Path, manifest: BackupManifest) -> None:
    """Every member listed, present, of its size and checksum; nothing unlisted (checked before writing)."""
    seen: set[str] = set()
    with tarfile.open(archive, "r:*") as tar:
        for member in tar:
            if member.name == "manifest.json":
                continue
            _safe_name(member.name)
            expected = manifest.members.get(member.name)
            if expected is None or not member.isfile():
                raise InvalidInput(f"Bản sao lưu có mục lạ (unlisted member): {member.name}")
            fh = tar.extractfile(member)
            assert fh is not None
            h = hashlib.sha256()
            for chunk in iter(lambda fh=fh: fh.read(1 << 20), b""):
                h.update(chunk)
            if member.size != expected["size"] or h.hexdigest() != expected["sha256"]:
                raise InvalidInput(f"Bản sao lưu bị hỏng ở {member.name} (checksum mismatch)")
            seen.add(member.name)
    missing = sorted(set(manifest.members) - seen)
    if missing:
        raise InvalidInput(f"Bản sao lưu thiếu {len(missing)} mục, ví dụ {missing[0]} (members missing)")


@dataclass(frozen=True)
class RestoreResult:
    manifest: BackupManifest
    tables: dict[str, int]
    files: int
    dossier_rows: dict[str, int]


def restore(
    archive: Path,
    *,
    data_dir: Path,
    database_url: str | None = None,
    progress: Progress | None = None,
) -> RestoreResult:
    """Restore `archive` into the empty `data_dir` (and the empty database `database_url`, if given)."""
    say = progress or (lambda _m, _f: None)
    manifest = read_manifest(archive)
    data_dir = Path(data_dir).absolute()
    if data_dir.exists() and any(data_dir.iterdir()):
        raise InvalidInput(f"Thư mục đích không trống: {data_dir} (restore needs an empty data directory)")
    url = database_url or f"sqlite:///{data_dir / 'cchc.db'}"
    dialect = make_url(url).get_backend_name()
    if dialect != manifest.dialect:
        raise InvalidInput(
            f"Bản sao lưu là của {manifest.dialect}, đích là {dialect}: khôi phục chỉ cùng loại cơ sở dữ liệu "
            f"(a {manifest.dialect} backup restores into {manifest.dialect} only)"
        )
    say("Kiểm tra bản sao lưu (checksums)", 0.05)
    _verify(archive, manifest)
    engine = make_engine(url)
    try:
        if dialect == "postgresql" and table_counts(engine):
            raise InvalidInput("Cơ sở dữ liệu đích đã có bảng (restore needs an empty PostgreSQL database)")
        data_dir.mkdir(parents=True, exist_ok=True)
        files = 0
        with tempfile.TemporaryDirectory(prefix="cchc-restore-") as tmp, tarfile.open(archive, "r:*") as tar:
            say("Khôi phục tệp và kho hồ sơ (files, dossiers)", 0.3)
            for member in tar:
                name = _safe_name(member.name)
                if member.name == "manifest.json":
                    continue
                if name.parts[0] == "database":
                    target = Path(tmp) / name.name
                elif name.parts[0] == "data":
                    target = data_dir.joinpath(*name.parts[1:])
                    files += 1
                elif name.parts[0] == "dossiers":
                    target = data_dir.joinpath("dossiers", *name.parts[1:])
                else:
                    raise InvalidInput(f"Bản sao lưu có mục lạ (unknown member): {member.name}")
                target.parent.mkdir(parents=True, exist_ok=True)
                src = tar.extractfile(member)
                assert src is not None
                with open(target, "wb") as out:
                    shutil.copyfileobj(src, out)
            say("Khôi phục cơ sở dữ liệu (database)", 0.7)
            if dialect == "sqlite":
                target_db = Path(engine.url.database or data_dir / "cchc.db")
                shutil.copy(Path(tmp) / "cchc.sqlite", target_db)
            else:
                conninfo, env = _libpq_url(engine)
                run = subprocess.run(
                    [_tool("pg_restore"), "--no-owner", "--no-privileges", "--exit-on-error", "--dbname", conninfo,
                     str(Path(tmp) / "cchc.pgdump")],
                    env=env, capture_output=True, text=True, check=False,
                )
                if run.returncode != 0:
                    raise InvalidInput(f"pg_restore thất bại (pg_restore failed): {run.stderr.strip()[:500]}")
        engine.dispose()
        engine = make_engine(url)
        tables = table_counts(engine)
        if tables != manifest.tables:
            diff = sorted(k for k in set(tables) | set(manifest.tables) if tables.get(k) != manifest.tables.get(k))
            raise InvalidInput(f"Số dòng sau khôi phục khác bản sao lưu ở bảng {', '.join(diff)} (row counts differ)")
        say("Xong (done)", 1.0)
        return RestoreResult(manifest=manifest, tables=tables, files=files, dossier_rows=dict(manifest.dossier_rows))
    finally:
        engine.dispose()
