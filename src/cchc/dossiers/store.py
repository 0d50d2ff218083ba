"""The dossier store: DuckDB over Parquet, hive-partitioned by locality and year.

Layout under the store's root:
    data/locality_code=<int>/year=<yyyy>/*.parquet   one locality's dossiers received in that year
    inputs_766.parquet                               non-dossier inputs of the Decision 766 index
Upsert: an import is staged, de-duplicated on (locality_code, dossier_id) (the last row wins), then
each touched locality is rewritten as (old rows whose key is not in the import) ∪ (imported rows)
into a new, uniquely named generation folder `data/g<generation>-<hex>/`. `manifest.json` lists the
current files of every locality and the generation; it is written to a temporary file, fsync'd and
`os.replace`d, so one import switches every commune it touches at once (all or nothing). Old files
are removed only after the switch (and only while no reader holds the read lock); files that no
complete manifest lists are garbage, removed on the next open. Readers read exactly the manifest's
files (`current_files`, `cursor`).
"""

from __future__ import annotations

import contextlib
import csv
import fcntl
import hashlib
import json
import os
import shutil
import signal
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb

from cchc.domain.calendar import WorkingCalendar, default_calendar
from cchc.domain.cells import csv_safe
from cchc.domain.errors import InvalidInput, NotFound
from cchc.dossiers.importing import CODED_COLUMNS, Check, known_spellings, mapping_sql
from cchc.dossiers.layouts import Layout, detect_layout, get_layout
from cchc.dossiers.schema import COLUMN_NAMES, DUCKDB_TYPES, TIMESTAMP_COLUMNS

if TYPE_CHECKING:  # pyarrow is loaded where a table is built or written, not to read the store
    import pyarrow as pa

__all__ = ["DossierStore", "ImportResult", "RowError", "calendar_key", "calendar_table"]

Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class RowError:
    """One rejected value: the file, its row (the header is row 1), the column, the raw value, why."""

    file: str
    row: int
    column: str
    value: str
    reason: str


@dataclass
class ImportResult:
    files: list[str] = field(default_factory=list)
    layouts: dict[str, str] = field(default_factory=dict)
    encodings: dict[str, str] = field(default_factory=dict)
    rows_read: int = 0
    rows_imported: int = 0
    rows_rejected: int = 0
    inserted: int = 0
    updated: int = 0
    duplicates_in_import: int = 0
    due_derived: int = 0  # rows without a due date that got one from the procedure's limit
    errors: list[RowError] = field(default_factory=list)  # the first `max_errors_kept` errors
    error_count: int = 0
    error_file: str | None = None
    seconds: float = 0.0

    @property
    def rows_per_second(self) -> float:
        return self.rows_read / self.seconds if self.seconds else 0.0

    def summary_vi(self) -> str:
        def n(x: int) -> str:
            return f"{x:_}".replace("_", ".")

        return (
            f"Đã đọc {n(self.rows_read)} dòng, nhập {n(self.rows_imported)} hồ sơ "
            f"({n(self.inserted)} mới, {n(self.updated)} cập nhật), loại {n(self.rows_rejected)} dòng lỗi "
            f"trong {self.seconds:.1f} giây"
        )


_VIEW_COLS = ", ".join(f'"{c}"' for c in COLUMN_NAMES)
_NORMALIZED = ("unit", "procedure_name", "sector", "procedure_code")  # text columns trimmed, folded and NFC'd


def _sniff_delimiter(line: str) -> str:
    counts = {d: line.count(d) for d in (",", ";", "\t", "|")}
    return max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","


class _ProgressWatcher:
    """Reports a running DuckDB query's progress (`query_progress`, polled from a thread) as rows."""

    def __init__(self, con: duckdb.DuckDBPyConnection, progress: Progress, stage: str, estimate: int) -> None:
        self.con, self.progress, self.stage, self.estimate = con, progress, stage, estimate
        con.execute("SET enable_progress_bar = true")  # tracking only: nothing is printed
        con.execute("SET enable_progress_bar_print = false")
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._done.wait(0.25):
            try:
                pct = self.con.query_progress()
            except duckdb.Error:
                return
            if pct >= 0:
                self.progress(self.stage, int(self.estimate * min(pct, 99.0) / 100), self.estimate)

    def stop(self) -> None:
        self._done.set()
        self._thread.join()
        self.con.execute("SET enable_progress_bar = false")


MANIFEST = "manifest.json"
FAULT_STEPS = (
    "after_stage",  # the import is read and validated, nothing written
    "during_write",  # the first new Parquet file has appeared
    "after_write",  # every new file written and fsync'd, manifest not yet written
    "during_manifest_write",  # half of the new manifest's temporary file written
    "before_switch",  # the new manifest's temporary file complete, not yet renamed
    "after_switch",  # the new manifest in place, old files not yet removed
    "during_removal",  # the first old file removed
    "between_communes",  # the first commune's old files removed, the others not
    "after_removal",  # every old file removed
)


def _fault(step: str) -> None:
    """Fault injection for the crash tests: `CCHC_FAULT_AT=<step>` kills the process there (SIGKILL)."""
    if os.environ.get("CCHC_FAULT_AT") == step:
        os.kill(os.getpid(), signal.SIGKILL)


