"""The demo commune's 2026 self-assessment, pre-filled from its data, submitted and appraised by the demo reviewer."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session

from cchc.kernel.actor import Actor
from cchc.store.models_parindex import AssessmentStatus

# Criteria the demo commune scores by hand (code → (score, reason)), as a standing office would.
_DEMO_SELF = {"1.3.2": (1, "Đã kiểm tra 5/5 đơn vị (demo)"), "1.4.2": (1, "Tuyên truyền qua loa, trang tin, hội nghị (demo)"),
              "2.1.1": (1.5, "Văn bản ban hành đúng trình tự (demo)"), "3.1.2": (2, "Niêm yết đủ tại Bộ phận một cửa (demo)"),
              "4.1": (3, "Quyết định sắp xếp bộ máy (demo)"), "4.2": (2, "Quy chế làm việc nhiệm kỳ (demo)"),
              "5.1": (3, "Đề án vị trí việc làm được phê duyệt (demo)"), "6.2": (2, "Quy chế chi tiêu nội bộ (demo)"),
              "7.2.2": (1, "Họp trực tuyến hằng tháng (demo)"), "7.3": (2, "Trang tin cập nhật hằng tuần (demo)")}


def seed_demo_parindex(session: Session, office: Actor, reviewer: Actor, *, locality_code: int, year: int,
                       today: date, data_dir: Path) -> int:
    """Pre-fill, complete, submit and appraise the demo commune's assessment; returns its id."""
    from cchc.parindex.appraisal import accept_assessment, appraise_criterion, enter_survey
    from cchc.parindex.assessments import add_evidence, correct_score, prefill, submit

    view = prefill(session, office, locality_code=locality_code, year=year, as_of=min(today, date(year, 12, 31)),
                   data_dir=data_dir)
    by_code = {r.code: r for r in view.leaves}
    for code, row in by_code.items():
        if row.self_max <= 0:
            continue
        if code in _DEMO_SELF:
            score, reason = _DEMO_SELF[code]
            correct_score(session, office, score_id=row.score_id, score=score, reason=reason, version=row.version)
            add_evidence(session, office, score_id=row.score_id, file=(f"minh-chung-{code}.txt",
                         f"Minh chứng tiêu chí {code} (demo)\n".encode()), description=reason, data_dir=data_dir)
        elif row.self_score is None:
            correct_score(session, office, score_id=row.score_id, score=0, reason="Chưa có kết quả (demo)",
                          version=row.version)
    view = submit(session, office, assessment_id=view.id)
    if view.status is not AssessmentStatus.SUBMITTED:
        return view.id
    by_code = {r.code: r for r in view.leaves}
    row = by_code["1.4.2"]
    appraise_criterion(session, reviewer, score_id=row.score_id, decision="accepted", score=0.5,
                       comment="Chỉ có 2 hình thức tuyên truyền có minh chứng (demo).", version=row.version)
    enter_survey(session, reviewer, assessment_id=view.id,
                 points={r.code: round(r.survey_points * 0.8, 2) for r in view.leaves if r.survey_points > 0})
    return accept_assessment(session, reviewer, assessment_id=view.id, comment="Thẩm định (demo).").id
