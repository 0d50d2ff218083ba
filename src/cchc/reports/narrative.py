"""The text of a report an officer would write, composed from the snapshot alone (no database).

Every function reads a `ReportSnapshot` and returns paragraphs (`NarrativeItem`, `NextTask`, strings):
- `opening`: the plans the report answers to (the upper-level plan when the commune's plan cites one)
  and the data window with its cut-off;
- `area_results`: per reform area, what the units reported — each task once, its units' statements
  merged and deduplicated, the document numbers they cited, in a sentence that follows the task's status
  (done, done late, in progress, overdue with the reason given);
- `service_analysis`: the period against the previous one and the same period a year before, the sector
  with the largest share of late dossiers, the pending dossiers within and past their due date, refused
  and withdrawn dossiers;
- `assessment`: strengths, shortcomings and causes from the figures and the units' difficulties;
- `next_points`: 6–8 points from what is overdue, due next period and below target, each with a deadline;
- `proposals`: the units' proposals, else proposals drafted from the figures.
Every figure these sentences quote is a field of the snapshot or a ratio of two of its fields.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import date, timedelta

from cchc.domain.areas import AREA_LABELS, Area
from cchc.domain.periods import Period, PeriodKind
from cchc.domain.report_checks import duplicated_words
from cchc.domain.statuses import TaskStatus
from cchc.reports.data import NarrativeItem, NextTask
from cchc.reports.snapshot import (
    IndicatorFigure,
    Ratio,
    ReportSnapshot,
    ServiceFigure,
    TaskFigure,
    UnitReport,
    late_share,
)

__all__ = [
    "area_results",
    "assessment",
    "change_phrase",
    "next_points",
    "opening",
    "pct",
    "proposals",
    "service_analysis",
    "upper_plan_citation",
]

_DONE = (TaskStatus.DONE, TaskStatus.DONE_LATE)


# --------------------------------------------------------------------------- number formats


def count(n: int) -> str:
    return f"{n:02d}" if 0 < n < 10 else str(n)


def thousands(n: float) -> str:
    return f"{int(n):,}".replace(",", ".")


def pct(r: Ratio | float | None) -> str:
    """`97,35%` (two decimals at most, Vietnamese comma); `—` without a denominator."""
    v = r.value if isinstance(r, Ratio) else r
    return "—" if v is None else f"{v:.2f}".rstrip("0").rstrip(".").replace(".", ",") + "%"


def fmt_date(d: date | None) -> str:
    return f"{d.day:02d}/{d.month:02d}/{d.year}" if d else ""


def _lower_first(text: str) -> str:
    text = text.strip()
    return text[0].lower() + text[1:] if len(text) > 1 and text[1].islower() else text


def _cap(text: str) -> str:
    text = text.strip()
    return text[:1].upper() + text[1:]


def _clean(text: str) -> str:
    return " ".join((text or "").split()).strip().rstrip(".;")


def _key(text: str) -> str:
    return re.sub(r"\W+", " ", text.lower()).strip()


def _join(items: Sequence[str]) -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " và " + items[-1]


# --------------------------------------------------------------------------- opening

_UPPER = re.compile(r"Căn cứ\s+((?:Kế hoạch|Quyết định|Chương trình)\s+số\s+[^;:]+?)(?=;|:|,\s*căn cứ|\.\s|$)",
                    re.IGNORECASE)


def upper_plan_citation(text: str) -> str:
    """The upper-level plan a plan cites (`Căn cứ Kế hoạch số 318/KH-UBND ngày … của … về …;`), or ""."""
    m = _UPPER.search(" ".join((text or "").split()))
    return _clean(m.group(1)) if m else ""


def opening(snap: ReportSnapshot, *, issuer: str) -> list[str]:
    """The opening paragraphs: the plans cited, then the data window and cut-off."""
    plan = snap.plan
    cited = []
    if plan is not None and plan.upper:
        cited.append(plan.upper)
    if plan is not None and (plan.number or plan.title):
        own = "Kế hoạch" + (f" số {plan.number}" if plan.number else "")
        own += f" ngày {fmt_date(plan.issued_on)}" if plan.issued_on else ""
        own += f" của {plan.issuer or issuer}"
        own += f" về {_lower_first(plan.title)}" if plan.title else ""
        cited.append(own)
    if cited:
        first = (f"Thực hiện {'; '.join(cited)}, {issuer} báo cáo kết quả thực hiện công tác cải cách hành chính "
                 f"{snap.period_label} như sau:")
    else:
        first = (f"{issuer} chưa có kế hoạch cải cách hành chính được ban hành trên hệ thống; báo cáo "
                 f"{snap.period_label} dưới đây chỉ gồm các số liệu có sẵn.")
    start = snap.period_start or _period(snap).start
    window = (f"Kỳ báo cáo: từ ngày {fmt_date(start)} đến ngày {fmt_date(_period(snap).end)}; "
              f"số liệu tính đến ngày {fmt_date(snap.cutoff)}.")
    return [first, window]


def _period(snap: ReportSnapshot) -> Period:
    return Period.parse(snap.period_code)


# --------------------------------------------------------------------------- results per area


def _evidence(r: UnitReport) -> str:
    if not r.evidence_number:
        return ""
    return f"văn bản số {r.evidence_number}" + (f" ngày {fmt_date(r.evidence_date)}" if r.evidence_date else "")


_BARE_STATUS = re.compile(r"^(đã hoàn thành|đang thực hiện|đã thực hiện|hoàn thành)\s*(\(\d+% khối lượng\))?\s*:\s*",
                          re.IGNORECASE)


def _statement(r: UnitReport, task: TaskFigure) -> str:
    """The unit's own words without a leading status phrase or a repetition of the task title."""
    text = _clean(r.results)
    text = _BARE_STATUS.sub("", text)
    title = _key(task.task)
    if title and _key(text).startswith(title):
        rest = text[len(task.task):].lstrip(" ,;:")
        text = rest
    return _clean(text)


