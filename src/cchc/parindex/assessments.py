"""A commune's self-assessment: pre-fill from its data, read, correct with a reason, attach evidence, submit."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from cchc.domain.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from cchc.domain.parindex import (
    RULE_LABELS,
    SOURCES,
    CriteriaSet,
    classify,
    final_points,
    index_of,
    subtotals,
)
from cchc.domain.parindex import rank as rank_values
from cchc.kernel.actor import Actor
from cchc.kernel.audit import now
from cchc.kernel.validation import clean_text
from cchc.parindex.common import (
    REVIEW_LABELS,
    STATUS_LABELS,
    audit,
    criteria_of,
    load_assessment,
    locality,
    number,
    require_self_assessor,
)
from cchc.parindex.measures import measure
from cchc.parindex.sets import ensure_sample_set
from cchc.store.models import Locality
from cchc.store.models_parindex import (
    AssessmentStatus,
    CriterionReview,
    ParIndexAssessment,
    ParIndexEvidence,
    ParIndexScore,
)
from cchc.store.parindex import ParIndexRepository


@dataclass(frozen=True)
class EvidenceView:
    id: int
    score_id: int
    progress_report_id: int | None
    task_id: int | None
    file_name: str | None
    description: str
    automatic: bool
    added_at: datetime

    @property
    def kind(self) -> str:
        return "task" if self.progress_report_id is not None else "file"

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "score_id": self.score_id, "kind": self.kind,
                "progress_report_id": self.progress_report_id, "task_id": self.task_id, "file_name": self.file_name,
                "description": self.description, "automatic": self.automatic, "added_at": self.added_at.isoformat()}


@dataclass(frozen=True)
class CriterionRow:
    """One row of the criteria table: a node of the set with its points (leaves carry the scores)."""

    code: str
    label: str
    ref: str
    title: str
    level: int
    is_leaf: bool
    max_points: float
    self_max: float
    survey_points: float
    rule_kind: str | None
    rule_text: str
    evidence_required: str
    source: str | None
    source_label: str | None
    self_points: float
    final_points: float
    score_id: int | None = None
    proposed: float | None = None
    figure: str | None = None
    self_score: float | None = None
    self_reason: str | None = None
    appraised: float | None = None
    appraisal_comment: str | None = None
    review: str | None = None
    survey: float | None = None
    version: int | None = None
    evidence: list[EvidenceView] = field(default_factory=list)

    @property
    def corrected(self) -> bool:
        return self.self_reason is not None

    @property
    def rule_label(self) -> str:
        from cchc.domain.parindex import RuleKind

        return RULE_LABELS[RuleKind(self.rule_kind)][0] if self.rule_kind else ""

    @property
    def review_label(self) -> str:
        return REVIEW_LABELS.get(self.review or "", ("", ""))[0]

    def to_json(self) -> dict[str, Any]:
        out = {k: getattr(self, k) for k in (
            "code", "label", "ref", "title", "level", "is_leaf", "max_points", "self_max", "survey_points", "rule_kind",
            "rule_text", "evidence_required", "source", "source_label", "self_points", "final_points")}
        if self.is_leaf:
            out.update({k: getattr(self, k) for k in (
                "score_id", "proposed", "figure", "self_score", "self_reason", "appraised", "appraisal_comment",
                "review", "survey", "version")})
            out["evidence"] = [e.to_json() for e in self.evidence]
        return out


@dataclass(frozen=True)
class AssessmentView:
    id: int
    locality_code: int
    locality_name: str
    province_code: int
    year: int
    status: AssessmentStatus
    set_id: int
    set_name: str
    sample_set: bool
    set_note: str
    rows: list[CriterionRow]
    self_points: float
    final_points: float
    self_index: float
    final_index: float
    total_max: float
    survey_points: float
    survey_max: float
    classification: str | None
    classification_en: str | None
    rank: int | None
    ranked_of: int
    prefilled_at: datetime | None
    submitted_at: datetime | None
    appraised_at: datetime | None
    comment: str | None
    version: int

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status.value][0]

    @property
    def leaves(self) -> list[CriterionRow]:
        return [r for r in self.rows if r.is_leaf]

    @property
    def needs_evidence(self) -> list[CriterionRow]:
        return [r for r in self.leaves if r.review == CriterionReview.NEEDS_EVIDENCE.value]

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id, "locality_code": self.locality_code, "locality_name": self.locality_name,
            "province_code": self.province_code, "year": self.year, "status": self.status.value,
            "status_label": self.status_label, "set_id": self.set_id, "set_name": self.set_name,
            "sample_set": self.sample_set, "self_points": self.self_points, "final_points": self.final_points,
            "self_index": self.self_index, "final_index": self.final_index, "total_max": self.total_max,
            "survey_points": self.survey_points, "survey_max": self.survey_max,
            "classification": self.classification, "classification_en": self.classification_en, "rank": self.rank,
            "ranked_of": self.ranked_of,
            "prefilled_at": self.prefilled_at.isoformat() if self.prefilled_at else None,
            "submitted_at": self.submitted_at.isoformat() if self.submitted_at else None,
            "appraised_at": self.appraised_at.isoformat() if self.appraised_at else None,
            "comment": self.comment, "version": self.version,
            "criteria": [r.to_json() for r in self.rows],
        }


def score_json(s: ParIndexScore) -> dict[str, Any]:
    return {"criterion": s.criterion_code, "proposed": s.proposed, "figure": s.figure, "self_score": s.self_score,
            "self_reason": s.self_reason, "appraised": s.appraised, "appraisal_comment": s.appraisal_comment,
            "review": s.review.value if s.review else None, "survey": s.survey}


def _leaf_final(cset: CriteriaSet, s: ParIndexScore) -> float:
    return final_points(cset.find(s.criterion_code), self_score=s.self_score, appraised=s.appraised, survey=s.survey)


def _rank_in_province(session: Session, row: ParIndexAssessment, loc: Locality,
                      sets: dict[int, CriteriaSet]) -> tuple[int | None, int]:
    """The commune's rank among the province's appraised communes of the year (one grouped query)."""
    points = [p for p in ParIndexRepository(session).points(province_code=loc.province_code, year=row.year)
              if p.status is AssessmentStatus.APPRAISED]
    repo = ParIndexRepository(session)
    values = []
    for p in points:
        if p.set_id not in sets:
            got = repo.set(p.set_id)
            assert got is not None
            sets[p.set_id] = criteria_of(got)
        values.append((p.assessment_id, round(100.0 * p.final_points / sets[p.set_id].total_max, 2)))
    mine = next((r for key, _, r in rank_values(values) if key == row.id), None)
    return mine, len(values)


def build_view(session: Session, row: ParIndexAssessment, loc: Locality) -> AssessmentView:
    repo = ParIndexRepository(session)
    set_row = repo.set(row.set_id)
    assert set_row is not None
    cset = criteria_of(set_row)
    scores = {s.criterion_code: s for s in repo.scores(row.id)}
    evidence: dict[int, list[EvidenceView]] = {}
    from cchc.store.progress import ProgressRepository

    progress = ProgressRepository(session)
    for e in repo.evidence_of(row.id):
        report = progress.report(e.progress_report_id) if e.progress_report_id is not None else None
        evidence.setdefault(e.score_id, []).append(EvidenceView(
            e.id, e.score_id, e.progress_report_id, report.task_id if report else None, e.file_name, e.description,
            e.automatic, e.added_at))
    self_leaf = {c: final_points(cset.find(c), self_score=s.self_score, appraised=None, survey=None)
                 for c, s in scores.items()}
    final_leaf = {c: _leaf_final(cset, s) for c, s in scores.items()}
    self_sub, final_sub = subtotals(cset, self_leaf), subtotals(cset, final_leaf)
    rows = []
    for c in cset.walk():
        s = scores.get(c.code) if c.is_leaf else None
        source_label = SOURCES[c.source.split("@")[0].split("[")[0]][1] if c.source else None
        rows.append(CriterionRow(
            code=c.code, label=c.label, ref=cset.ref(c.code), title=c.title, level=c.level, is_leaf=c.is_leaf, max_points=c.max_points,
            self_max=c.self_max, survey_points=c.survey_points, rule_kind=c.rule.kind.value if c.rule else None,
            rule_text=c.rule.text if c.rule else "", evidence_required=c.evidence, source=c.source,
            source_label=source_label, self_points=self_sub[c.code], final_points=final_sub[c.code],
            **({} if s is None else {
                "score_id": s.id, "proposed": s.proposed, "figure": s.figure, "self_score": s.self_score,
                "self_reason": s.self_reason, "appraised": s.appraised, "appraisal_comment": s.appraisal_comment,
                "review": s.review.value, "survey": s.survey, "version": s.version,
                "evidence": evidence.get(s.id, [])}),
        ))
    final_index = index_of(cset, final_leaf)
    band = classify(cset, final_index)
    rank, ranked_of = (_rank_in_province(session, row, loc, {set_row.id: cset})
                       if row.status is AssessmentStatus.APPRAISED else (None, 0))
    return AssessmentView(
        id=row.id, locality_code=loc.code, locality_name=loc.name, province_code=loc.province_code, year=row.year,
        status=row.status, set_id=set_row.id, set_name=set_row.name, sample_set=set_row.sample,
        set_note=cset.note, rows=rows, self_points=round(sum(self_leaf.values()), 2),
        final_points=round(sum(final_leaf.values()), 2), self_index=index_of(cset, self_leaf),
        final_index=final_index, total_max=cset.total_max,
        survey_points=round(sum(min(s.survey or 0, cset.find(c).survey_points) for c, s in scores.items()), 2),
        survey_max=cset.survey_max, classification=band.label_vi if band else None,
        classification_en=band.label_en if band else None, rank=rank, ranked_of=ranked_of,
        prefilled_at=row.prefilled_at, submitted_at=row.submitted_at, appraised_at=row.appraised_at,
        comment=row.comment, version=row.version,
    )


def get_assessment(session: Session, actor: Actor, *, assessment_id: int) -> AssessmentView:
    row, loc = load_assessment(session, actor, assessment_id)
    return build_view(session, row, loc)


def find_assessment(session: Session, actor: Actor, *, locality_code: int, year: int) -> AssessmentView | None:
    """The commune's assessment of `year`, or None when it has not been started."""
    loc = locality(session, locality_code)
    actor.require_read(loc.code, loc.province_code)
    row = ParIndexRepository(session).assessment_for(loc.code, int(year))
    return build_view(session, row, loc) if row is not None else None


