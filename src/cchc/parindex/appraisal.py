"""The city's appraisal (thẩm định): per-criterion scores, return or accept, survey points, ranking, exports."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from cchc.domain.errors import InvalidInput, PermissionDenied
from cchc.domain.parindex import CriteriaSet, classify
from cchc.domain.parindex import rank as rank_values
from cchc.kernel.actor import Actor, Role
from cchc.kernel.audit import AuditView, now
from cchc.kernel.validation import clean_text
from cchc.parindex.assessments import (
    AssessmentView,
    CriterionRow,
    _check_version,
    _score_in,
    build_view,
    score_json,
)
from cchc.parindex.common import (
    ENTITIES,
    STATUS_LABELS,
    audit,
    criteria_of,
    load_assessment,
    number,
    require_appraiser,
)
from cchc.reports.parindex import ResultArea, ResultsReport, results_docx, set_xlsx
from cchc.store.localities import LocalityRepository
from cchc.store.models_parindex import AssessmentStatus, CriterionReview
from cchc.store.parindex import ParIndexRepository

_APPRAISABLE = (AssessmentStatus.SUBMITTED,)


def appraise_criterion(session: Session, actor: Actor, *, score_id: int, decision: str, score: object = None,
                       comment: str | None = None, version: int | None = None) -> CriterionRow:
    """The reviewer's score for one criterion (empty: the commune's score stands), accepted or needing evidence."""
    s, row, loc, cset = _score_in(session, actor, score_id)
    require_appraiser(actor, loc)
    if row.status not in _APPRAISABLE:
        raise InvalidInput(f"Bản đánh giá đang «{STATUS_LABELS[row.status.value][0]}», chưa thẩm định được.",
                           where="status")
    _check_version(s, version)
    try:
        review = CriterionReview(decision)
    except ValueError:
        raise InvalidInput(f"Kết luận «{decision}» không hợp lệ (accepted hoặc needs_evidence).",
                           where="decision") from None
    c = cset.find(s.criterion_code)
    value = number(score, f"Điểm thẩm định tiêu chí {cset.ref(c.code)}", low=0, high=c.self_max, required=False)
    note = clean_text(comment, "comment")
    if review is CriterionReview.NEEDS_EVIDENCE and note is None:
        raise InvalidInput(f"Tiêu chí {cset.ref(c.code)}: ghi rõ minh chứng cần bổ sung.", where="comment")
    if value is not None and value != s.self_score and note is None:
        raise InvalidInput(f"Tiêu chí {cset.ref(c.code)}: ghi ý kiến khi điểm thẩm định khác điểm tự chấm.", where="comment")
    if review is CriterionReview.PENDING:
        raise InvalidInput("Chọn «chấp nhận» hoặc «cần bổ sung minh chứng».", where="decision")
    before = score_json(s)
    s.appraised, s.appraisal_comment, s.review, s.updated_at = value, note, review, now()
    session.flush()
    audit(session, actor, entity="parindex_score", entity_id=s.id, action="appraise", before=before,
          after=score_json(s), locality_code=loc.code)
    return next(r for r in build_view(session, row, loc).rows if r.code == c.code)


def enter_survey(session: Session, actor: Actor, *, assessment_id: int,
                 points: Mapping[str, object]) -> AssessmentView:
    """Sociological-survey points per criterion (criterion code → points, within each criterion's survey share)."""
    row, loc = load_assessment(session, actor, assessment_id)
    require_appraiser(actor, loc)
    if row.status not in (AssessmentStatus.SUBMITTED, AssessmentStatus.APPRAISED):
        raise InvalidInput("Chỉ nhập điểm điều tra xã hội học cho bản đánh giá đã gửi.", where="status")
    repo = ParIndexRepository(session)
    set_row = repo.set(row.set_id)
    assert set_row is not None
    cset = criteria_of(set_row)
    scores = {s.criterion_code: s for s in repo.scores(row.id)}
    for code, raw in points.items():
        c = cset.find(str(code))
        if c.survey_points <= 0 or code not in scores:
            raise InvalidInput(f"Tiêu chí {cset.ref(c.code)} không có điểm điều tra xã hội học.", where="survey")
        value = number(raw, f"Điểm điều tra tiêu chí {cset.ref(c.code)}", low=0, high=c.survey_points, required=False)
        s = scores[code]
        if value == s.survey:
            continue
        before = score_json(s)
        s.survey, s.updated_at = value, now()
        session.flush()
        audit(session, actor, entity="parindex_score", entity_id=s.id, action="survey", before=before,
              after=score_json(s), locality_code=loc.code)
    return build_view(session, row, loc)


def return_assessment(session: Session, actor: Actor, *, assessment_id: int,
                      comment: str | None = None) -> AssessmentView:
    """Send the assessment back to the commune for the evidence asked for criterion by criterion."""
    row, loc = load_assessment(session, actor, assessment_id, for_update=True)
    require_appraiser(actor, loc)
    if row.status not in _APPRAISABLE:
        raise InvalidInput("Chỉ trả lại được bản đánh giá đang chờ thẩm định.", where="status")
    asked = [s.criterion_code for s in ParIndexRepository(session).scores(row.id)
             if s.review is CriterionReview.NEEDS_EVIDENCE]
    if not asked:
        raise InvalidInput("Chưa có tiêu chí nào cần bổ sung minh chứng: hãy đánh dấu trước khi trả lại.",
                           where="criteria")
    before = {"status": row.status.value}
    row.status, row.comment = AssessmentStatus.RETURNED, clean_text(comment, "comment")
    session.flush()
    audit(session, actor, entity="parindex_assessment", entity_id=row.id, action="return", before=before,
          after={"status": row.status.value, "criteria": asked, "comment": row.comment}, locality_code=loc.code)
    return build_view(session, row, loc)


def accept_assessment(session: Session, actor: Actor, *, assessment_id: int,
                      comment: str | None = None) -> AssessmentView:
    """Close the appraisal: criteria not yet appraised keep the commune's score; the index becomes final."""
    row, loc = load_assessment(session, actor, assessment_id, for_update=True)
    require_appraiser(actor, loc)
    if row.status not in _APPRAISABLE:
        raise InvalidInput("Chỉ kết thúc thẩm định được bản đánh giá đang chờ thẩm định.", where="status")
    scores = ParIndexRepository(session).scores(row.id)
    set_row = ParIndexRepository(session).set(row.set_id)
    assert set_row is not None
    cset = criteria_of(set_row)
    asked = [cset.ref(s.criterion_code) for s in scores if s.review is CriterionReview.NEEDS_EVIDENCE]
    if asked:
        raise InvalidInput("Còn tiêu chí cần bổ sung minh chứng (" + ", ".join(asked) + "): hãy trả lại xã/phường "
                           "hoặc chấp nhận các tiêu chí đó.", where="criteria")
    for s in scores:
        if s.review is CriterionReview.PENDING:
            s.review = CriterionReview.ACCEPTED
    before = {"status": row.status.value}
    row.status, row.appraised_at, row.appraised_by = AssessmentStatus.APPRAISED, now(), actor.user_id
    row.comment = clean_text(comment, "comment") or row.comment
    session.flush()
    view = build_view(session, row, loc)
    audit(session, actor, entity="parindex_assessment", entity_id=row.id, action="appraise", before=before,
          after={"status": row.status.value, "final_index": view.final_index,
                 "classification": view.classification}, locality_code=loc.code)
    return view


# --------------------------------------------------------------------------- ranking


@dataclass(frozen=True)
class RankRow:
    rank: int | None
    assessment_id: int
    locality_code: int
    locality_name: str
    status: AssessmentStatus
    self_index: float
    final_index: float
    classification: str | None

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status.value][0]

    def to_json(self) -> dict[str, Any]:
        return {"rank": self.rank, "assessment_id": self.assessment_id, "locality_code": self.locality_code,
                "locality_name": self.locality_name, "status": self.status.value, "status_label": self.status_label,
                "self_index": self.self_index, "final_index": self.final_index, "classification": self.classification}


