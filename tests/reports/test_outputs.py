"""Excel appendices, the monthly notice, charts and PDF: each read back from the generated file."""

from __future__ import annotations

import shutil
import subprocess
from datetime import datetime
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

from cchc.domain.errors import ToolMissing
from cchc.reports import charts, pdf
from cchc.reports.docx_report import indicator_table_rows, task_table_rows
from cchc.reports.notice import KEY_RATES
from cchc.reports.sample import make_notice_data, make_report_data
from cchc.reports.xlsx import write_notice_xlsx, write_report_xlsx

from .conftest import sheet_table as _data_rows

ROOT = Path(__file__).resolve().parents[2]


class TestReportWorkbook:
    def test_task_sheet_has_the_same_rows_as_the_word_appendix(self, tmp_path: Path) -> None:
        data = make_report_data()
        wb = load_workbook(write_report_xlsx(data, tmp_path / "pl.xlsx"))
        rows = _data_rows(wb["PL1 Nhiệm vụ"])
        word = task_table_rows(data.task_rows)
        assert len(rows) == len(word)
        for x, w in zip(rows, word, strict=True):
            x = x[:6] + x[7:]  # the due date as a date (column 7) is the sheet's own
            x[7] = None if x[7] is None else round(x[7] * 100)  # progress is a percentage cell
            assert [str(v) if v is not None else "" for v in x] == w

    def test_indicator_sheet_keeps_numbers_as_numbers(self, tmp_path: Path) -> None:
        data = make_report_data()
        wb = load_workbook(write_report_xlsx(data, tmp_path / "pl.xlsx"))
        rows = _data_rows(wb["PL2 Chỉ tiêu"])
        assert len(rows) == len(indicator_table_rows(data.indicators))
        assert rows[0][:5] == [1, "Tỷ lệ hồ sơ giải quyết trước và đúng hạn", "≥", 0.98, 0.987]
        assert rows[-1][4] is None  # no data stays empty, not 0

    def test_service_sheets_hold_ii06a_the_766_groups_and_the_months(self, tmp_path: Path) -> None:
        data = make_report_data()
        wb = load_workbook(write_report_xlsx(data, tmp_path / "pl.xlsx"))
        assert wb.sheetnames == ["PL1 Nhiệm vụ", "PL2 Chỉ tiêu", "II.06a", "Chỉ số 766", "Theo tháng"]
        ii06a = _data_rows(wb["II.06a"])
        assert ii06a[-1][:3] == [None, "Tổng cộng", 1327]
        assert _data_rows(wb["Chỉ số 766"])[-1][1:4] == ["Tổng điểm", 100, data.index_766_total]
        assert len(_data_rows(wb["Theo tháng"])) == len(data.monthly)


class TestNotice:
    def test_notice_has_the_tb_number_title_and_key_rates(self, notice_docx: Path) -> None:
        doc = Document(str(notice_docx))
        header = doc.tables[0].rows[0].cells
        assert header[0].paragraphs[-1].text == "Số:      /TB-UBND"
        texts = [p.text for p in doc.paragraphs]
        assert "THÔNG BÁO" in texts
        assert any(t.endswith("tháng 5 năm 2026") and t.startswith("Kết quả Chỉ số phục vụ") for t in texts)
        rates = next(t for t in doc.tables if t.rows[0].cells[1].text == "Chỉ số")
        assert len(rates.rows) == 1 + len(KEY_RATES)
        assert [c.text for c in rates.rows[1].cells[2:]] == ["98,9%", "98,4%", "+0,5"]

    def test_notice_shows_the_766_total_and_is_signed_by_the_vice_chairman(self, notice_docx: Path) -> None:
        doc = Document(str(notice_docx))
        groups = next(t for t in doc.tables if t.rows[0].cells[1].text == "Nhóm chỉ số")
        assert groups.rows[-1].cells[1].text == "Tổng điểm"
        assert groups.rows[-1].cells[3].text == "88,82"
        assert any("88,82/100 điểm." in p.text for p in doc.paragraphs)
        # no legal text defines rating bands for the 766 index: the notice states the score, no band
        assert not any("xếp loại" in p.text for p in doc.paragraphs)
        sig = next(c for t in doc.tables for c in t._cells if c.paragraphs[0].text.startswith("KT."))
        assert [p.text for p in sig.paragraphs if p.text.strip()] == ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Trần Thị Hoa"]

    def test_notice_workbook_has_the_same_figures(self, tmp_path: Path) -> None:
        data = make_notice_data()
        wb = load_workbook(write_notice_xlsx(data, tmp_path / "tb.xlsx"))
        key = _data_rows(wb["Chỉ số chính"])
        assert [r[1] for r in key] == [datetime(2026, 4, 1), datetime(2026, 5, 1)]
        assert round(key[1][3] * 100, 2) == data.current.on_time_rate