def _choose_set(session: Session, actor: Actor, loc: Locality, year: int, set_id: int | None) -> int:
    repo = ParIndexRepository(session)
    if set_id is not None:
        row = repo.set(int(set_id))
        if row is None:
            raise NotFound(f"Không có bộ tiêu chí #{set_id}.", where="set_id")
        if row.province_code not in (None, loc.province_code) or row.year != year:
            raise InvalidInput(f"Bộ tiêu chí #{set_id} không áp dụng cho {loc.name} năm {year}.", where="set_id")
        return row.id
    own = repo.latest_set(loc.province_code, year)
    return own.id if own is not None else ensure_sample_set(session, actor, year=year).id


def prefill(session: Session, actor: Actor, *, locality_code: int, year: int, as_of: date | None = None,
            set_id: int | None = None, data_dir: Path | None = None, due_day: int | None = None) -> AssessmentView:
    """Start (or refresh) the commune's self-assessment with every score cchc can propose from its data.

    A proposed score comes with its source and figure. Scores the commune has corrected keep the
    correction; the others follow the new proposal. Every change is an audit event.
    """
    from cchc.settings import get_settings

    loc = locality(session, locality_code)
    actor.require_manage(loc.code, "lập bản tự đánh giá Chỉ số CCHC")
    year = int(year)
    if not 2000 <= year <= 2100:
        raise InvalidInput(f"Năm đánh giá không hợp lệ: {year}.", where="year")
    repo = ParIndexRepository(session)
    row = repo.assessment_for(loc.code, year)
    if row is None:
        row = ParIndexAssessment(locality_code=loc.code, year=year, set_id=_choose_set(session, actor, loc, year, set_id),
                                 status=AssessmentStatus.DRAFT, created_at=now())
        repo.add(row)
        audit(session, actor, entity="parindex_assessment", entity_id=row.id, action="create", before=None,
              after={"year": year, "set_id": row.set_id, "status": row.status.value}, locality_code=loc.code)
    else:
        require_self_assessor(actor, row)
    set_row = repo.set(row.set_id)
    assert set_row is not None
    cset = criteria_of(set_row)
    day = as_of or min(date.today(), date(year, 12, 31))
    leaves = cset.leaves()
    sources = {c.source: (c.rule.due_in(year) if c.rule else None) for c in leaves if c.source}
    figures = measure(session, actor, locality_code=loc.code, year=year, sources=sources, as_of=day,
                      due_day=due_day if due_day is not None else get_settings().report_due_day, data_dir=data_dir)
    scores = {s.criterion_code: s for s in repo.scores(row.id)}
    linked = {(e.score_id, e.progress_report_id) for e in repo.evidence_of(row.id)}
    stamp = now()
    for c in leaves:
        s = scores.get(c.code)
        if s is None:
            s = ParIndexScore(assessment_id=row.id, criterion_code=c.code, review=CriterionReview.PENDING,
                              updated_at=stamp)
            repo.add(s)
        before = score_json(s)
        m = figures.measures.get(c.source) if c.source else None
        proposed = c.rule.score(c.self_max, m) if (c.rule is not None and m is not None) else None
        s.proposed, s.source = proposed, c.source
        s.figure = m.figure if m is not None else None
        s.measure = m.to_json() if m is not None else None
        if s.self_reason is None:
            s.self_score = proposed
        after = score_json(s)
        if after != before:
            s.updated_at = stamp
            audit(session, actor, entity="parindex_score", entity_id=s.id, action="prefill", before=before,
                  after=after | {"source": c.source}, locality_code=loc.code)
        for report_id in figures.evidence.get(c.source or "", []):
            if (s.id, report_id) not in linked:
                _add_evidence(session, actor, s, loc, progress_report_id=report_id, automatic=True,
                              description="Minh chứng của nhiệm vụ (tự động gắn khi tính điểm đề xuất)")
                linked.add((s.id, report_id))
    row.prefilled_at = stamp
    session.flush()
    return build_view(session, row, loc)


