"""Users (argon2, roles, scopes) and the communes and units of vietnam-provinces."""

from __future__ import annotations

import pytest

from cchc.auth import users
from cchc.domain.errors import InvalidInput, PermissionDenied
from cchc.kernel import localities
from cchc.kernel.actor import Actor, Role
from cchc.store.models import Locality, Province, Unit, User

PASSWORD = "mat-khau-thu-nghiem"


def test_seeding_loads_34_provinces_and_3321_communes_with_default_units_once(session):
    assert session.query(Province).count() == 34
    assert session.query(Locality).count() == 3321
    assert session.query(Unit).count() >= 3321 * 5
    assert localities.seed_localities(session) == 0


def test_hai_phong_has_114_communes_and_wards(session):
    assert len(localities.list_localities(session, province_code=31, limit=1000)) == 114


def test_a_ward_gets_the_urban_name_of_its_economic_division(session, world):
    names = {
        u.kind.value: u.name
        for u in localities.list_units(session, world.actor("office"), locality_code=world.locality)
    }
    assert names["phong_kinh_te"] == "Phòng Kinh tế, Hạ tầng và Đô thị"
    commune = next(
        x for x in localities.list_localities(session, province_code=31, limit=200) if x.kind == "xã"
    )
    units = localities.list_units(session, Actor.system(), locality_code=commune.code)
    assert {u.name for u in units if u.kind.value == "phong_kinh_te"} == {"Phòng Kinh tế"}


def test_units_are_editable(session, world):
    office = world.actor("office")
    u = localities.update_unit(
        session, office, unit_id=world.units["tt_dvsnc"], name="Trung tâm DVSNC phường"
    )
    assert u.name == "Trung tâm DVSNC phường"
    with pytest.raises(InvalidInput, match="đã có"):
        localities.add_unit(
            session, office, locality_code=world.locality, kind="other", name="Trung tâm DVSNC phường"
        )


def test_authenticate_returns_the_actor_with_scopes_and_ip(session, world):
    actor = users.authenticate(session, username="T-Lead-Officer", password=PASSWORD, ip="192.0.2.7")
    assert (actor.role, actor.locality_code, actor.unit_id, actor.ip) == (
        Role.UNIT_OFFICER,
        world.locality,
        world.units["phong_kinh_te"],
        "192.0.2.7",
    )


@pytest.mark.parametrize("username,password", [("t-office", "sai-mat-khau"), ("khong-co", PASSWORD)])
def test_a_wrong_user_or_password_gets_the_same_message(session, world, username, password):
    with pytest.raises(PermissionDenied, match="^Tên đăng nhập hoặc mật khẩu không đúng.$"):
        users.authenticate(session, username=username, password=password)


def test_passwords_are_stored_as_argon2_hashes(session, world):
    user = session.query(User).filter_by(username="t-office").one()
    assert user.password_hash.startswith("$argon2id$") and PASSWORD not in user.password_hash


def test_production_hashing_uses_the_argon2_defaults():
    from argon2 import PasswordHasher

    import cchc.auth.users as module

    # The tests swap in cheaper parameters; the hash made at import shows what production uses.
    defaults = PasswordHasher()
    assert f"m={defaults.memory_cost},t={defaults.time_cost},p={defaults.parallelism}" in module._DUMMY_HASH


def test_no_more_password_hashes_run_at_once_than_the_process_has_slots_for():
    import threading
    import time

    from cchc.auth.users import _BoundedHasher

    hasher = _BoundedHasher(2)
    lock = threading.Lock()
    running = {"now": 0, "most": 0}

    class Counting:
        def verify(self, hash: str, password: str) -> bool:  # noqa: A002
            with lock:
                running["now"] += 1
                running["most"] = max(running["most"], running["now"])
            time.sleep(0.01)
            with lock:
                running["now"] -= 1
            return True

    hasher._hasher = Counting()  # type: ignore[assignment]
    threads = [threading.Thread(target=hasher.verify, args=("h", "p")) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert running["now"] == 0 and 1 <= running["most"] <= 2


def test_change_password_checks_the_old_one(session, world):
    me = world.actor("leader")
    with pytest.raises(InvalidInput, match="hiện tại không đúng"):
        users.change_password(session, me, old_password="x", new_password="mat-khau-moi-9")
    with pytest.raises(InvalidInput, match="ít nhất 8"):
        users.change_password(session, me, old_password=PASSWORD, new_password="ngan")
    users.change_password(session, me, old_password=PASSWORD, new_password="mat-khau-moi-9")
    assert users.authenticate(session, username="t-leader", password="mat-khau-moi-9").role is Role.LEADER


def test_a_unit_officer_needs_a_unit_of_their_commune(session, world):
    system = Actor.system()
    with pytest.raises(InvalidInput, match="--unit"):
        users.create_user(
            session,
            system,
            username="can-bo",
            password=PASSWORD,
            role=Role.UNIT_OFFICER,
            locality_code=world.locality,
        )
    with pytest.raises(InvalidInput, match="không thuộc"):
        users.create_user(
            session,
            system,
            username="can-bo",
            password=PASSWORD,
            role=Role.UNIT_OFFICER,
            locality_code=world.locality,
            unit_id=world.other_unit,
        )


def test_a_standing_office_cannot_create_accounts_elsewhere_or_admins(session, world):
    office = world.actor("office")
    with pytest.raises(PermissionDenied):
        users.create_user(session, office, username="x-admin", password=PASSWORD, role=Role.ADMIN)
    with pytest.raises(PermissionDenied):
        users.create_user(
            session,
            office,
            username="x-leader",
            password=PASSWORD,
            role=Role.LEADER,
            locality_code=world.other_locality,
        )


def test_usernames_are_unique(session, world):
    with pytest.raises(InvalidInput, match="đã tồn tại"):
        users.create_user(session, Actor.system(), username="t-office", password=PASSWORD, role=Role.ADMIN)


def test_a_disabled_user_cannot_log_in_and_is_refused_on_reload(session, world):
    officer = world.users["lead_officer"]["user_id"]
    users.set_user_active(session, world.actor("office"), user_id=officer, active=False)
    with pytest.raises(PermissionDenied, match="^Tên đăng nhập hoặc mật khẩu không đúng.$"):
        users.authenticate(session, username="t-lead-officer", password=PASSWORD)
    with pytest.raises(PermissionDenied, match="đăng nhập lại"):
        users.actor_for_user(session, user_id=officer)
    users.set_user_active(session, world.actor("admin"), user_id=officer, active=True)
    assert users.authenticate(session, username="t-lead-officer", password=PASSWORD).user_id == officer


def test_a_standing_office_cannot_disable_another_communes_users(session, world):
    with pytest.raises(PermissionDenied):
        users.set_user_active(
            session, world.actor("office"), user_id=world.users["other_officer"]["user_id"], active=False
        )


@pytest.mark.parametrize("search", ["Hoà Bình", "hoa binh", "HOÀ BÌNH", "phường hoà bình"])
def test_communes_are_found_with_or_without_diacritics(session, search):
    found = localities.list_localities(session, province_code=31, search=search)
    assert 11533 in [x.code for x in found]


def test_a_name_with_d_stroke_is_found_from_plain_letters(session):
    names = {x.name for x in localities.list_localities(session, search="dong hai", limit=50)}
    assert any("Đông Hải" in n for n in names)