@dataclass(frozen=True)
class Ranking:
    province_code: int
    province_name: str
    year: int
    rows: list[RankRow]

    def to_json(self) -> dict[str, Any]:
        return {"province_code": self.province_code, "province_name": self.province_name, "year": self.year,
                "rows": [r.to_json() for r in self.rows]}


def ranking(session: Session, actor: Actor, *, province_code: int | None = None, year: int) -> Ranking:
    """The province's table: appraised communes ranked by their final index, then those still in progress."""
    province = province_code if province_code is not None else actor.province_code
    if province is None:
        raise InvalidInput("Chọn tỉnh, thành phố.", where="province_code")
    if not (actor.is_admin or (actor.role is Role.CITY_REVIEWER and actor.province_code == province)):
        raise PermissionDenied("Chỉ Sở Nội vụ của tỉnh, thành phố xem được bảng xếp hạng Chỉ số CCHC.")
    repo = ParIndexRepository(session)
    points = repo.points(province_code=int(province), year=int(year))
    sets: dict[int, CriteriaSet] = {}
    for p in points:
        if p.set_id not in sets:
            got = repo.set(p.set_id)
            assert got is not None
            sets[p.set_id] = criteria_of(got)

    def on_100(x: float, set_id: int) -> float:
        return round(100.0 * x / sets[set_id].total_max, 2)

    done = [p for p in points if p.status is AssessmentStatus.APPRAISED]
    ranks = {key: r for key, _, r in rank_values([(p.assessment_id, on_100(p.final_points, p.set_id)) for p in done])}
    rows = []
    for p in points:
        final = on_100(p.final_points, p.set_id)
        band = classify(sets[p.set_id], final) if p.status is AssessmentStatus.APPRAISED else None
        rows.append(RankRow(ranks.get(p.assessment_id), p.assessment_id, p.locality_code, p.locality_name, p.status,
                            on_100(p.self_points, p.set_id), final, band.label_vi if band else None))
    rows.sort(key=lambda r: (r.rank is None, r.rank or 0, -r.final_index, r.locality_name))
    prov = LocalityRepository(session).province(int(province))
    return Ranking(int(province), prov.name if prov else str(province), int(year), rows)


