"""Service fixtures: a prepared world (communes, users of every role, a published plan) on the migrated
schema, on SQLite (template copied per test) and PostgreSQL (schema per session, rollback per test)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.orm import Session

from cchc.store.testing import PostgresDatabase, SqliteTemplate, postgres_answers

HOA_BINH = 11533  # Phường Hoà Bình, Hải Phòng
PASSWORD = "mat-khau-thu-nghiem"


def make_plan_json(**overrides: Any) -> dict[str, Any]:
    """A small cchc.plan/1 extraction for 2026 with one task of each interesting timeline."""

    def ref(unit: str, raw: str) -> dict[str, Any]:
        return {"unit": unit, "raw": raw, "inferred": False}

    def tl(kind: str, raw: str, **kw: Any) -> dict[str, Any]:
        base = {
            "kind": kind,
            "raw": raw,
            "from": None,
            "to": None,
            "due": None,
            "every": None,
            "offset_days": None,
        }
        base.update(kw)
        return base

    data: dict[str, Any] = {
        "schema": "cchc.plan/1",
        "source": {"file": "ke-hoach.json"},
        "plan": {
            "title": "Kế hoạch cải cách hành chính năm 2026",
            "issuer": "UBND phường Hoà Bình",
            "number": "12/KH-UBND",
            "issued_on": "2026-01-10",
            "period": {"from": "2026-01-01", "to": "2026-12-31"},
        },
        "indicators": [
            {
                "ref": "1",
                "name": "Tỷ lệ hồ sơ trực tuyến",
                "unit": "%",
                "comparator": ">=",
                "target": 80,
                "period": None,
                "responsible": [ref("tt_phvhcc", "Trung tâm PVHCC")],
                "metric": "online_rate",
            },
            {
                "ref": "2",
                "name": "Số cuộc kiểm tra CCHC",
                "unit": "cuộc",
                "comparator": ">=",
                "target": 4,
                "period": None,
                "responsible": [],
                "metric": None,
            },
        ],
        "tasks": [
            {
                "ref": "1",
                "origin": "table",
                "area": "procedures",
                "objective": None,
                "task": "Rà soát, đơn giản hóa thủ tục hành chính",
                "activity": None,
                "output": "Báo cáo rà soát",
                "lead": [ref("phong_kinh_te", "Phòng Kinh tế")],
                "support": [ref("van_phong", "Văn phòng")],
                "timeline": tl("deadline", "Trước 30/4/2026", due="2026-04-30"),
                "funding": None,
            },
            {
                "ref": "2",
                "origin": "table",
                "area": "digital_government",
                "objective": None,
                "task": "Vận hành Trung tâm Phục vụ hành chính công",
                "activity": None,
                "output": None,
                "lead": [ref("tt_phvhcc", "TT PVHCC")],
                "support": [],
                "timeline": tl("continuous", "Thường xuyên"),
                "funding": None,
            },
            {
                "ref": "3",
                "origin": "table",
                "area": "institutions",
                "objective": None,
                "task": "Ban hành kế hoạch triển khai sau khi thành phố ban hành",
                "activity": None,
                "output": None,
                "lead": [ref("phong_vhxh", "Phòng VH-XH")],
                "support": [],
                "timeline": tl("relative", "Trong 30 ngày kể từ khi thành phố ban hành", offset_days=30),
                "funding": None,
            },
            {
                "ref": "4",
                "origin": "table",
                "area": "organization",
                "objective": None,
                "task": "Sắp xếp tổ chức khi có hướng dẫn",
                "activity": None,
                "output": None,
                "lead": [ref("van_phong", "Văn phòng")],
                "support": [],
                "timeline": tl("conditional", "Khi có hướng dẫn của cấp trên"),
                "funding": None,
            },
            {
                "ref": "5",
                "origin": "table",
                "area": "civil_service",
                "objective": None,
                "task": "Đánh giá, xếp loại công chức",
                "activity": None,
                "output": None,
                "lead": [ref("phong_kinh_te", "Phòng Kinh tế")],
                "support": [ref("all_units", "Các đơn vị")],
                "timeline": tl("deadline", "Tháng 6/2026", **{"from": "2026-06-01", "to": "2026-06-30"}),
                "funding": None,
            },
        ],
        "responsibilities": [],
    }
    data.update(overrides)
    return data


@dataclass
class World:
    files: Path
    locality: int = HOA_BINH
    other_locality: int = 0
    other_province: int = 0
    units: dict[str, int] = field(default_factory=dict)  # unit kind → id (Hoà Bình)
    other_unit: int = 0
    users: dict[str, dict[str, Any]] = field(default_factory=dict)  # key → Actor fields
    plan_id: int = 0
    draft_id: int = 0
    tasks: dict[str, int] = field(default_factory=dict)  # ref → task id (published plan)
    indicators: dict[str, int] = field(default_factory=dict)

    def actor(self, key: str, ip: str = "10.0.0.1"):  # type: ignore[no-untyped-def]
        from cchc.kernel.actor import Actor

        return Actor(**self.users[key], ip=ip)


def record_city_trigger(session: Session, world: World, who: str = "office"):  # type: ignore[no-untyped-def]
    """Task 3 (due a set time after an event) gets its event: the city issued its plan on 12/5/2026."""
    from cchc.services import tasks

    return tasks.record_trigger(
        session,
        world.actor(who),
        task_id=world.tasks["3"],
        occurred_on=date(2026, 5, 12),
        description="Thành phố ban hành",
    )


def _prepare(world: World):  # type: ignore[no-untyped-def]
    def prepare(session: Session) -> None:
        from cchc.auth import users
        from cchc.kernel import localities
        from cchc.kernel.actor import Actor, Role
        from cchc.services import plans

        system = Actor.system(ip="test")
        localities.seed_localities(session)
        hb = localities.list_units(session, system, locality_code=HOA_BINH)
        world.units = {u.kind.value: u.id for u in hb}
        others = [
            x for x in localities.list_localities(session, province_code=31, limit=5) if x.code != HOA_BINH
        ]
        world.other_locality = others[0].code
        world.other_unit = localities.list_units(session, system, locality_code=world.other_locality)[0].id
        world.other_province = next(p.code for p in localities.list_provinces(session) if p.code != 31)
        specs = {
            "admin": {"role": Role.ADMIN},
            "office": {"role": Role.STANDING_OFFICE, "locality_code": HOA_BINH},
            "leader": {"role": Role.LEADER, "locality_code": HOA_BINH},
            "lead_officer": {
                "role": Role.UNIT_OFFICER,
                "locality_code": HOA_BINH,
                "unit_id": world.units["phong_kinh_te"],
            },
            "support_officer": {
                "role": Role.UNIT_OFFICER,
                "locality_code": HOA_BINH,
                "unit_id": world.units["van_phong"],
            },
            "centre_officer": {
                "role": Role.UNIT_OFFICER,
                "locality_code": HOA_BINH,
                "unit_id": world.units["tt_phvhcc"],
            },
            "vhxh_officer": {
                "role": Role.UNIT_OFFICER,
                "locality_code": HOA_BINH,
                "unit_id": world.units["phong_vhxh"],
            },
            "reviewer": {"role": Role.CITY_REVIEWER, "province_code": 31},
            "other_reviewer": {"role": Role.CITY_REVIEWER, "province_code": world.other_province},
            "other_office": {"role": Role.STANDING_OFFICE, "locality_code": world.other_locality},
            "other_officer": {
                "role": Role.UNIT_OFFICER,
                "locality_code": world.other_locality,
                "unit_id": world.other_unit,
            },
            "other_leader": {"role": Role.LEADER, "locality_code": world.other_locality},
        }
        for key, spec in specs.items():
            view = users.create_user(
                session, system, username=f"t-{key.replace('_', '-')}", password=PASSWORD, **spec
            )
            world.users[key] = {
                "user_id": view.id,
                "username": view.username,
                "role": view.role,
                "locality_code": view.locality_code,
                "unit_id": view.unit_id,
                "province_code": view.province_code,
            }
        office = world.actor("office")
        content = json.dumps(make_plan_json()).encode()
        plan = plans.import_plan(
            session,
            office,
            content=content,
            filename="ke-hoach-2026.json",
            locality_code=HOA_BINH,
            data_dir=world.files,
        )
        plan = plans.publish_plan(session, office, plan_id=plan.id, version=plan.version)
        world.plan_id = plan.id
        world.tasks = {t.ref: t.id for t in plan.tasks}
        world.indicators = {i.ref: i.id for i in plan.indicators}
        draft = plans.import_plan(
            session,
            office,
            content=json.dumps(make_plan_json(source={"file": "nhap.json"})).encode() + b" ",
            filename="ke-hoach-nhap.json",
            locality_code=HOA_BINH,
            data_dir=world.files,
        )
        world.draft_id = draft.id

    return prepare


@pytest.fixture(scope="package", autouse=True)
def _fast_argon2() -> Iterator[None]:
    """Cheaper argon2 parameters while these tests run (still argon2id; production keeps the defaults)."""
    from argon2 import PasswordHasher

    from cchc.auth import users

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(users, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
        yield


@pytest.fixture(scope="package")
def _sqlite_world(
    tmp_path_factory: pytest.TempPathFactory, _fast_argon2: None
) -> tuple[SqliteTemplate, World]:
    root = tmp_path_factory.mktemp("services-sqlite")
    world = World(files=root)
    return SqliteTemplate(root, _prepare(world)), world


@pytest.fixture(scope="package")
def _postgres_world(
    tmp_path_factory: pytest.TempPathFactory, _fast_argon2: None
) -> Iterator[tuple[PostgresDatabase, World]]:
    if not postgres_answers():
        pytest.skip("PostgreSQL does not answer on 127.0.0.1:5432")
    world = World(files=tmp_path_factory.mktemp("services-pg"))
    db = PostgresDatabase(prepare=_prepare(world))
    yield db, world
    db.drop()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture()
def db(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[Session, World]]:
    if backend == "sqlite":
        template, world = request.getfixturevalue("_sqlite_world")
        with template.session(tmp_path) as s:
            yield s, world
    else:
        pg, world = request.getfixturevalue("_postgres_world")
        with pg.session() as s:
            yield s, world


@pytest.fixture()
def session(db: tuple[Session, World]) -> Session:
    return db[0]


@pytest.fixture()
def world(db: tuple[Session, World]) -> World:
    return db[1]


@pytest.fixture()
def plan_json():  # type: ignore[no-untyped-def]
    """The builder of a small cchc.plan/1 extraction: `plan_json(**overrides)`."""
    return make_plan_json


@pytest.fixture()
def committed_world(backend: str, request: pytest.FixtureRequest, tmp_path: Path):  # type: ignore[no-untyped-def]
    """(engine, world) where sessions may commit: a file copy on SQLite, a fresh schema on PostgreSQL."""
    if backend == "sqlite":
        template, world = request.getfixturevalue("_sqlite_world")
        engine = template.engine_copy(tmp_path)
        yield engine, world
        engine.dispose()
    else:
        if not postgres_answers():
            pytest.skip("PostgreSQL does not answer on 127.0.0.1:5432")
        world = World(files=tmp_path)
        db = PostgresDatabase(prepare=_prepare(world))
        yield db.engine, world
        db.drop()
