"""Service-level refinements of the domain errors (still one hierarchy: subclasses of CchcError)."""

from __future__ import annotations

from typing import Any

from cchc.domain.errors import Conflict

__all__ = ["StaleVersion"]


class StaleVersion(Conflict):
    """Someone saved the record after the user read it; `current` is the record as it is now."""

    def __init__(self, entity_label: str, current: dict[str, Any], *, where: str | None = None) -> None:
        super().__init__(
            f"{entity_label} đã được người khác sửa (phiên bản hiện tại: {current.get('version')}). "
            "Hãy tải lại, xem thay đổi và nhập lại.",
            where=where,
        )
        self.current = current
