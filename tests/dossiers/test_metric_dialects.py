"""The metric SQL written once and emitted per dialect (sqlglot); the CLI's Spark engine without Java."""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime

import pytest
import sqlglot
from typer.testing import CliRunner

from cchc.cli import app
from cchc.dossiers import generate_dossiers
from cchc.dossiers.metrics import metric_cube, metric_sql, period_spans, to_dialect

from .conftest import LOC, LOC2

MONTHS = [f"2026-{m:02d}" for m in range(1, 13)]


def test_parameters_become_literals_in_order_in_the_emitted_sql():
    sql = to_dialect("SELECT count_if(x.a) FROM t AS x WHERE x.d < ? AND x.u = ?",
                     [datetime(2027, 1, 1), "Phòng Kinh tế 'A'"], "spark")
    assert "?" not in sql
    assert "COUNT_IF(x.a)" in sql
    assert "CAST('2027-01-01 00:00:00' AS TIMESTAMP)" in sql
    assert "'Phòng Kinh tế \\'A\\''" in sql or "'Phòng Kinh tế ''A'''" in sql


@pytest.mark.parametrize("by", [None, "sector"])
@pytest.mark.parametrize("periods", [MONTHS, ["2026-Q1", "2026"]], ids=["ordered", "overlapping"])
def test_the_spark_sql_parses_in_spark_and_keeps_every_column(periods, by):
    spans = period_spans(periods)
    group = None if by is None else "d.sector"
    duck_sql, params, cols = metric_sql(spans, localities=[LOC], group_expr=group, unit="Phòng Kinh tế")
    spark_sql, no_params, spark_cols = metric_sql(spans, dialect="spark", localities=[LOC], group_expr=group,
                                                  unit="Phòng Kinh tế")
    assert params and not no_params and spark_cols == cols
    assert "?" in duck_sql and "?" not in spark_sql
    tree = sqlglot.parse_one(spark_sql, read="spark")
    assert [s.alias_or_name for s in tree.selects] == cols
    assert "NULLS LAST" in spark_sql  # DuckDB's order of null groups, said explicitly for Spark


def test_the_sql_emitted_back_for_duckdb_runs_and_gives_the_same_cube(store):
    store.import_table(generate_dossiers([LOC, LOC2], 2026, 3000, seed=7))
    spans = period_spans(MONTHS)
    store.ensure_calendar(2026, 2026)
    sql, params, _cols = metric_sql(spans, localities=None, group_expr="d.channel")
    with store.cursor() as cur:
        as_written = cur.execute(sql, params).fetchall()
        round_trip = cur.execute(to_dialect(sql, params, "duckdb")).fetchall()
    assert as_written == round_trip
    assert len(as_written) == len(metric_cube(store, localities=None, periods=MONTHS, by="channel"))


def test_cchc_metrics_with_duckdb_imports_neither_pyspark_nor_sqlglot(tmp_path):
    code = (
        "import sys; from typer.testing import CliRunner; from cchc.cli import app; "
        "r = CliRunner().invoke(app, ['metrics', '--period', '2026-03', '--json']); "
        "assert r.exit_code == 0, r.output; "
        "print(sorted(m for m in ('pyspark', 'py4j', 'sqlglot') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                         env={"CCHC_DATA": str(tmp_path / "data"), "PATH": "/usr/bin:/bin",
                              "PYTHONPATH": ":".join(p for p in sys.path if p)})
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


@pytest.fixture
def runner(tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("CCHC_DATA", str(tmp_path / "data"))
    monkeypatch.delenv("CCHC_PERIOD_CUTOFF_DAY", raising=False)
    return CliRunner()


def test_engine_spark_without_java_is_a_one_line_error_naming_the_package(runner, monkeypatch):
    import cchc.dossiers.spark as spark_mod

    monkeypatch.delenv("JAVA_HOME", raising=False)
    monkeypatch.setattr(spark_mod.shutil, "which", lambda name: None)
    r = runner.invoke(app, ["metrics", "--period", "2026-03", "--engine", "spark"])
    assert r.exit_code == 2
    assert r.output.count("\n") == 1
    assert r.output.startswith("Error: Không tìm thấy Java") and "apt-get install openjdk-17-jre-headless" in r.output


def test_engine_spark_without_pyspark_is_a_one_line_error_saying_how_to_install(runner, monkeypatch):
    import cchc.dossiers.spark as spark_mod

    real = spark_mod.importlib.util.find_spec
    monkeypatch.setattr(spark_mod.importlib.util, "find_spec", lambda name: None if name == "pyspark" else real(name))
    r = runner.invoke(app, ["metrics", "--period", "2026-03", "--engine", "spark"])
    assert r.exit_code == 2
    assert r.output.count("\n") == 1
    assert "pyspark" in r.output and "pip install" in r.output


def test_an_unknown_engine_is_an_error_with_exit_2(runner):
    r = runner.invoke(app, ["metrics", "--period", "2026-03", "--engine", "trino"])
    assert r.exit_code == 2
    assert "duckdb, spark" in r.output
