"""Web test fixtures: a migrated SQLite database built once per session and copied for each test."""

from __future__ import annotations

import shutil
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pytest

warnings.filterwarnings("ignore", message=".*httpx.*", category=DeprecationWarning)

from fastapi.testclient import TestClient  # noqa: E402

from cchc.settings import Settings  # noqa: E402

PASSWORD = "mat-khau-thu-nghiem-1"


@dataclass
class World:
    """What the template database holds: a commune with a published plan, a neighbour, users."""

    db_file: Path
    files_dir: Path
    locality_code: int
    other_locality_code: int
    plan_id: int = 0
    unit_a: int = 0  # the unit officer's unit: lead of most tasks
    unit_b: int = 0  # the second unit officer's unit: coordinator of `task_b`
    task_a: int = 0  # led by unit A alone; has a submitted report and a pending extension
    task_a2: int = 0  # led by unit A alone; untouched
    task_b: int = 0  # unit B coordinates
    task_other: int = 0  # neither A nor B takes part
    indicator_id: int = 0
    task_b_has_a: bool = False
    indicator_has_a: bool = False
    report_id: int = 0
    extension_id: int = 0
    period: str = ""
    users: dict[str, tuple[str, str]] = field(default_factory=dict)  # role key → (username, password)


def make_settings(data_dir: Path, *, max_upload_bytes: int = 2 * 1024 * 1024) -> Settings:
    return Settings(
        data_dir=data_dir,
        database_url=f"sqlite:///{data_dir / 'cchc.db'}",
        secret_key="test-secret-key",
        period_cutoff_day=None,
        report_due_day=10,
        max_upload_bytes=max_upload_bytes,
    )


SAMPLE = Path(__file__).resolve().parents[2] / "samples" / "ke-hoach-cchc-2026-xa-hoa-binh.txt"


def _build_world(root: Path, url: str | None = None) -> World:
    """Localities, a commune with the sample plan imported and published, and one user per role.

    On SQLite in `root` by default; `url` builds the same world in another database (PostgreSQL).
    """
    from collections import Counter

    from cchc.auth import users
    from cchc.kernel import localities
    from cchc.kernel.actor import Actor, Role
    from cchc.kernel.db import session_scope, upgrade_database
    from cchc.services import plans

    root.mkdir(parents=True, exist_ok=True)
    url = url or f"sqlite:///{root / 'cchc.db'}"
    upgrade_database(url)
    system = Actor.system(ip="test")
    world = World(db_file=root / "cchc.db", files_dir=root / "files", locality_code=0, other_locality_code=0)
    with session_scope(url) as s:
        localities.seed_localities(s)
        first = localities.list_localities(s, limit=1)[0]
        world.locality_code = first.code
        others = [x for x in localities.list_localities(s, province_code=first.province_code, limit=5)
                  if x.code != first.code]
        world.other_locality_code = others[0].code
        other_province = next(p.code for p in localities.list_provinces(s) if p.code != first.province_code)
        users.create_user(s, system, username="t-standing-office", password=PASSWORD, role=Role.STANDING_OFFICE,
                          locality_code=world.locality_code, full_name="Thường trực CCHC")
        world.users["standing_office"] = ("t-standing-office", PASSWORD)
    with session_scope(url) as s:
        so = users.authenticate(s, username="t-standing-office", password=PASSWORD, ip="test")
        units = localities.list_units(s, so, locality_code=world.locality_code)
        plan = plans.import_plan(s, so, content=SAMPLE.read_bytes(), filename=SAMPLE.name,
                                 locality_code=world.locality_code, data_dir=root)
        for t in plan.tasks:
            if not t.lead:
                plans.update_task(s, so, task_id=t.id, version=t.version, changes={"lead_unit_ids": [units[0].id]})
        plan = plans.get_plan(s, so, plan_id=plan.id)
        plans.publish_plan(s, so, plan_id=plan.id, version=plan.version)
        world.plan_id = plan.id
        leads = Counter(u.unit_id for t in plan.tasks for u in t.lead)
        unit_a = leads.most_common(1)[0][0]
        supports = Counter(u.unit_id for t in plan.tasks for u in t.support if u.unit_id != unit_a)
        unit_b = supports.most_common(1)[0][0] if supports else next(u.id for u in units if u.id != unit_a)
        other_units = localities.list_units(s, system, locality_code=world.other_locality_code)
        specs = {
            "leader": dict(role=Role.LEADER, locality_code=world.locality_code),
            "unit_officer": dict(role=Role.UNIT_OFFICER, locality_code=world.locality_code, unit_id=unit_a),
            "unit_officer_2": dict(role=Role.UNIT_OFFICER, locality_code=world.locality_code, unit_id=unit_b),
            "city_reviewer": dict(role=Role.CITY_REVIEWER, province_code=first.province_code),
            "admin": dict(role=Role.ADMIN),
            "other_standing_office": dict(role=Role.STANDING_OFFICE, locality_code=world.other_locality_code),
            "other_unit_officer": dict(role=Role.UNIT_OFFICER, locality_code=world.other_locality_code,
                                       unit_id=other_units[0].id),
            "other_city_reviewer": dict(role=Role.CITY_REVIEWER, province_code=other_province),
            "ministry_reviewer": dict(role=Role.MINISTRY_REVIEWER),
        }
        for key, spec in specs.items():
            name = f"t-{key.replace('_', '-')}"
            users.create_user(s, system, username=name, password=PASSWORD, full_name=f"Thử nghiệm {key}", **spec)
            world.users[key] = (name, PASSWORD)
        world.unit_a, world.unit_b = unit_a, unit_b
        solo_a = [t for t in plan.tasks if [u.unit_id for u in t.lead] == [unit_a]]
        world.task_a, world.task_a2 = solo_a[0].id, solo_a[1].id
        with_b = [t for t in plan.tasks if unit_b in [u.unit_id for u in t.support]]
        world.task_b = next((t.id for t in with_b if unit_a not in [u.unit_id for u in t.lead + t.support]),
                            with_b[0].id)
        world.task_b_has_a = unit_a in [u.unit_id for t in plan.tasks if t.id == world.task_b
                                        for u in t.lead + t.support]
        world.indicator_has_a = unit_a in [u.unit_id for u in plan.indicators[0].responsible]
        world.task_other = next(t.id for t in plan.tasks
                                if not {unit_a, unit_b} & {u.unit_id for u in t.lead + t.support})
        world.indicator_id = plan.indicators[0].id
    from cchc.services import extensions, progress
    from cchc.web.forms import current_period

    world.period = current_period().code
    with session_scope(url) as s:
        officer = users.authenticate(s, username="t-unit-officer", password=PASSWORD, ip="test")
        report = progress.submit_progress(s, officer, task_id=world.task_a, period=world.period,
                                          status="in_progress", percent=40, results="Đã triển khai một phần.",
                                          data_dir=root)
        world.report_id = report.id
        ext = extensions.request_extension(s, officer, task_id=world.task_a, new_due_on=date(2027, 3, 31),
                                           reason="Chờ hướng dẫn của thành phố.")
        world.extension_id = ext.id
    if not url.startswith("sqlite"):
        return world
    # Copies start in WAL mode (as the web app sets), checkpointed so that the main file is complete.
    import sqlite3

    con = sqlite3.connect(world.db_file)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    return world


