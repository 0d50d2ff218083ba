"""Service-level refinements of the domain errors (still one hierarchy: subclasses of CchcError)."""

from __future__ import annotations

from typing import Any

from cchc.domain.errors import CchcError, Conflict

__all__ = ["DatabaseNotReady", "StaleVersion"]


class StaleVersion(Conflict):
    """Someone saved the record after the user read it; `current` is the record as it is now."""

    def __init__(self, entity_label: str, current: dict[str, Any], *, where: str | None = None) -> None:
        super().__init__(
            f"{entity_label} đã được người khác sửa (phiên bản hiện tại: {current.get('version')}). "
            "Hãy tải lại, xem thay đổi và nhập lại.",
            where=where,
        )
        self.current = current


class DatabaseNotReady(CchcError):
    """The database has no schema yet (or an old one)."""

    status_code = 503
    code = "database_not_ready"

    def __init__(self) -> None:
        super().__init__(
            "Cơ sở dữ liệu chưa được khởi tạo hoặc chưa nâng cấp: hãy chạy `cchc db upgrade` "
            "(database not initialised: run `cchc db upgrade`)."
        )
