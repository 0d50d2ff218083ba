"""`cchc backup` / `cchc restore` as real processes: a restored deployment holds the same plans, files and figures."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import tarfile
import uuid
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import text

from cchc.domain.errors import InvalidInput
from cchc.ops.backup import read_manifest, restore, table_counts
from cchc.store.engine import make_engine
from cchc.store.testing import PG_URL, postgres_answers

CLI = [sys.executable, "-c", "from cchc.cli import main; main()"]
SRC = Path(__file__).resolve().parents[2] / "src"
DEMO_LOCALITY = 11533


def _env(data: Path, url: str | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"CCHC_DATABASE_URL", "CCHC_FAULT_AT"}}
    env["CCHC_DATA"] = str(data)
    if url:
        env["CCHC_DATABASE_URL"] = url
    env["PYTHONPATH"] = str(SRC) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def _cli(*args: str, data: Path, url: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CLI, *args], env=_env(data, url), capture_output=True, text=True, timeout=300, check=False)


def _seed(data: Path, url: str | None = None) -> None:
    """The demo commune (plan, tasks, progress with evidence, dossiers) in `data`, seeded in a child process."""
    code = (
        "from datetime import date; from pathlib import Path; import os\n"
        "from cchc.kernel.db import session_scope, upgrade_database\n"
        "from cchc.demo import seed_demo\n"
        "from cchc.settings import get_settings\n"
        "s = get_settings(); s.data_dir.mkdir(parents=True, exist_ok=True); upgrade_database(s.database_url)\n"
        "with session_scope(s.database_url) as session:\n"
        f"    seed_demo(session, data_dir=s.data_dir, today=date{date(2026, 11, 25).timetuple()[:3]})\n"
    )
    run = subprocess.run([sys.executable, "-c", code], env=_env(data, url), capture_output=True, text=True,
                         timeout=600, check=False)
    assert run.returncode == 0, run.stderr[-3000:]


def _files(root: Path) -> dict[str, str]:
    """Relative path → SHA-256 of every file a deployment keeps, except what a backup leaves out by design."""
    out = {}
    for p in sorted(root.rglob("*")):
        rel = p.relative_to(root).as_posix()
        if not p.is_file() or rel in {"cchc.db", "secret_key"} or rel.startswith("dossiers/"):
            continue
        if rel.endswith(("-journal", "-wal", "-shm")):
            continue
        out[rel] = hashlib.sha256(p.read_bytes()).hexdigest()
    return out


def _figures(data: Path) -> list[tuple]:
    from cchc.dossiers import DossierStore, compute_metrics

    with DossierStore(data / "dossiers", memory_limit=None) as store:
        rows = compute_metrics(store, localities=[DEMO_LOCALITY], period=["2026-Q1", "2026-Q2", "2026-Q3"])
        return sorted((r.locality_code, str(r.period), str(r.metric), r.numerator, r.denominator) for r in rows)


@pytest.fixture(scope="module")
def sqlite_deployment(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = tmp_path_factory.mktemp("live") / "data"
    _seed(data)
    return data


def test_a_backup_restored_into_an_empty_directory_has_every_plan_file_and_dossier_figure(sqlite_deployment, tmp_path):
    archive = tmp_path / "cchc.tar.gz"
    made = _cli("backup", str(archive), data=sqlite_deployment)
    assert made.returncode == 0, made.stderr
    assert "Đã sao lưu" in made.stdout
    target = tmp_path / "restored"
    back = _cli("restore", str(archive), "--data", str(target), data=target)
    assert back.returncode == 0, back.stderr

    live = make_engine(f"sqlite:///{sqlite_deployment / 'cchc.db'}")
    restored = make_engine(f"sqlite:///{target / 'cchc.db'}")
    try:
        counts = table_counts(live)
        assert counts == table_counts(restored)
        assert counts["plans"] >= 1 and counts["tasks"] > 10 and counts["audit_events"] > 10
        q = "SELECT id, title, number, status FROM plans ORDER BY id"
        with live.connect() as a, restored.connect() as b:
            assert a.execute(text(q)).all() == b.execute(text(q)).all()
    finally:
        live.dispose()
        restored.dispose()
    assert _files(target) == _files(sqlite_deployment)
    assert _files(target), "the demo stores its plan source and evidence files"
    assert _figures(target) == _figures(sqlite_deployment)
    assert any(f[4] > 0 for f in _figures(target))
    check = _cli("check", data=target)
    assert check.returncode == 0, check.stdout + check.stderr


def test_the_manifest_lists_every_member_with_its_checksum_and_leaves_the_secret_out(sqlite_deployment, tmp_path):
    archive = tmp_path / "cchc.tar"
    assert _cli("backup", str(archive), data=sqlite_deployment).returncode == 0
    manifest = read_manifest(archive)
    with tarfile.open(archive) as tar:
        names = {m.name for m in tar if m.name != "manifest.json"}
    assert names == set(manifest.members)
    assert "database/cchc.sqlite" in names
    assert not any(n.endswith("secret_key") for n in names)
    assert manifest.dossier_rows[str(DEMO_LOCALITY)] > 0


def test_a_corrupted_archive_is_refused_before_anything_is_written(sqlite_deployment, tmp_path):
    archive = tmp_path / "cchc.tar"
    assert _cli("backup", str(archive), data=sqlite_deployment).returncode == 0
    manifest = read_manifest(archive)
    victim = next(n for n in manifest.members if n.startswith("dossiers/data/"))
    # Flip one byte inside that member's data in the uncompressed tar.
    with tarfile.open(archive) as tar:
        offset = tar.getmember(victim).offset_data
    blob = bytearray(archive.read_bytes())
    blob[offset + 10] ^= 0xFF
    archive.write_bytes(bytes(blob))
    target = tmp_path / "restored"
    with pytest.raises(InvalidInput, match="bị hỏng ở " + victim):
        restore(archive, data_dir=target)
    assert not target.exists() or not any(target.iterdir())


def test_restore_refuses_a_directory_that_already_holds_data(sqlite_deployment, tmp_path):
    archive = tmp_path / "cchc.tar"
    assert _cli("backup", str(archive), data=sqlite_deployment).returncode == 0
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "keep.txt").write_text("đừng xóa", encoding="utf-8")
    back = _cli("restore", str(archive), "--data", str(busy), data=busy)
    assert back.returncode == 2
    assert "không trống" in back.stderr
    assert (busy / "keep.txt").read_text(encoding="utf-8") == "đừng xóa"


def test_a_file_that_is_not_a_backup_gets_a_clear_error(tmp_path):
    junk = tmp_path / "not-a-backup.tar"
    junk.write_bytes(b"PK\x03\x04 not a tar")
    with pytest.raises(InvalidInput, match="không phải bản sao lưu cchc"):
        read_manifest(junk)


@pytest.mark.postgres
def test_a_postgresql_deployment_is_backed_up_with_pg_dump_and_restored_into_an_empty_database(tmp_path):
    if not postgres_answers():
        pytest.skip("PostgreSQL does not answer on 127.0.0.1:5432")
    admin = make_engine(PG_URL, isolation_level="AUTOCOMMIT")
    names = [f"cchc_bk_{uuid.uuid4().hex[:8]}", f"cchc_rs_{uuid.uuid4().hex[:8]}"]
    base = PG_URL.rsplit("/", 1)[0]
    try:
        with admin.connect() as con:
            for n in names:
                con.execute(text(f'CREATE DATABASE "{n}"'))
        src_url, dst_url = (f"{base}/{n}" for n in names)
        data = tmp_path / "live"
        _seed(data, src_url)
        archive = tmp_path / "pg.tar.gz"
        made = _cli("backup", str(archive), data=data, url=src_url)
        assert made.returncode == 0, made.stderr
        assert "database/cchc.pgdump" in read_manifest(archive).members
        target = tmp_path / "restored"
        back = _cli("restore", str(archive), "--data", str(target), "--url", dst_url, data=target, url=dst_url)
        assert back.returncode == 0, back.stderr
        src, dst = make_engine(src_url), make_engine(dst_url)
        try:
            assert table_counts(src) == table_counts(dst)
            assert table_counts(dst)["tasks"] > 10
        finally:
            src.dispose()
            dst.dispose()
        assert _figures(target) == _figures(data)
        again = _cli("restore", str(archive), "--data", str(tmp_path / "again"), "--url", dst_url,
                     data=tmp_path / "again", url=dst_url)
        assert again.returncode == 2 and "đã có bảng" in again.stderr
        check = _cli("check", data=target, url=dst_url)
        assert check.returncode == 0, check.stdout + check.stderr
    finally:
        with admin.connect() as con:
            for n in names:
                con.execute(text(f'DROP DATABASE IF EXISTS "{n}" WITH (FORCE)'))
        admin.dispose()