_IN_PROGRESS_VERBS = ("đang triển khai", "tiếp tục thực hiện", "đang khẩn trương thực hiện")


def _task_sentence(task: TaskFigure, reports: Sequence[UnitReport], n: int) -> str:
    units = _join(sorted({r.unit for r in reports}))
    what = _lower_first(task.task).rstrip(" .")
    said: list[str] = []
    seen: set[str] = set()
    for r in reports:
        s = _statement(r, task)
        ev = _evidence(r)
        if ev and r.evidence_number not in s:
            s = f"{s} ({ev})" if s else f"kết quả báo cáo tại {ev}"
        if s and _key(s) not in seen:
            seen.add(_key(s))
            said.append(s)
    detail = "; ".join(_lower_first(s) for s in said)
    percent = max((r.percent or 0 for r in reports), default=0)
    if task.status is TaskStatus.DONE:
        head = f"{units} đã hoàn thành {what}"
    elif task.status is TaskStatus.DONE_LATE:
        head = f"{units} đã hoàn thành {what}, chậm so với thời hạn" + (f" {task.due}" if task.due_on else "")
    elif task.status is TaskStatus.OVERDUE:
        head = (f"Nhiệm vụ {what} do {units} chủ trì chưa hoàn thành, đã quá thời hạn"
                + (f" {task.due}" if task.due_on else "") + (f" (đạt {percent}% khối lượng)" if percent else ""))
        reasons = list(dict.fromkeys(_clean(r.difficulties) for r in reports if _clean(r.difficulties)))
        text = head + ("; " + detail if detail else "")
        if reasons and not all(_key(x) in _key(detail) for x in reasons):
            text += "; nguyên nhân: " + "; ".join(_lower_first(x) for x in reasons)
        return _dedupe(text + ".", what)
    elif task.status is TaskStatus.IN_PROGRESS:
        verbs = _IN_PROGRESS_VERBS[n % len(_IN_PROGRESS_VERBS):] + _IN_PROGRESS_VERBS[:n % len(_IN_PROGRESS_VERBS)]
        verb = next((v for v in verbs if not duplicated_words(f"{v} {what}")), "đang thực hiện nhiệm vụ")
        head = f"{units} {verb} {what}" + (f", đạt {percent}% khối lượng" if percent else "")
    elif task.status is TaskStatus.PAUSED:
        head = f"Nhiệm vụ {what} ({units}) đang tạm dừng"
    else:
        head = f"{units} đã báo cáo về nhiệm vụ {what}"
    return _dedupe(head + (": " + detail if detail else "") + ".", what)


