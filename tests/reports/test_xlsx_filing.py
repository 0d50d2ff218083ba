"""The report's Excel appendix as a Department of Home Affairs files it: read back with openpyxl."""

from __future__ import annotations

import io
import math
import re
import zipfile
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl.utils import get_column_letter

from cchc.domain.areas import AREA_LABELS
from cchc.domain.periods import Period
from cchc.domain.statuses import TASK_STATUS_LABELS

CODE = 29830


@pytest.fixture(scope="module")
def dossier_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from cchc.dossiers import DossierStore, generate_dossiers

    root = tmp_path_factory.mktemp("dossiers")
    with DossierStore(root) as store:
        store.import_table(generate_dossiers([CODE], 2026, 400, seed=5))
    return root


class TestDataWindow:
    def test_the_dossier_figures_carry_the_calendar_span_of_the_period(self, dossier_root: Path) -> None:
        from cchc.reporting.figures import dossier_figures
        from cchc.reporting.quality import read_dossier_quality

        q = read_dossier_quality(dossier_root, CODE, Period.parse("2026-Q2"))
        assert q.window == (date(2026, 4, 1), date(2026, 6, 30))
        d = dossier_figures(q, date(2026, 6, 30))
        assert (d.start, d.end) == (date(2026, 4, 1), date(2026, 6, 30))

    def test_with_a_provincial_cut_off_day_the_span_runs_from_the_15th_to_the_14th(self, dossier_root: Path) -> None:
        from cchc.reporting.figures import dossier_figures
        from cchc.reporting.quality import read_dossier_quality

        q = read_dossier_quality(dossier_root, CODE, Period.parse("2026-Q2"), cutoff_day=14)
        assert q.window == (date(2026, 3, 15), date(2026, 6, 14))
        assert dossier_figures(q, date(2026, 6, 30)).end == date(2026, 6, 14)

    def test_a_running_period_ends_its_span_at_the_cut_off(self, dossier_root: Path) -> None:
        from cchc.reporting.figures import dossier_figures
        from cchc.reporting.quality import read_dossier_quality

        q = read_dossier_quality(dossier_root, CODE, Period.parse("2026-Q2"))
        d = dossier_figures(q, date(2026, 5, 20))
        assert (d.start, d.end) == (date(2026, 4, 1), date(2026, 5, 20))


# --------------------------------------------------------------------------- the workbook of a snapshot

PERIOD = Period.parse("2026-Q2")
CUTOFF = date(2026, 6, 30)
SHEETS = ["PL1 Nhiệm vụ", "PL2 Chỉ tiêu", "II.06a", "Đang giải quyết", "Chỉ số 766", "Theo tháng"]


def make_snapshot(*, dossier_span: tuple[date, date] = (date(2026, 4, 1), CUTOFF), months=None):  # type: ignore[no-untyped-def]
    """The sample report's figures as a snapshot of phường Hoà Bình, one 766 part missing in May."""
    from cchc.domain.achievement import verdict
    from cchc.reports.sample import make_report_data, sample_index_766, sample_monthly, sample_service_rows
    from cchc.reports.snapshot import (
        DossierFigures,
        Index766Figures,
        Index766GroupFigure,
        Index766Part,
        IndicatorFigure,
        MonthFigure,
        ReportSnapshot,
        ServiceFigure,
        TaskFigure,
        TaskFigures,
    )
    from cchc.reports.xlsx import _due_date

    sample = make_report_data()
    tasks = TaskFigures.of(CUTOFF, [
        TaskFigure(r.ref, r.task, r.area, r.lead, (r.lead,), r.due, _due_date(r.due), r.status, r.percent)
        for r in sample.task_rows
    ])
    indicators = tuple(
        IndicatorFigure(None, i.name, float(i.target), i.comparator.value, i.unit, i.actual, None, i.source,
                        verdict(actual=i.actual, target=float(i.target), comparator=i.comparator.value))
        for i in sample.indicators
    )
    rows = tuple(ServiceFigure(r.label, r.carried_over, r.received_online, r.received_direct, r.resolved_early,
                               r.resolved_on_time, r.resolved_late, r.pending_within, r.pending_overdue)
                 for r in sample_service_rows())
    if months is None:
        months = tuple(MonthFigure(m.month, m.received, m.on_time_rate, m.online_rate, m.online_payment_rate,
                                   m.digitization_rate, m.satisfaction_rate, m.index_766, m.month == "2026-05")
                       for m in sample_monthly() if m.month >= "2026-04")
    groups = tuple(Index766GroupFigure(g.name, g.max_points, g.score, g.measured, g.entered)
                   for g in sample_index_766())
    index = Index766Figures("2026-Q2", round(sum(g.points for g in groups), 2), groups,
                            (Index766Part("published_on_time", "Công bố, công khai TTHC đúng hạn", groups[0].name,
                                          2.0, None, "missing"),))
    return ReportSnapshot(
        locality_code=CODE, locality_kind="phường", locality_name="phường Hoà Bình", period_code="2026-Q2",
        period_label="quý II năm 2026", kind="quarter", cutoff=CUTOFF, data_as_of=CUTOFF, tasks=tasks,
        indicators=indicators, dossiers=DossierFigures(rows, tuple(months), start=dossier_span[0], end=dossier_span[1]),
        index_766=index,
    )