def _score_in(session: Session, actor: Actor, score_id: int) -> tuple[ParIndexScore, ParIndexAssessment, Locality,
                                                                      CriteriaSet]:
    s = ParIndexRepository(session).score(int(score_id))
    if s is None:
        raise NotFound(f"Không có điểm tiêu chí #{score_id}.", where="score_id")
    row, loc = load_assessment(session, actor, s.assessment_id)
    set_row = ParIndexRepository(session).set(row.set_id)
    assert set_row is not None
    return s, row, loc, criteria_of(set_row)


def _check_version(s: ParIndexScore, version: int | None) -> None:
    if version is not None and int(version) != s.version:
        raise Conflict(f"Điểm tiêu chí {s.criterion_code} vừa được người khác sửa (phiên bản {s.version}). "
                       "Hãy tải lại và nhập lại.", where="version")


def correct_score(session: Session, actor: Actor, *, score_id: int, score: object, reason: str | None,
                  version: int | None = None) -> CriterionRow:
    """The commune sets its own score for a criterion; a change from the proposal needs a reason."""
    s, row, loc, cset = _score_in(session, actor, score_id)
    require_self_assessor(actor, row)
    _check_version(s, version)
    c = cset.find(s.criterion_code)
    value = number(score, f"Điểm tự chấm tiêu chí {cset.ref(c.code)}", low=0, high=c.self_max)
    why = clean_text(reason, "reason")
    if why is None:
        raise InvalidInput(f"Tiêu chí {cset.ref(c.code)}: cần ghi lý do khi tự chấm khác điểm đề xuất.", where="reason")
    before = score_json(s)
    s.self_score, s.self_reason, s.updated_at = value, why, now()
    session.flush()
    audit(session, actor, entity="parindex_score", entity_id=s.id, action="correct", before=before,
          after=score_json(s), locality_code=loc.code)
    return next(r for r in build_view(session, row, loc).rows if r.code == c.code)


