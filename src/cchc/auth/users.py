"""Users: create, authenticate (argon2), change password or role; both end the user's sessions."""

from __future__ import annotations

import os
import re
import threading
from dataclasses import dataclass
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy.orm import Session

from cchc.auth.sessions import revoke_user_sessions
from cchc.domain.errors import InvalidInput, NotFound, PermissionDenied
from cchc.kernel.actor import Actor, Role
from cchc.kernel.audit import now, record_event
from cchc.store.localities import LocalityRepository
from cchc.store.models import User
from cchc.store.users import UserRepository

__all__ = [
    "UserView",
    "actor_for_user",
    "authenticate",
    "change_password",
    "create_user",
    "list_users",
    "set_password",
    "set_user_active",
    "set_user_role",
]



class _BoundedHasher:
    """argon2's `PasswordHasher` with at most CCHC_PASSWORD_HASH_SLOTS (default 2) hashes at once per process.

    Each hash or check takes `memory_cost` (64 MiB) for its duration and already uses 4 threads: eight
    logins at once would add ~500 MB to a web worker's peak memory for no more throughput on a few cores.
    The others wait their turn (a login takes ~0.1 s of CPU).
    """

    def __init__(self, slots: int) -> None:
        self._hasher = PasswordHasher()
        self._slots = threading.BoundedSemaphore(max(1, slots))

    def hash(self, password: str) -> str:
        with self._slots:
            return self._hasher.hash(password)

    def verify(self, hash: str, password: str) -> bool:  # noqa: A002 - argon2's name
        with self._slots:
            return self._hasher.verify(hash, password)

    def check_needs_rehash(self, hash: str) -> bool:  # noqa: A002 - argon2's name
        return self._hasher.check_needs_rehash(hash)


_hasher = _BoundedHasher(int(os.environ.get("CCHC_PASSWORD_HASH_SLOTS", "") or 2))
_USERNAME = re.compile(r"[a-z0-9][a-z0-9._-]{2,63}")
MIN_PASSWORD = 8
_BAD_LOGIN = "Tên đăng nhập hoặc mật khẩu không đúng."


@dataclass(frozen=True)
class UserView:
    id: int
    username: str
    full_name: str | None
    role: Role
    locality_code: int | None
    unit_id: int | None
    province_code: int | None
    active: bool

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "username": self.username,
            "full_name": self.full_name,
            "role": self.role.value,
            "locality_code": self.locality_code,
            "unit_id": self.unit_id,
            "province_code": self.province_code,
            "active": self.active,
        }


def _view(user: User) -> UserView:
    return UserView(
        user.id,
        user.username,
        user.full_name,
        user.role,
        user.locality_code,
        user.unit_id,
        user.province_code,
        user.active,
    )


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise InvalidInput(f"Mật khẩu phải có ít nhất {MIN_PASSWORD} ký tự.", where="password")


def _scope(
    session: Session, role: Role, locality_code: int | None, unit_id: int | None, province_code: int | None
) -> tuple[int | None, int | None, int | None]:
    """The (commune, unit, province) a role's account is tied to, checked against the localities."""
    places = LocalityRepository(session)
    if role in (Role.STANDING_OFFICE, Role.UNIT_OFFICER, Role.LEADER):
        if locality_code is None:
            raise InvalidInput("Vai trò này cần mã xã/phường (--locality).", where="locality_code")
        loc = places.locality(locality_code)
        if loc is None:
            raise NotFound(f"Không tìm thấy xã/phường có mã {locality_code}.", where="locality_code")
        province_code = loc.province_code
    if role is Role.UNIT_OFFICER:
        if unit_id is None:
            raise InvalidInput("Cán bộ đơn vị cần có đơn vị (--unit).", where="unit_id")
        unit = places.unit(unit_id)
        if unit is None or unit.locality_code != locality_code:
            raise InvalidInput(f"Đơn vị #{unit_id} không thuộc xã/phường {locality_code}.", where="unit_id")
    elif unit_id is not None:
        raise InvalidInput("Chỉ cán bộ đơn vị mới gắn với một đơn vị.", where="unit_id")
    if role is Role.CITY_REVIEWER:
        if province_code is None or places.province(province_code) is None:
            raise InvalidInput(
                "Cán bộ Sở Nội vụ cần mã tỉnh/thành phố hợp lệ (--province).", where="province_code"
            )
        locality_code = None
    if role in (Role.ADMIN, Role.MINISTRY_REVIEWER):
        locality_code = province_code = None
    return locality_code, unit_id, province_code