def report_of(snap):  # type: ignore[no-untyped-def]
    from cchc.reports.data import apply_snapshot
    from cchc.reports.sample import make_report_data

    return apply_snapshot(make_report_data(issuer_lines=["ỦY BAN NHÂN DÂN", "PHƯỜNG HOÀ BÌNH"]), snap)


@pytest.fixture(scope="module")
def snap():  # type: ignore[no-untyped-def]
    return make_snapshot()


@pytest.fixture(scope="module")
def book(snap, tmp_path_factory: pytest.TempPathFactory) -> Path:  # type: ignore[no-untyped-def]
    from cchc.reports.xlsx import write_report_xlsx

    return write_report_xlsx(report_of(snap), tmp_path_factory.mktemp("xlsx") / "phu-luc.xlsx")


@pytest.fixture(scope="module")
def wb(book: Path):  # type: ignore[no-untyped-def]
    from openpyxl import load_workbook

    return load_workbook(book)


def table(ws):  # type: ignore[no-untyped-def]
    from .conftest import sheet_table

    return sheet_table(ws)


def table_cells(ws):  # type: ignore[no-untyped-def]
    """The data cells of a sheet, row by row (not the values: the cells, with their types and formats)."""
    first = ws[ws.freeze_panes].row
    return [list(r) for r in ws.iter_rows(min_row=first, max_row=first + len(table(ws)) - 1)]


def header_block(ws) -> dict[str, object]:  # type: ignore[no-untyped-def]
    """`label: value` of the header block (rows 4-7)."""
    out = {}
    for row in ws.iter_rows(min_row=4, max_row=7, values_only=True):
        values = [v for v in row if v is not None]
        out[values[0]] = values[1]
    return out


def merged(ws) -> set[str]:  # type: ignore[no-untyped-def]
    return {str(r) for r in ws.merged_cells.ranges}


