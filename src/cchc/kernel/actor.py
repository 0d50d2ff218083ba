"""Who is acting (user, role, scopes, where from) and the permission checks every service makes."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from cchc.domain.errors import PermissionDenied
from cchc.store.models import Role

__all__ = ["Actor", "Role"]


@dataclass(frozen=True)
class Actor:
    user_id: int | None
    username: str
    role: Role
    locality_code: int | None = None
    unit_id: int | None = None
    province_code: int | None = None
    ip: str | None = None

    @classmethod
    def system(cls, *, ip: str | None = "cli") -> Actor:
        """The administrator used by the CLI and by seeding."""
        return cls(user_id=None, username="system", role=Role.ADMIN, ip=ip)

    @property
    def is_admin(self) -> bool:
        return self.role is Role.ADMIN

    def can_read_locality(self, locality_code: int, province_code: int | None) -> bool:
        if self.role in (Role.ADMIN, Role.MINISTRY_REVIEWER):
            return True  # the ministry reviewer reads every commune (and writes nothing)
        if self.role is Role.CITY_REVIEWER:
            return self.province_code is not None and self.province_code == province_code
        return self.locality_code == locality_code

    def require_read(self, locality_code: int, province_code: int | None) -> None:
        if not self.can_read_locality(locality_code, province_code):
            raise PermissionDenied("Bạn không có quyền xem dữ liệu của xã/phường này.")

    def require_role(self, roles: Iterable[Role], what: str) -> None:
        allowed = set(roles) | {Role.ADMIN}
        if self.role not in allowed:
            raise PermissionDenied(f"Vai trò của bạn không được phép {what}.")

    def require_manage(self, locality_code: int, what: str) -> None:
        """Standing office of the commune (or admin) only."""
        if self.role is Role.ADMIN:
            return
        if self.role is Role.STANDING_OFFICE and self.locality_code == locality_code:
            return
        raise PermissionDenied(f"Chỉ bộ phận thường trực CCHC của xã/phường được phép {what}.")
