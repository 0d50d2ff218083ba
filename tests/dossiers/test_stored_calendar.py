"""The working-day calendar is stored once per data directory, reused by every process, rebuilt when stale."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

import cchc.dossiers.store as store_module
from cchc.cli import app
from cchc.domain.calendar import WorkingCalendar
from cchc.dossiers import DossierStore, compute_metrics, index_766
from cchc.dossiers.store import calendar_key

from .conftest import LOC, march_scenario, table_of

ROOT = Path(__file__).resolve().parents[2]


def _stored(root: Path) -> list[Path]:
    return sorted(root.glob("calendar-*.parquet"))


def _cal(store: DossierStore) -> dict[date, tuple[int, bool]]:
    with store.cursor() as cur:
        return {d: (i, w) for d, i, w in cur.execute("SELECT d, wd_idx, working FROM cal").fetchall()}


def test_the_calendar_is_written_once_beside_the_manifest_and_read_by_the_next_store(tmp_path, monkeypatch):
    root = tmp_path / "dossiers"
    first = DossierStore(root)
    first.ensure_calendar(2026, 2026)
    (path,) = _stored(root)
    assert path.name == f"calendar-{calendar_key(first.calendar)}-2025-2028.parquet"
    before = path.stat().st_mtime_ns, path.stat().st_ino
    expected = _cal(first)
    first.close()

    def no_build(*args, **kw):  # noqa: ANN002, ANN003
        raise AssertionError("the stored calendar should have been read, not rebuilt")

    monkeypatch.setattr(store_module, "calendar_table", no_build)
    second = DossierStore(root)
    second.ensure_calendar(2026, 2026)
    assert _cal(second) == expected
    assert (path.stat().st_mtime_ns, path.stat().st_ino) == before
    assert _stored(root) == [path]
    second.close()


def test_the_stored_calendar_matches_the_working_calendar_day_by_day(tmp_path):
    with DossierStore(tmp_path / "dossiers") as s:
        s.ensure_calendar(2026, 2026)
        cal = _cal(s)
    wc = WorkingCalendar()
    assert cal[date(2026, 1, 1)][1] is False  # New Year's Day
    assert cal[date(2026, 9, 2)][1] is False  # National Day
    assert all(cal[d][1] == wc.is_working_day(d) for d in cal)
    days = sorted(cal)
    assert all(cal[b][0] - cal[a][0] == int(cal[b][1]) for a, b in zip(days, days[1:], strict=False))


def test_a_calendar_with_other_days_off_is_rebuilt_and_the_stale_one_removed(tmp_path):
    root = tmp_path / "dossiers"
    with DossierStore(root) as s:
        s.ensure_calendar(2026, 2026)
    (old,) = _stored(root)
    off = date(2026, 3, 9)  # a Monday given off by a government decision
    with DossierStore(root, calendar=WorkingCalendar(extra_days_off={off})) as s:
        s.ensure_calendar(2026, 2026)
        assert _cal(s)[off][1] is False
    (new,) = _stored(root)
    assert new != old and not old.exists()
    with DossierStore(root) as s:  # the default rules again: rebuilt, the Monday a working day
        s.ensure_calendar(2026, 2026)
        assert _cal(s)[off][1] is True


def test_a_new_holidays_release_makes_the_stored_calendar_stale(tmp_path, monkeypatch):
    root = tmp_path / "dossiers"
    with DossierStore(root) as s:
        s.ensure_calendar(2026, 2026)
    (old,) = _stored(root)
    fake = tmp_path / "holidays"
    fake.mkdir()
    (fake / "__init__.py").write_text("")
    (fake / "version.py").write_text('__version__ = "99.0"\n')
    monkeypatch.setattr(store_module, "calendar_key", lambda cal: _key_with(fake, cal, monkeypatch))
    with DossierStore(root) as s:
        s.ensure_calendar(2026, 2026)
    (new,) = _stored(root)
    assert new != old


def _key_with(fake: Path, cal: WorkingCalendar, monkeypatch: pytest.MonkeyPatch) -> str:
    import importlib.util

    real = importlib.util.find_spec

    def find_spec(name, *a, **kw):  # noqa: ANN001, ANN002, ANN003
        if name == "holidays":
            return importlib.util.spec_from_file_location("holidays", fake / "__init__.py")
        return real(name, *a, **kw)

    with monkeypatch.context() as m:
        m.setattr(importlib.util, "find_spec", find_spec)
        return calendar_key(cal)


def test_years_beyond_the_stored_calendar_widen_it(tmp_path):
    root = tmp_path / "dossiers"
    with DossierStore(root) as s:
        s.ensure_calendar(2026, 2026)
    with DossierStore(root) as s:
        s.ensure_calendar(2030, 2030)
        cal = _cal(s)
    assert min(cal) == date(2025, 1, 1) and max(cal) == date(2032, 12, 31)
    assert [p.name.rsplit("-", 2)[1:] for p in _stored(root)] == [["2025", "2032.parquet"]]


def test_a_damaged_stored_calendar_is_rebuilt(tmp_path):
    root = tmp_path / "dossiers"
    with DossierStore(root) as s:
        s.ensure_calendar(2026, 2026)
        expected = _cal(s)
    (path,) = _stored(root)
    path.write_bytes(b"not parquet")
    with DossierStore(root) as s:
        s.ensure_calendar(2026, 2026)
        assert _cal(s) == expected
    assert path.read_bytes()[:4] == b"PAR1"


def test_metrics_read_the_same_figures_from_a_stored_calendar_as_from_a_fresh_one(tmp_path):
    root = tmp_path / "dossiers"
    with DossierStore(root) as s:
        s.import_table(table_of(march_scenario()))
        fresh = compute_metrics(s, localities=[LOC], period="2026-03")
    assert _stored(root)
    with DossierStore(root) as s:
        assert compute_metrics(s, localities=[LOC], period="2026-03") == fresh


@pytest.fixture
def data_dir(tmp_path, monkeypatch) -> Path:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("CCHC_DATA", str(tmp_path / "data"))
    monkeypatch.delenv("CCHC_PERIOD_CUTOFF_DAY", raising=False)
    with DossierStore(tmp_path / "data" / "dossiers") as s:
        s.import_table(table_of(march_scenario()))
    return tmp_path / "data"


def test_cchc_metrics_gives_the_figures_and_766_scores_of_the_library_in_one_scan(data_dir, monkeypatch):
    import cchc.dossiers.metrics as metrics_module

    scans = []
    real = metrics_module.metric_cube
    monkeypatch.setattr(metrics_module, "metric_cube", lambda *a, **kw: scans.append(1) or real(*a, **kw))
    r = CliRunner().invoke(app, ["metrics", "--localities", str(LOC), "--period", "2026-03", "--json"])
    assert r.exit_code == 0, r.output
    assert len(scans) == 1
    out = json.loads(r.output)
    with DossierStore(data_dir / "dossiers") as s:
        rows = compute_metrics(s, localities=[LOC], period="2026-03")
        scores = index_766(s, localities=[LOC], period="2026-03")
    assert out["metrics"] == [json.loads(json.dumps(m.to_dict(), default=str)) for m in rows]
    assert out["index_766"] == [json.loads(json.dumps(x.to_dict(), default=str)) for x in scores]


def test_cchc_metrics_prints_every_figure_in_its_text_table(data_dir):
    r = CliRunner().invoke(app, ["metrics", "--localities", str(LOC), "--period", "2026-03"])
    assert r.exit_code == 0, r.output
    with DossierStore(data_dir / "dossiers") as s:
        rows = compute_metrics(s, localities=[LOC], period="2026-03")
    lines = r.output.splitlines()
    assert lines[0] == "Chỉ số phục vụ từ hồ sơ – kỳ 2026-03"
    body = [ln.split() for ln in lines[3:3 + len(rows)]]
    for m, cells in zip(rows, body, strict=True):
        value = "–" if m.value is None else f"{m.value:.2f}"
        assert cells[:2] == [str(LOC), "2026-03"] and cells[-3:] == [f"{m.numerator:g}", f"{m.denominator:g}", value]
    assert "Chỉ số Quyết định 766/QĐ-TTg (100 điểm)" in r.output


_PROBE = """
import json, sys
sys.argv = ["cchc", *json.loads(sys.argv[1])]
from cchc.cli import main
try:
    main()