class TestHeaderBlock:
    def test_every_sheet_names_the_locality_the_period_the_data_window_and_the_cut_off(self, wb, snap) -> None:
        assert wb.sheetnames == SHEETS
        for ws in wb:
            head = header_block(ws)
            assert head["Đơn vị báo cáo:"] == "Ủy ban nhân dân phường Hoà Bình"
            assert head["Kỳ báo cáo:"] == "Quý II năm 2026"
            assert head["Thời gian lấy số liệu:"] == "Từ ngày 01/04/2026 đến ngày 30/06/2026"
            assert head["Ngày chốt số liệu:"] == datetime(2026, 6, 30)  # a date cell, not text
            cell = next(c for c in ws[7] if c.value == datetime(2026, 6, 30))
            assert cell.is_date and cell.number_format == "dd/mm/yyyy"
            assert "Hoà Bình" in ws["A3"].value and ws["A3"].value.startswith("(Kèm theo Báo cáo số")

    def test_every_sheet_carries_its_label_and_title(self, wb) -> None:
        titles = {ws.title: (ws["A1"].value, ws["A2"].value) for ws in wb}
        assert titles["PL1 Nhiệm vụ"] == ("Phụ lục I", "TÌNH HÌNH THỰC HIỆN NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH QUÝ II NĂM 2026")
        assert titles["PL2 Chỉ tiêu"] == ("Phụ lục II", "KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU QUÝ II NĂM 2026")
        assert titles["II.06a"] == ("Biểu mẫu II.06a/VPCP/KSTT", "TÌNH HÌNH GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH QUÝ II NĂM 2026")
        assert titles["Chỉ số 766"][1].endswith("QUYẾT ĐỊNH SỐ 766/QĐ-TTg QUÝ II NĂM 2026")  # the symbol as written
        for ws in wb:
            width = ws.max_column
            assert {f"A1:{get_column_letter(width)}1", f"A2:{get_column_letter(width)}2"} <= merged(ws)

    def test_the_dossier_sheets_give_the_provincial_cut_off_span_and_the_task_sheets_the_period(self) -> None:
        from openpyxl import load_workbook

        from cchc.reports.xlsx import report_workbook

        data = report_of(make_snapshot(dossier_span=(date(2026, 3, 15), date(2026, 6, 14))))
        buf = io.BytesIO()
        report_workbook(data).save(buf)
        wb = load_workbook(buf)
        windows = {ws.title: header_block(ws)["Thời gian lấy số liệu:"] for ws in wb}
        assert windows == {
            "PL1 Nhiệm vụ": "Từ ngày 01/04/2026 đến ngày 30/06/2026",
            "PL2 Chỉ tiêu": "Từ ngày 01/04/2026 đến ngày 30/06/2026",
            "II.06a": "Từ ngày 15/03/2026 đến ngày 14/06/2026",
            "Đang giải quyết": "Từ ngày 15/03/2026 đến ngày 14/06/2026",
            "Chỉ số 766": "Từ ngày 15/03/2026 đến ngày 14/06/2026",
            "Theo tháng": "Từ ngày 15/03/2026 đến ngày 14/06/2026",
        }


class TestII06a:
    def test_the_header_is_merged_as_in_the_official_table(self, wb) -> None:
        ws = wb["II.06a"]
        assert {"A9:A11", "B9:B11", "C9:F9", "G9:J9", "K9:M9", "C10:C11", "D10:D11", "E10:F10",
                "G10:G11", "H10:H11", "I10:I11", "J10:J11", "K10:K11", "L10:L11", "M10:M11"} <= merged(ws)
        text = {c.coordinate: c.value for row in ws["A9:M11"] for c in row if c.value}
        assert text == {
            "A9": "STT", "B9": "Lĩnh vực giải quyết", "C9": "Tổng số hồ sơ tiếp nhận", "G9": "Đã giải quyết",
            "K9": "Đang giải quyết",
            "C10": "Tổng số", "D10": "Kỳ trước chuyển qua", "E10": "Tiếp nhận trong kỳ",
            "G10": "Tổng số", "H10": "Trước hạn", "I10": "Đúng hạn", "J10": "Quá hạn",
            "K10": "Tổng số", "L10": "Trong hạn", "M10": "Quá hạn",
            "E11": "Trực tuyến", "F11": "Trực tiếp, dịch vụ bưu chính",
        }
        assert ws.print_title_rows == "$9:$11" and ws.freeze_panes == "A12"
        ranges = [r for r in ws.merged_cells.ranges if r.min_row >= 9 and r.max_row <= 11]
        for r in ranges:  # every box of the header is outlined
            assert all(ws.cell(r.min_row, c).border.top.style == "thin" for c in range(r.min_col, r.max_col + 1))
            assert all(ws.cell(r.max_row, c).border.bottom.style == "thin" for c in range(r.min_col, r.max_col + 1))
            assert all(ws.cell(x, r.min_col).border.left.style == "thin" for x in range(r.min_row, r.max_row + 1))
            assert all(ws.cell(x, r.max_col).border.right.style == "thin" for x in range(r.min_row, r.max_row + 1))

    def test_each_row_holds_the_snapshot_figures_in_the_column_of_the_form(self, wb, snap) -> None:
        rows = table(wb["II.06a"])
        want = []
        for i, r in enumerate(snap.dossiers.rows, 1):
            total = r is snap.dossiers.rows[-1]
            want.append([None if total else i, r.label,
                         r.carried_over + r.received_online + r.received_direct, r.carried_over, r.received_online,
                         r.received_direct, r.resolved, r.resolved_early, r.resolved_on_time, r.resolved_late,
                         r.pending, r.pending_within, r.pending_overdue])
        assert rows == want
        last = table_cells(wb["II.06a"])[-1]
        assert last[1].font.b and all(c.font.b for c in last[2:])  # the total in bold
        assert all(c.data_type == "n" and c.number_format == "#,##0" for row in table_cells(wb["II.06a"])
                   for c in row[2:])

    def test_the_rows_are_those_of_the_word_table_in_the_same_order(self, wb) -> None:
        from cchc.reports.docx_report import service_table_rows

        data = report_of(make_snapshot())
        word = service_table_rows(data.service_rows)
        assert [[r[1], *(f"{v:,}".replace(",", ".") for v in r[2:])] for r in table(wb["II.06a"])] == word


