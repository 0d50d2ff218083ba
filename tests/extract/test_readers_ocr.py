"""OCR of scans: images and image-only PDF pages through tesseract (vie); missing tools give ToolMissing."""

from __future__ import annotations

import pytest

from cchc.domain.errors import ToolMissing
from cchc.extract.readers import ocr as ocr_module
from cchc.extract.readers import read_document
from cchc.extract.text import fuzzy_contains

from .reader_files import needs_tesseract, page_image, table_image

LINES = [
    "ỦY BAN NHÂN DÂN XÃ HÒA BÌNH",
    "KẾ HOẠCH",
    "Cải cách hành chính nhà nước năm 2026",
    "1. Tỷ lệ hồ sơ giải quyết đúng hạn đạt từ 98% trở lên.",
    "2. Mức độ hài lòng của người dân đạt tối thiểu 95%.",
]


@pytest.fixture(scope="module")
def scan_png(tmp_path_factory):
    path = tmp_path_factory.mktemp("scan") / "trang-1.png"
    page_image(LINES, path)
    return path


@needs_tesseract
def test_scanned_page_image_is_read_by_ocr_with_vietnamese_diacritics(scan_png):
    doc = read_document(scan_png)
    assert doc.kind == "ocr" and doc.ocr and doc.pages == 1
    assert any("OCR" in w for w in doc.warnings)
    for line in LINES:
        assert fuzzy_contains(doc.text, line, 0.85), (line, doc.text)
    assert "hài lòng" in doc.text and "98%" in doc.text


@needs_tesseract
def test_pdf_of_a_scanned_page_falls_back_to_ocr(scan_png, tmp_path):
    from PIL import Image

    pdf = tmp_path / "scan.pdf"
    with Image.open(scan_png) as img:
        img.convert("RGB").save(pdf, resolution=200)
    doc = read_document(pdf)
    assert doc.kind == "ocr" and doc.ocr and doc.pages == 1
    assert fuzzy_contains(doc.text, "Cải cách hành chính nhà nước năm 2026", 0.85), doc.text


def test_missing_tesseract_raises_tool_missing_with_the_install_hint(scan_png, monkeypatch):
    monkeypatch.setattr(ocr_module, "_tesseract_langs", lambda: None)
    with pytest.raises(ToolMissing) as err:
        read_document(scan_png)
    assert "apt-get install tesseract-ocr tesseract-ocr-vie" in err.value.message
    assert err.value.status_code == 501


def test_missing_vietnamese_model_raises_tool_missing(scan_png, monkeypatch):
    monkeypatch.setattr(ocr_module, "_tesseract_langs", lambda: ("eng", "osd"))
    with pytest.raises(ToolMissing) as err:
        read_document(scan_png)
    assert "vie" in err.value.message and "tesseract-ocr-vie" in err.value.message


def test_ocr_text_layout_folds_blank_lines_and_marks_pages():
    raw = "Dòng một\n\n\n• gạch đầu dòng\n  nhiều   khoảng trắng \n\fTrang hai\n\f"
    assert ocr_module.ocr_text_layout(raw) == "Dòng một\n\n- gạch đầu dòng\nnhiều khoảng trắng\n\f\nTrang hai"


@needs_tesseract
def test_ruled_table_in_a_scan_comes_out_as_tab_rows_with_merged_cells(tmp_path):
    doc = read_document(table_image(tmp_path / "bang.png"))
    lines = doc.text.split("\n")
    rows = [line.split("\t") for line in lines if "\t" in line]
    assert len(rows) == 4, doc.text
    assert [len(r) for r in rows] == [3, 2, 3, 3]  # section row merged across: written once
    assert fuzzy_contains(rows[0][1], "Nhiệm vụ") and fuzzy_contains(rows[0][2], "Chủ trì")
    assert fuzzy_contains(rows[1][1], "CẢI CÁCH THỂ CHẾ")
    assert rows[2][0] == "1." and fuzzy_contains(rows[2][2], "Văn phòng")
    assert rows[3][0] == "2." and rows[3][2] == ""  # the lead cell merged down: an empty continuation
    # text outside the table keeps its place around it
    assert any("NHIỆM VỤ" in line for line in lines[: lines.index("\t".join(rows[0]))])
    assert any("TỔ CHỨC" in line for line in lines[lines.index("\t".join(rows[-1])) :])


@needs_tesseract
def test_multi_page_tiff_gives_one_page_per_frame(tmp_path):
    from PIL import Image

    first = page_image(["KẾ HOẠCH", "Trang thứ nhất"], tmp_path / "a.png", size=(1200, 400))
    second = page_image(["Trang thứ hai"], tmp_path / "b.png", size=(1200, 400))
    tiff = tmp_path / "scan.tiff"
    Image.frombytes("L", first.size, first.tobytes()).save(
        tiff, save_all=True, append_images=[Image.frombytes("L", second.size, second.tobytes())], compression="tiff_lzw"
    )
    with Image.open(tiff) as img:
        assert img.n_frames == 2
    doc = read_document(tiff)
    assert doc.pages == 2
    before, after = doc.text.split("\n\f\n")
    assert fuzzy_contains(before, "Trang thứ nhất") and fuzzy_contains(after, "Trang thứ hai")
