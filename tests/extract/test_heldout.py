"""Held-out plans: how well the extractor does on documents it was never tuned on.

The documents and their hand-made gold are in tests/extract/heldout/ (see make_heldout.py and
docs/extraction.md). Each document is extracted and scored with the reference scorer
(tools/score_extraction.py of the `shared_dir` reference data); the test asserts a floor set from the measured score
minus a small margin, never below 0.75. A container/document that scores below 0.75 is an
xfail whose reason says what breaks, so the suite stays green while the failure stays visible.
"""

from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from cchc.extract.pipeline import extract_file, plan_to_json, validate_plan_json

HELDOUT = Path(__file__).resolve().parent / "heldout"
H1 = "h1_phuong_van_xuan_2027"
H2 = "h2_xa_phu_my_dong_2026"
H3 = "h3_phuong_binh_khe_tthc_6t_2027"
H4 = "h4_xa_phu_my_dong_2026_ocr"
H5 = "h5_xa_tan_lap_tay_2027"

# measured 2026-11-25 (see docs/extraction.md); floor = measured - margin, not below 0.75.
# h1-h4 were first measured blind (17:37 UTC, working tree before commit 7cc2757: h2 0.903, h3 0.754,
# h4 0.903); commit 7cc2757 then fixed some of their indicator misses (h2 0.935, h3 0.810, h4 0.935). The floors keep the blind figures.
TEXT_FLOORS = {
    H1: 0.95,   # measured 0.976
    H2: 0.88,   # measured 0.903 blind, 0.935 after 7cc2757
    H3: 0.75,   # measured 0.754 blind, 0.810 after 7cc2757
    H4: 0.88,   # measured 0.903 blind, 0.935 after 7cc2757
    H5: 0.79,   # measured 0.814 blind, at 7cc2757
}
DOCX_FLOOR = 0.91   # measured 0.935
PDF_FLOOR = 0.90    # measured 0.933
SCAN_FLOOR = 0.90   # measured 0.616 blind, 0.993 once scanned tables were rebuilt


def _make_heldout() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_heldout", HELDOUT / "make_heldout.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _gold(name: str) -> dict[str, Any]:
    return json.loads((HELDOUT / f"{name}.json").read_text(encoding="utf-8"))


def _score(scorer: ModuleType, name: str, path: Path) -> tuple[float, dict[str, Any]]:
    pred = plan_to_json(extract_file(path))
    report = scorer.score_document(_gold(name), pred, verbose=True)
    return report["score"], report


def _summary(report: dict[str, Any]) -> str:
    t, i = report["tasks"], report["indicators"]
    return (f"score {report['score']:.3f}; tasks P {t['precision']:.2f} R {t['recall']:.2f} "
            f"fields {json.dumps({k: round(v, 2) for k, v in t['fields'].items()})}; "
            f"indicators P {i['precision']:.2f} R {i['recall']:.2f}; see docs/extraction.md")


def test_the_heldout_files_are_what_make_heldout_writes(tmp_path: Path) -> None:
    module = _make_heldout()
    module.write_all(tmp_path)
    for name in (H1, H2, H3, H4, H5):
        for ext in (".txt", ".json"):
            assert (tmp_path / f"{name}{ext}").read_text(encoding="utf-8") == \
                (HELDOUT / f"{name}{ext}").read_text(encoding="utf-8"), f"{name}{ext} is stale: run make_heldout.py"


@pytest.mark.parametrize("name", [H1, H2, H3, H4, H5])
def test_every_heldout_gold_is_valid_cchc_plan_json(name: str) -> None:
    gold = _gold(name)
    validate_plan_json(gold)
    assert gold["tasks"] and gold["indicators"]


@pytest.mark.parametrize("name", [H1, H2, H3, H4, H5])
def test_a_heldout_text_plan_scores_above_its_floor(scorer: ModuleType, name: str,
                                                    record_property: Any) -> None:
    score, report = _score(scorer, name, HELDOUT / f"{name}.txt")
    record_property("score", round(score, 3))
    assert score >= TEXT_FLOORS[name], _summary(report)


def test_the_ward_plan_as_a_word_file_with_a_real_merged_table_scores_above_its_floor(
        scorer: ModuleType, tmp_path: Path, record_property: Any) -> None:
    path = _make_heldout().build_docx(tmp_path / f"{H1}.docx")
    score, report = _score(scorer, H1, path)
    record_property("score", round(score, 3))
    assert score >= DOCX_FLOOR, _summary(report)


def _soffice_pdf(source: Path, out_dir: Path) -> Path:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    subprocess.run([soffice, "--headless", "--convert-to", "pdf", "--outdir", str(out_dir), str(source)],
                   check=True, capture_output=True, timeout=180)
    pdf = out_dir / (source.stem + ".pdf")
    assert pdf.exists()
    return pdf


def test_the_ward_plan_as_a_text_pdf_scores_above_its_floor(scorer: ModuleType, tmp_path: Path,
                                                           record_property: Any) -> None:
    docx = _make_heldout().build_docx(tmp_path / f"{H1}.docx")
    pdf = _soffice_pdf(docx, tmp_path)
    score, report = _score(scorer, H1, pdf)
    record_property("score", round(score, 3))
    assert score >= PDF_FLOOR, _summary(report)


@pytest.mark.slow
def test_the_ward_plan_as_a_scan_scores_at_least_the_lowest_floor(scorer: ModuleType, tmp_path: Path,
                                                                  record_property: Any) -> None:
    if shutil.which("pdftoppm") is None or shutil.which("tesseract") is None:
        pytest.skip("pdftoppm or tesseract is not installed")
    from PIL import Image

    docx = _make_heldout().build_docx(tmp_path / f"{H1}.docx")
    pdf = _soffice_pdf(docx, tmp_path)
    subprocess.run(["pdftoppm", "-r", "200", "-gray", "-png", str(pdf), str(tmp_path / "page")],
                   check=True, capture_output=True, timeout=300)
    pages = [Image.open(p).convert("L") for p in sorted(tmp_path.glob("page-*.png"))]
    scan = tmp_path / f"{H1}_scan.pdf"
    pages[0].save(scan, save_all=True, append_images=pages[1:], resolution=200)
    score, report = _score(scorer, H1, scan)
    record_property("score", round(score, 3))
    # 0.616 before table OCR (no table rebuilt: 0 of 27 tasks), 0.993 after it (see docs/extraction.md); the
    # floor leaves room for other tesseract versions
    assert score >= SCAN_FLOOR, _summary(report)
