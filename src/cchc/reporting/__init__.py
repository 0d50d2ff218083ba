"""Periodic PAR reports and the monthly service notice: gather, draft, edit, generate, version, approve.

`build_report_data` drafts a `ReportData` from the commune's published plan (tasks, statuses,
indicators), the units' progress reports of the period (results, difficulties, proposals) and the
dossier metrics. The standing office edits the drafted text (`save_draft`), every generation is kept
as a numbered version (`generate_report`) and a leader approves one (`approve_report`).

Every figure comes from one `ReportSnapshot` (`figures.build_snapshot`), stored with each version as a
`report_versions` row; the files are under `<data_dir>/reports/<locality>/<period>/` (`draft.json`,
`vNNN.json|docx|xlsx|pdf`) and every change is an audit event (entity `report`, id `YYYYKI` e.g. 202622
for 2026-Q2).

Example:
    >>> with session_scope() as s:  # doctest: +SKIP
    ...     v = generate_report(s, actor, locality_code=10105, period="2026-Q2", data_dir=Path("data"))
"""

from __future__ import annotations

from cchc.reporting.drafting import (
    build_report_data as build_report_data,
)
from cchc.reporting.drafting import (
    with_subject as with_subject,
)
from cchc.reporting.editing import (
    EDITABLE_FIELDS as EDITABLE_FIELDS,
)
from cchc.reporting.editing import (
    FIELD_LABELS as FIELD_LABELS,
)
from cchc.reporting.editing import (
    HEADER_FIELDS as HEADER_FIELDS,
)
from cchc.reporting.editing import (
    NARRATIVE_FIELDS as NARRATIVE_FIELDS,
)
from cchc.reporting.editing import (
    apply_edits as apply_edits,
)
from cchc.reporting.editing import (
    draft_texts as draft_texts,
)
from cchc.reporting.editing import (
    items_to_text as items_to_text,
)
from cchc.reporting.editing import (
    text_to_items as text_to_items,
)
from cchc.reporting.notice import (
    build_notice_data as build_notice_data,
)
from cchc.reporting.periods import (
    DONE as DONE,
)
from cchc.reporting.periods import (
    KINDS as KINDS,
)
from cchc.reporting.periods import (
    resolve_period as resolve_period,
)
from cchc.reporting.public import (
    PublicOverview as PublicOverview,
)
from cchc.reporting.public import (
    public_overview as public_overview,
)
from cchc.reporting.quality import (
    ServiceQuality as ServiceQuality,
)
from cchc.reporting.quality import (
    ServiceQualitySource as ServiceQualitySource,
)
from cchc.reporting.quality import (
    dossier_quality as dossier_quality,
)
from cchc.reporting.quality import (
    read_dossier_quality as read_dossier_quality,
)
from cchc.reporting.versions import (
    ReportDraft as ReportDraft,
)
from cchc.reporting.versions import (
    ReportVersion as ReportVersion,
)
from cchc.reporting.versions import (
    approve_report as approve_report,
)
from cchc.reporting.versions import (
    draft_docx as draft_docx,
)
from cchc.reporting.versions import (
    generate_report as generate_report,
)
from cchc.reporting.versions import (
    get_draft as get_draft,
)
from cchc.reporting.versions import (
    list_versions as list_versions,
)
from cchc.reporting.versions import (
    save_draft as save_draft,
)
from cchc.reporting.versions import (
    version_file as version_file,
)

__all__ = [
    "EDITABLE_FIELDS",
    "PublicOverview",
    "ReportDraft",
    "ReportVersion",
    "ServiceQuality",
    "approve_report",
    "build_notice_data",
    "build_report_data",
    "draft_docx",
    "generate_report",
    "get_draft",
    "items_to_text",
    "list_versions",
    "public_overview",
    "resolve_period",
    "save_draft",
    "text_to_items",
    "version_file",
    "with_subject",
]