def _dedupe(text: str, what: str) -> str:
    if duplicated_words(text):  # the task title begins with the verb of the sentence: name it a task
        text = text.replace(f" {what}", f" nhiệm vụ {what}", 1)
    return text


def area_results(snap: ReportSnapshot, area: Area) -> list[NarrativeItem]:
    """One paragraph per task of `area` that its units reported on, done first, then in progress, then late."""
    tasks = {t.ref: t for t in snap.tasks.rows if t.area is area}
    by_task: dict[str, list[UnitReport]] = {}
    for r in (x for x in snap.reports if x.area is area and x.ref in tasks):  # every period's words, oldest first
        if _clean(r.results) or r.evidence_number:
            by_task.setdefault(r.ref, []).append(r)
    order = {TaskStatus.DONE: 0, TaskStatus.DONE_LATE: 1, TaskStatus.IN_PROGRESS: 2, TaskStatus.OVERDUE: 3}
    refs = sorted(by_task, key=lambda ref: (order.get(tasks[ref].status, 4), list(tasks).index(ref)))
    out, seen = [], set()
    for n, ref in enumerate(refs):
        text = _task_sentence(tasks[ref], by_task[ref], n)
        if _key(text) not in seen:
            seen.add(_key(text))
            out.append(NarrativeItem(text, [], None))
    return out


# --------------------------------------------------------------------------- service quality


def change_phrase(now: float, before: float, *, unit: str = " hồ sơ", points: bool = False) -> str:
    """`tăng 120 hồ sơ`, `giảm 1,5 điểm phần trăm`, `không thay đổi`."""
    diff = round(now - before, 2)
    if abs(diff) < 0.005:
        return "không thay đổi"
    word = "tăng" if diff > 0 else "giảm"
    if points:
        return f"{word} {pct(abs(diff))[:-1]} điểm phần trăm"
    return f"{word} {thousands(abs(diff))}{unit}"


def on_time(r: ServiceFigure) -> Ratio:
    return Ratio(r.resolved_early + r.resolved_on_time + r.pending_within, r.resolved + r.pending)


def comparison_rows(snap: ReportSnapshot) -> list[tuple[str, ServiceFigure]]:
    d = snap.dossiers
    if d is None:
        return []
    out = [(snap.period_label, d.total)]
    if d.previous is not None:
        out.append((Period.parse(d.previous_period).label_vi, d.previous))
    if d.last_year is not None:
        out.append((Period.parse(d.last_year_period).label_vi, d.last_year))
    return out