except SystemExit:
    pass
sys.stdout.flush()
sys.stderr.write(json.dumps(sorted({m.split(".")[0] for m in sys.modules})))
"""


def test_cchc_metrics_in_a_new_process_loads_no_holidays_pandas_pyarrow_rich_or_pydantic_once_the_calendar_is_stored(data_dir):
    args = ["metrics", "--localities", str(LOC), "--period", "2026-03"]
    env = {"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin", "CCHC_DATA": str(data_dir)}
    runs = [subprocess.run([sys.executable, "-c", _PROBE, json.dumps(args)], capture_output=True, text=True,
                           env=env, timeout=120, check=True) for _ in range(2)]
    loaded = set(json.loads(runs[1].stderr.strip().splitlines()[-1]))
    assert runs[0].stdout == runs[1].stdout and "Chỉ số phục vụ" in runs[1].stdout
    assert not loaded & {"holidays", "pandas", "pyarrow", "numpy", "rich", "pydantic"}


def test_every_name_the_dossiers_package_exports_is_the_one_of_its_module():
    import importlib

    import cchc.dossiers as dossiers

    for name in dossiers.__all__:
        module = dossiers._SOURCES.get(name, "drilldown")
        assert getattr(dossiers, name) is getattr(importlib.import_module(f"cchc.dossiers.{module}"), name), name
    assert callable(dossiers.drilldown)  # the function, not its module


def test_reading_the_store_and_its_metrics_loads_no_pyarrow_numpy_or_holidays(data_dir):
    code = ("import sys; from cchc.dossiers.store import DossierStore; from cchc.dossiers.metrics import compute_metrics;"
            "from cchc.dossiers.index766 import index_766; s = DossierStore(sys.argv[1]);"
            f"index_766(s, localities=[{LOC}], period='2026-03'); print(sorted({{'pyarrow', 'numpy', 'holidays'}} & set(sys.modules)))")
    env = {"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin"}
    args = [sys.executable, "-c", code, str(data_dir / "dossiers")]
    subprocess.run(args, env=env, check=True, capture_output=True)  # stores the calendar
    assert subprocess.run(args, env=env, check=True, capture_output=True, text=True).stdout.strip() == "[]"


def test_the_view_reads_no_file_schema_when_every_file_was_written_with_the_same_columns(tmp_path, monkeypatch):
    root = tmp_path / "dossiers"
    with DossierStore(root) as s:
        s.import_table(table_of(march_scenario()))
        s.import_table(table_of([dict(march_scenario()[0], dossier_id="Z", locality_code=LOC + 1)]))
        expected = compute_metrics(s, localities=[LOC, LOC + 1], period="2026-03")
    tags = {f.get("columns") for e in json.loads((root / "manifest.json").read_text())["localities"].values()
            for f in e["files"]}
    assert len(tags) == 1 and None not in tags
    monkeypatch.setattr(DossierStore, "_view_columns", lambda self, lst: pytest.fail("a file schema was read"))
    with DossierStore(root) as s:
        assert compute_metrics(s, localities=[LOC, LOC + 1], period="2026-03") == expected


def test_files_without_the_columns_record_are_read_and_united_as_before(tmp_path, monkeypatch):
    root = tmp_path / "dossiers"
    with DossierStore(root) as s:
        s.import_table(table_of(march_scenario()))
        expected = compute_metrics(s, localities=[LOC], period="2026-03")
    m = json.loads((root / "manifest.json").read_text())
    for e in m["localities"].values():
        for f in e["files"]:
            del f["columns"]  # a store written before the manifest recorded the columns
    (root / "manifest.json").write_text(json.dumps(m))
    read = []
    real = DossierStore._view_columns
    monkeypatch.setattr(DossierStore, "_view_columns", lambda self, lst: read.append(1) or real(self, lst))
    with DossierStore(root) as s:
        assert compute_metrics(s, localities=[LOC], period="2026-03") == expected
    assert read
