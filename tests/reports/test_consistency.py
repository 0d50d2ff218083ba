"""A report an officer signs unedited: every figure agrees across the Word text, its tables, the Excel
appendix and the stored snapshot, for a quarter, a half-year and a year of the demo ward.

The demo ward is seeded, then the hand-entered Decision 766 parts of the first two quarters are cleared,
so only the third quarter has them (the case a signer met): the half-year score must then be provisional
with the missing parts named, and the third quarter's months must carry the parts entered for it.
"""

from __future__ import annotations

import re
import subprocess
import sys
import unicodedata
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

from cchc.domain.report_checks import duplicated_words, fold, placeholders
from cchc.domain.statuses import TASK_STATUS_LABELS, TaskStatus

from .conftest import sheet_table

TODAY = date(2026, 11, 25)
PERIODS = ("2026-Q3", "2026-H1", "2026")
LOCALITY = 11533
LABEL_STATUS = {v[0].lower(): k for k, v in TASK_STATUS_LABELS.items()}


@dataclass
class Generated:
    period: str
    folder: Path
    docx: Path
    xlsx: Path
    snapshot: object
    version: int


@dataclass
class DemoWorld:
    url: str
    data_dir: Path
    reports: dict[str, Generated]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> DemoWorld:
    from cchc import reporting as svc
    from cchc.demo import seed_demo
    from cchc.dossiers import DossierStore
    from cchc.dossiers.index766 import INPUT_INDICATORS
    from cchc.kernel.actor import Actor
    from cchc.kernel.db import session_scope, upgrade_database
    from cchc.quality import dossier_dir
    from cchc.reporting.versions import version_snapshot

    root = tmp_path_factory.mktemp("demo")
    url = f"sqlite:///{root / 'cchc.db'}"
    upgrade_database(url)
    with session_scope(url) as s:
        seed_demo(s, data_dir=root, today=TODAY)
    with DossierStore(dossier_dir(root)) as store:  # entered parts for the third quarter only
        store.set_766_inputs([{"locality_code": LOCALITY, "period": q, "indicator": k, "value": None}
                              for q in ("2026-Q1", "2026-Q2") for k in INPUT_INDICATORS])
    out = {}
    for period in PERIODS:
        with session_scope(url) as s:
            v = svc.generate_report(s, Actor.system(), locality_code=LOCALITY, period=period, data_dir=root,
                                    with_charts=False, today=TODAY)
            snap = version_snapshot(s, Actor.system(), locality_code=LOCALITY, period=period, version=v.version)
        folder = root / "reports" / str(LOCALITY) / v.period
        out[period] = Generated(v.period, folder, folder / v.files["docx"], folder / v.files["xlsx"], snap, v.version)
    return DemoWorld(url, root, out)


def _texts(doc) -> list[str]:  # type: ignore[no-untyped-def]
    out = [p.text for p in doc.paragraphs if p.text.strip()]
    for t in doc.tables:
        seen = set()
        for row in t.rows:
            for c in row.cells:
                if id(c._tc) not in seen:
                    seen.add(id(c._tc))
                    out += [p.text for p in c.paragraphs if p.text.strip()]
    return out


def _table(doc, first_header: str, second: str):  # type: ignore[no-untyped-def]
    return next(t for t in doc.tables if t.rows[0].cells[0].text == first_header and t.rows[0].cells[1].text == second)


def _parse_statuses(text: str) -> dict[TaskStatus, int]:
    out = {}
    for label, n in re.findall(r"(hoàn thành muộn|hoàn thành|đang thực hiện|quá hạn|chưa triển khai|tạm dừng|hủy bỏ)"
                               r"\s+(\d+)", text):
        out[LABEL_STATUS[label]] = int(n)
    return out


def _num(text: str) -> float:
    return float(text.replace(".", "").replace(",", ".").rstrip("%"))