def _fsync_path(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class _ReadCursor:
    """A DuckDB cursor holding the store's shared read lock until closed (old files stay until then)."""

    def __init__(self, cur: duckdb.DuckDBPyConnection, lock_fh: object) -> None:
        self._cur, self._lock_fh = cur, lock_fh

    def __getattr__(self, name: str) -> object:
        return getattr(self._cur, name)

    def execute(self, *args: object, **kw: object) -> duckdb.DuckDBPyConnection:
        return self._cur.execute(*args, **kw)  # type: ignore[arg-type]

    def close(self) -> None:
        try:
            self._cur.close()
        finally:
            if self._lock_fh is not None:
                self._lock_fh.close()  # type: ignore[attr-defined]  # closing releases the flock
                self._lock_fh = None

    def __enter__(self) -> _ReadCursor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class _FirstFileWatcher:
    """For the `during_write` fault: kills the process once the first new Parquet file appears."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._done.wait(0.005):
            if self.folder.exists() and any(self.folder.glob("*/*/*.parquet")):
                _fault("during_write")

    def stop(self) -> None:
        self._done.set()
        self._thread.join()


# The widest span of years (every date of an import) for which the derived calendar columns are written.
_DERIVED_MAX_YEARS = 60


def _dates_within(col_stats: dict, first: int, last: int) -> bool:
    """Every date of a written file (its Parquet statistics, `COPY … RETURN_STATS`) in years first..last."""
    for c in TIMESTAMP_COLUMNS:
        st = col_stats.get(f'"{c}"') or col_stats.get(c) or {}
        for k in ("min", "max"):
            v = st.get(k)
            if v is None:
                continue
            try:
                year = int(str(v).lstrip("-").split("-", 1)[0]) * (-1 if str(v).startswith("-") else 1)
            except ValueError:
                return False
            if not first <= year <= last:
                return False
    return True


def _sql_path(path: Path) -> str:
    return "'" + path.as_posix().replace("'", "''") + "'"


def calendar_table(calendar: WorkingCalendar, first_year: int, last_year: int) -> pa.Table:
    """The `cal` table of the metric SQL: every date of the years with its working-day index and next working day.

    `wd_idx` counts working days up to and including the date; `next_wd` is the date itself on a working
    day, else the next working day. Any engine that runs the metric SQL is given this table as `cal`.
    """
    from datetime import date, timedelta

    import pyarrow as pa

    start, end = date(first_year, 1, 1), date(last_year, 12, 31)
    days, idx, nxt = [], [], []
    n = 0
    d = start
    working: list[bool] = []
    while d <= end:
        w = calendar.is_working_day(d)
        n += int(w)
        days.append(d)
        idx.append(n)
        working.append(w)
        d += timedelta(days=1)
    nxt_day: date | None = None
    for i in range(len(days) - 1, -1, -1):
        if working[i]:
            nxt_day = days[i]
        nxt.append(nxt_day or days[i])
    nxt.reverse()
    return pa.table({"d": pa.array(days, pa.date32()), "wd_idx": pa.array(idx, pa.int32()),
                     "next_wd": pa.array(nxt, pa.date32()), "working": pa.array(working, pa.bool_())})


# Bump when `calendar_table` changes its columns or their meaning: stored calendars are then rebuilt.
CALENDAR_FORMAT = 1


def calendar_key(calendar: WorkingCalendar) -> str:
    """A short digest of what the working days depend on: the table's format, the `holidays` package's
    version (its `version.py`, read without importing the package), the calendar's class and its extra
    days off and working days. A stored calendar with another key is stale."""
    import importlib.util

    version = b"?"
    try:
        spec = importlib.util.find_spec("holidays")
        if spec is not None and spec.origin:
            version = (Path(spec.origin).parent / "version.py").read_bytes()
    except (ImportError, OSError, ValueError):
        pass
    cls = type(calendar)
    text = "\n".join([
        f"format {CALENDAR_FORMAT}", f"class {cls.__module__}.{cls.__qualname__}",
        "off " + ",".join(sorted(d.isoformat() for d in calendar.extra_days_off)),
        "working " + ",".join(sorted(d.isoformat() for d in calendar.extra_working_days)),
    ])
    return hashlib.sha256(text.encode("utf-8") + b"\n" + version).hexdigest()[:16]


class DossierStore:
    """Dossier records of many localities in Parquet files under `path`, queried with DuckDB.

    Example:
        store = DossierStore(get_settings().dossier_dir)
        store.import_files(["export.csv"])
    """

    def __init__(
        self,
        path: Path | str,
        *,
        calendar: WorkingCalendar | None = None,
        threads: int | None = None,
        memory_limit: str | None = "3GB",
    ) -> None:
        self.root = Path(path).absolute()
        self.data_dir = self.root / "data"
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.calendar = calendar or default_calendar()
        self.con = duckdb.connect()
        tmp = self.root / ".tmp"
        tmp.mkdir(exist_ok=True)
        self.con.execute(f"SET temp_directory = '{tmp.as_posix()}'")
        self.con.execute("SET preserve_insertion_order = true")
        self.con.execute("SET enable_progress_bar = false")  # the CLI draws its own (Rich)
        # The periods table is tiny (1–100 rows): a nested-loop join against it streams, where the
        # default range join would sort millions of dossiers.
        self.con.execute("SET nested_loop_join_threshold = 1024")
        # Partitioned writes (a folder per locality and year, 100+ of them): flush each partition's
        # buffer early and keep every file open, so that writing a 10M-row import does not buffer a
        # second copy of it in memory and spill.
        self.con.execute("SET partitioned_write_flush_threshold = 65536")
        self.con.execute("SET partitioned_write_max_open_files = 512")
        if threads:
            self.con.execute(f"SET threads = {int(threads)}")
        if memory_limit:
            self.con.execute(f"SET memory_limit = '{memory_limit}'")
        self._cal_years: tuple[int, int] | None = None
        self._cal_key: str | None = None  # the rules of the loaded calendar (`calendar_key`)
        self._view_derived: str | None = None  # the calendar of the view's derived columns, if it has them
        # One writer at a time on the shared connection (queries run on their own cursors).
        self._lock = threading.RLock()
        self._staged: list[Path] = []  # this import's staging Parquet files, one per input file
        self._row_errors: list[RowError] = []
        self._manifest: dict = {"format": 1, "generation": 0, "localities": {}}
        self._manifest_stat: tuple[int, int, int] | None = None
        self._view_stat: tuple[int, int, int] | None = None  # the manifest the `dossiers` view was built from
        # Recovery of an interrupted import, only when no import holds the store's lock and no reader
        # holds the read lock (a page opened during an import in another process must not touch it).
        with self._writer_lock(blocking=False) as held:
            if held:
                self._recover()
        self.refresh()

    @contextlib.contextmanager
    def _writer_lock(self, *, blocking: bool = True):  # type: ignore[no-untyped-def]
        """An exclusive lock on the store across processes (imports are serialised)."""
        with open(self.root / ".import.lock", "a+") as fh:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | (0 if blocking else fcntl.LOCK_NB))
            except BlockingIOError:
                yield False
                return
            try:
                yield True
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)

    # -- manifest ----------------------------------------------------------------------------
    def _load_manifest(self) -> dict:
        p = self.root / MANIFEST
        try:
            st = p.stat()
        except FileNotFoundError:
            self._manifest_stat = None
            self._manifest = {"format": 1, "generation": 0, "localities": {}}
            return self._manifest
        key = (st.st_ino, st.st_mtime_ns, st.st_size)
        if key != self._manifest_stat:
            self._manifest = json.loads(p.read_text(encoding="utf-8"))
            self._manifest_stat = key
        return self._manifest

    def _manifest_changed(self) -> bool:
        try:
            st = (self.root / MANIFEST).stat()
        except FileNotFoundError:
            return self._manifest_stat is not None
        return (st.st_ino, st.st_mtime_ns, st.st_size) != self._manifest_stat

    def _write_manifest(self, manifest: dict) -> None:
        """Write `manifest` to a temporary file, fsync it, and switch it in with one `os.replace`."""
        tmp = self.root / f"{MANIFEST}.{uuid.uuid4().hex}.tmp"
        data = json.dumps(manifest, ensure_ascii=False, sort_keys=True).encode("utf-8")
        with open(tmp, "wb") as fh:
            if os.environ.get("CCHC_FAULT_AT") == "during_manifest_write":
                fh.write(data[: len(data) // 2])
                fh.flush()
                os.fsync(fh.fileno())
                _fault("during_manifest_write")
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        _fault("before_switch")
        os.replace(tmp, self.root / MANIFEST)
        _fsync_path(self.root)
        _fault("after_switch")

    @property
    def generation(self) -> int:
        """The generation of the current manifest (0: nothing imported yet)."""
        return int(self._load_manifest()["generation"])

    def current_files(self, localities: Sequence[int] | None = None) -> list[str]:
        """The Parquet files of the current generation (absolute paths), of `localities` or all.

        Every reader goes through this list. Hold `reading()` while the files are read so that an
        import in another process does not remove an old generation's files under the reader.
        Example: with store.reading(): files = store.current_files([11560])
        """
        m = self._load_manifest()["localities"]
        keys = sorted(m, key=int) if localities is None else [str(int(x)) for x in localities if str(int(x)) in m]
        return [(self.root / f["path"]).as_posix() for k in keys for f in m[k]["files"]]

    def manifest(self) -> dict:
        """A copy of the current manifest: generation, and per locality its rows and files (path, rows)."""
        return json.loads(json.dumps(self._load_manifest()))

    @contextlib.contextmanager
    def reading(self):  # type: ignore[no-untyped-def]
        """The shared read lock: the files of the generation read inside stay on disk until it ends."""
        fh = self._read_lock_shared()
        try:
            yield self
        finally:
            fh.close()

    def _read_lock_shared(self):  # type: ignore[no-untyped-def]
        fh = open(self.root / ".read.lock", "a+")  # noqa: SIM115 - closed by the caller (releases the lock)
        fcntl.flock(fh, fcntl.LOCK_SH)
        return fh

    def cursor(self) -> _ReadCursor:
        """A cursor for one query over the `dossiers` view of the current manifest's files.

        It holds the shared read lock until `close()`, and re-points the view when another process
        switched the manifest since. Example: cur = store.cursor(); cur.execute(sql).fetchall(); cur.close()
        """
        fh = self._read_lock_shared()
        try:
            # The view follows the manifest: switched by another process, or read since the view was built
            # (`localities()`, `generation` load the manifest without re-pointing the view).
            if self._manifest_changed() or self._view_stat != self._manifest_stat:
                with self._lock:
                    self.refresh()
            return _ReadCursor(self.con.cursor(), fh)
        except BaseException:
            fh.close()
            raise

    @contextlib.contextmanager
    def _read_lock_exclusive(self, timeout: float = 10.0):  # type: ignore[no-untyped-def]
        """Exclusive read lock (no reader active), tried for `timeout` seconds; yields whether held."""
        with open(self.root / ".read.lock", "a+") as fh:
            deadline = time.monotonic() + timeout
            while True:
                try:
                    fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        yield False
                        return
                    time.sleep(0.05)
            try:
                yield True
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)

    def _recover(self) -> None:
        """After a crash: keep the current manifest's generation, remove what no complete manifest lists.

        Called with the writer lock held. A store written before manifests existed (folders
        `data/locality_code=*/year=*`) is adopted as generation 1 first.
        """
        legacy = [p for p in self.data_dir.glob("locality_code=*") if p.is_dir()]
        if not (self.root / MANIFEST).exists() and legacy:
            self._adopt_legacy()
        m = self._load_manifest()
        files = {f["path"] for e in m["localities"].values() for f in e["files"]}
        if not all((self.root / f).is_file() for f in files):
            return  # an incomplete manifest: nothing is garbage (`cchc check` reports it)
        with self._read_lock_exclusive(timeout=0) as held:
            if not held:
                return
            live_dirs = {Path(f).parts[1] for f in files if len(Path(f).parts) > 2}
            for entry in self.data_dir.iterdir():
                if entry.name not in live_dirs:
                    shutil.rmtree(entry, ignore_errors=True) if entry.is_dir() else entry.unlink(missing_ok=True)
            for g in m.get("garbage", []):
                if g not in files:
                    self._remove_file(self.root / g)
            for leftover in [*self.root.glob(f"{MANIFEST}.*.tmp"), *self.root.glob(".staging-*"),
                             *self.root.glob(".calendar-*.tmp"),
                             *self.root.glob(".trash-*")]:
                shutil.rmtree(leftover, ignore_errors=True) if leftover.is_dir() else leftover.unlink(missing_ok=True)

    def _adopt_legacy(self) -> None:
        """Record a pre-manifest store's folders (restoring a commune left in a trash folder) as generation 1."""
        for trash in self.root.glob(".trash-*"):
            for loc_dir in trash.glob("locality_code=*"):
                if not (self.data_dir / loc_dir.name).exists():
                    loc_dir.rename(self.data_dir / loc_dir.name)  # the last good copy of that commune
        gen_dir = self.data_dir / f"g{1:06d}-{uuid.uuid4().hex[:8]}"
        gen_dir.mkdir()
        locs: dict[str, dict] = {}
        for loc_dir in sorted(self.data_dir.glob("locality_code=*")):
            loc_dir.rename(gen_dir / loc_dir.name)
        for f in sorted(gen_dir.glob("locality_code=*/*/*.parquet")):
            n = int(self.con.execute(f"SELECT count(*) FROM read_parquet({_sql_path(f)})").fetchall()[0][0])  # type: ignore[index]
            key = f.parent.parent.name.split("=", 1)[1]
            e = locs.setdefault(key, {"rows": 0, "files": []})
            e["rows"] += n
            e["files"].append({"path": f.relative_to(self.root).as_posix(), "rows": n})
        self._write_manifest({"format": 1, "generation": 1, "localities": locs, "garbage": []})

    def check(self) -> list[str]:
        """Integrity problems of the store (empty when sound), in Vietnamese with English in brackets.

        Every manifest file exists and is readable Parquet, its row count matches the manifest, and
        no locality holds a dossier id twice.
        """
        problems: list[str] = []
        p = self.root / MANIFEST
        if p.exists():
            try:
                m = json.loads(p.read_text(encoding="utf-8"))
            except (OSError, ValueError) as exc:
                return [f"Không đọc được {p} (unreadable manifest): {exc}"]
        else:
            m = {"localities": {}}
        readable: list[str] = []
        with self.reading():
            for loc, e in sorted(m["localities"].items(), key=lambda x: int(x[0])):
                total = 0
                for f in e["files"]:
                    path = self.root / f["path"]
                    if not path.is_file():
                        problems.append(f"Xã {loc}: thiếu tệp {f['path']} (missing file)")
                        continue
                    try:
                        n = int(self.con.execute(
                            f"SELECT sum(num_rows) FROM parquet_file_metadata({_sql_path(path)})"
                        ).fetchall()[0][0] or 0)  # type: ignore[index]
                    except duckdb.Error as exc:
                        problems.append(f"Xã {loc}: tệp {f['path']} hỏng (unreadable Parquet): {exc}")
                        continue
                    readable.append(path.as_posix())
                    total += n
                    if n != int(f["rows"]):
                        problems.append(f"Xã {loc}: tệp {f['path']} có {n} dòng, sổ ghi {f['rows']} (row count mismatch)")
                if total != int(e["rows"]) and not any(f"Xã {loc}:" in x for x in problems):
                    problems.append(f"Xã {loc}: có {total} hồ sơ, sổ ghi {e['rows']} (row count mismatch)")
            if readable:
                lst = "[" + ", ".join(_sql_path(Path(f)) for f in readable) + "]"
                try:
                    dups = self.con.execute(
                        f"SELECT locality_code, dossier_id, count(*) FROM read_parquet({lst}, hive_partitioning = true, "
                        "hive_types = {'locality_code': INTEGER, 'year': INTEGER}, union_by_name = true) "
                        "GROUP BY ALL HAVING count(*) > 1 ORDER BY 1, 2 LIMIT 10"
                    ).fetchall()
                except duckdb.Error as exc:
                    dups = []
                    problems.append(f"Không đọc được các tệp hồ sơ (unreadable store): {exc}")
                for loc, did, n in dups:
                    problems.append(f"Xã {loc}: mã hồ sơ {did} xuất hiện {n} lần (duplicate dossier id)")
        return problems

    @staticmethod
    def _remove_file(path: Path) -> None:
        path.unlink(missing_ok=True)
        parent = path.parent
        for _ in range(3):  # month/year folder, locality folder, generation folder when empty
            try:
                parent.rmdir()
            except OSError:
                return
            parent = parent.parent

    # -- reading -----------------------------------------------------------------------------
    def refresh(self) -> None:
        """Re-point the `dossiers` view at the current manifest's files."""
        self._load_manifest()
        self._view_stat = self._manifest_stat
        self._view_derived = None
        files = self.current_files()
        cols = ", ".join(f'CAST(NULL AS {DUCKDB_TYPES[c]}) AS "{c}"' for c in COLUMN_NAMES)
        if files:
            lst = "[" + ", ".join(_sql_path(Path(f)) for f in files) + "]"
            # Files written with every canonical column (all since the manifest records it) have one schema:
            # the view reads none of them to bind. Older files may lack a column: theirs are read and united.
            tags = {f.get("columns") for e in self._manifest["localities"].values() for f in e["files"]}
            same = len(tags) == 1 and None not in tags
            hive = "hive_partitioning = true, hive_types = {'locality_code': INTEGER, 'year': INTEGER}"
            try:
                if same:
                    # Every file with the derived columns of one calendar: the view has them (`derived_offset`).
                    derived = {f.get("derived") for e in self._manifest["localities"].values() for f in e["files"]}
                    tag = derived.pop() if len(derived) == 1 else None
                    extra = ""
                    if tag:
                        from cchc.dossiers.metrics import DERIVED_COLUMNS

                        extra = "".join(f', "{c}"' for c in DERIVED_COLUMNS)
                    try:
                        self.con.execute(f"CREATE OR REPLACE VIEW dossiers AS SELECT {_VIEW_COLS}{extra} "
                                         f"FROM read_parquet({lst}, {hive})")
                        self._view_derived = tag
                        return
                    except duckdb.Error:
                        pass  # a file not as the manifest says (replaced by hand?): read and unite them all
                self.con.execute(
                    f"CREATE OR REPLACE VIEW dossiers AS SELECT {self._view_columns(lst)} FROM read_parquet({lst}, "
                    f"{hive}, union_by_name = true)"
                )
            except duckdb.Error as exc:
                # A damaged store opens (so that `cchc check` can report it) but refuses every query.
                msg = f"Kho hồ sơ hỏng, chạy `cchc check` (damaged dossier store): {exc}".replace("'", "''")
                self.con.execute(f"CREATE OR REPLACE VIEW dossiers AS SELECT {cols} WHERE error('{msg[:500]}')")
        else:
            self.con.execute(f"CREATE OR REPLACE VIEW dossiers AS SELECT {cols} WHERE FALSE")

    def _view_columns(self, lst: str) -> str:
        """The canonical columns of the view; a column no file has (files written before it was added) is null."""
        try:
            have = {str(r[0]) for r in self.con.execute(
                f"SELECT DISTINCT name FROM parquet_schema({lst})").fetchall()}
        except duckdb.Error:
            return _VIEW_COLS  # the view's own error says what is wrong
        if all(c in have for c in COLUMN_NAMES if c != "locality_code"):
            return _VIEW_COLS
        return ", ".join(f'"{c}"' if c in have or c == "locality_code" else f'CAST(NULL AS {DUCKDB_TYPES[c]}) AS "{c}"'
                         for c in COLUMN_NAMES)

    def count(self) -> int:
        with self.cursor() as cur:
            return int(cur.execute("SELECT count(*) FROM dossiers").fetchall()[0][0])  # type: ignore[index]

    def localities(self) -> list[int]:
        return sorted(int(k) for k in self._load_manifest()["localities"])

    def overview(self) -> list[dict]:
        """Per locality: dossiers, first and last received date."""
        with self.cursor() as cur:
            rows = cur.execute(
                "SELECT locality_code, count(*), min(received_at), max(received_at) FROM dossiers "
                "GROUP BY locality_code ORDER BY locality_code"
            ).fetchall()
        return [{"locality_code": r[0], "dossiers": r[1], "first_received": r[2], "last_received": r[3]} for r in rows]

    def ensure_calendar(self, first_year: int, last_year: int) -> None:
        """Load the `cal` table (working-day index and next working day for every date) for these years.

        The table is stored once per data directory (`calendar-<rules>-<first>-<last>.parquet` beside the
        manifest) and read by every process; it is rebuilt only when the holiday rules change (the
        `holidays` package, the calendar's extra days off and working days) or a wider range of years is
        needed.
        """
        lo, hi = first_year - 1, last_year + 2
        if self._cal_years and self._cal_years[0] <= lo and self._cal_years[1] >= hi:
            return
        with self._lock:
            self._build_calendar(lo, hi)

    def _build_calendar(self, lo: int, hi: int) -> None:
        if self._cal_years and self._cal_years[0] <= lo and self._cal_years[1] >= hi:
            return
        key = calendar_key(self.calendar)
        for _attempt in range(2):
            stored = self._stored_calendars(key)
            covering = [(a, b, p) for a, b, p in stored if a <= lo and b >= hi]
            if covering:
                a, b, path = covering[0]
                try:
                    self.con.execute(f"CREATE OR REPLACE TABLE cal AS SELECT * FROM read_parquet({_sql_path(path)})")
                except duckdb.Error:
                    continue  # replaced by a wider one in another process meanwhile (or damaged): look again
                self._cal_years, self._cal_key = (a, b), key
                return
            # Built once for the widest range any process of this directory asked for.
            lo = min([lo, *(a for a, _b, _p in stored)])
            hi = max([hi, *(b for _a, b, _p in stored)])
            break
        path = self._write_calendar(key, lo, hi)
        try:
            self.con.execute(f"CREATE OR REPLACE TABLE cal AS SELECT * FROM read_parquet({_sql_path(path)})")
        finally:
            if path.parent != self.root:
                path.unlink(missing_ok=True)
        self._cal_years, self._cal_key = (lo, hi), key

    def _stored_calendars(self, key: str) -> list[tuple[int, int, Path]]:
        """The stored calendars of these rules: (first year, last year, path)."""
        out = []
        for p in self.root.glob(f"calendar-{key}-*-*.parquet"):
            try:
                a, b = (int(x) for x in p.stem.rsplit("-", 2)[1:])
            except ValueError:
                continue
            out.append((a, b, p))
        return sorted(out, key=lambda x: x[0] - x[1])  # the widest first

    def _write_calendar(self, key: str, lo: int, hi: int) -> Path:
        """Build the calendar and store it (temporary file, fsync, rename); others of the directory are removed.

        Where the directory cannot be written, the table goes to a temporary file of this process only.
        """
        import pyarrow.parquet as pq

        tbl = calendar_table(self.calendar, lo, hi)
        final = self.root / f"calendar-{key}-{lo}-{hi}.parquet"
        tmp = self.root / f".calendar-{uuid.uuid4().hex}.tmp"
        try:
            with open(tmp, "wb") as fh:
                pq.write_table(tbl, fh)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, final)
        except OSError:
            with contextlib.suppress(OSError):
                tmp.unlink(missing_ok=True)
            import tempfile

            fd, name = tempfile.mkstemp(suffix=".parquet", prefix="cchc-calendar-")
            with os.fdopen(fd, "wb") as fh:
                pq.write_table(tbl, fh)
            return Path(name)
        for other in self.root.glob("calendar-*.parquet"):
            if other != final:
                other.unlink(missing_ok=True)  # other rules, or a narrower range
        return final

    # -- importing ---------------------------------------------------------------------------
    def import_files(
        self,
        files: Sequence[Path | str],
        *,
        layout: str | Layout | None = None,
        errors_path: Path | str | None = None,
        default_locality: int | None = None,
        progress: Progress | None = None,
        max_errors_kept: int = 1000,
    ) -> ImportResult:
        """Import CSV/XLSX exports; bad rows go to the error list (and `errors_path`), good rows are upserted.

        `layout`: a shipped layout name, a TOML path or a Layout (None: detected from the headers);
        `default_locality`: for files without a locality column; `progress(stage, rows_done, 0)`.
        Example: store.import_files(["hs.csv"], errors_path="loi.csv")
        """
        with self._lock, self._writer_lock():
            return self._import_files(files, layout, errors_path, default_locality, progress, max_errors_kept)

    def _import_files(
        self,
        files: Sequence[Path | str],
        layout: str | Layout | None,
        errors_path: Path | str | None,
        default_locality: int | None,
        progress: Progress | None,
        max_errors_kept: int,
    ) -> ImportResult:
        t0 = time.perf_counter()
        res = ImportResult()
        paths = [Path(f) for f in files]
        for p in paths:
            if not p.is_file():
                raise NotFound(f"Không tìm thấy tệp {p} (file not found)")
        self._drop_batch()
        self._staged = []
        self._row_errors = []
        tmp_files: list[Path] = []
        checks_by_file: dict[int, list[Check]] = {}
        staging = self.root / f".staging-{uuid.uuid4().hex[:12]}"
        try:
            for i, p in enumerate(paths):
                res.files.append(p.name)
                checks_by_file[i] = self._stage_file(i, p, layout, default_locality, res, tmp_files, progress, staging)
            if not self._staged:  # header-only files: nothing to store
                self._collect_errors(paths, checks_by_file, res, errors_path, max_errors_kept)
                res.seconds = time.perf_counter() - t0
                return res
            lst = "[" + ", ".join(_sql_path(f) for f in self._staged) + "]"
            self.con.execute(
                "CREATE OR REPLACE TEMP VIEW _staged AS SELECT * EXCLUDE (file_row_number), file_row_number AS _ord "
                f"FROM read_parquet({lst}, file_row_number = true, union_by_name = true)"
            )
            self._normalize_text()
            counts = self.con.execute("SELECT count(*), count(*) FILTER (WHERE _ok) FROM _batch").fetchall()[0]
            res.rows_read += int(counts[0])  # type: ignore[index]
            res.rows_imported = int(counts[1])  # type: ignore[index]
            res.rows_rejected = res.rows_read - res.rows_imported
            self._collect_errors(paths, checks_by_file, res, errors_path, max_errors_kept)
            if progress:
                progress("Ghi vào kho hồ sơ", res.rows_read, res.rows_read)
            self._merge(res)
        finally:
            for t in tmp_files:
                t.unlink(missing_ok=True)
            self._drop_batch()
            shutil.rmtree(staging, ignore_errors=True)
            self._staged = []
        res.seconds = time.perf_counter() - t0
        return res

    def _drop_batch(self) -> None:
        """Drop this connection's staging relations (views over the staging files, the Arrow batch, lookups)."""
        names = ("_due", "_good", "_batch", "_staged", "_limits", *(f"_norm_{c}" for c in _NORMALIZED))
        kinds = dict(self.con.execute(
            "SELECT view_name, 'VIEW' FROM duckdb_views() WHERE temporary UNION ALL "
            "SELECT table_name, 'TABLE' FROM duckdb_tables() WHERE temporary"
        ).fetchall())
        for name in names:
            if name in kinds:
                self.con.execute(f"DROP {kinds[name]} IF EXISTS {name}")

    def import_table(self, table: pa.Table) -> ImportResult:
        """Upsert canonical records (an Arrow table with the canonical columns) without validation."""
        with self._lock, self._writer_lock():
            return self._import_table(table)

    def _import_table(self, table: pa.Table) -> ImportResult:
        import pyarrow as pa

        from cchc.dossiers.schema import CANONICAL_COLUMNS

        t0 = time.perf_counter()
        res = ImportResult(rows_read=table.num_rows, rows_imported=table.num_rows)
        for c, t in CANONICAL_COLUMNS.items():  # a column the caller's table lacks is null (e.g. no waits)
            if c not in table.column_names:
                table = table.append_column(c, pa.nulls(table.num_rows, t))
        tbl = table.select(list(CANONICAL_COLUMNS)).cast(pa.schema(list(CANONICAL_COLUMNS.items())))
        self._drop_batch()
        self.con.register("_arrow_in", tbl)
        try:
            self.con.execute(
                f"CREATE OR REPLACE TEMP TABLE _batch AS SELECT {_VIEW_COLS}, 0 AS _file, "
                "row_number() OVER () AS _row, row_number() OVER () AS _ord, TRUE AS _ok FROM _arrow_in"
            )
        finally:
            self.con.unregister("_arrow_in")
        try:
            self._merge(res)
        finally:
            self._drop_batch()
        res.seconds = time.perf_counter() - t0
        return res

    def _stage_copy(self, query: str, name: str, target: Path) -> int:
        """Stream one file's mapped, validated rows to a staging Parquet file, in the file's order; rows written.

        This is the only pass over the input: the connection keeps insertion order, so the k-th row of
        the staging file is the k-th data row of the input (its errors are found there by row number),
        and nothing is held in memory.
        """
        target.parent.mkdir(parents=True, exist_ok=True)
        target.unlink(missing_ok=True)
        self.con.execute("SET preserve_insertion_order = true")  # the row numbers of errors depend on it
        try:
            rows = self.con.execute(
                f"COPY ({query}) TO {_sql_path(target)} (FORMAT parquet, COMPRESSION snappy, ROW_GROUP_SIZE 122880)"
            ).fetchall()
        except duckdb.Error as exc:
            target.unlink(missing_ok=True)
            raise InvalidInput(f"Không đọc được tệp {name}: {exc}") from exc
        return int(rows[0][0]) if rows else 0

    def _stage_file(
        self,
        index: int,
        path: Path,
        layout: str | Layout | None,
        default_locality: int | None,
        res: ImportResult,
        tmp_files: list[Path],
        progress: Progress | None,
        staging: Path,
    ) -> list[Check]:
        """Map, validate and stage one file to `staging` in one streaming DuckDB query (CSV: DuckDB's own reader)."""
        from cchc.dossiers.reading import detect_encoding, normalize_newlines, read_xlsx, transcode_to_utf8

        con = self.con
        name = path.name
        is_xlsx = path.suffix.lower() in (".xlsx", ".xlsm")
        if is_xlsx:
            headers, xtbl = read_xlsx(path)
            res.encodings[name] = "xlsx"
        else:
            enc = detect_encoding(path)
            res.encodings[name] = enc
            src = path
            if enc not in ("utf-8", "utf-8-sig"):
                src = self.root / ".tmp" / f"{uuid.uuid4().hex}.csv"
                tmp_files.append(src)
                transcode_to_utf8(path, src, enc)
            try:
                with open(src, encoding="utf-8-sig") as fh:
                    first = fh.readline()
                delim = _sniff_delimiter(first)
                headers = [h.strip() for h in next(csv.reader([first], delimiter=delim))]
            except (OSError, UnicodeDecodeError, StopIteration) as exc:
                raise InvalidInput(f"Không đọc được tệp CSV {name}: {exc}") from exc
        source_cols = {h: f"c{j}" for j, h in enumerate(headers)}
        lay = get_layout(layout) if layout is not None else detect_layout(
            headers, need_locality=default_locality is None, where=name
        )
        res.layouts[name] = lay.name
        header_map = lay.match(headers)
        missing = [c for c in ("dossier_id", "received_at", "status") if c not in header_map]
        if default_locality is None and "locality_code" not in header_map:
            missing.append("locality_code")
        if missing:
            raise InvalidInput(
                f"Tệp {name} thiếu cột bắt buộc theo mẫu {lay.name}: "
                + ", ".join(lay.header(c) for c in missing)
                + " (missing required columns)"
            )
        # Coded columns: the layout's own spellings are compared as exact strings, anything else goes
        # through the general lower-case mapping (and is an error when it maps to nothing).
        exact = {canon: known_spellings(lay, canon) for canon in header_map if canon in CODED_COLUMNS}
        target = staging / f"f{index:04d}.parquet"
        rejects: list[tuple[int, str, str]] = []
        stage = f"Đọc và kiểm tra {name}"
        # Rows in the file, estimated from its size (~270 bytes a row in the portal exports).
        estimate = xtbl.num_rows if is_xlsx else max(1, path.stat().st_size // 270)
        if progress:
            progress(stage, 0, estimate)
        if is_xlsx:
            kw = {"source": "_src", "row_expr": "src._row"}
            con.register("_src", xtbl)
        else:
            con.execute("DROP TABLE IF EXISTS _rej_errors")  # leftovers of an interrupted import
            con.execute("DROP TABLE IF EXISTS _rej_scans")
            cols = "{" + ", ".join(f"'c{j}': 'VARCHAR'" for j in range(len(headers))) + "}"
            reader = (
                f"read_csv({_sql_path(src)}, header = false, skip = 1, "
                f"delim = '{delim}', quote = '\"', escape = '\"', columns = {cols}, auto_detect = false, "
                "ignore_errors = true, store_rejects = true, rejects_table = '_rej_errors', "
                "rejects_scan = '_rej_scans', null_padding = false, strict_mode = true, parallel = true)"
            )
            kw = {"source": reader, "row_expr": "CAST(NULL AS BIGINT)"}
        query, checks = mapping_sql(lay, header_map, source_cols, default_locality=default_locality, exact=exact,
                                    details=True, **kw)  # type: ignore[arg-type]
        watcher = _ProgressWatcher(con, progress, stage, estimate) if progress and not is_xlsx else None
        try:
            try:
                done = self._stage_copy(f"SELECT *, {index} AS _file FROM ({query})", name, target)
            except InvalidInput as exc:
                if is_xlsx or "state machine" not in str(exc):
                    raise
                # Mixed line endings (a CRLF export with LF lines appended): rewrite with one kind, retry.
                fixed = self.root / ".tmp" / f"{uuid.uuid4().hex}.csv"
                tmp_files.append(fixed)
                normalize_newlines(src, fixed)
                con.execute("DROP TABLE IF EXISTS _rej_errors")
                con.execute("DROP TABLE IF EXISTS _rej_scans")
                done = self._stage_copy(
                    f"SELECT *, {index} AS _file FROM ({query.replace(_sql_path(src), _sql_path(fixed))})", name, target
                )
        finally:
            if watcher:
                watcher.stop()
            if is_xlsx:
                con.unregister("_src")
        if not is_xlsx:
            rejects = [(int(r[0]), str(r[1]), str(r[2] or "")[:200]) for r in con.execute(
                "SELECT line, any_value(error_type), any_value(csv_line) FROM _rej_errors GROUP BY line ORDER BY line"
            ).fetchall()]
            con.execute("DROP TABLE IF EXISTS _rej_errors")
            con.execute("DROP TABLE IF EXISTS _rej_scans")
        if done:
            self._staged.append(target)
            self._stage_errors(target, checks, name, [r[0] for r in rejects])
        else:
            target.unlink(missing_ok=True)
        for line, kind, text in rejects:
            reason = ("số cột không khớp dòng tiêu đề (wrong number of columns)" if "COLUMNS" in kind
                      else f"dòng không đọc được (unreadable line: {kind.lower()})")
            self._row_errors.append(RowError(name, line, "", text, reason))
        if progress:
            progress(stage, done + len(rejects), done + len(rejects))
        return checks

    def _stage_errors(self, staged: Path, checks: list[Check], name: str, rejected_lines: list[int]) -> None:
        """The failed checks of this file's rejected rows, with their spreadsheet row numbers.

        CSV rows carry no row number: the k-th staged row of the file (0-based, in file order) is
        spreadsheet row k + 2, plus one for every unreadable line (skipped by the reader) before it.
        Only the `_ok` column of the staging file is read for the rows that passed.
        """
        rows = self.con.execute(
            f"SELECT file_row_number AS k, _row, _err FROM read_parquet({_sql_path(staged)}, file_row_number = true) "
            "WHERE NOT _ok ORDER BY k"
        ).fetchall()
        skipped = iter(rejected_lines)
        nxt = next(skipped, None)
        shift = 0
        for k, row, errs in rows:
            if row is None:
                row = int(k) + 2 + shift
                while nxt is not None and nxt <= row:
                    row += 1
                    shift += 1
                    nxt = next(skipped, None)
            for c, v in zip(checks, errs, strict=True):
                if v is not None:
                    self._row_errors.append(RowError(name, int(row), c.column, v, c.reason))

    def _normalize_text(self) -> None:
        """`_batch`: the staged rows with the text columns trimmed, spaces folded and NFC'd.

        Worked out on the distinct values (few) rather than every row; the values that change are
        looked up from a small table while the rows are written, the others pass through.
        """
        import re
        import unicodedata

        replace, joins = [], []
        for j, col in enumerate(_NORMALIZED):
            vals = [r[0] for r in self.con.execute(f'SELECT DISTINCT "{col}" FROM _staged').fetchall() if r[0] is not None]
            changed = []
            for v in vals:
                n = unicodedata.normalize("NFC", re.sub(r"\s+", " ", v).strip()) or None
                if n != v:
                    changed.append((v, n))
            if changed:
                table = f"_norm_{col}"
                self.con.execute(f"CREATE OR REPLACE TEMP TABLE {table} (old VARCHAR, new VARCHAR)")
                self.con.executemany(f"INSERT INTO {table} VALUES (?, ?)", changed)
                replace.append(f'CASE WHEN n{j}.old IS NULL THEN s."{col}" ELSE n{j}.new END AS "{col}"')
                joins.append(f'LEFT JOIN {table} n{j} ON n{j}.old = s."{col}"')
        select = f"s.* REPLACE ({', '.join(replace)})" if replace else "s.*"
        self.con.execute(f"CREATE OR REPLACE TEMP VIEW _batch AS SELECT {select} FROM _staged s {' '.join(joins)}")

    def _collect_errors(
        self,
        paths: list[Path],
        checks_by_file: dict[int, list[Check]],
        res: ImportResult,
        errors_path: Path | str | None,
        max_kept: int,
    ) -> None:
        errors: list[RowError] = list(self._row_errors)
        res.rows_rejected += sum(1 for e in errors if not e.column)  # unparsable lines never reached staging
        res.rows_read += sum(1 for e in errors if not e.column)
        errors.sort(key=lambda e: (res.files.index(e.file) if e.file in res.files else 0, e.row))
        res.error_count = len(errors)
        res.errors = errors[:max_kept]
        if errors_path is not None:
            with open(errors_path, "w", encoding="utf-8-sig", newline="") as fh:
                w = csv.writer(fh)
                w.writerow(["file", "row", "column", "value", "reason"])
                for e in errors:
                    w.writerow([csv_safe(x) for x in (e.file, e.row, e.column, e.value, e.reason)])
            res.error_file = str(errors_path)

    def _derive_due_dates(self) -> int:
        """`_due`: `_good` where rows without a due date get one from the procedure's limit in working days.

        Returns how many rows got one (see docs). Without such rows `_due` is `_good` itself.
        """
        import pyarrow as pa

        con = self.con
        n, lo, hi = con.execute(
            "SELECT count(*), min(year(received_at)), max(year(received_at)) FROM _good WHERE due_at IS NULL"
        ).fetchall()[0]  # type: ignore[misc]
        limits = self.procedure_limits() if n else {}
        if not limits:
            con.execute("CREATE OR REPLACE TEMP VIEW _due AS SELECT * FROM _good")
            return 0
        self.ensure_calendar(int(lo), int(hi) + 1)
        con.register("_limits_in", pa.table({"procedure_code": list(limits), "max_days": list(limits.values())}))
        try:
            con.execute("CREATE OR REPLACE TEMP TABLE _limits AS SELECT * FROM _limits_in")
        finally:
            con.unregister("_limits_in")
        con.execute(
            "CREATE OR REPLACE TEMP VIEW _due AS SELECT g.* REPLACE (COALESCE(g.due_at, "
            "CAST(CASE WHEN l.max_days = 0 THEN r.next_wd ELSE w.d END AS TIMESTAMP)) AS due_at) FROM _good g "
            "LEFT JOIN _limits l ON g.due_at IS NULL AND l.procedure_code = g.procedure_code "
            "LEFT JOIN cal r ON l.procedure_code IS NOT NULL AND r.d = CAST(g.received_at AS DATE) "
            "LEFT JOIN cal w ON w.working AND w.wd_idx = r.wd_idx + GREATEST(l.max_days, 1)"
        )
        after = con.execute("SELECT count(*) FROM _due WHERE due_at IS NULL").fetchall()[0][0]  # type: ignore[index]
        return int(n - after)

    # -- procedure limits ----------------------------------------------------------------------
    def procedure_limits(self) -> dict[str, int]:
        """Statutory limit in working days per procedure code: the imported catalogue, else the built-in one."""
        p = self.root / "procedures.parquet"
        if not p.exists():
            from cchc.dossiers.generator import PROCEDURES

            return {x.code: x.days for x in PROCEDURES}
        import pyarrow.parquet as pq

        t = pq.read_table(p)
        return dict(zip(t.column("procedure_code").to_pylist(), t.column("max_days").to_pylist(), strict=True))

    def set_procedure_limits(self, limits: dict[str, int], *, replace: bool = False) -> int:
        """Add (or with `replace`, set) procedure limits; used for dossiers exported without a due date."""
        import pyarrow as pa
        import pyarrow.parquet as pq

        cur = {} if replace else self.procedure_limits()
        for code, days in limits.items():
            if int(days) < 0:
                raise InvalidInput(f"Thời hạn giải quyết của {code} phải ≥ 0 ngày làm việc, nhận {days}")
            cur[str(code).strip()] = int(days)
        pq.write_table(pa.table({"procedure_code": pa.array(list(cur), pa.string()),
                                 "max_days": pa.array(list(cur.values()), pa.int32())}),
                       self.root / "procedures.parquet")
        return len(limits)

    def _merge(self, res: ImportResult) -> None:
        """Write the accepted rows of `_batch` (staged rows or an Arrow batch) as a new generation.

        `_batch` is only read, never copied: the accepted rows (`_good`, the last of duplicate ids),
        with derived due dates (`_due`) are written by one partitioned COPY straight from it.
        """
        con = self.con
        total, distinct = con.execute(
            "SELECT count(*), count(DISTINCT (locality_code, dossier_id)) FROM _batch WHERE _ok"
        ).fetchall()[0]  # type: ignore[misc]
        res.duplicates_in_import = int(total - distinct)
        if total == 0:
            return
        if res.duplicates_in_import:
            con.execute(
                "CREATE OR REPLACE TEMP VIEW _good AS SELECT * FROM _batch WHERE _ok "
                "QUALIFY row_number() OVER (PARTITION BY locality_code, dossier_id ORDER BY _file DESC, _ord DESC) = 1"
            )
        else:
            con.execute("CREATE OR REPLACE TEMP VIEW _good AS SELECT * FROM _batch WHERE _ok")
        res.due_derived = self._derive_due_dates()
        locs = [int(r[0]) for r in con.execute("SELECT DISTINCT locality_code FROM _batch WHERE _ok ORDER BY 1").fetchall()]
        old_manifest = self._load_manifest()
        existing = [loc for loc in locs if str(loc) in old_manifest["localities"]]
        generation = int(old_manifest["generation"]) + 1
        gen_dir = self.data_dir / f"g{generation:06d}-{uuid.uuid4().hex[:8]}"
        cols = _VIEW_COLS
        if existing:
            loc_list = ", ".join(str(x) for x in existing)
            res.updated = int(con.execute(
                f"SELECT count(*) FROM dossiers d WHERE d.locality_code IN ({loc_list}) AND EXISTS "
                "(SELECT 1 FROM _due b WHERE b.locality_code = d.locality_code AND b.dossier_id = d.dossier_id)"
            ).fetchall()[0][0])  # type: ignore[index]
            source = (
                f"SELECT {cols} FROM dossiers d WHERE d.locality_code IN ({loc_list}) AND NOT EXISTS "
                "(SELECT 1 FROM _due b WHERE b.locality_code = d.locality_code AND b.dossier_id = d.dossier_id) "
                f"UNION ALL SELECT {cols} FROM _due"
            )
        else:
            source = f"SELECT {cols} FROM _due"
        res.inserted = int(distinct) - res.updated
        _fault("after_stage")
        derived = self._derived_calendar(existing)
        if derived is not None:
            # The per-dossier calendar columns of the metric SQL, computed once here (`metrics.derived_sql`).
            from cchc.dossiers.metrics import derived_sql

            source = derived_sql(source, cols)
            cols = "*"
        described = con.execute(f"DESCRIBE SELECT {cols} FROM ({source})").fetchall()
        tag = hashlib.sha256(";".join(f"{r[0]} {r[1]}" for r in described).encode("utf-8")).hexdigest()[:12]
        watcher = _FirstFileWatcher(gen_dir) if os.environ.get("CCHC_FAULT_AT") == "during_write" else None
        # Order inside a partition file does not matter: let the write run in parallel without it.
        con.execute("SET preserve_insertion_order = false")
        try:
            stats = con.execute(
                f"COPY (SELECT *, year(received_at) AS year FROM ({source})) TO {_sql_path(gen_dir)} "
                "(FORMAT parquet, PARTITION_BY (locality_code, year), COMPRESSION snappy, ROW_GROUP_SIZE 122880, "
                "RETURN_STATS)"
            ).fetchall()
        finally:
            con.execute("SET preserve_insertion_order = true")
            if watcher:
                watcher.stop()
        # New files durable before the manifest names them.
        new_locs: dict[str, dict] = {}
        dirs: set[Path] = set()
        for fname, n, _size, _footer, col_stats, *_rest in stats:
            f = Path(fname)
            _fsync_path(f)
            dirs.add(f.parent)
            key = f.parent.parent.name.split("=", 1)[1]
            e = new_locs.setdefault(key, {"rows": 0, "files": []})
            e["rows"] += int(n)
            # `columns`: a digest of the file's columns and types (every canonical column); when every file
            # of the manifest has the same, `refresh` reads no file's schema to build the view.
            entry = {"path": f.relative_to(self.root).as_posix(), "rows": int(n), "columns": tag}
            if derived is not None and _dates_within(col_stats, derived[1], derived[2]):
                # `derived`: the calendar its derived columns were computed with (`derived_offset`).
                entry["derived"] = derived[0]
            e["files"].append(entry)
        for d in sorted(dirs | {p.parent for p in dirs} | {gen_dir, self.data_dir}):
            _fsync_path(d)
        _fault("after_write")
        old_files = {k: [f["path"] for f in old_manifest["localities"][k]["files"]]
                     for k in new_locs if k in old_manifest["localities"]}
        manifest = {"format": 1, "generation": generation,
                    "localities": {**old_manifest["localities"], **new_locs},
                    "garbage": [p for k in sorted(old_files, key=int) for p in old_files[k]]}
        self._write_manifest(manifest)  # the switch: every touched commune at once
        self.refresh()
        self._remove_old(old_files)

    def _derived_calendar(self, existing: list[int]) -> tuple[str, int, int] | None:
        """Load a calendar covering every date to be written for the derived columns: (tag, first, last year).

        The dates are those of the import (`_due`) and of the stored dossiers of the `existing` localities
        it rewrites (a superset of the rows kept). None (no derived columns written) when they span more
        than `_DERIVED_MAX_YEARS` years (a stray date such as 1900 or 2999: the metric query then joins
        the calendar as it always could).
        """
        from cchc.dossiers.metrics import DERIVED_FORMAT

        aggs = ", ".join(f'min("{c}"), max("{c}")' for c in TIMESTAMP_COLUMNS)
        rows = self.con.execute(f"SELECT {aggs} FROM _due").fetchall()
        if existing:
            loc_list = ", ".join(str(int(x)) for x in existing)
            rows += self.con.execute(f"SELECT {aggs} FROM dossiers WHERE locality_code IN ({loc_list})").fetchall()
        vals = [v for r in rows for v in r if v is not None]
        if not vals:
            return None
        lo, hi = min(v.year for v in vals), max(v.year for v in vals)
        if hi - lo > _DERIVED_MAX_YEARS:
            return None
        self.ensure_calendar(lo, hi)
        assert self._cal_years is not None and self._cal_key is not None
        a, b = self._cal_years
        return f"{DERIVED_FORMAT}-{self._cal_key}-{a}-{b}", a, b

    def derived_offset(self) -> int | None:
        """Whether the `dossiers` view has the derived calendar columns, valid with the `cal` loaded now.

        They are when every file of the manifest has them computed with one calendar of the same rules
        (`calendar_key`) whose years the loaded calendar covers. Returns None (the metric query joins
        the calendar), else the number to subtract from `cal.wd_idx` to compare with the stored working-day
        indexes (0 unless the loaded calendar starts in an earlier year). Call after `ensure_calendar`.
        """
        tag = self._view_derived
        if tag is None or self._cal_years is None or self._cal_key is None:
            return None
        try:
            fmt, key, a, b = tag.rsplit("-", 3)
            first, last = int(a), int(b)
        except ValueError:
            return None
        from cchc.dossiers.metrics import DERIVED_FORMAT

        lo, hi = self._cal_years
        if fmt != str(DERIVED_FORMAT) or key != self._cal_key or lo > first or hi < last:
            return None
        if lo == first:
            return 0
        from datetime import date

        row = self.con.execute("SELECT wd_idx FROM cal WHERE d = ?", [date(first - 1, 12, 31)]).fetchall()
        return int(row[0][0]) if row else None

    def _remove_old(self, old_files: dict[str, list[str]]) -> None:
        """Remove the previous generation's files of the rewritten communes, once no reader holds them."""
        with self._read_lock_exclusive() as held:
            if not held:
                return  # busy readers: removed on a later open (they are listed as garbage)
            first = True
            for i, k in enumerate(sorted(old_files, key=int)):
                for path in old_files[k]:
                    self._remove_file(self.root / path)
                    if first:
                        _fault("during_removal")
                        first = False
                if i == 0:
                    _fault("between_communes")
        _fault("after_removal")

    # -- Decision 766 inputs -----------------------------------------------------------------
    def _inputs_path(self) -> Path:
        return self.root / "inputs_766.parquet"

    def inputs_766(self) -> pa.Table:
        """All non-dossier 766 inputs: locality_code, period, indicator, value (percent), source, note."""
        import pyarrow as pa

        p = self._inputs_path()
        if not p.exists():
            return pa.table({"locality_code": pa.array([], pa.int32()), "period": pa.array([], pa.string()),
                             "indicator": pa.array([], pa.string()), "value": pa.array([], pa.float64()),
                             "source": pa.array([], pa.string()), "note": pa.array([], pa.string())})
        import pyarrow.parquet as pq

        return pq.read_table(p)

    def inputs_766_rows(self) -> list[dict]:
        """`inputs_766()` as dicts (locality_code, period, indicator, value, source, note), read by DuckDB."""
        p = self._inputs_path()
        if not p.exists():
            return []
        cur = self.con.cursor()
        try:
            res = cur.execute(f"SELECT * FROM read_parquet({_sql_path(p)})")
            cols = [c[0] for c in res.description]
            return [dict(zip(cols, r, strict=True)) for r in res.fetchall()]
        finally:
            cur.close()

    def set_766_inputs(self, rows: Iterable[dict]) -> int:
        """Upsert inputs by (locality_code, period, indicator); returns how many were written."""
        with self._lock, self._writer_lock():
            return self._set_766_inputs(rows)

    def _set_766_inputs(self, rows: Iterable[dict]) -> int:
        import os

        import pyarrow as pa
        import pyarrow.parquet as pq

        from cchc.dossiers.index766 import INPUT_INDICATORS

        current = {(r["locality_code"], r["period"], r["indicator"]): r for r in self.inputs_766().to_pylist()}
        n = 0
        for r in rows:
            ind = str(r["indicator"])
            if ind not in INPUT_INDICATORS:
                raise InvalidInput(
                    f"Chỉ số 766 không nhận nhập tay: {ind!r}; có: {', '.join(INPUT_INDICATORS)} (unknown indicator)"
                )
            value = r.get("value")
            v = None if value is None or value == "" else float(value)
            if v is not None and not 0 <= v <= 100 and ind != "pakn_count":
                raise InvalidInput(f"Giá trị {ind} phải từ 0 đến 100 (%), nhận {value!r}")
            key = (int(r["locality_code"]), str(r["period"]), ind)
            current[key] = {"locality_code": key[0], "period": key[1], "indicator": ind, "value": v,
                            "source": str(r.get("source") or "entered"), "note": r.get("note")}
            n += 1
        tbl = pa.Table.from_pylist(list(current.values()), schema=self.inputs_766().schema)
        # Written beside and renamed over: a reader never sees a half-written file.
        tmp = self._inputs_path().with_suffix(f".{uuid.uuid4().hex}.tmp")
        pq.write_table(tbl, tmp)
        os.replace(tmp, self._inputs_path())
        return n

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> DossierStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