# --------------------------------------------------------------------------- exports and history


def export_xlsx(session: Session, actor: Actor, *, assessment_id: int) -> bytes:
    """The assessment in the set's layout, with the proposed, self-assessed, appraised and survey points."""
    row, loc = load_assessment(session, actor, assessment_id)
    view = build_view(session, row, loc)
    set_row = ParIndexRepository(session).set(row.set_id)
    assert set_row is not None
    scores = {r.code: [r.proposed, r.figure, r.self_score, r.self_reason, r.appraised, r.appraisal_comment, r.survey,
                       r.final_points] if r.is_leaf else [None, None, r.self_points, None, None, None, None,
                                                          r.final_points]
              for r in view.rows}
    title = f"Kết quả Chỉ số CCHC năm {view.year} – {view.locality_name} ({view.status_label}; chỉ số " \
            f"{view.final_index:g}/100)"
    return set_xlsx(criteria_of(set_row), title=title, scores=scores)


def export_docx(session: Session, actor: Actor, *, assessment_id: int, report_date: date | None = None) -> bytes:
    """The Decree 30 report of the commune's results."""
    row, loc = load_assessment(session, actor, assessment_id)
    view = build_view(session, row, loc)
    prov = LocalityRepository(session).province(loc.province_code)
    areas = [ResultArea(r.label, r.title, r.max_points, r.self_points, r.final_points)
             for r in view.rows if r.level == 1]
    short = [(r.label, r.title, r.final_points, r.max_points) for r in view.leaves
             if r.final_points + 1e-9 < r.max_points]
    name = loc.name if loc.name.lower().startswith(("xã", "phường", "đặc khu")) else f"xã {loc.name}"
    data = ResultsReport(
        year=view.year, locality_name=name, parent_body=prov.name if prov else "", set_name=view.set_name,
        sample_set=view.sample_set, status_label=view.status_label, self_index=view.self_index,
        final_index=view.final_index, classification=view.classification or "chưa xếp loại", rank=view.rank,
        ranked_of=view.ranked_of, survey_points=view.survey_points, survey_max=view.survey_max, areas=areas,
        shortfalls=short, report_date=report_date,
    )
    return results_docx(data)


def history(session: Session, actor: Actor, *, assessment_id: int) -> list[AuditView]:
    """Every recorded change of the assessment, its scores and its evidence: who, when, from what to what."""
    row, loc = load_assessment(session, actor, assessment_id)
    score_ids = {s.id for s in ParIndexRepository(session).scores(row.id)}
    evidence_ids = {e.id for e in ParIndexRepository(session).evidence_of(row.id)}
    mine = {"parindex_assessment": {row.id}, "parindex_score": score_ids, "parindex_evidence": evidence_ids}
    events = ParIndexRepository(session).audit(locality_code=loc.code, entities=ENTITIES)
    return [AuditView(e.id, e.at, e.user_id, e.username, e.entity, e.entity_id, e.action, e.before, e.after, e.ip)
            for e in events if e.entity_id in mine.get(e.entity, set())]