@pytest.mark.parametrize("period", PERIODS)
def test_task_totals_agree_in_the_text_the_appendix_the_workbook_and_the_snapshot(demo: DemoWorld, period: str):
    g = demo.reports[period]
    snap = g.snapshot
    doc = Document(str(g.docx))
    body = [p.text for p in doc.paragraphs]
    summary = next(t for t in body if t.startswith("Kế hoạch cải cách hành chính có"))
    total = int(re.search(r"có (\d+) nhiệm vụ", summary).group(1))
    stated = _parse_statuses(summary.split("nhiệm vụ:", 1)[1].split(";")[0])
    appendix = _table(doc, "STT", "Mã NV")
    rows = [[c.text for c in r.cells] for r in appendix.rows[1:]]
    by_label = {}
    for r in rows:
        by_label[LABEL_STATUS[r[6].lower()]] = by_label.get(LABEL_STATUS[r[6].lower()], 0) + 1
    wb = load_workbook(g.xlsx)
    xrows = sheet_table(wb["PL1 Nhiệm vụ"])
    x_by_label = {}
    for r in xrows:
        x_by_label[LABEL_STATUS[r[7].lower()]] = x_by_label.get(LABEL_STATUS[r[7].lower()], 0) + 1
    snap_counts = dict((s, n) for s, n in snap.tasks.total.items())
    assert total == len(rows) == len(xrows) == len(snap.tasks.rows) == snap.tasks.total.total
    assert stated == by_label == x_by_label == snap_counts  # every status with tasks has its figure
    assert len({r[1] for r in rows}) == len(rows)  # each task once
    strengths = next(t for t in body if "đã hoàn thành" in t and "/" in t and t.startswith("- "))
    done, of = map(int, re.search(r"hoàn thành (\d+)/(\d+) nhiệm vụ", strengths).groups())
    assert (done, of) == (snap.tasks.total.finished, total)
    # every area line adds up and matches the appendix rows of that area
    for line in (t for t in body if t.startswith(("Lĩnh vực có", "Công tác chỉ đạo, điều hành có"))):
        n = int(re.search(r"có (\d+) nhiệm vụ", line).group(1))
        assert sum(_parse_statuses(line.split(":", 1)[1]).values()) == n, line
    by_area = {}
    for r in rows:
        by_area[r[2]] = by_area.get(r[2], 0) + 1
    assert by_area == {g_.label: g_.counts.total for g_ in snap.tasks.by_area}


@pytest.mark.parametrize("period", PERIODS)
def test_the_on_time_rate_has_one_value_with_its_definition(demo: DemoWorld, period: str):
    g = demo.reports[period]
    snap = g.snapshot
    doc = Document(str(g.docx))
    body = [p.text for p in doc.paragraphs]
    ii06a = _table(doc, "Lĩnh vực", "Số hồ sơ nhận giải quyết")
    total = [c.text for c in ii06a.rows[-1].cells]
    assert total[0] == "Tổng cộng"
    early, on_time, late, within, overdue = (int(_num(total[i])) for i in (6, 7, 8, 10, 11))
    rate = round(100 * (early + on_time + within) / (early + on_time + late + within + overdue), 2)
    assert rate == snap.dossiers.on_time.value
    quoted = [_num(m) for t in body if not t.startswith("Ghi chú")
              for m in re.findall(r"trước hạn, đúng hạn đạt (\d+(?:,\d+)?)%", t)]
    assert quoted and set(quoted) == {rate}
    note = next(t for t in body if t.startswith("Ghi chú: Tỷ lệ hồ sơ giải quyết trước hạn, đúng hạn"))
    resolved = round(100 * (early + on_time) / (early + on_time + late), 2)
    assert f"{early + on_time + within:,}".replace(",", ".") in note and str(resolved).replace(".", ",") in note
    indicators = _table(doc, "STT", "Chỉ tiêu")
    row = next(r for r in indicators.rows[1:] if "đúng hạn và trước hạn" in r.cells[1].text)
    assert _num(row.cells[3].text) == rate
    verdict = row.cells[4].text
    assert verdict == ("Chưa đạt" if rate < 98 else "Vượt" if rate > 98 else "Đạt")  # from the comparison
    wb = load_workbook(g.xlsx)
    xrow = next(r for r in sheet_table(wb["PL2 Chỉ tiêu"]) if r[1] and "đúng hạn và trước hạn" in r[1])
    assert round(xrow[4] * 100, 2) == rate and xrow[6] == verdict


