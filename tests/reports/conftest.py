"""Fixtures of the report tests: a generated report and notice (built once per session)."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from cchc import reporting as svc
from cchc.domain.periods import Period
from cchc.domain.statuses import TaskStatus
from cchc.reports.docx_report import write_report_docx
from cchc.reports.notice import write_notice_docx
from cchc.reports.sample import (
    make_notice_data,
    make_report_data,
    sample_index_766,
    sample_monthly,
    sample_service_rows,
)


@pytest.fixture(scope="session")
def report_docx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample Q2/2026 report of xã An Bình, with charts."""
    return write_report_docx(make_report_data(), tmp_path_factory.mktemp("report") / "bao-cao.docx")


@pytest.fixture(scope="session")
def notice_docx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_notice_docx(make_notice_data(), tmp_path_factory.mktemp("notice") / "thong-bao.docx")


@pytest.fixture(scope="session")
def soffice() -> str:
    path = shutil.which("soffice") or shutil.which("libreoffice")
    if path is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    return path


PASSWORD = "mat-khau-bao-cao-1"
ROOT = Path(__file__).resolve().parents[2]
PLAN = ROOT / "samples" / "ke-hoach-cchc-2026-xa-hoa-binh.txt"
CODE = 29830  # Xã Hòa Bình (Vĩnh Long) in the 2025 list of communes
TODAY = date(2026, 6, 8)


@dataclass
class World:
    url: str
    data_dir: Path
    office: object
    leader: object
    task_ids: list[int]


def quality(locality_code: int, per: Period) -> svc.ServiceQuality:
    months = [m for m in sample_monthly() if m.month in {p.code for p in per.months()}]
    return svc.ServiceQuality(rows=sample_service_rows(), index_766=sample_index_766(), monthly=months)


def build_world(tmp_path_factory: pytest.TempPathFactory) -> World:
    if not PLAN.exists():
        pytest.skip("sample plan missing")
    from cchc.auth.users import create_user
    from cchc.kernel.actor import Actor, Role
    from cchc.kernel.db import session_scope, upgrade_database
    from cchc.kernel.localities import list_units, seed_localities
    from cchc.services import plans, progress

    tmp = tmp_path_factory.mktemp("svc")
    url = f"sqlite:///{tmp / 'cchc.db'}"
    upgrade_database(url)
    office = Actor(user_id=None, username="thuongtruc", role=Role.STANDING_OFFICE, locality_code=CODE)
    leader = Actor(user_id=None, username="chutich", role=Role.LEADER, locality_code=CODE)
    with session_scope(url) as s:
        seed_localities(s)
        for username, role in (("thuongtruc", Role.STANDING_OFFICE), ("chutich", Role.LEADER)):
            create_user(s, Actor.system(), username=username, password=PASSWORD, role=role, locality_code=CODE)
        pv = plans.import_plan(s, office, content=PLAN.read_bytes(), filename=PLAN.name, locality_code=CODE,
                               data_dir=tmp)
        units = list_units(s, office, locality_code=CODE)
        for t in pv.tasks:
            if not t.lead:
                plans.update_task(s, office, task_id=t.id, version=t.version, changes={"lead_unit_ids": [units[0].id]})
        pv = plans.get_plan(s, office, plan_id=pv.id)
        pv = plans.publish_plan(s, office, plan_id=pv.id, version=pv.version)
        ids = []
        for n, t in enumerate(pv.tasks[:9]):
            unit = Actor(user_id=None, username="donvi", role=Role.UNIT_OFFICER, locality_code=CODE,
                         unit_id=t.lead[0].unit_id)
            done = n % 3 == 0
            progress.submit_progress(
                s, unit, task_id=t.id, period="2026-Q2", status=TaskStatus.DONE if done else TaskStatus.IN_PROGRESS,
                percent=100 if done else 50, done_on=date(2026, 5, 10) if done else None,
                results=f"Kết quả nhiệm vụ số {n}: đã thực hiện xong phần việc của quý",
                difficulties="Thiếu công chức chuyên trách" if n % 2 else None,
                proposals=f"Đề xuất số {n}: bổ sung kinh phí" if n in (1, 4) else None,
            )
            ids.append(t.id)
    # Dossiers of the one-stop centre for the whole year (synthetic, from the dossiers layer's generator).
    from cchc.dossiers import DossierStore, generate_dossiers

    with DossierStore(tmp / "data" / "dossiers") as store:
        store.import_table(generate_dossiers([CODE], 2026, 6000, seed=3))
    return World(url, tmp / "data", office, leader, ids)


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> World:
    """A commune with the sample plan published and nine progress reports for 2026-Q2 (one per module)."""
    return build_world(tmp_path_factory)


def sheet_table(ws) -> list[list[object]]:  # type: ignore[no-untyped-def]
    """The data rows of a sheet of a report workbook: from under its frozen header to the first empty row."""
    out = []
    for row in ws.iter_rows(min_row=ws[ws.freeze_panes].row, values_only=True):
        if all(v is None for v in row):
            break
        out.append(list(row))
    return out


def session_for(world: World):  # type: ignore[no-untyped-def]
    from cchc.kernel.db import session_scope

    return session_scope(world.url)