@pytest.fixture(scope="session")
def world(tmp_path_factory: pytest.TempPathFactory) -> World:
    return _build_world(tmp_path_factory.mktemp("web-template"))


@pytest.fixture()
def data_dir(tmp_path: Path, world: World) -> Path:
    """A data directory holding a copy of the template database (and its stored files)."""
    d = tmp_path / "data"
    d.mkdir()
    shutil.copy(world.db_file, d / "cchc.db")
    if world.files_dir.is_dir():
        shutil.copytree(world.files_dir, d / "files")
    return d


@pytest.fixture()
def settings(data_dir: Path) -> Settings:
    return make_settings(data_dir)


@pytest.fixture()
def app(settings: Settings) -> Any:
    from cchc.web import create_app

    return create_app(settings)


@pytest.fixture()
def client(app: Any) -> Iterator[TestClient]:
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


def csrf_of(client: TestClient) -> str:
    return client.get("/api/session").json()["csrf_token"]


def login(client: TestClient, username: str, password: str = PASSWORD) -> str:
    """Log in through the JSON API; returns the session's CSRF token."""
    token = csrf_of(client)
    r = client.post("/api/login", data={"username": username, "password": password}, headers={"X-CSRF-Token": token})
    assert r.status_code == 200, r.text
    return r.json()["csrf_token"]


def open_session_for(app: Any, username: str) -> str:
    """A server-side session for `username` opened directly in the app's database; returns the cookie token."""
    from cchc.auth import sessions, users
    from cchc.store.users import UserRepository

    with app.state.sessionmaker() as s:
        user = UserRepository(s).by_username(username)
        token = sessions.open_session(s, users.actor_for_user(s, user_id=user.id, ip="testclient"),
                                      user_agent="testclient")
        s.commit()
    return token


_LOGGED_IN_ONCE: set[str] = set()


@pytest.fixture()
def login_as(client: TestClient, world: World):  # type: ignore[no-untyped-def]
    """`login_as("unit_officer")` logs the client in as that role; returns the CSRF token.

    The first login per role goes through /api/login; later ones open the server-side session
    directly in the test's database (what a login does after the password check) to keep argon2
    out of every test.
    """

    def _login(key: str) -> str:
        username, password = world.users[key]
        client.cookies.clear()
        if key not in _LOGGED_IN_ONCE:
            _LOGGED_IN_ONCE.add(key)
            return login(client, username, password)
        client.cookies.set("cchc_session", open_session_for(client.app, username))
        return csrf_of(client)

    return _login


@pytest.fixture()
def get_csrf():  # type: ignore[no-untyped-def]
    """`get_csrf(client)`: the session's CSRF token."""
    return csrf_of


@pytest.fixture()
def password() -> str:
    return PASSWORD
