"""The consistency rules of `domain.report_checks` applied to a report as it will be printed.

`report_paragraphs` lays the report out (without charts) and reads every paragraph and table cell
back with the part it belongs to (`mục II`, `mục II.8`, `Phụ lục I`…); `report_findings` checks the
snapshot's identities, the figures the text quotes against the snapshot, and the text rules.
"""

from __future__ import annotations

import re

from docx.document import Document as DocxDocument
from docx.table import Table
from docx.text.paragraph import Paragraph as DocxParagraph

from cchc.domain.report_checks import (
    Finding,
    Paragraph,
    check_text,
    rate_values,
    status_sentences,
    statuses_without_line,
    totals_disagree,
    values_disagree,
)
from cchc.domain.statuses import TASK_STATUS_LABELS
from cchc.reports.data import ReportData
from cchc.reports.snapshot import ReportSnapshot

__all__ = ["document_paragraphs", "report_findings", "report_paragraphs", "snapshot_findings"]

_PART = re.compile(r"^([IVX]+)\.\s")
_SUB = re.compile(r"^(\d+)\.\s")


def document_paragraphs(doc: DocxDocument) -> list[Paragraph]:
    """Every paragraph of a laid-out report (body and tables, in order) with its place."""
    out: list[Paragraph] = []
    part = "phần mở đầu"
    sub = ""
    table_n = 0
    for el in doc.element.body.iterchildren():
        if el.tag.endswith("}p"):
            text = DocxParagraph(el, doc).text.strip()
            if not text:
                continue
            if text.startswith("Phụ lục"):
                part, sub = text, ""
            elif _PART.match(text) and text.upper() == text:
                part, sub = f"mục {_PART.match(text).group(1)}", ""  # type: ignore[union-attr]
            elif _SUB.match(text) and part.startswith("mục"):
                sub = _SUB.match(text).group(1)  # type: ignore[union-attr]
            where = f"{part}.{sub}" if sub else part
            if text.startswith("Ghi chú:"):
                where += " (ghi chú)"
            out.append(Paragraph(where, text))
        elif el.tag.endswith("}tbl"):
            table_n += 1
            where = "phần đầu văn bản" if table_n == 1 else f"bảng của {part}"
            seen: set[int] = set()
            for row in Table(el, doc).rows:
                for cell in row.cells:
                    if id(cell._tc) in seen:
                        continue
                    seen.add(id(cell._tc))
                    for p in cell.paragraphs:
                        if p.text.strip():
                            out.append(Paragraph(where, p.text.strip()))
    return out


def report_paragraphs(data: ReportData) -> list[Paragraph]:
    from cchc.reports.docx_report import build_report_docx

    return document_paragraphs(build_report_docx(data, with_charts=False))


def snapshot_findings(snap: ReportSnapshot) -> list[Finding]:
    """The snapshot's own identities: by status, by area and by unit add up to the tasks listed."""
    t = snap.tasks
    out = totals_disagree({
        "danh sách nhiệm vụ (Phụ lục I)": len(t.rows),
        "tổng theo tình trạng": t.total.total,
        "tổng theo lĩnh vực": sum(g.counts.total for g in t.by_area),
    })
    led = sum(max(1, len(r.lead_units)) for r in t.rows)
    out += totals_disagree({"số lượt đơn vị chủ trì": led, "tổng theo đơn vị": sum(g.counts.total for g in t.by_unit)})
    for g in t.by_area:
        out += totals_disagree({f"lĩnh vực {g.label}": len([r for r in t.rows if r.area.value == g.key]),
                                f"số đếm theo tình trạng của lĩnh vực {g.label}": g.counts.total})
    if snap.dossiers is not None:
        out += _dossier_split_findings(snap)
    if snap.index_766 is not None:
        ix = snap.index_766
        out += totals_disagree({"tổng điểm Chỉ số 766": round(ix.total, 2),
                                "cộng điểm các nhóm": round(sum(g.points for g in ix.groups), 2)})
    return out


