"""What the PAR-index use cases share: the set of an assessment, permission checks, audit events."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from cchc.domain.errors import InvalidInput, NotFound, PermissionDenied
from cchc.domain.parindex import CriteriaSet
from cchc.kernel.actor import Actor, Role
from cchc.kernel.audit import record_event
from cchc.store.localities import LocalityRepository
from cchc.store.models import Locality
from cchc.store.models_parindex import AssessmentStatus, ParIndexAssessment, ParIndexSet
from cchc.store.parindex import ParIndexRepository

ENTITIES = ("parindex_set", "parindex_assessment", "parindex_score", "parindex_evidence")

STATUS_LABELS: dict[str, tuple[str, str]] = {
    AssessmentStatus.DRAFT.value: ("Đang tự đánh giá", "Self-assessment in progress"),
    AssessmentStatus.SUBMITTED.value: ("Đã gửi, chờ thẩm định", "Submitted, awaiting appraisal"),
    AssessmentStatus.RETURNED.value: ("Bị trả lại để bổ sung minh chứng", "Returned for more evidence"),
    AssessmentStatus.APPRAISED.value: ("Đã thẩm định", "Appraised"),
}
REVIEW_LABELS: dict[str, tuple[str, str]] = {
    "pending": ("Chưa thẩm định", "Not yet appraised"),
    "accepted": ("Chấp nhận", "Accepted"),
    "needs_evidence": ("Cần bổ sung minh chứng", "Needs more evidence"),
}


def criteria_of(row: ParIndexSet) -> CriteriaSet:
    return CriteriaSet.from_dict(row.content)


def locality(session: Session, code: int) -> Locality:
    loc = LocalityRepository(session).locality(int(code))
    if loc is None:
        raise NotFound(f"Không tìm thấy xã/phường mã {code}.", where="locality_code")
    return loc


def load_assessment(session: Session, actor: Actor, assessment_id: int, *,
                    for_update: bool = False) -> tuple[ParIndexAssessment, Locality]:
    """The assessment (NotFound) after checking that the actor may read its commune."""
    row = ParIndexRepository(session).assessment(int(assessment_id), for_update=for_update)
    if row is None:
        raise NotFound(f"Không có bản đánh giá Chỉ số CCHC #{assessment_id}.", where="assessment_id")
    loc = locality(session, row.locality_code)
    actor.require_read(loc.code, loc.province_code)
    return row, loc


def require_self_assessor(actor: Actor, row: ParIndexAssessment) -> None:
    """The commune's standing office (or an admin) edits its own assessment while it is open."""
    actor.require_manage(row.locality_code, "tự chấm điểm Chỉ số CCHC")
    if row.status not in (AssessmentStatus.DRAFT, AssessmentStatus.RETURNED):
        raise InvalidInput(f"Bản đánh giá đang ở trạng thái «{STATUS_LABELS[row.status.value][0]}», "
                           "xã/phường không sửa được.", where="status")


def require_appraiser(actor: Actor, loc: Locality) -> None:
    """A city reviewer of the commune's province (or an admin) appraises."""
    if actor.role is Role.ADMIN:
        return
    if actor.role is not Role.CITY_REVIEWER:
        raise PermissionDenied("Chỉ Sở Nội vụ (tài khoản thẩm định của tỉnh, thành phố) được thẩm định Chỉ số CCHC.")
    actor.require_read(loc.code, loc.province_code)


def audit(session: Session, actor: Actor, *, entity: str, entity_id: int, action: str,
          before: dict[str, Any] | None, after: dict[str, Any] | None, locality_code: int | None) -> None:
    record_event(session, actor, entity=entity, entity_id=entity_id, action=action, before=before, after=after,
                 locality_code=locality_code)


def number(value: object, label: str, *, low: float, high: float, required: bool = True) -> float | None:
    """A score typed by a user (`1,5` or `1.5`), within [low, high], to two decimals."""
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise InvalidInput(f"Chưa nhập «{label}».", where="score")
        return None
    try:
        x = float(str(value).strip().replace(",", ".")) if not isinstance(value, int | float) else float(value)
    except ValueError:
        raise InvalidInput(f"«{label}»: «{value}» không phải là số.", where="score") from None
    if x != x or not low - 1e-9 <= x <= high + 1e-9:
        raise InvalidInput(f"«{label}» phải từ {low:g} đến {high:g} điểm (đã nhập {x:g}).", where="score")
    return round(x, 2)
