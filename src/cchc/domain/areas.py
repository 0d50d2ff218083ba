"""The seven reform areas of a PAR plan."""

from __future__ import annotations

from enum import StrEnum


class Area(StrEnum):
    DIRECTION = "direction"
    INSTITUTIONS = "institutions"
    PROCEDURES = "procedures"
    ORGANIZATION = "organization"
    CIVIL_SERVICE = "civil_service"
    PUBLIC_FINANCE = "public_finance"
    DIGITAL_GOVERNMENT = "digital_government"


AREA_LABELS: dict[Area, tuple[str, str]] = {
    Area.DIRECTION: ("Công tác chỉ đạo, điều hành", "Direction and management"),
    Area.INSTITUTIONS: ("Cải cách thể chế", "Institutional reform"),
    Area.PROCEDURES: ("Cải cách thủ tục hành chính", "Administrative procedure reform"),
    Area.ORGANIZATION: ("Cải cách tổ chức bộ máy", "Organisational reform"),
    Area.CIVIL_SERVICE: ("Cải cách chế độ công vụ", "Civil service reform"),
    Area.PUBLIC_FINANCE: ("Cải cách tài chính công", "Public finance reform"),
    Area.DIGITAL_GOVERNMENT: ("Xây dựng chính quyền điện tử, chính quyền số", "Digital government"),
}
