"""The editable text of a draft: fields, labels, and the round trip between items and text."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from cchc.domain.areas import AREA_LABELS, Area
from cchc.domain.errors import InvalidInput
from cchc.reporting.drafting import (
    _fmt_date,
)
from cchc.reports.data import (
    REFORM_AREAS,
    AreaSection,
    NarrativeItem,
    NextTask,
    ReportData,
    Signer,
)

# Sections of the drafted text the standing office may rewrite (one paragraph per line, task
# references in [brackets] at the end of a line), and header fields (one line each).
NARRATIVE_FIELDS = (
    "basis",
    "direction",
    *(f"area.{a.value}" for a in REFORM_AREAS),
    "service_summary",
    "strengths",
    "shortcomings",
    "causes",
    "next_tasks",
    "proposals",
    "recipients",
)
HEADER_FIELDS = ("number", "report_date", "place", "subject", "signer", "signer_name")
EDITABLE_FIELDS = NARRATIVE_FIELDS + HEADER_FIELDS
FIELD_LABELS: dict[str, str] = {
    "basis": "Căn cứ (đoạn mở đầu)",
    "direction": "I. Công tác chỉ đạo, điều hành",
    **{f"area.{a.value}": f"II. {AREA_LABELS[a][0]}" for a in REFORM_AREAS},
    "service_summary": "II. Chất lượng phục vụ người dân, doanh nghiệp",
    "strengths": "III.1. Ưu điểm",
    "shortcomings": "III.2. Tồn tại, hạn chế",
    "causes": "III.3. Nguyên nhân",
    "next_tasks": "IV. Nhiệm vụ trọng tâm kỳ tới (nội dung | đơn vị | thời hạn [mã NV])",
    "proposals": "V. Đề xuất, kiến nghị",
    "recipients": "Nơi nhận (mỗi dòng một nơi, dòng cuối: Lưu: VT, …)",
    "number": "Số báo cáo (để trống nếu văn thư cấp số)",
    "report_date": "Ngày báo cáo (dd/mm/yyyy)",
    "place": "Địa danh",
    "subject": "Trích yếu",
    "signer": "Thẩm quyền ký (chairman: TM. UBND - Chủ tịch; vice: KT. Chủ tịch - Phó Chủ tịch)",
    "signer_name": "Họ tên người ký",
}

_REFS = re.compile(r"\s*\[([^\[\]]*)\]\s*$")


def items_to_text(items: Sequence[NarrativeItem]) -> str:
    """One paragraph per line, its task references in brackets: `Đã ban hành … [I.1, I.2]`."""
    return "\n".join(it.text + (f" [{', '.join(it.refs)}]" if it.refs else "") for it in items)


def text_to_items(text: str) -> list[NarrativeItem]:
    """The inverse of `items_to_text`: blank lines are dropped, a trailing `[refs]` becomes references."""
    out = []
    for line in (text or "").replace("\r\n", "\n").split("\n"):
        line = line.strip().lstrip("-•").strip()
        if not line:
            continue
        refs: list[str] = []
        m = _REFS.search(line)
        if m:
            refs = [r.strip() for r in m.group(1).split(",") if r.strip()]
            line = line[: m.start()].rstrip()
        out.append(NarrativeItem(line, refs))
    return out


def _next_to_text(tasks: Sequence[NextTask]) -> str:
    return "\n".join(" | ".join([t.text, t.lead, t.due]) + (f" [{t.ref}]" if t.ref else "") for t in tasks)


def _text_to_next(text: str) -> list[NextTask]:
    out = []
    for it in text_to_items(text):
        parts = [p.strip() for p in it.text.split("|")]
        parts += [""] * (3 - len(parts))
        out.append(NextTask(parts[0], parts[1], parts[2], it.refs[0] if it.refs else None))
    return out


def draft_texts(data: ReportData) -> dict[str, str]:
    """The editable text of a ReportData, field by field (what the editing form shows)."""
    out = {
        "basis": "\n".join(data.basis),
        "direction": items_to_text(data.direction.items),
        "service_summary": items_to_text(data.service_summary),
        "strengths": items_to_text(data.strengths),
        "shortcomings": items_to_text(data.shortcomings),
        "causes": items_to_text(data.causes),
        "next_tasks": _next_to_text(data.next_tasks),
        "proposals": items_to_text(data.proposals),
        "recipients": "\n".join(data.recipients),
        "number": data.number,
        "report_date": _fmt_date(data.report_date),
        "place": data.place,
        "subject": data.subject,
        "signer": "vice" if data.signer.authority.startswith("KT") else "chairman",
        "signer_name": data.signer.name,
    }
    for s in data.areas:
        out[f"area.{s.area.value}"] = items_to_text(s.items)
    return out


def apply_edits(data: ReportData, edits: dict[str, str]) -> ReportData:
    """A copy of `data` with the edited fields replaced (unknown fields raise InvalidInput)."""
    unknown = sorted(set(edits) - set(EDITABLE_FIELDS))
    if unknown:
        raise InvalidInput(f"Trường không sửa được: {', '.join(unknown)}.", where=unknown[0])
    data = ReportData.from_json(data.to_json())  # deep copy
    for key, value in edits.items():
        value = value if isinstance(value, str) else str(value or "")
        if key == "basis":
            data.basis = [line.strip() for line in value.splitlines() if line.strip()]
        elif key == "direction":
            data.direction.items = text_to_items(value)
        elif key.startswith("area."):
            area = Area(key.removeprefix("area."))
            section = next((s for s in data.areas if s.area is area), None)
            if section is None:
                section = AreaSection(area)
                data.areas.append(section)
                data.areas.sort(key=lambda s: REFORM_AREAS.index(s.area))
            section.items = text_to_items(value)
        elif key in ("service_summary", "strengths", "shortcomings", "causes", "proposals"):
            setattr(data, key, text_to_items(value))
        elif key == "next_tasks":
            data.next_tasks = _text_to_next(value)
        elif key == "recipients":
            data.recipients = [
                line.strip().lstrip("-").strip() for line in value.splitlines() if line.strip()
            ]
        elif key == "number":
            data.number = value.strip().split("/")[0].strip()
        elif key == "report_date":
            data.report_date = _parse_date(value) if value.strip() else None
        elif key in ("place", "subject"):
            setattr(data, key, value.strip())
        elif key == "signer":
            if value.strip() not in ("chairman", "vice"):
                raise InvalidInput("Thẩm quyền ký phải là chairman hoặc vice.", where="signer")
            name = data.signer.name
            data.signer = Signer.vice_chairman(name) if value.strip() == "vice" else Signer.chairman(name)
        elif key == "signer_name":
            data.signer.name = value.strip()
    return data


def _parse_date(text: str) -> date:
    m = re.fullmatch(r"\s*(\d{1,2})/(\d{1,2})/(\d{4})\s*", text)
    try:
        if m:
            return date(int(m[3]), int(m[2]), int(m[1]))
        return date.fromisoformat(text.strip())
    except ValueError:
        pass
    raise InvalidInput(f"Ngày không hợp lệ: {text!r} (dd/mm/yyyy).", where="report_date")