@pytest.mark.parametrize("period", PERIODS)
def test_the_766_score_is_the_same_everywhere_and_never_counts_missing_parts_as_zero(demo: DemoWorld, period: str):
    g = demo.reports[period]
    ix = g.snapshot.index_766
    doc = Document(str(g.docx))
    body = [p.text for p in doc.paragraphs]
    table = _table(doc, "STT", "Nhóm chỉ số")
    last = [c.text for c in table.rows[-1].cells]
    groups = [_num(r.cells[3].text) for r in table.rows[1:-1]]
    assert _num(last[3]) == round(sum(groups), 2) == ix.total
    quoted = [_num(m) for t in body for m in re.findall(r"(\d+(?:,\d+)?)/100 điểm", t)]
    assert quoted and set(quoted) == {ix.total}
    wb = load_workbook(g.xlsx)
    xlast = sheet_table(wb["Chỉ số 766"])[-1]
    assert xlast[3] == ix.total
    text = " ".join(body)
    assert not re.search(r"xếp loại (Xuất sắc|Tốt|Khá|Trung bình|Yếu)", text)  # no band without a legal text
    if ix.provisional:
        assert "tạm tính" in last[1] and "tạm tính" in xlast[1]
        assert all(name in text for name in ix.missing)
    else:
        assert "tạm tính" not in last[1]


@pytest.mark.parametrize("period", PERIODS)
def test_every_sheet_of_the_workbook_has_the_header_block_and_the_snapshot_figures(demo: DemoWorld, period: str):
    from datetime import datetime

    from cchc.domain.periods import Period

    g = demo.reports[period]
    snap = g.snapshot
    wb = load_workbook(g.xlsx)
    per = Period.parse(g.period)
    d = snap.dossiers
    for ws in wb:
        head = {}
        for row in ws.iter_rows(min_row=4, max_row=7, values_only=True):
            values = [v for v in row if v is not None]
            head[values[0]] = values[1]
        start, end = (d.start, d.end) if ws.title in ("II.06a", "Đang giải quyết", "Chỉ số 766", "Theo tháng") else (per.start, snap.cutoff)
        assert head == {"Đơn vị báo cáo:": f"Ủy ban nhân dân {snap.locality_name}",
                        "Kỳ báo cáo:": snap.period_label[:1].upper() + snap.period_label[1:],
                        "Thời gian lấy số liệu:": f"Từ ngày {start:%d/%m/%Y} đến ngày {end:%d/%m/%Y}",
                        "Ngày chốt số liệu:": datetime.combine(snap.cutoff, datetime.min.time())}
    tasks = sheet_table(wb["PL1 Nhiệm vụ"])
    assert [(r[1], r[6] and r[6].date(), r[8]) for r in tasks] == [
        (t.ref, t.due_on, None if t.percent is None else t.percent / 100) for t in snap.tasks.rows]
    ii06a = sheet_table(wb["II.06a"])
    assert [r[1:] for r in ii06a] == [
        [r.label, r.carried_over + r.received, r.carried_over, r.received_online, r.received_direct, r.resolved,
         r.resolved_early, r.resolved_on_time, r.resolved_late, r.pending, r.pending_within, r.pending_overdue]
        for r in d.rows]
    assert [r[0] for r in ii06a] == [*range(1, len(d.rows)), None]
    groups = sheet_table(wb["Chỉ số 766"])[:-1]
    assert [(r[1], r[3]) for r in groups] == [(x.name, x.points) for x in snap.index_766.groups]
    months = sheet_table(wb["Theo tháng"])
    assert [(f"{r[1]:%Y-%m}", r[2], None if r[3] is None else round(r[3] * 100, 2)) for r in months] == [
        (m.month, m.received, m.on_time_rate) for m in d.months]


