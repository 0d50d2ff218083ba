"""Uploads under faults: a file is staged while its transaction runs and moved into place only when it
commits, so a refused or failed write leaves nothing; a process stopped between the commit and the move
leaves a staged copy that the sweep (or the next start) moves into place; old unreferenced files are swept;
a virus scanner set by CCHC_SCAN_COMMAND refuses an infected upload beside its field."""

from __future__ import annotations

import hashlib
import os
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from cchc.auth import users
from cchc.kernel.db import session_scope
from cchc.ops.files import referenced_hashes, sweep_orphans
from cchc.services import progress
from cchc.store.files import STAGING
from cchc.store.models import AuditEvent, ProgressReport
from tests.web.conftest import PASSWORD
from tests.web.test_forms_in_place import PDF, _beside, _form, _token

BROKEN_DOCX = b"PK\x03\x04" + b"not really a word document " * 40
EICAR = b"X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"


def _stored(data_dir: Path) -> dict[str, list[str]]:
    files = data_dir / "files"
    return {d.name: sorted(p.name for p in d.iterdir()) for d in files.iterdir() if d.is_dir() and d.name != STAGING}


def _evidence_path(session, task_id: int) -> Path:  # type: ignore[no-untyped-def]
    session.flush()
    row = session.scalars(select(ProgressReport).where(ProgressReport.task_id == task_id)).one()
    return Path(row.evidence_file)


def _staged(data_dir: Path) -> list[str]:
    root = data_dir / "files" / STAGING
    return sorted(p.name for p in root.iterdir()) if root.is_dir() else []


def _age(data_dir: Path, seconds: float) -> None:
    """Make every stored file look `seconds` old (past the sweep's grace period)."""
    past = time.time() - seconds
    for p in (data_dir / "files").rglob("*"):
        os.utime(p, (past, past))


def test_a_refused_plan_import_leaves_no_file_behind(client, login_as, data_dir, settings):
    token = login_as("standing_office")
    before = _stored(data_dir)
    r = client.post("/api/plans/import", files={"file": ("ke-hoach.docx", BROKEN_DOCX, "application/octet-stream")},
                    data={"kind": "general"}, headers={"X-CSRF-Token": token})
    assert 400 <= r.status_code < 500, r.text
    assert _stored(data_dir) == before and _staged(data_dir) == []  # read from its staged copy, then dropped
    assert all(d in referenced_hashes(settings.database_url) for d in before)


def test_an_evidence_file_is_in_place_only_once_its_report_commits(world, data_dir, settings):
    bad, good = b"%PDF-1.4 rolled back\n", b"%PDF-1.4 committed\n"
    bad_sha, good_sha = hashlib.sha256(bad).hexdigest(), hashlib.sha256(good).hexdigest()

    def submit(content: bytes, task_id: int) -> None:
        with session_scope(settings.database_url) as s:
            officer = users.authenticate(s, username=world.users["unit_officer"][0], password=PASSWORD, ip="t")
            progress.submit_progress(s, officer, task_id=task_id, period=world.period, status="in_progress",
                                     percent=10, results="Đang làm.", evidence_file=("bien-ban.pdf", content),
                                     data_dir=data_dir)
            assert not _evidence_path(s, task_id).exists()  # staged until the commit
            assert len(_staged(data_dir)) == 1
            if content is bad:
                raise RuntimeError("the database went away before the commit")

    with pytest.raises(RuntimeError):
        submit(bad, world.task_a2)
    assert bad_sha not in _stored(data_dir) and _staged(data_dir) == []
    submit(good, world.task_a2)
    assert good_sha in _stored(data_dir) and _staged(data_dir) == []
    with session_scope(settings.database_url) as s:
        row = s.scalars(select(ProgressReport).where(ProgressReport.task_id == world.task_a2)).one()
        assert row.evidence_sha256 == good_sha and Path(row.evidence_file).read_bytes() == good