class TestSameFiguresAsTheDocument:
    def test_the_sheets_follow_the_order_of_the_document(self, wb) -> None:
        assert wb.sheetnames == SHEETS

    def test_tasks_are_the_snapshot_tasks_with_their_due_dates_and_progress(self, wb, snap) -> None:
        rows = table(wb["PL1 Nhiệm vụ"])
        assert [r[0] for r in rows] == list(range(1, len(snap.tasks.rows) + 1))
        for row, t in zip(rows, snap.tasks.rows, strict=True):
            assert row[1:6] == [t.ref, AREA_LABELS[t.area][0], t.task, t.lead, t.due]
            assert row[6] == (None if t.due_on is None else datetime.combine(t.due_on, datetime.min.time()))
            assert row[7] == TASK_STATUS_LABELS[t.status][0]
            assert row[8] == (None if t.percent is None else t.percent / 100)

    def test_indicators_are_the_snapshot_indicators_with_their_targets_and_actuals(self, wb, snap) -> None:
        rows = table(wb["PL2 Chỉ tiêu"])
        for row, i in zip(rows, snap.indicators, strict=True):
            scale = 100 if i.unit == "%" else 1
            assert row[1] == i.name and row[5] == i.unit and row[6] == i.verdict_label
            assert round(row[3] * scale, 2) == i.target
            assert (row[4] is None) if i.actual is None else round(row[4] * scale, 2) == i.actual

    def test_the_766_groups_and_the_total_are_those_of_the_word_table(self, wb, snap) -> None:
        from cchc.reports.docx_report import build_report_docx

        doc = build_report_docx(report_of(snap), with_charts=False)
        word = next(t for t in doc.tables if t.rows[0].cells[1].text == "Nhóm chỉ số")
        word_rows = [[c.text for c in r.cells] for r in word.rows[1:]]
        rows = table(wb["Chỉ số 766"])
        assert len(rows) == len(word_rows) == len(snap.index_766.groups) + 1
        for x, w in zip(rows, word_rows, strict=True):
            assert x[1] == w[1]
            assert [_vn(v) for v in x[2:]] == w[2:]
        assert rows[-1][1] == "Tổng điểm (tạm tính)" and rows[-1][3] == snap.index_766.total

    def test_the_months_are_the_snapshot_months_with_the_provisional_766_marked(self, wb, snap) -> None:
        rows = table(wb["Theo tháng"])
        assert [f"{r[1]:%Y-%m}" for r in rows] == [m.month for m in snap.dossiers.months]
        for row, m in zip(rows, snap.dossiers.months, strict=True):
            assert row[2] == m.received
            assert [round(v * 100, 2) for v in row[3:8]] == [m.on_time_rate, m.online_rate, m.online_payment_rate,
                                                            m.digitization_rate, m.satisfaction_rate]
            assert row[8] == m.index_766
            assert (row[9] == "tạm tính") is m.index_766_provisional


def _vn(v: object) -> str:
    """A figure as the Word table writes it: `16,8`, blank for none."""
    if v is None:
        return ""
    return f"{v:.2f}".rstrip("0").rstrip(".").replace(".", ",")