def create_user(
    session: Session,
    actor: Actor,
    *,
    username: str,
    password: str,
    role: Role,
    locality_code: int | None = None,
    unit_id: int | None = None,
    province_code: int | None = None,
    full_name: str | None = None,
) -> UserView:
    """Create a user with a scope that fits the role (admin; a standing office for its own commune)."""
    role = Role(role)
    if actor.role is Role.STANDING_OFFICE:
        if (
            role not in (Role.UNIT_OFFICER, Role.LEADER, Role.STANDING_OFFICE)
            or locality_code != actor.locality_code
        ):
            raise PermissionDenied("Bộ phận thường trực chỉ tạo được tài khoản của xã/phường mình.")
    elif not actor.is_admin:
        raise PermissionDenied("Chỉ quản trị viên được tạo tài khoản.")
    name = username.strip().lower()
    if not _USERNAME.fullmatch(name):
        raise InvalidInput(
            f"Tên đăng nhập không hợp lệ: {username!r} (3–64 ký tự a-z, 0-9, dấu chấm, gạch ngang, gạch dưới).",
            where="username",
        )
    _check_password(password)
    users = UserRepository(session)
    if users.by_username(name) is not None:
        raise InvalidInput(f"Tên đăng nhập {name!r} đã tồn tại.", where="username")
    locality_code, unit_id, province_code = _scope(session, role, locality_code, unit_id, province_code)
    user = users.add(
        User(
            username=name,
            full_name=full_name,
            password_hash=_hasher.hash(password),
            role=role,
            locality_code=locality_code,
            unit_id=unit_id,
            province_code=province_code,
            active=True,
            created_at=now(),
        )
    )
    record_event(
        session,
        actor,
        entity="user",
        entity_id=user.id,
        action="create",
        before=None,
        after=_view(user).to_json(),
        locality_code=locality_code,
    )
    return _view(user)


def _actor(user: User, ip: str | None) -> Actor:
    return Actor(
        user_id=user.id,
        username=user.username,
        role=user.role,
        locality_code=user.locality_code,
        unit_id=user.unit_id,
        province_code=user.province_code,
        ip=ip,
    )


def authenticate(session: Session, *, username: str, password: str, ip: str | None = None) -> Actor:
    """The Actor of a user whose password matches; the same message for a wrong user or password."""
    user = UserRepository(session).by_username(username.strip().lower())
    if user is None or not user.active:
        # Spend the same time as a real check so that usernames cannot be probed by timing.
        try:
            _hasher.verify(_DUMMY_HASH, password)
        except VerificationError:
            pass
        raise PermissionDenied(_BAD_LOGIN)
    try:
        _hasher.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        raise PermissionDenied(_BAD_LOGIN) from None
    actor = _actor(user, ip)
    if _hasher.check_needs_rehash(user.password_hash):
        # Stronger parameters since the hash was made: upgrade it now that the password is known.
        _store_password(session, actor, user, password, action="rehash_password")
    return actor


_DUMMY_HASH = _hasher.hash("cchc-dummy-password")


def actor_for_user(session: Session, *, user_id: int, ip: str | None = None) -> Actor:
    """The Actor of a logged-in user (from a web session); refused when the user is disabled."""
    user = UserRepository(session).get(user_id)
    if user is None or not user.active:
        raise PermissionDenied("Tài khoản không còn hiệu lực, hãy đăng nhập lại.")
    return _actor(user, ip)


def _store_password(session: Session, actor: Actor, user: User, password: str, *, action: str) -> None:
    """Hash and keep a user's password, and audit the change (the password itself is never logged).

    A new password (not a rehash of the same one) ends every session of the user.
    """
    user.password_hash = _hasher.hash(password)
    session.flush()
    record_event(
        session,
        actor,
        entity="user",
        entity_id=user.id,
        action=action,
        before=None,
        after=None,
        locality_code=user.locality_code,
    )
    if action != "rehash_password":
        revoke_user_sessions(session, actor, user_id=user.id, reason="password")