def test_a_commit_whose_process_stopped_before_the_move_is_placed_by_the_sweep_and_at_start(
        world, data_dir, settings):
    from cchc.ops.files import recover_staged
    from cchc.store import files as stored_files

    content = b"%PDF-1.4 committed, not yet moved\n"
    sha = hashlib.sha256(content).hexdigest()
    for recover in ("sweep", "start"):
        body = content + recover.encode()
        sha = hashlib.sha256(body).hexdigest()
        with session_scope(settings.database_url) as s:
            officer = users.authenticate(s, username=world.users["unit_officer"][0], password=PASSWORD, ip="t")
            earlier = s.scalars(select(ProgressReport).where(ProgressReport.task_id == world.task_a2)).first()
            progress.submit_progress(s, officer, task_id=world.task_a2, period=world.period,
                                     status="in_progress", percent=20, results="Tiếp tục.",
                                     evidence_file=(f"{recover}.pdf", body), data_dir=data_dir,
                                     version=earlier.version if earlier else None)
            path = _evidence_path(s, world.task_a2)
            s.info.pop(stored_files._PENDING)  # the process is killed after the commit, before the move
        assert not path.exists() and _staged(data_dir)
        if recover == "sweep":
            swept = sweep_orphans(data_dir, url=settings.database_url, grace_seconds=3600)
            assert [p.parent.name for p in swept.placed] == [sha] and swept.removed == []
        else:
            assert [p.parent.name for p in recover_staged(data_dir, url=settings.database_url)] == [sha]
        assert path.read_bytes() == body and _staged(data_dir) == []


def test_a_staged_copy_no_row_references_is_removed_after_the_grace_period(world, data_dir, settings):
    folder = data_dir / "files" / STAGING / f"{'cd' * 32}.abc123"
    folder.mkdir(parents=True)
    (folder / "x.pdf").write_bytes(b"%PDF orphan")
    assert sweep_orphans(data_dir, url=settings.database_url, grace_seconds=3600).removed == []  # still young
    os.utime(folder, (time.time() - 7200,) * 2)
    assert sweep_orphans(data_dir, url=settings.database_url, grace_seconds=3600).removed == [folder]
    assert _staged(data_dir) == []


def test_a_stale_resubmission_stores_no_evidence_file(client, world, login_as, data_dir):
    token = login_as("unit_officer")
    before = _stored(data_dir)
    r = client.post(f"/api/tasks/{world.task_a}/report", headers={"X-CSRF-Token": token},
                    data={"period": world.period, "status": "in_progress", "percent": "50", "results": "Tiếp tục.",
                          "version": "0"},
                    files={"evidence_file": ("cu.pdf", PDF + b"stale", "application/pdf")})
    assert r.status_code == 409, r.text
    assert _stored(data_dir) == before


def test_a_file_write_that_fails_midway_leaves_nothing_under_the_real_name(tmp_path, monkeypatch):
    from cchc.services.plans import importing

    def broken_replace(src, dst):  # noqa: ANN001, ANN202 - the disk fills up at the rename
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError):
        importing.store_file(b"%PDF-1.4 x", "a.pdf", data_dir=tmp_path)
    monkeypatch.undo()
    folder = tmp_path / "files" / hashlib.sha256(b"%PDF-1.4 x").hexdigest()
    assert list(folder.iterdir()) == []  # neither a truncated a.pdf nor a .part
    path, _ = importing.store_file(b"%PDF-1.4 x", "a.pdf", data_dir=tmp_path)  # the retry stores it whole
    assert path.read_bytes() == b"%PDF-1.4 x"