def _add_evidence(session: Session, actor: Actor, s: ParIndexScore, loc: Locality, *, progress_report_id: int | None = None,
                  file: tuple[Path, str, str] | None = None, description: str, automatic: bool = False) -> ParIndexEvidence:
    e = ParIndexEvidence(score_id=s.id, progress_report_id=progress_report_id, description=description,
                         automatic=automatic, added_by=actor.user_id, added_at=now())
    if file is not None:
        e.file_path, e.file_name, e.sha256 = str(file[0]), file[1], file[2]
    ParIndexRepository(session).add(e)
    audit(session, actor, entity="parindex_evidence", entity_id=e.id, action="add", before=None,
          after={"score_id": s.id, "criterion": s.criterion_code, "progress_report_id": progress_report_id,
                 "file_name": e.file_name, "sha256": e.sha256, "description": description, "automatic": automatic},
          locality_code=loc.code)
    return e


def add_evidence(session: Session, actor: Actor, *, score_id: int, progress_report_id: int | None = None,
                 file: tuple[str, bytes] | None = None, description: str | None = None,
                 data_dir: Path | None = None) -> EvidenceView:
    """Attach evidence to a criterion: a task's progress report (linked by id, not copied) or an uploaded file."""
    s, row, loc, _ = _score_in(session, actor, score_id)
    require_self_assessor(actor, row)
    if (progress_report_id is None) == (file is None):
        raise InvalidInput("Chọn một minh chứng: số báo cáo tiến độ của nhiệm vụ hoặc một tệp tải lên.",
                           where="evidence")
    text = clean_text(description, "description")
    if progress_report_id is not None:
        from cchc.store.plans import PlanRepository
        from cchc.store.progress import ProgressRepository

        report = ProgressRepository(session).report(int(progress_report_id))
        task = PlanRepository(session).task(report.task_id) if report else None
        plan = PlanRepository(session).get(task.plan_id) if task else None
        if report is None or plan is None:
            raise NotFound(f"Không có báo cáo tiến độ #{progress_report_id}.", where="progress_report_id")
        if plan.locality_code != loc.code:
            raise PermissionDenied("Báo cáo tiến độ này thuộc xã/phường khác, không gắn làm minh chứng được.")
        if not (report.evidence_number or report.evidence_file):
            raise InvalidInput(f"Báo cáo tiến độ #{report.id} chưa có văn bản hoặc tệp minh chứng.",
                               where="progress_report_id")
        text = text or f"Nhiệm vụ #{report.task_id}: {report.evidence_number or 'tệp minh chứng'}"
        e = _add_evidence(session, actor, s, loc, progress_report_id=report.id, description=text)
        return EvidenceView(e.id, s.id, report.id, report.task_id, None, e.description, False, e.added_at)
    from cchc.services.plans.importing import stage_file

    assert file is not None
    name, content = file
    if not content:
        raise InvalidInput(f"Tệp minh chứng {name!r} rỗng.", where="file")
    stored = stage_file(session, content, name, data_dir=data_dir)
    path, sha = stored.path, stored.sha256
    e = _add_evidence(session, actor, s, loc, file=(path, name, sha), description=text or name)
    return EvidenceView(e.id, s.id, None, None, name, e.description, False, e.added_at)


