"""Uploaded files: size limit, type check by extension and content, read in chunks."""

from __future__ import annotations

import logging
import shlex
import subprocess
import tempfile
from pathlib import Path, PurePath

from fastapi import UploadFile

from cchc.domain.errors import InvalidInput
from cchc.settings import get_settings
from cchc.web.exceptions import UploadTooLarge

__all__ = ["PLAN_TYPES", "EVIDENCE_TYPES", "TABLE_TYPES", "read_upload", "scan_upload"]

log = logging.getLogger(__name__)
# How long the virus scanner may take on one file.
SCAN_TIMEOUT = 120.0

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
    upload: UploadFile | None, *, max_bytes: int, allowed: set[str], label: str, required: bool = True,
    scan_command: str | None = None,
) -> tuple[str, bytes] | None:
    """(file name, content) of an upload after checking size, extension, magic bytes and (when
    CCHC_SCAN_COMMAND is set, or `scan_command` given) the virus scanner.

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
    command = scan_command if scan_command is not None else get_settings().scan_command
    if command:
        scan_upload(command, name, content, label=label)
    return name, content


def scan_upload(command: str, name: str, content: bytes, *, label: str, timeout: float = SCAN_TIMEOUT) -> None:
    """Run the virus scanner on the upload (written to a private temporary file); refuse it on a non-zero exit.

    `command` is split like a shell command line; `{path}` stands for the file (appended when absent).
    A scanner that cannot run or does not finish also refuses the upload: nothing unscanned is kept.
    """
    suffix = PurePath(name).suffix.lower()
    with tempfile.TemporaryDirectory(prefix="cchc-scan-") as folder:
        path = Path(folder) / f"upload{suffix}"
        path.write_bytes(content)
        try:
            args = shlex.split(command)
        except ValueError:
            args = []
        if not args:
            log.error("CCHC_SCAN_COMMAND cannot be read as a command: %r", command)
            raise InvalidInput(
                f"Chưa kiểm tra được virus cho tệp «{name}» (cấu hình trình quét sai); tệp chưa được nhận. "
                "Hãy báo quản trị hệ thống.", where=label)
        if any("{path}" in a for a in args):
            args = [a.replace("{path}", str(path)) for a in args]
        else:
            args.append(str(path))
        try:
            proc = subprocess.run(args, capture_output=True, text=True, timeout=timeout, check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            log.error("virus scanner did not run on %s: %s", name, exc)
            raise InvalidInput(
                f"Chưa kiểm tra được virus cho tệp «{name}» (trình quét không chạy được); tệp chưa được nhận. "
                "Hãy thử lại sau hoặc báo quản trị hệ thống.", where=label) from None
    if proc.returncode == 0:
        return
    detail = " ".join((proc.stdout or proc.stderr or "").split())[:200]
    log.warning("virus scanner refused %s (exit %s): %s", name, proc.returncode, detail)
    if proc.returncode == 1:
        raise InvalidInput(
            f"Tệp «{name}» bị trình quét virus từ chối: phát hiện mã độc ({detail or 'không rõ tên'}). "
            "Tệp không được lưu; hãy quét lại máy và chọn tệp sạch.", where=label)
    raise InvalidInput(
        f"Tệp «{name}» chưa qua được bước quét virus (trình quét báo lỗi, mã {proc.returncode}); tệp không được lưu. "
        "Hãy thử lại sau hoặc báo quản trị hệ thống.", where=label)
