"""Canonical kinds of a commune's units and collective references."""

from __future__ import annotations

from enum import StrEnum


class UnitKind(StrEnum):
    UBND = "ubnd"
    VAN_PHONG = "van_phong"
    PHONG_VHXH = "phong_vhxh"
    PHONG_KINH_TE = "phong_kinh_te"
    TT_PHVHCC = "tt_phvhcc"
    TT_DVSNC = "tt_dvsnc"
    MTTQ = "mttq"
    ALL_UNITS = "all_units"
    RELATED_UNITS = "related_units"
    OTHER = "other"

    @property
    def is_collective(self) -> bool:
        return self in (UnitKind.ALL_UNITS, UnitKind.RELATED_UNITS)


UNIT_LABELS: dict[UnitKind, tuple[str, str]] = {
    UnitKind.UBND: ("Ủy ban nhân dân", "People's Committee"),
    UnitKind.VAN_PHONG: ("Văn phòng HĐND và UBND", "Office of the People's Council and Committee"),
    UnitKind.PHONG_VHXH: ("Phòng Văn hóa - Xã hội", "Culture and Society Division"),
    UnitKind.PHONG_KINH_TE: ("Phòng Kinh tế", "Economic Division"),
    UnitKind.TT_PHVHCC: ("Trung tâm Phục vụ hành chính công", "Public Administration Service Centre"),
    UnitKind.TT_DVSNC: ("Trung tâm Dịch vụ sự nghiệp công", "Public Service Centre"),
    UnitKind.MTTQ: ("Ủy ban MTTQ và các đoàn thể", "Fatherland Front and mass organisations"),
    UnitKind.ALL_UNITS: ("Các phòng, đơn vị thuộc xã/phường", "All units of the commune"),
    UnitKind.RELATED_UNITS: ("Các cơ quan, đơn vị liên quan", "Related bodies"),
    UnitKind.OTHER: ("Cơ quan khác", "Other body"),
}

# The units every commune starts with (kind, name for a commune, name for a ward).
DEFAULT_UNITS: list[tuple[UnitKind, str, str]] = [
    (UnitKind.VAN_PHONG, "Văn phòng HĐND và UBND", "Văn phòng HĐND và UBND"),
    (UnitKind.PHONG_VHXH, "Phòng Văn hóa - Xã hội", "Phòng Văn hóa - Xã hội"),
    (UnitKind.PHONG_KINH_TE, "Phòng Kinh tế", "Phòng Kinh tế, Hạ tầng và Đô thị"),
    (UnitKind.TT_PHVHCC, "Trung tâm Phục vụ hành chính công", "Trung tâm Phục vụ hành chính công"),
    (UnitKind.TT_DVSNC, "Trung tâm Dịch vụ sự nghiệp công", "Trung tâm Dịch vụ sự nghiệp công"),
]
