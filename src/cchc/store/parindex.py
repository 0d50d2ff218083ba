"""Queries on PAR-index criteria sets, assessments, scores and evidence (the ranking is one grouped query)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cchc.store.models import AuditEvent, Locality
from cchc.store.models_parindex import (
    AssessmentStatus,
    ParIndexAssessment,
    ParIndexEvidence,
    ParIndexScore,
    ParIndexSet,
)

__all__ = ["ParIndexRepository", "PointsRow"]


@dataclass(frozen=True)
class PointsRow:
    """One commune's assessment with the sum of its final points (appraised, else self-assessed, plus survey)."""

    assessment_id: int
    locality_code: int
    locality_name: str
    set_id: int
    status: AssessmentStatus
    self_points: float
    final_points: float


class ParIndexRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, obj: ParIndexSet | ParIndexAssessment | ParIndexScore | ParIndexEvidence) -> None:
        self.session.add(obj)
        self.session.flush()

    # sets
    def set(self, set_id: int) -> ParIndexSet | None:
        return self.session.get(ParIndexSet, set_id)

    def sets(self, *, province_code: int | None = None, year: int | None = None,
             with_samples: bool = True) -> Sequence[ParIndexSet]:
        query = select(ParIndexSet)
        if province_code is not None:
            cond = ParIndexSet.province_code == province_code
            query = query.where(cond | ParIndexSet.province_code.is_(None) if with_samples else cond)
        if year is not None:
            query = query.where(ParIndexSet.year == year)
        return self.session.scalars(query.order_by(ParIndexSet.year.desc(), ParIndexSet.province_code,
                                                   ParIndexSet.version.desc())).all()

    def latest_set(self, province_code: int | None, year: int) -> ParIndexSet | None:
        cond = (ParIndexSet.province_code.is_(None) if province_code is None
                else ParIndexSet.province_code == province_code)
        return self.session.scalar(select(ParIndexSet).where(cond, ParIndexSet.year == year)
                                   .order_by(ParIndexSet.version.desc()).limit(1))

    def set_by_sha(self, province_code: int | None, year: int, sha256: str) -> ParIndexSet | None:
        cond = (ParIndexSet.province_code.is_(None) if province_code is None
                else ParIndexSet.province_code == province_code)
        return self.session.scalar(select(ParIndexSet).where(cond, ParIndexSet.year == year,
                                                             ParIndexSet.sha256 == sha256).limit(1))

    # assessments
    def assessment(self, assessment_id: int, *, for_update: bool = False) -> ParIndexAssessment | None:
        if for_update:
            return self.session.scalar(select(ParIndexAssessment).where(ParIndexAssessment.id == assessment_id)
                                       .with_for_update())
        return self.session.get(ParIndexAssessment, assessment_id)

    def assessment_for(self, locality_code: int, year: int) -> ParIndexAssessment | None:
        return self.session.scalar(select(ParIndexAssessment).where(
            ParIndexAssessment.locality_code == locality_code, ParIndexAssessment.year == year))

    def scores(self, assessment_id: int) -> Sequence[ParIndexScore]:
        return self.session.scalars(select(ParIndexScore).where(ParIndexScore.assessment_id == assessment_id)
                                    .order_by(ParIndexScore.id)).all()

    def score(self, score_id: int) -> ParIndexScore | None:
        return self.session.get(ParIndexScore, score_id)

    def evidence_of(self, assessment_id: int) -> Sequence[ParIndexEvidence]:
        return self.session.scalars(
            select(ParIndexEvidence).join(ParIndexScore, ParIndexScore.id == ParIndexEvidence.score_id)
            .where(ParIndexScore.assessment_id == assessment_id).order_by(ParIndexEvidence.id)).all()

    def evidence(self, evidence_id: int) -> ParIndexEvidence | None:
        return self.session.get(ParIndexEvidence, evidence_id)

    def points(self, *, province_code: int, year: int) -> list[PointsRow]:
        """Every assessment of the province's communes for `year` with its point sums: one grouped query."""
        final = func.coalesce(ParIndexScore.appraised, ParIndexScore.self_score, 0.0) + func.coalesce(
            ParIndexScore.survey, 0.0)
        rows = self.session.execute(
            select(ParIndexAssessment.id, ParIndexAssessment.locality_code, Locality.name, ParIndexAssessment.set_id,
                   ParIndexAssessment.status, func.coalesce(func.sum(ParIndexScore.self_score), 0.0),
                   func.coalesce(func.sum(final), 0.0))
            .join(Locality, Locality.code == ParIndexAssessment.locality_code)
            .outerjoin(ParIndexScore, ParIndexScore.assessment_id == ParIndexAssessment.id)
            .where(Locality.province_code == province_code, ParIndexAssessment.year == year)
            .group_by(ParIndexAssessment.id, ParIndexAssessment.locality_code, Locality.name,
                      ParIndexAssessment.set_id, ParIndexAssessment.status)
        ).all()
        return [PointsRow(int(a), int(loc), str(name), int(sid), AssessmentStatus(st), float(sp), float(fp))
                for a, loc, name, sid, st, sp, fp in rows]

    def audit(self, *, locality_code: int, entities: Sequence[str]) -> Sequence[AuditEvent]:
        """The audit events of the PAR-index entities of one commune, oldest first."""
        return self.session.scalars(select(AuditEvent).where(AuditEvent.locality_code == locality_code,
                                                             AuditEvent.entity.in_(entities))
                                    .order_by(AuditEvent.id)).all()