def service_analysis(snap: ReportSnapshot) -> list[NarrativeItem]:
    d = snap.dossiers
    if d is None or not (d.total.received + d.total.carried_over):
        return []
    t = d.total
    out = []
    for code, other in ((d.previous_period, d.previous), (d.last_year_period, d.last_year)):
        if other is None:
            continue
        label = ("cùng kỳ " if code == d.last_year_period else "") + Period.parse(code).label_vi
        out.append(NarrativeItem(
            f"So với {label}: số hồ sơ tiếp nhận {change_phrase(t.received, other.received)} "
            f"({thousands(other.received)} → {thousands(t.received)} hồ sơ), số hồ sơ đã giải quyết "
            f"{change_phrase(t.resolved, other.resolved)} ({thousands(other.resolved)} → {thousands(t.resolved)} "
            f"hồ sơ), tỷ lệ đúng hạn {change_phrase(on_time(t).value or 0, on_time(other).value or 0, points=True)} "
            f"({pct(on_time(other))} → {pct(on_time(t))})."))
    worst = d.sector(d.worst_sector) if d.worst_sector else None
    if worst is not None:
        share = late_share(worst)
        text = (f"Lĩnh vực {worst.label} có tỷ lệ hồ sơ trễ hạn cao nhất: {thousands(share.numerator)}/"
                f"{thousands(share.denominator)} hồ sơ ({pct(share)}), gồm {thousands(worst.resolved_late)} hồ sơ "
                f"giải quyết quá hạn và {thousands(worst.pending_overdue)} hồ sơ đang quá hạn")
        top = [p for p in d.procedures if p.resolved_late + p.pending_overdue][:2]
        if top:
            text += "; tập trung ở thủ tục " + "; ".join(
                f"{_proc_name(p.label)} ({thousands(p.resolved_late + p.pending_overdue)} hồ sơ)" for p in top)
        out.append(NarrativeItem(text + " (chi tiết tại Bảng 3, Phụ lục III)."))
    split = (f"Trong {thousands(t.pending)} hồ sơ đang giải quyết đến ngày {fmt_date(snap.cutoff)}: "
             f"{thousands(t.pending_within)} hồ sơ còn trong hạn"
             + (f" (trong đó {thousands(t.pending_due_today)} hồ sơ đến hạn vào ngày cuối kỳ)"
                if t.pending_due_today else "")
             + f", {thousands(t.pending_overdue)} hồ sơ đã quá hạn")
    if d.returned or d.withdrawn:
        split += (f"; trong kỳ có {thousands(d.returned)} hồ sơ trả lại người nộp (không được tiếp nhận, dừng "
                  f"xử lý) và {thousands(d.withdrawn)} hồ sơ do người nộp rút")
    out.append(NarrativeItem(split + "."))
    return out


def _proc_name(label: str) -> str:
    code, _, name = label.partition(" – ")
    return f"“{name}”" if name else code


# --------------------------------------------------------------------------- assessment


def _met(snap: ReportSnapshot) -> list[IndicatorFigure]:
    return [i for i in snap.indicators if i.verdict.value in ("met", "exceeded")]


def _below(snap: ReportSnapshot) -> list[IndicatorFigure]:
    return [i for i in snap.indicators if i.verdict.value == "below"]


def _value(i: IndicatorFigure) -> str:
    return "—" if i.actual is None else pct(i.actual) if i.unit == "%" else f"{pct(i.actual)[:-1]} {i.unit}".strip()


def _target(i: IndicatorFigure) -> str:
    comp = {">=": "≥ ", "<=": "≤ ", ">": "> ", "<": "< "}.get(i.comparator, "")
    return comp + (pct(i.target) if i.unit == "%" else f"{pct(i.target)[:-1]} {i.unit}".strip())


def _units_of(rows: Iterable[TaskFigure]) -> list[str]:
    return sorted({u for r in rows for u in (r.lead_units or ())})


