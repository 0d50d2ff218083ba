"""A province's own report template: upload (checked, audit-logged), the one in use, back to the default.

The communes' reports are laid out with the province's active template; without one, with the
Decree 30 default (`cchc.reports.docx_template`). Only an administrator or the province's city
reviewer (Sở Nội vụ) changes it.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from cchc.domain.errors import InvalidInput, NotFound, PermissionDenied
from cchc.kernel.actor import Actor, Role
from cchc.kernel.audit import record_event
from cchc.reports.docx_template import default_template_bytes
from cchc.reports.template_check import TemplateProblem, check_template
from cchc.store.localities import LocalityRepository
from cchc.store.models_templates import ReportTemplateRow

__all__ = [
    "MAX_TEMPLATE_BYTES",
    "TemplateRefused",
    "TemplateView",
    "active_template",
    "province_template",
    "reset_template",
    "template_for_locality",
    "template_history",
    "upload_template",
]

MAX_TEMPLATE_BYTES = 10 * 1024 * 1024


class TemplateRefused(InvalidInput):
    """A template cchc cannot use; `template_problems` says each reason (placeholder, where, why)."""

    def __init__(self, problems: list[TemplateProblem]) -> None:
        first = problems[0].message if problems else "Mẫu không dùng được."
        more = f" (và {len(problems) - 1} lỗi khác)" if len(problems) > 1 else ""
        super().__init__(" ".join(p.message for p in problems) if len(problems) <= 5 else first + more,
                         where="file")
        self.template_problems = problems


@dataclass(frozen=True)
class TemplateView:
    id: int | None  # None: the Decree 30 default
    province_code: int
    filename: str
    sha256: str
    placeholders: list[str]
    active: bool
    uploaded_by: str = ""
    uploaded_at: datetime | None = None

    @property
    def is_default(self) -> bool:
        return self.id is None

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "province_code": self.province_code, "filename": self.filename,
                "sha256": self.sha256, "placeholders": self.placeholders, "active": self.active,
                "uploaded_by": self.uploaded_by,
                "uploaded_at": self.uploaded_at.isoformat() if self.uploaded_at else None,
                "default": self.is_default}


def _view(row: ReportTemplateRow) -> TemplateView:
    return TemplateView(id=row.id, province_code=row.province_code, filename=row.filename, sha256=row.sha256,
                        placeholders=list(row.placeholders or []), active=bool(row.active),
                        uploaded_by=row.uploaded_by, uploaded_at=row.uploaded_at)


def _default_view(province_code: int) -> TemplateView:
    content = default_template_bytes()
    return TemplateView(id=None, province_code=province_code, filename="mau-bao-cao-nghi-dinh-30.docx",
                        sha256=hashlib.sha256(content).hexdigest(), placeholders=used_placeholders(content),
                        active=True)


def require_template_admin(actor: Actor, province_code: int) -> None:
    if actor.role is Role.ADMIN:
        return
    if actor.role is Role.CITY_REVIEWER and actor.province_code == province_code:
        return
    raise PermissionDenied("Chỉ Sở Nội vụ của tỉnh, thành phố (hoặc quản trị) được thay mẫu báo cáo.")


def _province(session: Session, province_code: int | None) -> int:
    if province_code is None:
        raise InvalidInput("Chưa chọn tỉnh, thành phố.", where="province_code")
    if LocalityRepository(session).province(province_code) is None:
        raise NotFound(f"Không có tỉnh, thành phố mã {province_code}.", where="province_code")
    return province_code


def used_placeholders(content: bytes) -> list[str]:
    """The offered placeholders a template names (in the catalogue's order)."""
    from cchc.reports.docx_template import PLACEHOLDERS
    from cchc.reports.template_check import _sources

    text = "\n".join(_sources(content))
    tags = " ".join(re.findall(r"\{\{.*?\}\}|\{%.*?%\}", text, flags=re.S))
    return [p.name for p in PLACEHOLDERS if re.search(rf"\b{re.escape(p.name)}\b", tags)]


def active_template(session: Session, province_code: int) -> ReportTemplateRow | None:
    return session.scalars(
        select(ReportTemplateRow)
        .where(ReportTemplateRow.province_code == province_code, ReportTemplateRow.active.is_(True))
        .order_by(ReportTemplateRow.id.desc())
    ).first()


def template_for_locality(session: Session, locality_code: int) -> tuple[bytes | None, str]:
    """The template a commune's report is laid out with: (content, label); (None, …) for the default."""
    loc = LocalityRepository(session).locality(locality_code)
    row = active_template(session, loc.province_code) if loc is not None else None
    if row is None:
        return None, "Mẫu mặc định theo Nghị định 30/2020/NĐ-CP"
    return bytes(row.content), f"Mẫu của tỉnh, thành phố: {row.filename}"


def province_template(session: Session, actor: Actor, *, province_code: int | None) -> tuple[TemplateView, bytes]:
    """The template in use for a province (its own or the default) with its content."""
    code = _province(session, province_code)
    require_template_admin(actor, code)
    row = active_template(session, code)
    if row is None:
        return _default_view(code), default_template_bytes()
    return _view(row), bytes(row.content)


def template_history(session: Session, actor: Actor, *, province_code: int | None) -> list[TemplateView]:
    code = _province(session, province_code)
    require_template_admin(actor, code)
    rows = session.scalars(
        select(ReportTemplateRow).where(ReportTemplateRow.province_code == code).order_by(ReportTemplateRow.id.desc())
    ).all()
    return [_view(r) for r in rows]


def _filename(name: str) -> str:
    name = unicodedata.normalize("NFC", (name or "").strip()).replace("\\", "/").rsplit("/", 1)[-1]
    return name[:300] or "mau-bao-cao.docx"


def upload_template(session: Session, actor: Actor, *, province_code: int | None, filename: str,
                    content: bytes) -> TemplateView:
    """Check `content` and make it the province's template (the previous one is kept, inactive)."""
    code = _province(session, province_code)
    require_template_admin(actor, code)
    if not _filename(filename).lower().endswith(".docx"):
        raise InvalidInput("Mẫu báo cáo phải là tệp Word .docx.", where="file")
    if len(content) > MAX_TEMPLATE_BYTES:
        raise InvalidInput(f"Tệp mẫu quá lớn (tối đa {MAX_TEMPLATE_BYTES // (1024 * 1024)} MB).", where="file")
    problems = check_template(content)
    if problems:
        raise TemplateRefused(problems)
    before = active_template(session, code)
    if before is not None:
        before.active = False
    row = ReportTemplateRow(province_code=code, filename=_filename(filename), content=content,
                            sha256=hashlib.sha256(content).hexdigest(), placeholders=used_placeholders(content),
                            active=True, uploaded_by=actor.username,
                            uploaded_at=datetime.now(UTC).replace(microsecond=0))
    session.add(row)
    session.flush()
    view = _view(row)
    record_event(session, actor, entity="report_template", entity_id=row.id, action="upload",
                 before=_view(before).to_json() if before is not None else None, after=view.to_json())
    return view


def reset_template(session: Session, actor: Actor, *, province_code: int | None) -> TemplateView:
    """Back to the Decree 30 default for the province (its uploaded templates stay in the history)."""
    code = _province(session, province_code)
    require_template_admin(actor, code)
    row = active_template(session, code)
    if row is None:
        raise InvalidInput("Tỉnh, thành phố đang dùng mẫu mặc định.", where="province_code")
    before = _view(row).to_json()
    row.active = False
    session.flush()
    record_event(session, actor, entity="report_template", entity_id=row.id, action="reset",
                 before=before, after=_view(row).to_json())
    return _default_view(code)