def evidence_file(session: Session, actor: Actor, *, evidence_id: int) -> tuple[Path, str]:
    """The stored file of an uploaded evidence (permission-checked) for download."""
    e = ParIndexRepository(session).evidence(int(evidence_id))
    if e is None:
        raise NotFound(f"Không có minh chứng #{evidence_id}.", where="evidence_id")
    _score_in(session, actor, e.score_id)
    if not e.file_path or not Path(e.file_path).exists():
        raise NotFound("Minh chứng này không có tệp.", where="evidence_id")
    return Path(e.file_path), e.file_name or Path(e.file_path).name


def submit(session: Session, actor: Actor, *, assessment_id: int, version: int | None = None) -> AssessmentView:
    """Send the self-assessment to the city: every criterion scored, every point backed by evidence or a figure."""
    row, loc = load_assessment(session, actor, assessment_id, for_update=True)
    require_self_assessor(actor, row)
    if version is not None and int(version) != row.version:
        raise Conflict("Bản đánh giá vừa được người khác sửa. Hãy tải lại.", where="version")
    view = build_view(session, row, loc)
    unscored = [r.ref for r in view.leaves if r.self_max > 0 and r.self_score is None]
    if unscored:
        raise InvalidInput("Còn tiêu chí chưa tự chấm điểm: " + ", ".join(unscored) + ".", where="criteria")
    unbacked = [r.ref for r in view.leaves
                if (r.self_score or 0) > 0 and not r.evidence and (r.proposed is None or r.corrected)]
    if unbacked:
        raise InvalidInput("Tiêu chí có điểm nhưng chưa có minh chứng (tệp, báo cáo nhiệm vụ hoặc số liệu hệ thống): "
                           + ", ".join(unbacked) + ".", where="evidence")
    before = {"status": row.status.value}
    for s in ParIndexRepository(session).scores(row.id):
        if s.review is CriterionReview.NEEDS_EVIDENCE:
            s.review = CriterionReview.PENDING
    row.status, row.submitted_at, row.submitted_by = AssessmentStatus.SUBMITTED, now(), actor.user_id
    session.flush()
    audit(session, actor, entity="parindex_assessment", entity_id=row.id, action="submit", before=before,
          after={"status": row.status.value, "self_index": view.self_index}, locality_code=loc.code)
    return build_view(session, row, loc)
