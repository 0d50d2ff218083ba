"""The same plan in another container scores like its text: seeds → Word with real tables → text PDF.

The parser (assemble.parse_plan_text) and the shared scorer run on the text each reader gives; the
scores of all containers are computed once per module, in parallel (the scorer is slow on big plans).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from cchc.extract.readers import read_document
from cchc.extract.readers.doc import soffice_path

from .reader_files import needs_soffice, text_to_docx, to_pdf

SEEDS = ["000_c0dd1d0d8881b360", "001_9c62d6623efdc336", "002_b7e5950c391ffbc0", "003_9f14e98588bd7349",
         "004_c1412f9e1578ad7f"]
# The scorer takes ~20 s on seed 003 (150 tasks), so its PDF is checked for its rows, not scored.
PDF_SCORED = [s for s in SEEDS if not s.startswith("003")]
def _score_file(shared_dir: Path, stem: str, pred: Path) -> float:
    out = subprocess.run(
        [sys.executable, str(shared_dir / "tools" / "score_extraction.py"), str(shared_dir / "gold" / f"{stem}.json"),
         str(pred)],
        capture_output=True, text=True, check=True, timeout=600,
    )
    last = out.stdout.strip().splitlines()[-1]
    assert last.startswith("score:"), out.stdout
    return float(last.split(":")[1])


@pytest.fixture(scope="module")
def containers(shared_dir, tmp_path_factory) -> dict[str, dict[str, Path]]:
    """Each seed as .txt, as .docx with real tables, and (when LibreOffice is there) as a text PDF."""
    out = tmp_path_factory.mktemp("containers")
    files: dict[str, dict[str, Path]] = {}
    for stem in SEEDS:
        txt = shared_dir / "seeds" / f"{stem}.txt"
        if not txt.is_file():
            continue
        entry = {"txt": txt, "docx": text_to_docx(txt.read_text(encoding="utf-8"), out / f"{stem}.docx")}
        if soffice_path() is not None:
            entry["pdf"] = to_pdf(entry["docx"], out / "pdf")
        files[stem] = entry
    return files


@pytest.fixture(scope="module")
def scores(containers, shared_dir, tmp_path_factory) -> dict[tuple[str, str], float]:
    """Score of every (seed, container) pair."""
    try:
        from cchc.extract.assemble import parse_plan_text
        from cchc.extract.pipeline import plan_to_json
    except ImportError as exc:  # the parser is another engineer's; score only once it is there
        pytest.skip(f"parser not available yet: {exc}")
    out = tmp_path_factory.mktemp("predictions")
    preds: dict[tuple[str, str], Path] = {}
    for stem, files in containers.items():
        for kind, path in files.items():
            if kind == "pdf" and stem not in PDF_SCORED:
                continue
            plan = parse_plan_text(read_document(path).text, source_name=f"{stem}.txt")
            pred = out / f"{stem}.{kind}.json"
            pred.write_text(json.dumps(plan_to_json(plan, validate=False), ensure_ascii=False), encoding="utf-8")
            preds[(stem, kind)] = pred
    with ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 2)) as pool:
        futures = {key: pool.submit(_score_file, shared_dir, key[0], pred) for key, pred in preds.items()}
        return {key: f.result() for key, f in futures.items()}


def _check(scores, stem: str, kind: str, margin: float) -> None:
    txt, other = scores[(stem, "txt")], scores[(stem, kind)]
    assert other >= txt - margin, f"txt {txt}, {kind} {other}"


def _rows(text: str) -> list[tuple[str, ...]]:
    return [tuple(" ".join(c.split()) for c in line.replace("<b>", "").replace("</b>", "").split("\t") if c.strip())
            for line in text.split("\n") if "\t" in line]


@pytest.mark.parametrize("stem", SEEDS)
def test_seed_as_word_file_keeps_every_table_row_and_each_header_once(containers, stem):
    files = containers[stem]
    txt_rows = _rows(files["txt"].read_text(encoding="utf-8"))
    doc = read_document(files["docx"])
    assert doc.kind == "docx"
    docx_rows = _rows(doc.text)
    if txt_rows:
        assert docx_rows.count(txt_rows[0]) == 1
    # every row of the text is in the Word text; a row cut by a page break is there joined with its rest
    for row in txt_rows:
        if row == txt_rows[0] or row in docx_rows:
            continue
        assert any(all(any(cell in other for other in joined) for cell in row) for joined in docx_rows), row


@pytest.mark.parametrize("stem", SEEDS)
def test_seed_as_word_file_scores_like_its_text(scores, stem):
    _check(scores, stem, "docx", 0.05)


@needs_soffice
@pytest.mark.parametrize("stem", PDF_SCORED)
def test_seed_as_text_pdf_scores_close_to_its_text(containers, scores, stem):
    doc = read_document(containers[stem]["pdf"])
    assert doc.kind == "pdf" and not doc.ocr
    assert doc.text.count("\f") == doc.pages - 1
    _check(scores, stem, "pdf", 0.10)


@needs_soffice
def test_long_task_table_as_text_pdf_keeps_its_rows_over_the_pages(containers):
    stem = "003_9f14e98588bd7349"
    if stem not in containers:
        pytest.skip("seed 003 is not in the reference data")
    doc = read_document(containers[stem]["pdf"])
    assert doc.pages > 5 and doc.text.count("\f") == doc.pages - 1
    txt_rows = _rows(containers[stem]["txt"].read_text(encoding="utf-8"))
    pdf_rows = _rows(doc.text)
    # every numbered task row (STT 1, 2, …) of the text starts a row of the PDF's tables
    numbered = [r for r in txt_rows if r and r[0].isdigit() and len(r) > 3]
    # (a row cut by a page break keeps the first words of its cells on the first page)
    starts = {(r[0], r[1][:20]) for r in pdf_rows if len(r) > 1}
    found = sum(1 for r in numbered if (r[0], r[1][:20]) in starts)
    assert found >= 0.9 * len(numbered), (found, len(numbered))


@needs_soffice
@pytest.mark.parametrize("ext", ["doc", "odt", "rtf"])
def test_sample_saved_as_old_word_odt_or_rtf_reads_like_the_docx(samples_dir, tmp_path, ext):
    import re

    from cchc.extract.readers.doc import soffice_convert

    converted = soffice_convert(samples_dir / "ke-hoach-cchc-2026-xa-hoa-binh.docx", ext, tmp_path)
    doc = read_document(converted)
    assert doc.kind == "doc"
    expected = (samples_dir / "ke-hoach-cchc-2026-xa-hoa-binh.txt").read_text(encoding="utf-8")
    # LibreOffice does not keep per-section restarts of a Word list: compare without the STT numbers
    without_stt = lambda text: re.sub(r"(?m)^\d+\.\t", "N\t", text)  # noqa: E731
    assert without_stt(doc.text) == without_stt(expected)
