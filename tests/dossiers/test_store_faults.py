"""`kill -9` at every step of a dossier import (real processes): nothing lost, nothing half-imported.

Each test copies a store holding two earlier imports, runs `cchc dossiers import` in a child process
with `CCHC_FAULT_AT=<step>` (the store SIGKILLs itself at that step), then opens the store and checks
that every commune shows either the complete old or the complete new figures (all the same
generation), that the commune no import touched is intact, that re-importing gives the new figures
twice over (idempotent), and that `cchc check` passes.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pyarrow as pa
import pytest

from cchc.dossiers import DossierStore, generate_dossiers, write_export
from cchc.dossiers.store import FAULT_STEPS

pytestmark = pytest.mark.slow

TOUCHED = [11560, 11557, 10105]
UNTOUCHED = 10633
CLI = [sys.executable, "-c", "from cchc.cli import main; main()"]


def _counts(store: DossierStore) -> dict[int, int]:
    with store.cursor() as cur:
        return dict(cur.execute("SELECT locality_code, count(*) FROM dossiers GROUP BY 1").fetchall())  # type: ignore[arg-type]


def _statuses(store: DossierStore) -> dict[int, int]:
    """A figure that changes with the update: returned dossiers per commune."""
    with store.cursor() as cur:
        return dict(cur.execute(  # type: ignore[arg-type]
            "SELECT locality_code, count_if(status = 'returned') FROM dossiers GROUP BY 1").fetchall())


def _env(data: Path, fault: str | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "CCHC_FAULT_AT"}
    env["CCHC_DATA"] = str(data)
    env["PYTHONPATH"] = str(Path(__file__).resolve().parents[2] / "src") + os.pathsep + env.get("PYTHONPATH", "")
    if fault:
        env["CCHC_FAULT_AT"] = fault
    return env


@pytest.fixture(scope="module")
def world(tmp_path_factory):  # type: ignore[no-untyped-def]
    base = tmp_path_factory.mktemp("faults")
    other = base / "other.csv"
    write_export(generate_dossiers([UNTOUCHED], 2026, 300, seed=3), other, layout="canonical")
    old = base / "old.csv"
    write_export(generate_dossiers(TOUCHED, 2026, 900, seed=1), old, layout="canonical")
    # The new export: half of the old dossiers again with other values (updates), plus new ones.
    t = generate_dossiers(TOUCHED, 2026, 900, seed=2)
    ids = generate_dossiers(TOUCHED, 2026, 900, seed=1).column("dossier_id").to_pylist()
    locs = generate_dossiers(TOUCHED, 2026, 900, seed=1).column("locality_code").to_pylist()
    t = t.set_column(t.schema.get_field_index("dossier_id"), "dossier_id",
                     pa.array(ids[::2] + [f"NEW-{i}" for i in range(450)], pa.string()))
    t = t.set_column(t.schema.get_field_index("locality_code"), "locality_code",
                     pa.array(locs[::2] + t.column("locality_code").to_pylist()[450:], pa.int32()))
    new = base / "new.csv"
    write_export(t, new, layout="canonical")
    template = base / "template"
    with DossierStore(template / "dossiers", memory_limit=None) as store:
        store.import_files([other])
        store.import_files([old])
        before = (_counts(store), _statuses(store))
    ref = base / "ref"
    shutil.copytree(template, ref)
    with DossierStore(ref / "dossiers", memory_limit=None) as store:
        store.import_files([new])
        after = (_counts(store), _statuses(store))
    assert before != after and before[0][UNTOUCHED] == after[0][UNTOUCHED] == 300
    return {"template": template, "new": new, "before": before, "after": after}


@pytest.mark.parametrize("step", FAULT_STEPS)
def test_a_kill_at_each_import_step_leaves_a_whole_generation_and_loses_nothing(world, tmp_path, step):
    data = tmp_path / "data"
    shutil.copytree(world["template"], data)
    run = subprocess.run([*CLI, "dossiers", "import", str(world["new"])], env=_env(data, step),
                         capture_output=True, text=True, timeout=120, check=False)
    if step == "during_write":  # killed by a watcher thread when the first file appears (or just after)
        assert run.returncode in (-signal.SIGKILL, 0), run.stderr
    else:
        assert run.returncode == -signal.SIGKILL, (run.returncode, run.stderr)
    with DossierStore(data / "dossiers", memory_limit=None) as store:
        seen = (_counts(store), _statuses(store))
        assert seen in (world["before"], world["after"])  # every commune the same generation
        if step in ("after_switch", "during_removal", "between_communes", "after_removal"):
            assert seen == world["after"]
        elif step != "during_write":
            assert seen == world["before"]
        assert store.check() == []
        leftovers = {str(p) for p in (data / "dossiers" / "data").rglob("*.parquet")}
        assert leftovers == set(store.current_files())  # the garbage was removed on open
    check = subprocess.run([*CLI, "check"], env=_env(data), capture_output=True, text=True, timeout=120, check=False)
    assert check.returncode == 0, check.stdout + check.stderr
    for _ in range(2):  # re-import: the new figures, and again the same
        with DossierStore(data / "dossiers", memory_limit=None) as store:
            store.import_files([world["new"]])
            assert (_counts(store), _statuses(store)) == world["after"]


def test_check_fails_with_a_clear_message_when_a_manifest_file_is_missing(world, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(world["template"], data)
    with DossierStore(data / "dossiers", memory_limit=None) as store:
        victim = Path(store.current_files([TOUCHED[0]])[0])
    victim.unlink()
    check = subprocess.run([*CLI, "check"], env=_env(data), capture_output=True, text=True, timeout=120, check=False)
    assert check.returncode == 1
    assert "thiếu tệp" in check.stderr and victim.name in check.stderr


def test_a_reader_keeps_its_generation_while_an_import_switches(world, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(world["template"], data)
    reader = DossierStore(data / "dossiers", memory_limit=None)
    cur = reader.cursor()  # holds the read lock: the old files must stay
    try:
        with DossierStore(data / "dossiers", memory_limit=None) as writer:
            writer.import_files([world["new"]])
        got = dict(cur.execute("SELECT locality_code, count(*) FROM dossiers GROUP BY 1").fetchall())
        assert got == world["before"][0]
    finally:
        cur.close()
    assert _counts(reader) == world["after"][0]  # the next query sees the new generation
    reader.close()


def test_check_finds_a_broken_foreign_key_in_sqlite(tmp_path):
    import sqlite3

    from cchc.cli.check import database_problems
    from cchc.store.engine import upgrade_database

    url = f"sqlite:///{tmp_path / 'cchc.db'}"
    upgrade_database(url)
    assert database_problems(url) == []
    con = sqlite3.connect(tmp_path / "cchc.db")  # foreign keys off: the damage a bad tool could do
    con.execute("INSERT INTO localities (code, name, codename, kind, province_code) "
                "VALUES (99999, 'Xã thử', 'xa_thu', 'commune', 77777)")
    con.commit()
    con.close()
    problems = database_problems(url)
    assert len(problems) == 1 and "localities" in problems[0] and "provinces" in problems[0]


def test_a_store_from_before_manifests_is_adopted_with_the_commune_left_in_the_trash(tmp_path):
    """The old layout's crash: one commune renamed to a trash folder, its new copy never put in place."""
    import duckdb

    root = tmp_path / "dossiers"
    (root / "data").mkdir(parents=True)
    con = duckdb.connect()
    con.register("t", generate_dossiers([11560, 11557], 2026, 1000, seed=1))
    con.execute(f"COPY (SELECT *, year(received_at) AS year FROM t) TO '{(root / 'data').as_posix()}' "
                "(FORMAT parquet, PARTITION_BY (locality_code, year), OVERWRITE_OR_IGNORE)")
    con.close()
    (root / ".trash-1").mkdir()
    (root / "data" / "locality_code=11557").rename(root / ".trash-1" / "locality_code=11557")
    with DossierStore(root, memory_limit=None) as store:
        assert store.count() == 1000 and store.localities() == [11557, 11560]
        assert store.generation == 1 and store.check() == []
    assert not (root / ".trash-1").exists()
