"""The PAR-index self-assessment (Chỉ số CCHC cấp xã): criteria sets, a commune's self-assessment, the appraisal.

- `sets`: the packaged sample set (mẫu tham khảo), import of a province's set from .xlsx, export.
- `measures`: the figures cchc measures for a commune's year (dossier rates, tasks, the plan, reports).
- `assessments`: pre-fill, read, correct with a reason, attach evidence, submit.
- `appraisal`: the city reviewer's per-criterion scores, return or accept, survey points, the ranking,
  the .xlsx and .docx exports, the history of every score.

Example:
    with session_scope() as s:
        view = prefill(s, office, locality_code=11533, year=2026)
        submit(s, office, assessment_id=view.id)
"""

from __future__ import annotations

from cchc.parindex.appraisal import (
    Ranking as Ranking,
)
from cchc.parindex.appraisal import (
    RankRow as RankRow,
)
from cchc.parindex.appraisal import (
    accept_assessment as accept_assessment,
)
from cchc.parindex.appraisal import (
    appraise_criterion as appraise_criterion,
)
from cchc.parindex.appraisal import (
    enter_survey as enter_survey,
)
from cchc.parindex.appraisal import (
    export_docx as export_docx,
)
from cchc.parindex.appraisal import (
    export_xlsx as export_xlsx,
)
from cchc.parindex.appraisal import (
    history as history,
)
from cchc.parindex.appraisal import (
    ranking as ranking,
)
from cchc.parindex.appraisal import (
    return_assessment as return_assessment,
)
from cchc.parindex.assessments import (
    AssessmentView as AssessmentView,
)
from cchc.parindex.assessments import (
    CriterionRow as CriterionRow,
)
from cchc.parindex.assessments import (
    EvidenceView as EvidenceView,
)
from cchc.parindex.assessments import (
    add_evidence as add_evidence,
)
from cchc.parindex.assessments import (
    correct_score as correct_score,
)
from cchc.parindex.assessments import (
    evidence_file as evidence_file,
)
from cchc.parindex.assessments import (
    find_assessment as find_assessment,
)
from cchc.parindex.assessments import (
    get_assessment as get_assessment,
)
from cchc.parindex.assessments import (
    prefill as prefill,
)
from cchc.parindex.assessments import (
    submit as submit,
)
from cchc.parindex.sets import (
    SetSummary as SetSummary,
)
from cchc.parindex.sets import (
    ensure_sample_set as ensure_sample_set,
)
from cchc.parindex.sets import (
    export_set_xlsx as export_set_xlsx,
)
from cchc.parindex.sets import (
    get_set as get_set,
)
from cchc.parindex.sets import (
    import_set_xlsx as import_set_xlsx,
)
from cchc.parindex.sets import (
    list_sets as list_sets,
)
from cchc.parindex.sets import (
    sample_set as sample_set,
)

__all__ = [
    "AssessmentView",
    "CriterionRow",
    "EvidenceView",
    "RankRow",
    "Ranking",
    "SetSummary",
    "accept_assessment",
    "add_evidence",
    "appraise_criterion",
    "correct_score",
    "ensure_sample_set",
    "enter_survey",
    "evidence_file",
    "export_docx",
    "export_set_xlsx",
    "export_xlsx",
    "find_assessment",
    "get_assessment",
    "get_set",
    "history",
    "import_set_xlsx",
    "list_sets",
    "prefill",
    "ranking",
    "return_assessment",
    "sample_set",
    "submit",
]
