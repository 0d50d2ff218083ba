"""Provinces, communes/wards (from vietnam-provinces) and the units of each commune."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from cchc.domain.errors import InvalidInput, NotFound, PermissionDenied
from cchc.domain.units import DEFAULT_UNITS, UnitKind
from cchc.kernel.access import province_of as province_of
from cchc.kernel.actor import Actor, Role
from cchc.kernel.audit import record_event
from cchc.kernel.validation import clean_text
from cchc.store.localities import LocalityRepository
from cchc.store.models import Locality, LocalityKind, Unit

__all__ = [
    "LocalityView",
    "ProvinceView",
    "UnitView",
    "add_unit",
    "ensure_default_units",
    "get_locality",
    "list_localities",
    "list_provinces",
    "list_units",
    "province_of",
    "seed_localities",
    "update_unit",
]

# Communes and wards of vietnam-provinces took effect with the 2025 reorganisation.
REORGANISATION_DATE = date(2025, 7, 1)


@dataclass(frozen=True)
class ProvinceView:
    code: int
    name: str

    def to_json(self) -> dict[str, Any]:
        return {"code": self.code, "name": self.name}


@dataclass(frozen=True)
class LocalityView:
    code: int
    name: str
    kind: str
    province_code: int
    province_name: str
    valid_from: date | None
    valid_to: date | None
    predecessor_codes: list[int]

    def to_json(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "name": self.name,
            "kind": self.kind,
            "province_code": self.province_code,
            "province_name": self.province_name,
            "valid_from": self.valid_from.isoformat() if self.valid_from else None,
            "valid_to": self.valid_to.isoformat() if self.valid_to else None,
            "predecessor_codes": self.predecessor_codes,
        }


@dataclass(frozen=True)
class UnitView:
    id: int
    locality_code: int
    kind: UnitKind
    name: str
    active: bool

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "locality_code": self.locality_code,
            "kind": self.kind.value,
            "name": self.name,
            "active": self.active,
        }


def unit_view(unit: Unit) -> UnitView:
    return UnitView(unit.id, unit.locality_code, unit.kind, unit.name, unit.active)


def seed_localities(session: Session, actor: Actor | None = None) -> int:
    """Insert the missing provinces and communes/wards (34 and 3,321) with their default units.

    Idempotent and bulk: returns the number of provinces and localities inserted; one audit event
    records the seeding.
    """
    from vietnam_provinces import Province as VnProvince
    from vietnam_provinces import Ward as VnWard

    repo = LocalityRepository(session)
    have_p = repo.province_codes()
    provinces = [
        {"code": int(p.code), "name": p.name, "codename": p.codename}
        for p in VnProvince.iter_all()
        if int(p.code) not in have_p
    ]
    repo.bulk_insert_provinces(provinces)
    have_l = repo.locality_codes()
    kinds = {"xã": LocalityKind.XA, "phường": LocalityKind.PHUONG, "đặc khu": LocalityKind.DAC_KHU}
    wards = [
        {
            "code": int(w.code),
            "name": w.name,
            "codename": w.codename,
            "kind": kinds[w.division_type.value],
            "province_code": int(w.province_code),
            "valid_from": REORGANISATION_DATE,
            "valid_to": None,
            "predecessor_codes": None,
        }
        for w in VnWard.iter_all()
        if int(w.code) not in have_l
    ]
    repo.bulk_insert_localities(wards)
    units = [
        {
            "locality_code": w["code"],
            "kind": kind,
            "name": ward_name if w["kind"] is LocalityKind.PHUONG else commune_name,
            "active": True,
        }
        for w in wards
        for kind, commune_name, ward_name in DEFAULT_UNITS
    ]
    repo.bulk_insert_units(units)
    if provinces or wards:
        record_event(
            session,
            actor or Actor.system(),
            entity="locality",
            entity_id=0,
            action="seed",
            before=None,
            after={
                "provinces": len(provinces),
                "localities": len(wards),
                "units": len(units),
                "source": "vietnam-provinces",
            },
        )
    return len(provinces) + len(wards)


def list_provinces(session: Session) -> list[ProvinceView]:
    """All provinces, by name."""
    return [ProvinceView(p.code, p.name) for p in LocalityRepository(session).provinces()]


def _locality_view(repo: LocalityRepository, loc: Locality) -> LocalityView:
    province = repo.province(loc.province_code)
    return LocalityView(
        loc.code,
        loc.name,
        loc.kind.value,
        loc.province_code,
        province.name if province else "",
        loc.valid_from,
        loc.valid_to,
        list(loc.predecessor_codes or []),
    )


def list_localities(
    session: Session, *, province_code: int | None = None, search: str | None = None, limit: int = 200
) -> list[LocalityView]:
    """Communes/wards, optionally of one province or matching a name."""
    repo = LocalityRepository(session)
    text = unicodedata.normalize("NFC", search).strip() if search else None
    rows = repo.localities(
        province_code=province_code, search=text, fold=_fold(text) if text else None, limit=limit
    )
    return [_locality_view(repo, loc) for loc in rows]


def _fold(text: str) -> str:
    """`Phường Đông Hải` → `phuong_dong_hai` (the codename form of vietnam-provinces)."""
    plain = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    plain = "".join(c for c in plain if unicodedata.category(c) != "Mn").lower()
    return "_".join(re.findall(r"[a-z0-9]+", plain))


def _locality(session: Session, code: int) -> Locality:
    loc = LocalityRepository(session).locality(code)
    if loc is None:
        raise NotFound(f"Không tìm thấy xã/phường có mã {code}.", where="locality_code")
    return loc


def get_locality(session: Session, actor: Actor, *, code: int) -> LocalityView:
    """One commune/ward with its province."""
    loc = _locality(session, code)
    actor.require_read(loc.code, loc.province_code)
    return _locality_view(LocalityRepository(session), loc)


def ensure_default_units(session: Session, actor: Actor, *, locality_code: int) -> list[Unit]:
    """Create the default units of a commune the first time it is used."""
    repo = LocalityRepository(session)
    units = list(repo.units(locality_code))
    if units:
        return units
    loc = _locality(session, locality_code)
    ward = loc.kind is LocalityKind.PHUONG
    for kind, commune_name, ward_name in DEFAULT_UNITS:
        name = ward_name if ward else commune_name
        unit = Unit(locality_code=loc.code, kind=kind, name=name, active=True)
        units.append(_add_unit(session, actor, repo, unit))
    return units


def _add_unit(session: Session, actor: Actor, repo: LocalityRepository, unit: Unit) -> Unit:
    """Store a new unit and audit its creation."""
    unit = repo.add_unit(unit)
    record_event(
        session,
        actor,
        entity="unit",
        entity_id=unit.id,
        action="create",
        before=None,
        after=unit_view(unit).to_json(),
        locality_code=unit.locality_code,
    )
    return unit


def list_units(session: Session, actor: Actor, *, locality_code: int) -> list[UnitView]:
    """The units of a commune (its default units are created on first use)."""
    loc = _locality(session, locality_code)
    actor.require_read(loc.code, loc.province_code)
    return [unit_view(u) for u in ensure_default_units(session, actor, locality_code=locality_code)]


def _require_unit_admin(actor: Actor, locality_code: int) -> None:
    if actor.role is Role.ADMIN:
        return
    if actor.role is Role.STANDING_OFFICE and actor.locality_code == locality_code:
        return
    raise PermissionDenied("Chỉ quản trị viên hoặc bộ phận thường trực CCHC được sửa danh sách đơn vị.")


def add_unit(session: Session, actor: Actor, *, locality_code: int, kind: UnitKind, name: str) -> UnitView:
    """Add a unit to a commune."""
    _locality(session, locality_code)
    _require_unit_admin(actor, locality_code)
    clean = clean_text(name, "name", required=True, max_length=300)
    assert clean is not None
    repo = LocalityRepository(session)
    if any(u.name == clean for u in repo.units(locality_code)):
        raise InvalidInput(f'Đơn vị "{clean}" đã có trong xã/phường này.', where="name")
    ensure_default_units(session, actor, locality_code=locality_code)
    unit = _add_unit(
        session, actor, repo, Unit(locality_code=locality_code, kind=UnitKind(kind), name=clean, active=True)
    )
    return unit_view(unit)


def update_unit(
    session: Session,
    actor: Actor,
    *,
    unit_id: int,
    name: str | None = None,
    kind: UnitKind | None = None,
    active: bool | None = None,
) -> UnitView:
    """Rename a unit, change its kind or (de)activate it."""
    repo = LocalityRepository(session)
    unit = repo.unit(unit_id)
    if unit is None:
        raise NotFound(f"Không tìm thấy đơn vị #{unit_id}.", where="unit_id")
    _require_unit_admin(actor, unit.locality_code)
    before = unit_view(unit).to_json()
    if name is not None:
        clean = clean_text(name, "name", required=True, max_length=300)
        assert clean is not None
        unit.name = clean
    if kind is not None:
        unit.kind = UnitKind(kind)
    if active is not None:
        unit.active = active
    session.flush()
    record_event(
        session,
        actor,
        entity="unit",
        entity_id=unit.id,
        action="update",
        before=before,
        after=unit_view(unit).to_json(),
        locality_code=unit.locality_code,
    )
    return unit_view(unit)
