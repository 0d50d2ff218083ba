"""Document readers: any container (.txt .docx .doc .odt .rtf .pdf, scans) → the SourceDocument text layout.

Example:
    >>> from cchc.extract.readers import read_document
    >>> doc = read_document("samples/ke-hoach-cchc-2026-xa-hoa-binh.docx")
    >>> doc.kind, doc.text.splitlines()[0]
"""

from __future__ import annotations

from pathlib import Path

from cchc.extract.document import SourceDocument
from cchc.extract.readers.errors import invalid
from cchc.extract.readers.sniff import EXT_KINDS, sniff

__all__ = ["read_document", "MAX_BYTES"]

MAX_BYTES = 50 * 1024 * 1024

# Kinds whose content sniffing must agree with the extension (a ".docx" that is not a zip is corrupt).
_CONTAINER_NAMES = {
    "docx": ("tệp Word .docx", "Word .docx file"),
    "doc": ("tệp Word .doc", "Word .doc file"),
    "odt": ("tệp OpenDocument .odt", "OpenDocument .odt file"),
    "rtf": ("tệp RTF", "RTF file"),
    "pdf": ("tệp PDF", "PDF file"),
    "image": ("tệp ảnh", "image file"),
}


def _check_size(path: Path, max_bytes: int) -> int:
    try:
        st = path.stat()
    except FileNotFoundError:
        raise invalid(path, "không tìm thấy tệp", "file not found") from None
    except OSError as exc:
        raise invalid(path, "không đọc được tệp", f"cannot read the file: {exc.strerror}") from None
    if path.is_dir():
        raise invalid(path, "là một thư mục, không phải tệp", "is a directory, not a file")
    if st.st_size == 0:
        raise invalid(path, "tệp rỗng", "empty file")
    if st.st_size > max_bytes:
        mb = max_bytes / (1024 * 1024)
        raise invalid(
            path,
            f"tệp quá lớn: {st.st_size:,} byte, tối đa {mb:g} MB",
            f"file too large: {st.st_size:,} bytes, limit {mb:g} MB",
        )
    return st.st_size


def read_document(path: Path | str, *, max_bytes: int = MAX_BYTES) -> SourceDocument:
    """Read a plan document of any supported container into the SourceDocument text layout.

    The container is told by its content (magic bytes) first and its extension second. Raises
    InvalidInput for an empty, oversized, corrupt, encrypted or unknown file, and ToolMissing when a
    needed system tool (Tesseract, LibreOffice) is absent.

    Example: `read_document("ke-hoach.docx").text`
    """
    path = Path(path)
    _check_size(path, max_bytes)
    with path.open("rb") as fh:
        head = fh.read(64 * 1024)
    kind = sniff(path, head)
    expected = EXT_KINDS.get(path.suffix.lower(), "")

    if kind == "bad_zip" or (kind == "" and expected in ("docx", "odt")):
        vi, en = _CONTAINER_NAMES.get(expected, ("tệp nén", "zip file"))
        raise invalid(path, f"{vi} bị hỏng hoặc không đúng định dạng", f"corrupt or not a {en}")
    if kind == "encrypted_ooxml":
        raise invalid(
            path,
            "tệp được bảo vệ bằng mật khẩu (mã hóa), hãy gỡ mật khẩu rồi tải lại",
            "password-protected/encrypted document",
        )
    if kind == "zip":
        raise invalid(path, "tệp nén không phải văn bản Word", "zip archive that is not a Word document")
    if kind == "" and expected in ("doc", "pdf", "image", "rtf"):
        vi, en = _CONTAINER_NAMES[expected]
        raise invalid(path, f"{vi} bị hỏng hoặc không đúng định dạng", f"corrupt or not a {en}")

    data_kind = kind or expected
    if data_kind == "txt" or (data_kind == "" and path.suffix == ""):
        from cchc.extract.readers.txt import read_txt

        return read_txt(path, path.read_bytes())
    if data_kind == "docx":
        from cchc.extract.readers.docx import read_docx

        return read_docx(path)
    if data_kind in ("ole", "doc", "odt", "rtf"):
        from cchc.extract.readers.doc import read_via_soffice

        return read_via_soffice(path, kind=data_kind)
    if data_kind == "pdf":
        from cchc.extract.readers.pdf import read_pdf

        return read_pdf(path)
    if data_kind == "image":
        from cchc.extract.readers.ocr import read_image

        return read_image(path)
    raise invalid(
        path,
        "không nhận dạng được loại tệp; hỗ trợ .docx, .doc, .odt, .rtf, .pdf, .txt, ảnh quét",
        "unknown file type",
    )
