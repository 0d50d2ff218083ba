"""A plan document's text → domain Plan: header, indicators, tasks and responsibilities together."""

from __future__ import annotations

import re

from cchc.domain.areas import Area
from cchc.domain.plan import Indicator, Plan, PlanInfo, Task
from cchc.extract.header import parse_plan_info, plan_body
from cchc.extract.indicators import find_indicators
from cchc.extract.layout import paragraphs, sections
from cchc.extract.responsibilities import find_responsibilities
from cchc.extract.tables import table_tasks
from cchc.extract.tasks import narrative_tasks
from cchc.extract.text import fold, nfc

__all__ = ["parse_plan_text"]


def _default_area(text: str, title: str | None = None) -> Area | None:
    """A plan about one area only (a TTHC-reform plan) puts its unlabelled tasks in that area."""
    if title:
        scope = fold(title)
    else:
        head = fold(" ".join(text.split("\n")[:40]))[:3000]
        m = re.search(r"ke hoach(.{0,300})", head)
        scope = m.group(1) if m else head[:600]
    for area, pattern in _SINGLE_AREA_PLANS:
        if re.search(pattern, scope):
            return area
    return None


# Plans about one area only (by the words of their title).
_SINGLE_AREA_PLANS: list[tuple[Area, str]] = [
    (Area.PROCEDURES, r"cai cach (cong tac )?thu tuc hanh chinh|cai cach tthc|kiem soat thu tuc|mot cua lien thong"),
    (Area.DIGITAL_GOVERNMENT, r"chuyen doi so|chinh quyen so|chinh quyen dien tu"),
    (Area.DIRECTION, r"tuyen truyen cai cach hanh chinh|kiem tra (cong tac )?cai cach hanh chinh"),
    (Area.INSTITUTIONS, r"theo doi thi hanh phap luat|kiem tra,? ra soat van ban|pho bien,? giao duc phap luat"),
    (Area.CIVIL_SERVICE, r"dao tao,? boi duong can bo|ky luat,? ky cuong hanh chinh|che do cong vu"),
    (Area.PUBLIC_FINANCE, r"tai chinh cong|tu chu tai chinh|ngan sach"),
    (Area.ORGANIZATION, r"sap xep (to chuc )?bo may|tinh gian bien che"),
]


def parse_plan_text(text: str, *, source_name: str = "") -> Plan:
    """Parse a plan document's text (SourceDocument layout) into a Plan.

    >>> parse_plan_text("KẾ HOẠCH\\nCải cách hành chính năm 2026\\n").info is not None
    True
    """
    text = nfc(text or "").lstrip("\ufeff")
    info: PlanInfo = parse_plan_info(text)
    # tasks and indicators come from the plan itself: no web-page chrome, no Decision that issues it
    text = plan_body(text)
    paras = paragraphs(text)
    secs = sections(paras)
    responsibilities = find_responsibilities(secs)
    # a one-year plan lends its year to timeline cells that leave it out ("6 tháng đầu năm")
    year = info.period.start.year if info.period and info.period.start.year == info.period.end.year else None
    tasks: list[Task] = table_tasks(paras, year=year)
    if not tasks:
        tasks = narrative_tasks(secs, responsibilities, default_area=_default_area(text, info.title), year=year)
    indicators: list[Indicator] = find_indicators(
        text, plan_period=info.period, responsibilities=responsibilities, tasks=tasks
    )
    return Plan(
        info=info,
        indicators=indicators,
        tasks=tasks,
        responsibilities=responsibilities,
        source_file=source_name,
    )
