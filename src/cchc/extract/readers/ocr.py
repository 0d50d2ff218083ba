"""OCR of scans (PNG/JPEG/TIFF/BMP images, image-only PDF pages) with the `tesseract` CLI, Vietnamese model."""

from __future__ import annotations

import functools
import os
import re
import shutil
import subprocess
import tempfile
import warnings
from pathlib import Path
from typing import Any

from cchc.extract.document import PAGE_BREAK, SourceDocument
from cchc.extract.readers.errors import TESSERACT_HINT, invalid, tool_missing

__all__ = ["read_image", "ocr_image_file", "ocr_page", "ocr_text_layout", "require_tesseract", "tesseract_available", "OCR_DPI"]

OCR_DPI = 300
# Bullets as tesseract reads them ("•", "e", "°", "+" stays) at the start of a line → "-".
_BULLET = re.compile(r"^[\u2022\u25cf\u25aa\u25a0\u00b7\u2013\u2014](?:\s+)")
_TIMEOUT_PER_PAGE = 180


@functools.lru_cache(maxsize=1)
def _tesseract_langs() -> tuple[str, ...] | None:
    exe = shutil.which("tesseract")
    if not exe:
        return None
    try:
        out = subprocess.run([exe, "--list-langs"], capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    lines = (out.stdout + "\n" + out.stderr).splitlines()
    return tuple(line.strip() for line in lines if line.strip() and " " not in line.strip())


def tesseract_available(lang: str = "vie") -> bool:
    """Whether `tesseract` and its `lang` model are installed."""
    langs = _tesseract_langs()
    return bool(langs) and lang in langs  # type: ignore[operator]


def require_tesseract(lang: str = "vie") -> None:
    """Raise ToolMissing (with the install hint) unless tesseract and the `lang` model are installed."""
    langs = _tesseract_langs()
    if langs is None:
        raise tool_missing("Chưa cài Tesseract để nhận dạng chữ trong ảnh quét", "tesseract is not installed",
                           TESSERACT_HINT)
    if lang not in langs:
        raise tool_missing(f"Tesseract chưa có mô hình tiếng Việt ({lang})",
                           f"tesseract language model '{lang}' is missing", TESSERACT_HINT)


def ocr_image_file(image: Path, *, source: Path | None = None, lang: str = "vie", psm: int = 3,
                   tsv: bool = False, whitelist: str | None = None) -> str:
    """Run tesseract on an image file (multi-page TIFF gives "\\f" between pages); returns the raw text
    (or, with `tsv`, tesseract's TSV of words and boxes)."""
    require_tesseract(lang)
    env = dict(os.environ, OMP_THREAD_LIMIT=os.environ.get("OMP_THREAD_LIMIT", "1"))
    try:
        proc = subprocess.run(
            ["tesseract", str(image), "stdout", "-l", lang, "--psm", str(psm),
             *(["-c", f"tessedit_char_whitelist={whitelist}"] if whitelist else []), *(["tsv"] if tsv else [])],
            capture_output=True, timeout=_TIMEOUT_PER_PAGE, check=False, env=env,
        )
    except subprocess.TimeoutExpired:
        raise invalid(source or image, "nhận dạng chữ (OCR) quá thời gian", "OCR timed out") from None
    if proc.returncode != 0:
        err = proc.stderr.decode("utf-8", errors="replace").strip().splitlines()
        raise invalid(source or image, "không nhận dạng được chữ trong ảnh",
                      f"OCR failed: {err[-1] if err else proc.returncode}")
    return proc.stdout.decode("utf-8", errors="replace")


def ocr_page(image: Any, *, source: Path, lang: str = "vie") -> str:
    """OCR one page image (PIL) into the layout; a ruled table on it comes out as TAB rows."""
    import numpy as np
    from PIL import Image

    from cchc.extract.readers.ocr_layout import erase_lines, find_grid, layout_from_tsv, parse_tsv

    gray = np.asarray(image.convert("L"))
    grid, hmask, vmask = find_grid(gray < 160)
    with tempfile.TemporaryDirectory(prefix="cchc-ocr-") as tmp:
        png = Path(tmp) / "page.png"
        if grid is None:
            Image.fromarray(gray).save(png)
            return ocr_text_layout(ocr_image_file(png, source=source, lang=lang))
        erased = erase_lines(gray, hmask, vmask, grid)
        Image.fromarray(erased).save(png)
        tsv = ocr_image_file(png, source=source, lang=lang, tsv=True)

        def fill(box: tuple[int, int, int, int], numbering: bool) -> str:
            x0, y0, x1, y1 = box
            pad = 4
            crop = erased[y0 + pad : y1 - pad, x0 + pad : x1 - pad]
            if crop.size == 0 or int((crop < 160).sum()) < 40:
                return ""  # a blank cell
            cell_png = Path(tmp) / "cell.png"
            framed = Image.new("L", (crop.shape[1] + 40, crop.shape[0] + 40), 255)
            framed.paste(Image.fromarray(crop), (20, 20))
            framed.save(cell_png)
            if numbering:
                raw = ocr_image_file(cell_png, source=source, lang=lang, psm=7, whitelist="0123456789.,)IVXL")
                return "".join(raw.split()).replace(",", ".")
            return " ".join(ocr_image_file(cell_png, source=source, lang=lang, psm=6).split())

        text = layout_from_tsv(parse_tsv(tsv), grid, fill)
    return ocr_text_layout(text, keep_tabs=True)


def ocr_text_layout(raw: str, *, keep_tabs: bool = False) -> str:
    """Tesseract text → the layout: lines kept, runs of blank lines folded, pages split by "\\f" lines."""
    pages = [p.strip("\n") for p in raw.split("\f")]
    while pages and not pages[-1].strip():
        pages.pop()
    out_pages = []
    for page in pages:
        lines: list[str] = []
        for line in page.split("\n"):
            if keep_tabs and "\t" in line:
                line = "\t".join(" ".join(cell.split()) for cell in line.split("\t"))
            else:
                line = _BULLET.sub("- ", " ".join(line.split()))
            if not line and (not lines or not lines[-1]):
                continue
            lines.append(line)
        while lines and not lines[-1]:
            lines.pop()
        out_pages.append("\n".join(lines))
    return f"\n{PAGE_BREAK}\n".join(out_pages)


def _check_image(path: Path) -> int:
    """Open the image with Pillow to reject corrupt files early; returns its number of frames."""
    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # Pillow warns on damaged EXIF; the damage is reported below
            with Image.open(path) as img:
                frames = getattr(img, "n_frames", 1)
                img.verify()
    except Image.DecompressionBombError:
        raise invalid(path, "ảnh quá lớn", "image too large") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise invalid(path, "tệp ảnh bị hỏng hoặc không đọc được", f"corrupt image: {exc}") from None
    return int(frames)


def read_image(path: Path) -> SourceDocument:
    """OCR a scanned image (PNG, JPEG, TIFF — multi-page too —, BMP, GIF, WebP) into a SourceDocument."""
    frames = _check_image(path)
    require_tesseract()
    from PIL import Image, ImageSequence

    pages: list[str] = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with Image.open(path) as img:
            for frame in ImageSequence.Iterator(img):
                pages.append(ocr_page(frame, source=path))
    raw = f"\n{PAGE_BREAK}\n".join(pages)
    from cchc.extract.readers.txt import normalize_layout

    text = normalize_layout(raw)
    notes = ["văn bản nhận dạng từ ảnh quét (OCR), cần kiểm tra lại (text from OCR, check it)"]
    if not text.strip():
        notes.append("không nhận dạng được chữ nào (no text recognised)")
    return SourceDocument(text=text, kind="ocr", path=path, pages=frames, ocr=True, warnings=notes)