def _dossier_split_findings(snap: ReportSnapshot) -> list[Finding]:
    """The pending split and the returned/withdrawn counts: parts of the II.06a cells, the sectors adding up."""
    from cchc.reports.snapshot import pending_split

    d = snap.dossiers
    assert d is not None
    out: list[Finding] = []
    for r in d.rows:
        if not 0 <= r.pending_due_today <= r.pending_within:
            out.append(Finding(f"bảng II.06a, dòng {r.label}", "bảng hồ sơ đang giải quyết",
                               f"đến hạn vào ngày cuối kỳ {r.pending_due_today} > trong hạn {r.pending_within}"))
        if r.returned < 0 or r.withdrawn < 0 or r.returned + r.withdrawn > r.resolved:
            out.append(Finding(f"bảng II.06a, dòng {r.label}", "bảng hồ sơ đang giải quyết",
                               f"trả lại {r.returned} + rút {r.withdrawn} > đã giải quyết {r.resolved}"))
    if d.sectors:
        for what, fn in (("đến hạn vào ngày cuối kỳ", lambda f: f.pending_due_today),
                         ("trả lại", lambda f: f.returned), ("rút", lambda f: f.withdrawn)):
            out += totals_disagree({f"dòng Tổng cộng ({what})": fn(d.total),
                                    f"cộng các lĩnh vực ({what})": sum(fn(r) for r in d.sectors)})
    out += totals_disagree({"số hồ sơ trả lại trong kỳ": d.returned, "bảng hồ sơ đang giải quyết, dòng 5": d.total.returned})
    out += totals_disagree({"số hồ sơ rút trong kỳ": d.withdrawn, "bảng hồ sơ đang giải quyết, dòng 6": d.total.withdrawn})
    lines = pending_split(d.total)
    out += totals_disagree({"bảng hồ sơ đang giải quyết, dòng 1": lines[0].count,
                            "cộng các dòng 2, 3, 4": sum(x.count for x in lines[1:4]),
                            "bảng II.06a, đang giải quyết": d.total.pending})
    return out


def _pct(v: float | None) -> float | None:
    return None if v is None else round(v, 2)


def report_findings(data: ReportData) -> list[Finding]:
    """Every disagreement of a report about to be generated (empty when it can be signed as it is)."""
    paragraphs = report_paragraphs(data)
    snap = data.snapshot
    kind, _, name = data.locality_name.partition(" ")
    if snap is not None:
        kind, name = snap.locality_kind, snap.locality_name[len(snap.locality_kind) + 1:]
    out: list[Finding] = []
    body = [p for p in paragraphs if not p.place.startswith("bảng") and p.place != "phần đầu văn bản"]
    out += status_sentences(body)
    out += check_text([p for p in paragraphs if p.place != "phần đầu văn bản"] + [
        p for p in paragraphs if p.place == "phần đầu văn bản" and not p.text.startswith(("Số:", "CỘNG HÒA"))
    ], kind=kind, name=name, with_placeholders=False)  # placeholders stop the approval, not a draft
    if snap is None:
        return out
    out += snapshot_findings(snap)
    total = snap.tasks.total
    for p in body:
        for m in re.finditer(r"hoàn thành (\d+)/(\d+) nhiệm vụ", p.text):
            out += values_disagree("mục II (số nhiệm vụ)", total.total, [(p.place, int(m.group(2)))],
                                   what="tổng số nhiệm vụ", tolerance=0)
            out += values_disagree("mục II (số nhiệm vụ hoàn thành)", total.finished, [(p.place, int(m.group(1)))],
                                   what="số nhiệm vụ hoàn thành", tolerance=0)
        m = re.search(r"Kế hoạch cải cách hành chính có (\d+) nhiệm vụ", p.text)
        if m:
            out += values_disagree("Phụ lục I", len(snap.tasks.rows), [(p.place, int(m.group(1)))],
                                   what="tổng số nhiệm vụ", tolerance=0)
            labels = {TASK_STATUS_LABELS[s][0]: n for s, n in total.items()}
            out += statuses_without_line(labels, p.text, place=p.place)
    if snap.dossiers is not None and snap.dossiers.on_time.value is not None:
        quoted = rate_values(body, "trước hạn, đúng hạn đạt", skip="Ghi chú:")
        quoted += [(p.place, v) for p, v in _indicator_on_time(paragraphs, data)]
        out += values_disagree("bảng II.06a (tỷ lệ đúng hạn)", snap.dossiers.on_time.value, quoted,
                               what="tỷ lệ giải quyết trước hạn, đúng hạn")
    if snap.dossiers is not None:
        out += _service_analysis_findings(body, snap)
    if snap.index_766 is not None:
        scores = [(p.place, float(m.group(1).replace(",", "."))) for p in body
                  for m in re.finditer(r"(\d+(?:,\d+)?)/100 điểm", p.text)]
        out += values_disagree("bảng Chỉ số 766", round(snap.index_766.total, 2), scores, what="điểm Chỉ số 766")
    return out