def assessment(snap: ReportSnapshot) -> tuple[list[NarrativeItem], list[NarrativeItem], list[NarrativeItem]]:
    """(strengths, shortcomings, causes)."""
    c = snap.tasks.total
    strengths: list[NarrativeItem] = []
    if c.total:
        full = [g.label for g in snap.tasks.by_area if g.counts.total and g.counts.finished == g.counts.total]
        text = (f"Các phòng, đơn vị đã tổ chức thực hiện các nhiệm vụ cải cách hành chính theo kế hoạch; đến hết kỳ "
                f"đã hoàn thành {count(c.finished)}/{count(c.total)} nhiệm vụ")
        if full:
            text += f", trong đó hoàn thành toàn bộ nhiệm vụ của lĩnh vực {_join([_lower_first(a) for a in full])}"
        strengths.append(NarrativeItem(text + "."))
    met = _met(snap)
    if met:
        strengths.append(NarrativeItem(
            f"{count(len(met))} chỉ tiêu đạt hoặc vượt kế hoạch: "
            + "; ".join(f"{_lower_first(i.name)} đạt {_value(i)}" for i in met[:4])
            + (f" và {count(len(met) - 4)} chỉ tiêu khác" if len(met) > 4 else "") + "."))
    d = snap.dossiers
    if d is not None and d.previous is not None and (on_time(d.total).value or 0) > (on_time(d.previous).value or 0):
        strengths.append(NarrativeItem(
            f"Chất lượng giải quyết thủ tục hành chính được cải thiện: tỷ lệ đúng hạn "
            f"{change_phrase(on_time(d.total).value or 0, on_time(d.previous).value or 0, points=True)} so với "
            f"{Period.parse(d.previous_period).label_vi}."))

    shortcomings: list[NarrativeItem] = []
    overdue = [r for r in snap.tasks.rows if r.status is TaskStatus.OVERDUE]
    if overdue:
        shortcomings.append(NarrativeItem(
            f"Còn {count(len(overdue))} nhiệm vụ quá hạn chưa hoàn thành, thuộc trách nhiệm của "
            f"{_join(_units_of(overdue))}; danh sách tại Phụ lục I."))
    below = _below(snap)
    if below:
        shortcomings.append(NarrativeItem(
            "Một số chỉ tiêu chưa đạt kế hoạch: "
            + "; ".join(f"{_lower_first(i.name)} ({_value(i)}, chỉ tiêu {_target(i)})" for i in below) + "."))
    if d is not None and d.worst_sector and d.sector(d.worst_sector) is not None:
        w = d.sector(d.worst_sector)
        assert w is not None
        share = late_share(w)
        shortcomings.append(NarrativeItem(
            f"Việc giải quyết hồ sơ lĩnh vực {w.label} còn chậm: {thousands(share.numerator)}/"
            f"{thousands(share.denominator)} hồ sơ trễ hạn ({pct(share)})."))
    if snap.missing_units:
        shortcomings.append(NarrativeItem(
            f"{count(len(snap.missing_units))} đơn vị chưa gửi báo cáo tiến độ của kỳ: "
            f"{_join(list(snap.missing_units))}."))

    causes: dict[str, set[str]] = {}
    for r in snap.reports:
        why = _clean(r.difficulties)
        if why:
            causes.setdefault(_cap(why), set()).add(r.unit)
    cause_items = [NarrativeItem(f"{text} (nêu trong báo cáo của {_join(sorted(units))}).")
                   for text, units in sorted(causes.items(), key=lambda kv: (-len(kv[1]), kv[0]))]
    if d is not None and d.total.pending_overdue and d.previous is not None and (
            d.total.pending_overdue > d.previous.pending_overdue):
        cause_items.append(NarrativeItem(
            f"Số hồ sơ đang quá hạn tăng từ {thousands(d.previous.pending_overdue)} lên "
            f"{thousands(d.total.pending_overdue)} hồ sơ trong khi số hồ sơ tiếp nhận "
            f"{change_phrase(d.total.received, d.previous.received)}, cho thấy lực lượng xử lý chưa theo kịp."))
    return strengths, shortcomings, cause_items


# --------------------------------------------------------------------------- next period


def _next_label(snap: ReportSnapshot) -> Period:
    return _period(snap).next()


