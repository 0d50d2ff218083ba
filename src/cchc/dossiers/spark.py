"""The metric SQL on Spark: the store's current Parquet files as a `dossiers` view, the SQL transpiled.

`SparkDossierStore` wraps a `DossierStore` and stands in for it wherever the metric functions take a
store (`compute_metrics`, `metric_cube`, `statistics_table`, `index_766`, `monthly_series`): it names
its dialect (`spark`), so `metrics.metric_sql` hands it the same SQL transpiled by sqlglot, and its
cursor runs that SQL with Spark over exactly the files of the store's manifest (`current_files`), read
with the store's read lock held. The working-day calendar is the same `cal` table
(`store.calendar_table`), and the non-dossier 766 inputs are read from the store as they are.

    spark_store = SparkDossierStore(store, master="local[2]")
    rows = compute_metrics(spark_store, localities=None, period="2026-Q1")   # the same MetricRows
    spark_store.stop()

pyspark is imported only here and only when a `SparkDossierStore` is made; Java (17 for Spark 4)
must be installed. Both are checked first (`require_spark`), with a one-line hint on how to install.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import shutil
import tempfile
import warnings
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from cchc.domain.errors import ToolMissing
from cchc.dossiers.schema import CANONICAL_COLUMNS, TIMESTAMP_COLUMNS
from cchc.dossiers.store import DossierStore, calendar_table

__all__ = ["JAVA_HINT", "PYSPARK_HINT", "SparkDossierStore", "require_spark", "spark_session"]

JAVA_HINT = (
    "Không tìm thấy Java để chạy Spark (Java not found); cài đặt (install): apt-get install openjdk-17-jre-headless"
)
PYSPARK_HINT = (
    "Chưa cài pyspark để chạy Spark (pyspark not installed); cài đặt (install): pip install 'cchc[spark]'"
)

# Spark SQL types of the canonical columns (timestamps are wall-clock times: TIMESTAMP_NTZ).
SPARK_TYPES: dict[str, str] = {
    name: (
        "TIMESTAMP_NTZ" if name in TIMESTAMP_COLUMNS
        else "INT" if name == "locality_code"
        else "STRING" if str(t) == "string"
        else "BOOLEAN" if str(t) == "bool"
        else "TINYINT" if str(t) == "int8"
        else "SMALLINT"
    )
    for name, t in CANONICAL_COLUMNS.items()
}


def _java() -> str | None:
    home = os.environ.get("JAVA_HOME")
    if home and (Path(home) / "bin" / "java").is_file():
        return str(Path(home) / "bin" / "java")
    return shutil.which("java")


def require_spark() -> None:
    """Raise `ToolMissing` (one line: what is missing and how to install it) without Java or pyspark."""
    if importlib.util.find_spec("pyspark") is None:
        raise ToolMissing(PYSPARK_HINT)
    if _java() is None:
        raise ToolMissing(JAVA_HINT)


def _is_local(master: str) -> bool:
    return master == "local" or master.startswith("local[")


_LOG4J2 = """# Spark's driver log for cchc: errors only (the CLI prints its own output).
rootLogger.level = error
rootLogger.appenderRef.stderr.ref = console
appender.console.type = Console
appender.console.name = console
appender.console.target = SYSTEM_ERR
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = %d{yy/MM/dd HH:mm:ss} %p %c{1}: %m%n
"""


def _quiet_log_config() -> str:
    path = Path(tempfile.gettempdir()) / "cchc-spark-log4j2.properties"
    if not path.is_file() or path.read_text(encoding="utf-8") != _LOG4J2:
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(_LOG4J2, encoding="utf-8")
        os.replace(tmp, path)
    return path.as_posix()


def spark_session(
    master: str = "local[*]",
    *,
    shuffle_partitions: int | None = None,
    app_name: str = "cchc",
    conf: dict[str, str] | None = None,
) -> Any:
    """A SparkSession for the metric SQL: UTC session time zone, no UI, quiet logs.

    A local master binds to the loopback address only. `shuffle_partitions` defaults to the local
    cores for a local master and to Spark's default elsewhere.
    Example: spark = spark_session("local[2]", shuffle_partitions=2)
    """
    require_spark()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # pyspark warns about the pandas version at import
        from pyspark.sql import SparkSession

    b = (SparkSession.builder.master(master).appName(app_name)
         .config("spark.ui.enabled", "false")
         .config("spark.ui.showConsoleProgress", "false")
         .config("spark.sql.session.timeZone", "UTC")
         .config("spark.sql.parquet.inferTimestampNTZ.enabled", "true"))
    if "spark.driver.extraJavaOptions" not in (conf or {}):
        b = b.config("spark.driver.extraJavaOptions", f"-Dlog4j2.configurationFile=file:{_quiet_log_config()}")
    if _is_local(master):
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
        b = b.config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
        if shuffle_partitions is None:
            cores = master[6:-1].split(",")[0] if master.startswith("local[") else "1"
            shuffle_partitions = int(cores) if cores.isdigit() else (os.cpu_count() or 2)
    if shuffle_partitions:
        b = b.config("spark.sql.shuffle.partitions", str(int(shuffle_partitions)))
    for k, v in (conf or {}).items():
        b = b.config(k, v)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            spark = b.getOrCreate()
    except Exception as exc:  # the JVM did not start (no or wrong Java)
        if "java" in str(exc).lower() or "gateway" in str(exc).lower():
            raise ToolMissing(f"{JAVA_HINT} ({str(exc).splitlines()[0][:200]})") from exc
        raise
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def _active_session() -> Any | None:
    require_spark()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from pyspark.sql import SparkSession
    return SparkSession.getActiveSession()


class _SparkCursor:
    """One query on Spark, holding the store's shared read lock (the files stay on disk) until closed."""

    def __init__(self, owner: SparkDossierStore, lock: contextlib.ExitStack) -> None:
        self._owner, self._lock = owner, lock
        self._rows: list[tuple] = []

    def execute(self, sql: str, params: Sequence[Any] = ()) -> _SparkCursor:
        if params:
            raise ValueError("Spark SQL here takes no parameters: inline them (metrics.to_dialect)")
        self._rows = self._owner._query(sql)
        return self

    def fetchall(self) -> list[tuple]:
        return self._rows

    def close(self) -> None:
        self._lock.close()

    def __enter__(self) -> _SparkCursor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class SparkDossierStore:
    """A `DossierStore`'s current files queried with Spark SQL (the `spark` dialect of the metric SQL).

    `root_uri` reads the files from a copy of the store's tree elsewhere (e.g. `s3a://bucket/dossiers`):
    each manifest path is taken relative to it. `spark`: a session to use (else the process's active
    one, else one made from `master`, which `stop()` stops).
    """

    dialect = "spark"

    def __init__(
        self,
        store: DossierStore,
        spark: Any | None = None,
        *,
        master: str = "local[*]",
        root_uri: str | None = None,
        shuffle_partitions: int | None = None,
    ) -> None:
        self.store = store
        self.root_uri = root_uri.rstrip("/") if root_uri else None
        if spark is None:
            spark = _active_session()  # a session already running in this process is reused, not stopped
            self._own_session = spark is None
        else:
            self._own_session = False
        self.spark = spark if spark is not None else spark_session(master, shuffle_partitions=shuffle_partitions)
        self._view_key: tuple[int, str | None] | None = None
        self._cal_years: tuple[int, int] | None = None
        self._results: dict[tuple[Any, str], list[tuple]] = {}

    # -- what the metric functions use of a store ------------------------------------------------
    @property
    def calendar(self) -> Any:
        return self.store.calendar

    def localities(self) -> list[int]:
        return self.store.localities()

    def inputs_766(self) -> Any:
        return self.store.inputs_766()

    def inputs_766_rows(self) -> list[dict]:
        return self.store.inputs_766_rows()

    def manifest(self) -> dict:
        return self.store.manifest()

    def ensure_calendar(self, first_year: int, last_year: int) -> None:
        """The `cal` view on Spark, over the same years as the DuckDB store's (`DossierStore.ensure_calendar`)."""
        lo, hi = first_year - 1, last_year + 2
        if self._cal_years and self._cal_years[0] <= lo and self._cal_years[1] >= hi:
            return
        tbl = calendar_table(self.store.calendar, lo, hi)
        rows = list(zip(*(tbl.column(c).to_pylist() for c in tbl.column_names), strict=True))
        from pyspark.sql.functions import broadcast

        df = self.spark.createDataFrame(rows, schema="d DATE, wd_idx INT, next_wd DATE, working BOOLEAN")
        # A few thousand rows shipped from the driver: Spark cannot size them, so say it (a broadcast
        # join each, not three shuffles of every dossier).
        # Cached in the JVM once: each query reads it there (no Python worker per query).
        df = df.cache()
        df.count()
        broadcast(df).createOrReplaceTempView("cal")
        self._cal_years = (lo, hi)

    def cursor(self) -> _SparkCursor:
        """A cursor over the `dossiers` view of the current manifest's files, read-locked until closed."""
        lock = contextlib.ExitStack()
        lock.enter_context(self.store.reading())
        try:
            self._refresh_view()
        except BaseException:
            lock.close()
            raise
        return _SparkCursor(self, lock)

    def _query(self, sql: str) -> list[tuple]:
        """Rows of `sql`; the same SQL on the same generation of files is answered from memory.

        (`cchc metrics` asks for a period's metrics, then again for the 766 index: one Spark job.)
        """
        key = (self._view_key, sql)
        if key not in self._results:
            if len(self._results) >= 8:
                self._results.pop(next(iter(self._results)))
            self._results[key] = [tuple(r) for r in self.spark.sql(sql).collect()]
        return list(self._results[key])

    # -- the dossiers view ---------------------------------------------------------------------
    def files(self) -> list[str]:
        """The current manifest's Parquet files as Spark reads them (under `root_uri` when given)."""
        if self.root_uri is None:
            return self.store.current_files()
        m = self.store.manifest()["localities"]
        return [f"{self.root_uri}/{f['path']}" for k in sorted(m, key=int) for f in m[k]["files"]]

    def _refresh_view(self) -> None:
        key = (self.store.generation, self.root_uri)
        if key == self._view_key:
            return
        files = self.files()
        # Files of one generation folder share a base path: `locality_code=…/year=…` become columns.
        groups: dict[str, list[str]] = defaultdict(list)
        for f in files:
            base = f.rsplit("/locality_code=", 1)[0] if "/locality_code=" in f else f.rsplit("/", 1)[0]
            groups[base].append(f)
        select = []
        if groups:
            df = None
            for base, fs in groups.items():
                part = self.spark.read.option("basePath", base).option("mergeSchema", "true").parquet(*fs)
                df = part if df is None else df.unionByName(part, allowMissingColumns=True)
            assert df is not None
            df.createOrReplaceTempView("_dossier_files")
            have = set(df.columns)
            for c, t in SPARK_TYPES.items():
                select.append(f"CAST({c if c in have else 'NULL'} AS {t}) AS {c}")
            self.spark.sql(f"CREATE OR REPLACE TEMP VIEW dossiers AS SELECT {', '.join(select)} FROM _dossier_files")
        else:
            cols = ", ".join(f"CAST(NULL AS {t}) AS {c}" for c, t in SPARK_TYPES.items())
            self.spark.sql(f"CREATE OR REPLACE TEMP VIEW dossiers AS SELECT {cols} WHERE FALSE")
        self._view_key = key

    def stop(self) -> None:
        """Stop the SparkSession when this object made it."""
        if self._own_session:
            self.spark.stop()

    def close(self) -> None:
        self.stop()

    def __enter__(self) -> SparkDossierStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