class TestCharts:
    def test_progress_chart_carries_one_value_per_area_and_status(self) -> None:
        data = make_report_data()
        spec = charts.to_vega_lite(charts.progress_by_area(data.areas))
        values = spec["data"]["values"]
        assert len(values) == 4 * len(data.areas)
        first = [v for v in values if v["area"] == "Cải cách thể chế"]
        assert {v["status"]: v["tasks"] for v in first} == {
            "Hoàn thành": 3, "Đang thực hiện": 2, "Quá hạn": 0, "Chưa triển khai": 0}

    def test_indicator_chart_leaves_out_indicators_without_data(self) -> None:
        data = make_report_data()
        values = charts.to_vega_lite(charts.indicators_vs_target(data.indicators))["data"]["values"]
        assert len(values) == sum(1 for i in data.indicators if i.actual is not None)

    def test_charts_render_to_png_and_svg(self) -> None:
        chart = charts.on_time_by_month(make_report_data().monthly, target=98)
        png = charts.to_png(chart)
        assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 5000
        svg = charts.to_svg(charts.service_trend(make_report_data().monthly))
        assert svg.lstrip().startswith("<svg") and "T5/2026" in svg


class TestPdf:
    def test_missing_libreoffice_gives_an_install_hint(self, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
        monkeypatch.setattr(pdf, "find_soffice", lambda: None)
        with pytest.raises(ToolMissing) as err:
            pdf.to_pdf(tmp_path / "x.docx")
        assert "apt-get install libreoffice-writer" in err.value.message

    def test_report_renders_to_pdf_and_page_one_is_saved_as_a_screenshot(
        self, soffice: str, report_docx: Path, tmp_path: Path
    ) -> None:
        if not (shutil.which("pdftoppm") and shutil.which("pdftotext") and shutil.which("pdfinfo")):
            pytest.skip("poppler-utils (pdftoppm, pdftotext) is not installed")
        out = pdf.to_pdf(report_docx, tmp_path)
        assert out.read_bytes()[:5] == b"%PDF-"
        info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True, check=False).stdout
        pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
        assert pages >= 5
        text = subprocess.run(["pdftotext", "-f", "1", "-l", "1", "-layout", str(out), "-"],
                              capture_output=True, text=True, check=False).stdout
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "BÁO CÁO" in text
        page2 = subprocess.run(["pdftotext", "-f", "2", "-l", "2", str(out), "-"],
                               capture_output=True, text=True, check=False).stdout
        assert page2.strip().splitlines()[0].strip() == "2"  # the page number at the top of page 2
        shots = ROOT / "docs" / "screenshots"
        shots.mkdir(parents=True, exist_ok=True)
        subprocess.run(["pdftoppm", "-f", "1", "-l", "1", "-r", "90", "-png", "-singlefile", str(out),
                        str(shots / "report-page1")], check=True)
        assert (shots / "report-page1.png").stat().st_size > 10_000