def next_points(snap: ReportSnapshot, *, limit: int = 8) -> list[NextTask]:
    """6–8 points: overdue work first (a new deadline a month after the cut-off), below-target indicators,
    the worst sector's late dossiers, tasks due next period (their own deadline), missing reports."""
    nxt = _next_label(snap)
    soon = min(nxt.end, snap.cutoff + timedelta(days=30))
    points: list[NextTask] = []
    overdue = [r for r in snap.tasks.rows if r.status is TaskStatus.OVERDUE]
    by_unit: dict[str, list[TaskFigure]] = {}
    for r in overdue:
        by_unit.setdefault(r.lead or "(chưa phân công)", []).append(r)
    for unit, rows in sorted(by_unit.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        what = "; ".join(_lower_first(r.task).rstrip(". ") for r in rows[:3])
        more = f" và {count(len(rows) - 3)} nhiệm vụ khác" if len(rows) > 3 else ""
        points.append(NextTask(f"Hoàn thành dứt điểm {count(len(rows))} nhiệm vụ đã quá hạn: {what}{more}",
                               unit, fmt_date(soon), ", ".join(r.ref for r in rows if r.ref) or None))
    for i in _below(snap)[:2]:
        points.append(NextTask(f"Phấn đấu chỉ tiêu “{_lower_first(i.name)}” đạt {_target(i)} (hiện đạt {_value(i)})",
                               "", fmt_date(nxt.end), i.ref))
    d = snap.dossiers
    if d is not None and d.worst_sector and d.sector(d.worst_sector) is not None:
        w = d.sector(d.worst_sector)
        assert w is not None
        if w.pending_overdue:
            points.append(NextTask(
                f"Xử lý dứt điểm {thousands(w.pending_overdue)} hồ sơ đang quá hạn của lĩnh vực {w.label}, "
                "thực hiện xin lỗi người dân theo quy định", "Trung tâm Phục vụ hành chính công",
                fmt_date(min(nxt.end, snap.cutoff + timedelta(days=15))), None))
    due_next = [r for r in snap.tasks.rows if r.due_on is not None and nxt.start <= r.due_on <= nxt.end
                and r.status not in (*_DONE, TaskStatus.CANCELLED, TaskStatus.OVERDUE)]
    for r in sorted(due_next, key=lambda r: (r.due_on, r.ref)):
        points.append(NextTask(_cap(r.task).rstrip(". "), r.lead, fmt_date(r.due_on), r.ref or None))
    if snap.missing_units:
        points.append(NextTask(f"Gửi đầy đủ, đúng hạn báo cáo tiến độ {nxt.label_vi}: {_join(list(snap.missing_units))}",
                               "", fmt_date(Period.containing(nxt.start, PeriodKind.QUARTER).end + timedelta(days=5)),
                               None))
    if len(points) < 6:  # continuous tasks still running fill the list
        for r in snap.tasks.rows:
            if len(points) >= 6:
                break
            if r.due_on is None and r.status in (TaskStatus.IN_PROGRESS, TaskStatus.NOT_STARTED):
                points.append(NextTask(f"Tiếp tục {_lower_first(r.task).rstrip('. ')}", r.lead, fmt_date(nxt.end),
                                       r.ref or None))
    return points[:limit]


# --------------------------------------------------------------------------- proposals


def proposals(snap: ReportSnapshot) -> list[NarrativeItem]:
    """The units' proposals (each once, with the units that made it); else drafted from the figures."""
    given: dict[str, set[str]] = {}
    for r in snap.reports:
        p = _clean(r.proposals)
        if p:
            given.setdefault(_cap(p), set()).add(r.unit)
    if given:
        return [NarrativeItem(f"{text} (đề xuất của {_join(sorted(units))}).") for text, units in given.items()]
    out: list[NarrativeItem] = []
    d = snap.dossiers
    if d is not None and d.previous is not None and d.total.pending_overdue > d.previous.pending_overdue:
        out.append(NarrativeItem(
            f"Đề nghị Sở Nội vụ xem xét bổ sung biên chế công chức cho Trung tâm Phục vụ hành chính công: số hồ sơ "
            f"đang quá hạn tăng từ {thousands(d.previous.pending_overdue)} lên {thousands(d.total.pending_overdue)} "
            "hồ sơ."))
    if d is not None and d.worst_sector and d.sector(d.worst_sector) is not None:
        w = d.sector(d.worst_sector)
        assert w is not None
        share, overall = late_share(w), late_share(d.total)
        if (share.value or 0) > 1.5 * (overall.value or 0):
            out.append(NarrativeItem(
                f"Đề nghị sở quản lý lĩnh vực {w.label} hướng dẫn, hỗ trợ nghiệp vụ và kết nối dữ liệu: tỷ lệ hồ sơ "
                f"trễ hạn của lĩnh vực là {pct(share)}, chung của địa phương là {pct(overall)}."))
    if not out and _below(snap):
        out.append(NarrativeItem("Đề nghị Sở Nội vụ tiếp tục hướng dẫn, tập huấn nghiệp vụ cho công chức để thực hiện "
                                 "các chỉ tiêu chưa đạt."))
    return out


def area_title(area: Area) -> str:
    return AREA_LABELS[area][0]