def change_password(session: Session, actor: Actor, *, old_password: str, new_password: str) -> None:
    """Change one's own password after checking the old one."""
    if actor.user_id is None:
        raise PermissionDenied("Tài khoản hệ thống không có mật khẩu.")
    user = UserRepository(session).get(actor.user_id)
    if user is None:
        raise NotFound("Không tìm thấy tài khoản.")
    try:
        _hasher.verify(user.password_hash, old_password)
    except (VerificationError, InvalidHashError):
        raise InvalidInput("Mật khẩu hiện tại không đúng.", where="old_password") from None
    _check_password(new_password)
    _store_password(session, actor, user, new_password, action="change_password")


def set_password(session: Session, actor: Actor, *, user_id: int, new_password: str) -> None:
    """Set another user's password (admin)."""
    if not actor.is_admin:
        raise PermissionDenied("Chỉ quản trị viên được đặt lại mật khẩu.")
    user = UserRepository(session).get(user_id)
    if user is None:
        raise NotFound(f"Không tìm thấy tài khoản #{user_id}.")
    _check_password(new_password)
    _store_password(session, actor, user, new_password, action="set_password")


def list_users(session: Session, actor: Actor, *, locality_code: int | None = None) -> list[UserView]:
    """Users the actor may see: all (admin) or those of the actor's commune."""
    repo = UserRepository(session)
    if actor.is_admin:
        return [_view(u) for u in repo.list(locality_code=locality_code)]
    if actor.role in (Role.STANDING_OFFICE, Role.LEADER) and actor.locality_code is not None:
        if locality_code not in (None, actor.locality_code):
            raise PermissionDenied("Bạn không có quyền xem tài khoản của xã/phường khác.")
        return [_view(u) for u in repo.list(locality_code=actor.locality_code)]
    raise PermissionDenied("Vai trò của bạn không được xem danh sách tài khoản.")


def set_user_active(session: Session, actor: Actor, *, user_id: int, active: bool) -> UserView:
    """Disable (or re-enable) an account: a disabled user cannot log in (admin, or the commune's standing office)."""
    user = UserRepository(session).get(user_id)
    if user is None:
        raise NotFound(f"Không tìm thấy tài khoản #{user_id}.")
    own_commune = (
        actor.role is Role.STANDING_OFFICE
        and user.locality_code == actor.locality_code
        and user.role in (Role.UNIT_OFFICER, Role.LEADER)
    )
    if not (actor.is_admin or own_commune):
        raise PermissionDenied("Bạn không được khóa/mở tài khoản này.")
    if actor.user_id == user.id and not active:
        raise InvalidInput("Không tự khóa tài khoản của chính mình.", where="active")
    before = _view(user).to_json()
    user.active = bool(active)
    session.flush()
    record_event(
        session,
        actor,
        entity="user",
        entity_id=user.id,
        action="enable" if active else "disable",
        before=before,
        after=_view(user).to_json(),
        locality_code=user.locality_code,
    )
    if not active:
        revoke_user_sessions(session, actor, user_id=user.id, reason="disabled")
    return _view(user)


def set_user_role(
    session: Session,
    actor: Actor,
    *,
    user_id: int,
    role: Role,
    locality_code: int | None = None,
    unit_id: int | None = None,
    province_code: int | None = None,
) -> UserView:
    """Give an account another role and scope (admin); the user's sessions end (they carried the old rights)."""
    if not actor.is_admin:
        raise PermissionDenied("Chỉ quản trị viên được đổi vai trò của tài khoản.")
    user = UserRepository(session).get(user_id)
    if user is None:
        raise NotFound(f"Không tìm thấy tài khoản #{user_id}.")
    role = Role(role)
    locality_code, unit_id, province_code = _scope(session, role, locality_code, unit_id, province_code)
    before = _view(user).to_json()
    user.role, user.locality_code, user.unit_id, user.province_code = role, locality_code, unit_id, province_code
    session.flush()
    record_event(
        session,
        actor,
        entity="user",
        entity_id=user.id,
        action="set_role",
        before=before,
        after=_view(user).to_json(),
        locality_code=user.locality_code if user.locality_code is not None else before["locality_code"],
    )
    revoke_user_sessions(session, actor, user_id=user.id, reason="role")
    return _view(user)