@pytest.mark.parametrize("period", PERIODS)
def test_the_pending_split_and_the_returned_and_withdrawn_dossiers_agree_in_text_table_workbook_and_snapshot(
        demo: DemoWorld, period: str):
    """Line 1 = the II.06a pending total = lines 2 + 3 + 4; 2 + 3 = "within time"; lines 5, 6 are parts
    of the resolved; every % is the footnote's numerator / denominator; the text quotes the same counts."""
    from cchc.reports.snapshot import pending_split

    g = demo.reports[period]
    d = g.snapshot.dossiers
    t = d.total
    lines = pending_split(t)
    assert lines[0].count == t.pending == sum(x.count for x in lines[1:4])
    assert lines[1].count + lines[2].count == t.pending_within and lines[3].count == t.pending_overdue
    assert t.returned + t.withdrawn <= t.resolved and (t.returned, t.withdrawn) == (d.returned, d.withdrawn)
    assert t.returned and t.withdrawn  # the demo has both
    doc = Document(str(g.docx))
    word = next(x for x in doc.tables if [c.text for c in x.rows[0].cells] == ["STT", "Nội dung", "Số hồ sơ", "Tỷ lệ (%)"])
    assert [[c.text for c in r.cells] for r in word.rows[1:]] == [
        [x.number, x.label, f"{x.count:,}".replace(",", "."),
         "—" if x.ratio.value is None else f"{x.ratio.value:.2f}".rstrip("0").rstrip(".").replace(".", ",")]
        for x in lines]
    assert lines[0].ratio.denominator == t.resolved + t.pending and lines[4].ratio.denominator == t.resolved
    texts = _texts(doc)
    assert any("Tỷ lệ (%) của dòng 1 = số hồ sơ đang giải quyết / (số hồ sơ đã giải quyết + đang giải quyết)" in x
               for x in texts)
    split = next(x for x in texts if x.startswith(f"Trong {t.pending:,} hồ sơ đang giải quyết".replace(",", ".")))
    assert f"{t.pending_within:,} hồ sơ còn trong hạn".replace(",", ".") in split
    assert f"{t.pending_overdue:,} hồ sơ đã quá hạn".replace(",", ".") in split
    assert f"{t.returned:,} hồ sơ trả lại người nộp".replace(",", ".") in split
    sheet = sheet_table(load_workbook(g.xlsx)["Đang giải quyết"])
    assert [(r[0], r[1], r[2], None if r[3] is None else round(r[3] * 100, 2)) for r in sheet] == [
        (int(x.number), x.label, x.count, x.ratio.value) for x in lines]


def test_the_half_year_without_entered_parts_is_provisional_and_the_third_quarters_months_carry_them(demo):
    h1 = demo.reports["2026-H1"].snapshot.index_766
    assert h1.provisional and "Công bố, công khai TTHC đúng hạn" in h1.missing
    q3 = demo.reports["2026-Q3"]
    assert not q3.snapshot.index_766.provisional
    months = {m.month: m for m in q3.snapshot.dossiers.months}
    assert [months[m].index_766_provisional for m in ("2026-07", "2026-08", "2026-09")] == [False] * 3
    wb = load_workbook(q3.xlsx)
    sheet = {f"{r[1]:%Y-%m}": r for r in sheet_table(wb["Theo tháng"])}
    for m in ("2026-07", "2026-08", "2026-09"):
        assert sheet[m][8] == months[m].index_766 and sheet[m][8] > 60  # the entered parts count
    year = demo.reports["2026"].snapshot.index_766
    assert year.entered_for == ("2026-Q3",)
    assert any("lấy theo số liệu nhập cho quý III năm 2026" in p.text for p in Document(str(demo.reports["2026"].docx)).paragraphs)


def test_the_half_year_and_the_year_have_indicator_figures_for_their_whole_period(demo: DemoWorld):
    for period in ("2026-H1", "2026"):
        snap = demo.reports[period].snapshot
        measured = [i for i in snap.indicators if i.source == "dossiers"]
        assert measured and all(i.actual is not None and i.ratio is not None for i in measured)
        assert not [i for i in snap.indicators if i.verdict.value == "no_data" and i.source == "dossiers"]


@pytest.mark.parametrize("period", PERIODS)
def test_no_placeholder_no_repeated_word_and_one_spelling_of_the_locality(demo: DemoWorld, period: str):
    g = demo.reports[period]
    texts = _texts(Document(str(g.docx)))
    wb = load_workbook(g.xlsx)
    texts += [str(v) for ws in wb for row in ws.iter_rows(values_only=True) for v in row if isinstance(v, str)]
    assert all(unicodedata.is_normalized("NFC", t) for t in texts)
    assert [t for t in texts if placeholders(t)] == []
    assert [t for t in texts if duplicated_words(t)] == []
    assert not any("Số liệu cập nhật đến" in t and re.search(r"\d{1,2}:\d{2}", t) for t in texts)
    spellings = set()
    for t in texts:
        for m in re.finditer(r"(?:(xã|phường|thị trấn)\s+)?(h[oò]a?[àa]?\s*b[iì]nh)", t, re.IGNORECASE):
            if fold(m.group(2)) == "hoa binh":
                spellings.add((m.group(1) or "").lower() + " " + (m.group(2).lower() if m.group(2).isupper() else m.group(2)))
    assert {s.strip() for s in spellings} <= {"phường Hoà Bình", "Hoà Bình", "phường hoà bình", "hoà bình"}