class TestCellTypes:
    def test_figures_are_numbers_and_dates_are_dates_never_text(self, wb) -> None:
        looks_typed = re.compile(r"^[\d.,]+%?$|^\d{1,2}/\d{1,2}/\d{4}$")
        for ws in wb:
            for row in table_cells(ws):
                for c in row:
                    if isinstance(c.value, str):
                        assert not looks_typed.match(c.value) or ws.title == "PL1 Nhiệm vụ" and c.column == 6, (
                            ws.title, c.coordinate, c.value)  # only the plan's timeline text (Thời hạn) may
        tasks = table_cells(wb["PL1 Nhiệm vụ"])
        assert all(c.is_date and c.number_format == "dd/mm/yyyy" for r in tasks for c in [r[6]] if c.value)
        months = table_cells(wb["Theo tháng"])
        assert all(r[1].is_date and r[1].number_format == "mm/yyyy" for r in months)
        assert all(r[0].data_type == "n" for ws in wb for r in table_cells(ws) if r[0].value is not None)  # STT

    def test_percentages_are_fractions_with_a_percent_format_of_the_precision_shown(self, wb) -> None:
        for name, columns in (("Theo tháng", range(3, 8)), ("PL2 Chỉ tiêu", (3, 4)), ("PL1 Nhiệm vụ", (8,))):
            for row in table_cells(wb[name]):
                for c in (row[i] for i in columns):
                    if c.value is None:
                        continue
                    assert c.data_type == "n" and c.number_format.endswith("%"), (name, c.coordinate)
                    assert 0 <= c.value <= 1.5
                    places = len(c.number_format.rstrip("%").partition(".")[2])
                    assert c.value == round(c.value, places + 2)  # exactly what is shown, no float noise

    def test_a_noisy_rate_is_written_rounded_to_what_the_document_prints(self, tmp_path: Path) -> None:
        from openpyxl import load_workbook

        from cchc.reports.sample import make_report_data
        from cchc.reports.xlsx import write_report_xlsx

        data = make_report_data()
        data.indicators[0].actual = 96.30999999999
        data.monthly[0].on_time_rate = 100 * 2615 / 2715  # 96.3167…
        wb = load_workbook(write_report_xlsx(data, tmp_path / "pl.xlsx"))
        cell = table_cells(wb["PL2 Chỉ tiêu"])[0][4]
        assert cell.value == 0.9631 and cell.number_format == "0.00%"
        month = table_cells(wb["Theo tháng"])[0][3]
        assert month.value == 0.9632 and month.number_format == "0.00%"  # the column takes the finer precision
        raw = zipfile.ZipFile(tmp_path / "pl.xlsx").read("xl/worksheets/sheet5.xml").decode()
        numbers = [float(v) for v in re.findall(r"<v>(-?\d+\.\d+)</v>", raw)]
        assert numbers and all(v == round(v, 4) for v in numbers)  # every figure is its rounded value

    def test_points_keep_their_decimals_and_counts_group_thousands(self, wb) -> None:
        ix = table_cells(wb["Chỉ số 766"])
        assert {r[3].number_format for r in ix} == {"#,##0.00"}  # one precision for the column
        assert table_cells(wb["II.06a"])[-1][2].value == 1327
        assert table_cells(wb["II.06a"])[-1][2].number_format == "#,##0"


