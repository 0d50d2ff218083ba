"""The metric SQL on Spark gives DuckDB's numbers, row for row (one SparkSession for the module)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cchc.dossiers import DossierStore, compute_metrics, generate_dossiers, index_766, statistics_table

if shutil.which("java") is None:
    pytest.skip("no Java for Spark: apt-get install openjdk-17-jre-headless", allow_module_level=True)

LOCS = [11560, 11557, 11554, 11551]
MONTHS = [f"2026-{m:02d}" for m in range(1, 13)]
QUARTERS = ["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"]


@pytest.fixture(scope="module")
def spark():  # type: ignore[no-untyped-def]
    from cchc.dossiers.spark import spark_session

    session = spark_session("local[1]", shuffle_partitions=1)
    yield session
    session.stop()


@pytest.fixture(scope="module")
def stores(tmp_path_factory, spark):  # type: ignore[no-untyped-def]
    """Four communes' 2026 dossiers and one commune's late-2025 ones (carried over), in two imports."""
    from cchc.dossiers.spark import SparkDossierStore

    root = tmp_path_factory.mktemp("spark") / "data" / "dossiers"
    duck = DossierStore(root, threads=1)
    duck.import_table(generate_dossiers(LOCS, 2026, 6000, seed=11))
    duck.import_table(generate_dossiers([LOCS[0]], 2025, 800, seed=12))
    assert len({Path(f).parts[-4] for f in duck.current_files()}) == 2  # two generation folders
    yield duck, SparkDossierStore(duck, spark)
    duck.close()


def _key(r):  # type: ignore[no-untyped-def]
    return (r.locality_code or 0, r.period, r.group or "", r.metric)


@pytest.mark.parametrize("periods", [MONTHS, QUARTERS, "2026"], ids=["months", "quarters", "year"])
def test_spark_and_duckdb_give_the_same_numerator_and_denominator_for_every_metric_locality_and_period(
    stores, periods
):
    duck, spark = stores
    a = compute_metrics(duck, localities=LOCS, period=periods)
    b = compute_metrics(spark, localities=LOCS, period=periods)
    n_periods = 1 if isinstance(periods, str) else len(periods)
    assert len({(r.locality_code, r.period) for r in a}) == len(LOCS) * n_periods
    assert sum(r.denominator for r in a) > 0
    assert [(_key(r), r.numerator, r.denominator) for r in sorted(a, key=_key)] == \
        [(_key(r), r.numerator, r.denominator) for r in sorted(b, key=_key)]
    assert a == b  # the same rows in the same order, values included


def test_spark_and_duckdb_give_the_same_ii06a_table_by_sector_with_carried_over_dossiers(stores):
    duck, spark = stores
    a = statistics_table(duck, localities=LOCS, period="2026-Q1", by="sector")
    b = statistics_table(spark, localities=LOCS, period="2026-Q1", by="sector")
    assert a == b
    assert any(r.carried_over for r in a if r.locality_code == LOCS[0])
    assert all(r.balanced for r in b)


def test_the_cli_with_engine_spark_prints_the_same_json_as_with_duckdb(stores, monkeypatch):
    from cchc.cli import app

    duck, _spark = stores
    monkeypatch.setenv("CCHC_DATA", str(duck.root.parent))
    monkeypatch.delenv("CCHC_PERIOD_CUTOFF_DAY", raising=False)
    runner = CliRunner()
    args = ["metrics", "--localities", f"{LOCS[0]},{LOCS[1]}", "--period", "2026-03", "--json"]
    r_duck = runner.invoke(app, args)
    r_spark = runner.invoke(app, [*args, "--engine", "spark", "--spark-master", "local[1]"])
    assert r_duck.exit_code == 0, r_duck.output
    assert r_spark.exit_code == 0, r_spark.output
    assert json.loads(r_spark.stdout) == json.loads(r_duck.stdout)
    assert index_766(duck, localities=[LOCS[0]], period="2026-03")[0].total == \
        json.loads(r_spark.stdout)["index_766"][0]["total"]


def test_spark_deducts_the_same_waits_and_splits_pending_dossiers_as_duckdb(stores):
    """The generated dossiers carry supplement waits and pauses (tạm dừng): both engines apply
    `domain.timeliness` the same way, month by month, including the pending split and the returned /
    withdrawn counts; and some dossiers on the quarter's last day are due that day or waited."""
    from cchc.dossiers import drilldown

    duck, spark = stores
    waited = drilldown(duck, localities=[LOCS[0]], period="2026-Q1", outcome="waited")
    assert waited and all(r["wait"] > 0 for r in waited)
    for periods, by in ((MONTHS, None), ("2026-Q3", "unit")):
        for per in [periods] if isinstance(periods, str) else periods:
            a = statistics_table(duck, localities=LOCS, period=per, by=by)
            b = statistics_table(spark, localities=LOCS, period=per, by=by)
            assert a == b
            assert all(r.balanced for r in a)
    year = statistics_table(duck, localities=LOCS, period="2026", by=None)
    assert sum(r.returned for r in year) and sum(r.withdrawn for r in year)
    months = [r for per in MONTHS for r in statistics_table(duck, localities=LOCS, period=per, by=None)]
    assert sum(r.due_today for r in months) and sum(r.not_yet_due for r in months)