def _indicator_on_time(paragraphs: list[Paragraph], data: ReportData) -> list[tuple[Paragraph, float]]:
    """The on-time indicator's value as the appendix prints it (when the plan has one from dossiers)."""
    snap = data.snapshot
    if snap is None:
        return []
    out = []
    for i in snap.indicators:
        if i.metric == "on_time_rate" and i.actual is not None:
            out.append((Paragraph("Phụ lục II", i.name), float(i.actual)))
    return out


def _n(text: str) -> float:
    return float(text.replace(".", "").replace(",", "."))


_COMPARED = re.compile(r"So với (cùng kỳ )?(.+?): số hồ sơ tiếp nhận [^(]*\((\S+) → (\S+) hồ sơ\), số hồ sơ đã giải "
                       r"quyết [^(]*\((\S+) → (\S+) hồ sơ\), tỷ lệ đúng hạn [^(]*\((\S+)% → (\S+)%\)")
_WORST = re.compile(r"Lĩnh vực (.+?) có tỷ lệ hồ sơ trễ hạn cao nhất: (\S+)/(\S+) hồ sơ \((\S+)%\)")


def _service_analysis_findings(body: list[Paragraph], snap: ReportSnapshot) -> list[Finding]:
    """The comparison with earlier periods and the worst sector quote the snapshot's figures."""
    from cchc.domain.periods import Period
    from cchc.reports.narrative import on_time
    from cchc.reports.snapshot import late_share

    d = snap.dossiers
    assert d is not None
    out: list[Finding] = []
    others = {}
    if d.previous is not None:
        others[Period.parse(d.previous_period).label_vi] = d.previous
    if d.last_year is not None:
        others[Period.parse(d.last_year_period).label_vi] = d.last_year
    t = d.total
    for p in body:
        for m in _COMPARED.finditer(p.text):
            other = others.get(m.group(2))
            if other is None:
                out.append(Finding(p.place, "", f"so sánh với {m.group(2)} nhưng không có số liệu của kỳ đó"))
                continue
            pairs = [("số hồ sơ tiếp nhận", other.received, t.received, 3),
                     ("số hồ sơ đã giải quyết", other.resolved, t.resolved, 5),
                     ("tỷ lệ đúng hạn", on_time(other).value or 0, on_time(t).value or 0, 7)]
            for what, before, now, g in pairs:
                out += values_disagree(f"bảng II.06a ({m.group(2)})", before, [(p.place, _n(m.group(g)))], what=what)
                out += values_disagree("bảng II.06a", now, [(p.place, _n(m.group(g + 1)))], what=what)
        for m in _WORST.finditer(p.text):
            row = d.sector(m.group(1))
            if row is None:
                out.append(Finding(p.place, "", f"lĩnh vực {m.group(1)} không có trong bảng II.06a"))
                continue
            share = late_share(row)
            out += values_disagree("bảng II.06a (hồ sơ trễ hạn)", share.numerator, [(p.place, _n(m.group(2)))],
                                   what=f"số hồ sơ trễ hạn lĩnh vực {row.label}", tolerance=0)
            out += values_disagree("bảng II.06a (hồ sơ trễ hạn)", share.value or 0, [(p.place, _n(m.group(4)))],
                                   what=f"tỷ lệ trễ hạn lĩnh vực {row.label}")
    return out