def test_cchc_check_sweep_orphans_removes_only_unreferenced_old_files_and_audits_it(
        world, data_dir, settings, monkeypatch):
    from cchc.cli import app

    orphan = data_dir / "files" / ("ab" * 32)
    orphan.mkdir(parents=True)
    (orphan / "mat.pdf").write_bytes(b"%PDF orphan")
    leftover = data_dir / "reports" / "1" / "2026-Q1" / ".bao-cao.docx.part"
    leftover.parent.mkdir(parents=True)
    leftover.write_bytes(b"PK half")
    before = _stored(data_dir)
    _age(data_dir, 7200)
    os.utime(leftover, (time.time() - 7200,) * 2)
    monkeypatch.setenv("CCHC_DATA", str(data_dir))
    monkeypatch.setenv("CCHC_DATABASE_URL", settings.database_url)
    dry = CliRunner().invoke(app, ["check", "--sweep-orphans", "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "would remove 2" in dry.output and orphan.exists()
    result = CliRunner().invoke(app, ["check", "--sweep-orphans"])
    assert result.exit_code == 0, result.output
    assert "removed 2" in result.output
    assert not orphan.exists() and not leftover.exists()
    assert _stored(data_dir) == {k: v for k, v in before.items() if k != orphan.name}
    with session_scope(settings.database_url) as s:
        event = s.scalars(select(AuditEvent).where(AuditEvent.action == "sweep_orphans")).one()
        assert event.after["removed"] == 2


@pytest.fixture()
def scanner(tmp_path, monkeypatch) -> Path:
    """A fake virus scanner: exit 1 ('FOUND') for a file holding the EICAR test string, 0 otherwise."""
    script = tmp_path / "fake-clamdscan.py"
    log = tmp_path / "scanned.txt"
    script.write_text(
        "import sys\n"
        "data = open(sys.argv[-1], 'rb').read()\n"
        f"open({str(log)!r}, 'a').write(sys.argv[-1] + '\\n')\n"
        "if b'EICAR-STANDARD-ANTIVIRUS-TEST-FILE' in data:\n"
        "    print(sys.argv[-1] + ': Eicar-Test-Signature FOUND'); sys.exit(1)\n"
        "sys.exit(0)\n", encoding="utf-8")
    monkeypatch.setenv("CCHC_SCAN_COMMAND", f"{sys.executable} {script} --no-summary {{path}}")
    return log


def test_an_infected_evidence_file_is_refused_beside_its_field_and_nothing_is_stored(
        client, world, login_as, data_dir, scanner):
    login_as("unit_officer")
    before = _stored(data_dir)
    page = client.get(f"/tasks/{world.task_a2}")
    r = client.post(f"/tasks/{world.task_a2}/report",
                    data={"csrf_token": _token(page.text), "period": world.period, "status": "in_progress",
                          "percent": "30", "results": "Đã họp triển khai."},
                    files={"evidence_file": ("bien-ban.pdf", b"%PDF-1.4\n" + EICAR, "application/pdf")},
                    follow_redirects=False)
    assert r.status_code == 422
    message = _beside(_form(r.text, "report-form"), "evidence_file")
    assert "trình quét virus từ chối" in message and "Eicar-Test-Signature" in message
    assert "Đã họp triển khai." in r.text  # the rest of the form is kept
    assert _stored(data_dir) == before
    assert scanner.read_text().strip()  # the scanner ran on a private temporary copy


def test_a_clean_upload_passes_the_scanner_and_is_stored(client, world, login_as, data_dir, scanner):
    token = login_as("unit_officer")
    r = client.post(f"/api/tasks/{world.task_a2}/report", headers={"X-CSRF-Token": token},
                    data={"period": world.period, "status": "in_progress", "percent": "30", "results": "Đã họp."},
                    files={"evidence_file": ("bien-ban.pdf", PDF, "application/pdf")})
    assert r.status_code in (200, 201), r.text
    assert hashlib.sha256(PDF).hexdigest() in _stored(data_dir)
    assert len(scanner.read_text().split()) == 1


def test_a_scanner_that_cannot_run_refuses_the_upload_rather_than_keep_it_unscanned(
        client, world, login_as, data_dir, monkeypatch):
    monkeypatch.setenv("CCHC_SCAN_COMMAND", "/nonexistent/clamdscan --no-summary {path}")
    token = login_as("unit_officer")
    r = client.post(f"/api/tasks/{world.task_a2}/report", headers={"X-CSRF-Token": token},
                    data={"period": world.period, "status": "in_progress", "percent": "30", "results": "Đã họp."},
                    files={"evidence_file": ("bien-ban.pdf", PDF, "application/pdf")})
    assert r.status_code == 422, r.text
    err = r.json()["error"]
    assert "Chưa kiểm tra được virus" in err["message"], r.json()
    assert "Tệp minh chứng" in str(r.json()), r.json()
    assert hashlib.sha256(PDF).hexdigest() not in _stored(data_dir)


def test_staged_uploads_are_swept_after_a_day_and_kept_before(data_dir, settings):
    staging = data_dir / "imports"
    staging.mkdir(exist_ok=True)
    stale, recent = staging / "old-token.xlsx", staging / "new-token.xlsx"
    for path, hours in ((stale, 30), (recent, 2)):
        path.write_bytes(b"PK\x03\x04 preview")
        os.utime(path, (time.time() - hours * 3600,) * 2)
    swept = sweep_orphans(data_dir, url=settings.database_url, grace_seconds=0)
    assert stale in swept.removed and recent not in swept.removed
    assert not stale.exists() and recent.exists()
