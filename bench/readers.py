"""Time per page of the document readers on the sample plan: .docx, text PDF, scanned (OCR) PDF, side by side.

Usage: .venv/bin/python bench/readers.py [--repeat N] [--ocr-pages N]

The text PDF is the sample .docx printed by LibreOffice; the scanned PDF is that PDF's pages rendered
at 300 dpi (grey) and wrapped back into an image-only PDF, so the OCR path runs as on a real scan.
Each figure is the best of N runs (the machine is shared); OCR runs once over `--ocr-pages` pages.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from cchc.extract.readers import read_document
from cchc.extract.readers.doc import soffice_convert
from cchc.extract.readers.ocr import OCR_DPI

SAMPLE = Path(__file__).resolve().parents[1] / "samples" / "ke-hoach-cchc-2026-xa-hoa-binh.docx"


def _best(path: Path, repeat: int) -> tuple[float, object]:
    best, doc = float("inf"), None
    for _ in range(repeat):
        t0 = time.perf_counter()
        doc = read_document(path)
        best = min(best, time.perf_counter() - t0)
    return best, doc


def _scanned_pdf(pdf: Path, out: Path, pages: int) -> Path:
    import pdfplumber

    images = []
    with pdfplumber.open(str(pdf)) as doc:
        for page in doc.pages[:pages]:
            images.append(page.to_image(resolution=OCR_DPI).original.convert("L"))
    images[0].save(out, save_all=True, append_images=images[1:], resolution=OCR_DPI)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--ocr-pages", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="cchc-bench-") as tmp:
        tmp_dir = Path(tmp)
        t0 = time.perf_counter()
        pdf = soffice_convert(SAMPLE, "pdf", tmp_dir)
        convert = time.perf_counter() - t0
        scan = _scanned_pdf(pdf, tmp_dir / "scan.pdf", args.ocr_pages)

        docx_s, _ = _best(SAMPLE, args.repeat)
        pdf_s, pdf_doc = _best(pdf, args.repeat)
        ocr_s, ocr_doc = _best(scan, 1)
        pages = pdf_doc.pages or 1  # the .docx prints to as many pages as its PDF
        rows = [
            ("docx", pages, docx_s, "python-docx + lxml"),
            ("text pdf", pages, pdf_s, "pdfplumber, tables found by ruling lines"),
            ("ocr pdf", ocr_doc.pages or 1, ocr_s, f"tesseract -l vie at {OCR_DPI} dpi"),
        ]
        print(f"sample: {SAMPLE.name}, {pages} pages as PDF; LibreOffice docx→pdf took {convert:.2f} s")
        print(f"{'container':<10} {'pages':>5} {'total s':>9} {'s/page':>8}  how")
        for name, n, secs, how in rows:
            print(f"{name:<10} {n:>5} {secs:>9.3f} {secs / n:>8.3f}  {how}")


if __name__ == "__main__":
    main()