class TestPrintSetup:
    def test_every_sheet_prints_landscape_a4_fitted_to_the_width_with_its_header_repeated(self, wb) -> None:
        for ws in wb:
            setup = ws.page_setup
            assert setup.orientation == "landscape" and int(setup.paperSize) == 9  # A4
            assert ws.sheet_properties.pageSetUpPr.fitToPage
            assert int(setup.fitToWidth) == 1 and int(setup.fitToHeight) == 0
            first = ws[ws.freeze_panes].row
            assert ws.print_title_rows == f"$9:${first - 1}"
            assert ws.freeze_panes == f"A{first}" and first > 9
            assert ws.print_options.horizontalCentered

    def test_columns_are_wide_enough_for_their_header_words_and_their_short_values(self, wb) -> None:
        for ws in wb:
            first = ws[ws.freeze_panes].row
            for col in range(1, ws.max_column + 1):
                width = ws.column_dimensions[get_column_letter(col)].width
                words = [w for r in range(9, first) for w in str(ws.cell(r, col).value or "").split()]
                assert all(len(w) < width for w in words), (ws.title, col, width)
                for row in table_cells(ws):
                    c = row[col - 1]
                    if isinstance(c.value, str) and not c.alignment.wrap_text:
                        assert len(c.value) < width, (ws.title, c.coordinate)
                    if isinstance(c.value, int | float) and not isinstance(c.value, bool):
                        assert len(f"{c.value:,}") < width

    def test_long_text_wraps_in_a_row_tall_enough_to_show_it(self, wb) -> None:
        ws = wb["PL1 Nhiệm vụ"]
        width = ws.column_dimensions["D"].width
        long_rows = [r for r in table_cells(ws) if len(r[3].value) > width]
        assert long_rows
        for r in long_rows:
            assert r[3].alignment.wrap_text
            assert ws.row_dimensions[r[3].row].height >= 15 * math.ceil(len(r[3].value) / width)


class TestFormulaLikeText:
    def test_text_that_looks_like_a_formula_is_written_as_text(self, tmp_path: Path) -> None:
        from openpyxl import load_workbook

        from cchc.reports.sample import make_report_data
        from cchc.reports.xlsx import write_report_xlsx

        data = make_report_data()
        data.task_rows[0].task = "=HYPERLINK(\"http://x\",\"bấm\")"
        data.task_rows[1].note = "+84 912 345 678"
        data.task_rows[2].lead = "-Văn phòng"
        data.indicators[0].note = "@đơn vị"
        path = write_report_xlsx(data, tmp_path / "pl.xlsx")
        cells = table_cells(load_workbook(path)["PL1 Nhiệm vụ"])
        assert cells[0][3].value == "=HYPERLINK(\"http://x\",\"bấm\")" and cells[0][3].data_type == "s"
        assert cells[1][9].value == "+84 912 345 678" and cells[2][4].value == "-Văn phòng"
        with zipfile.ZipFile(path) as z:
            assert not any("<f>" in z.read(n).decode() for n in z.namelist() if n.startswith("xl/worksheets/"))


class TestNoticeWorkbook:
    def test_the_notice_sheets_have_the_header_block_and_typed_figures(self, tmp_path: Path) -> None:
        from openpyxl import load_workbook

        from cchc.reports.sample import make_notice_data
        from cchc.reports.xlsx import write_notice_xlsx

        data = make_notice_data()
        wb = load_workbook(write_notice_xlsx(data, tmp_path / "tb.xlsx"))
        assert wb.sheetnames == ["Chỉ số 766", "Chỉ số chính", "II.06a", "Theo tháng"]
        for ws in wb:
            head = header_block(ws)
            assert head["Đơn vị báo cáo:"] == "Ủy ban nhân dân xã An Bình"
            assert head["Kỳ báo cáo:"] == "Tháng 5 năm 2026"
            assert head["Ngày chốt số liệu:"] == datetime(2026, 5, 31)
            assert ws.page_setup.orientation == "landscape"
        assert header_block(wb["II.06a"])["Thời gian lấy số liệu:"] == "Từ ngày 01/05/2026 đến ngày 31/05/2026"
        key = table_cells(wb["Chỉ số chính"])
        assert key[1][3].number_format.endswith("%") and round(key[1][3].value * 100, 2) == data.current.on_time_rate
        assert table(wb["Chỉ số 766"])[-1][3] == data.index_766_total


class TestSnapshotJson:
    def test_a_snapshot_keeps_its_dossier_span_and_one_stored_without_it_still_loads(self, snap) -> None:
        from cchc.reports.snapshot import ReportSnapshot

        again = ReportSnapshot.from_json(snap.to_json())
        assert again == snap and again.dossiers.start == date(2026, 4, 1)
        old = snap.to_json()
        del old["dossiers"]["start"], old["dossiers"]["end"]
        assert ReportSnapshot.from_json(old).dossiers.start is None