def test_a_version_is_a_draft_until_approved_and_its_snapshot_is_a_database_row(demo: DemoWorld):
    from sqlalchemy import select

    from cchc import reporting as svc
    from cchc.kernel.actor import Actor
    from cchc.kernel.db import session_scope
    from cchc.reports.snapshot import ReportSnapshot
    from cchc.store.models_reports import ReportVersionRow

    g = demo.reports["2026-Q3"]

    def header_texts(path: Path) -> list[str]:
        d = Document(str(path))
        s = d.sections[0]
        return [p.text for h in (s.header, s.first_page_header) for p in h.paragraphs]

    assert "DỰ THẢO" in header_texts(g.docx)
    with session_scope(demo.url) as s:
        row = s.scalars(select(ReportVersionRow).where(ReportVersionRow.period == "2026-Q3")).one()
        assert ReportSnapshot.from_json(row.snapshot) == g.snapshot
        v = svc.approve_report(s, Actor.system(), locality_code=LOCALITY, period="2026-Q3", version=g.version,
                               data_dir=demo.data_dir)
    assert v.approved
    assert "DỰ THẢO" not in header_texts(g.docx)
    assert "DỰ THẢO" in header_texts(demo.reports["2026-H1"].docx)


def test_approval_is_refused_while_a_placeholder_remains(demo: DemoWorld):
    from cchc import reporting as svc
    from cchc.domain.errors import Inconsistent
    from cchc.kernel.actor import Actor
    from cchc.kernel.db import session_scope

    with session_scope(demo.url) as s:
        svc.save_draft(s, Actor.system(), locality_code=LOCALITY, period="2026-H1", data_dir=demo.data_dir,
                       edits={"proposals": "Đề nghị Sở Nội vụ [bổ sung nội dung] hỗ trợ kinh phí."}, today=TODAY)
        v = svc.generate_report(s, Actor.system(), locality_code=LOCALITY, period="2026-H1", data_dir=demo.data_dir,
                                with_charts=False, today=TODAY)
        with pytest.raises(Inconsistent, match="còn chỗ trống"):
            svc.approve_report(s, Actor.system(), locality_code=LOCALITY, period="2026-H1", version=v.version,
                               data_dir=demo.data_dir)


def test_generation_is_refused_naming_the_places_when_an_edit_contradicts_the_figures(demo: DemoWorld):
    from cchc import reporting as svc
    from cchc.domain.errors import Inconsistent
    from cchc.kernel.actor import Actor
    from cchc.kernel.db import session_scope

    with session_scope(demo.url) as s:
        svc.save_draft(s, Actor.system(), locality_code=LOCALITY, period="2026", data_dir=demo.data_dir, today=TODAY,
                       edits={"strengths": "Đến hết kỳ đã hoàn thành 05/24 nhiệm vụ; đã triển khai triển khai tốt."})
        with pytest.raises(Inconsistent) as err:
            svc.generate_report(s, Actor.system(), locality_code=LOCALITY, period="2026", data_dir=demo.data_dir,
                                with_charts=False, today=TODAY)
    message = err.value.message
    assert "mục II" in message and "mục III" in message and "24" in message
    assert "triển khai triển khai" in message


@pytest.mark.parametrize("period", PERIODS)
def test_the_shared_checker_passes_every_decree30_check(demo: DemoWorld, period: str, shared_dir: Path):
    proc = subprocess.run([sys.executable, str(shared_dir / "tools" / "check_decree30.py"),
                           str(demo.reports[period].docx)], capture_output=True, text=True, check=False)
    assert proc.stdout.strip().splitlines()[-1] == "decree30: 17/17", proc.stdout
