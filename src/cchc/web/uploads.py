"""Uploaded files: size limit, type check by extension and content, read in chunks."""

from __future__ import annotations

from pathlib import PurePath

from fastapi import UploadFile

from cchc.domain.errors import InvalidInput
from cchc.web.exceptions import UploadTooLarge

__all__ = ["PLAN_TYPES", "EVIDENCE_TYPES", "TABLE_TYPES", "read_upload"]

PLAN_TYPES = {".docx", ".pdf", ".txt", ".png", ".jpg", ".jpeg", ".tif", ".tiff"}
EVIDENCE_TYPES = {".pdf", ".docx", ".doc", ".xlsx", ".xls", ".odt", ".txt", ".png", ".jpg", ".jpeg"}
TABLE_TYPES = {".xlsx", ".csv"}

_ZIP = (b"PK\x03\x04",)
_MAGIC: dict[str, tuple[bytes, ...]] = {
    ".pdf": (b"%PDF",),
    ".docx": _ZIP,
    ".xlsx": _ZIP,
    ".odt": _ZIP,
    ".doc": (b"\xd0\xcf\x11\xe0",),
    ".xls": (b"\xd0\xcf\x11\xe0",),
    ".png": (b"\x89PNG",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".tif": (b"II*\x00", b"MM\x00*"),
    ".tiff": (b"II*\x00", b"MM\x00*"),
}
CHUNK = 1024 * 1024


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):.0f} MB"


def read_upload(
    upload: UploadFile | None, *, max_bytes: int, allowed: set[str], label: str, required: bool = True
) -> tuple[str, bytes] | None:
    """(file name, content) of an upload after checking size, extension and magic bytes.

    Synchronous: routes that take uploads are plain `def` (run in the thread pool), and the upload
    is already spooled to a temporary file by the time the route runs.
    """
    if upload is None or not upload.filename:
        if required:
            raise InvalidInput(f"Chưa chọn tệp cho «{label}».", where=label)
        return None
    name = PurePath(upload.filename.replace("\\", "/")).name
    suffix = PurePath(name).suffix.lower()
    if suffix not in allowed:
        kinds = ", ".join(sorted(allowed))
        raise InvalidInput(
            f"Tệp «{name}» không đúng loại cho «{label}»: chỉ nhận {kinds}.", where=label
        )
    parts: list[bytes] = []
    size = 0
    while True:
        chunk = upload.file.read(CHUNK)
        if not chunk:
            break
        size += len(chunk)
        if size > max_bytes:
            raise UploadTooLarge(f"Tệp «{name}» quá lớn: giới hạn là {_mb(max_bytes)}.", where=label)
        parts.append(chunk)
    content = b"".join(parts)
    if not content:
        raise InvalidInput(f"Tệp «{name}» rỗng.", where=label)
    magic = _MAGIC.get(suffix)
    if magic and not content.startswith(magic):
        raise InvalidInput(f"Tệp «{name}» bị hỏng hoặc không phải tệp {suffix} thật.", where=label)
    if suffix in (".txt", ".csv") and b"\x00" in content[:4096] and not content.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InvalidInput(
            f"Tệp «{name}» không phải tệp văn bản (hoặc ghi UTF-16 không có BOM): hãy lưu lại dạng UTF-8.",
            where=label,
        )
    return name, content
