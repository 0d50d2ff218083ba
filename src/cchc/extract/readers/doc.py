"""Old Word .doc, OpenDocument .odt and .rtf: converted to .docx by LibreOffice (`soffice --headless`)."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from cchc.extract.document import SourceDocument
from cchc.extract.readers.errors import SOFFICE_HINT, invalid, tool_missing

__all__ = ["read_via_soffice", "soffice_convert", "soffice_path", "SOFFICE_TIMEOUT"]

SOFFICE_TIMEOUT = 120.0
_SUFFIX = {"ole": ".doc", "doc": ".doc", "odt": ".odt", "rtf": ".rtf"}


def soffice_path() -> str | None:
    """The LibreOffice executable, or None."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def soffice_convert(source: Path, target_ext: str, out_dir: Path, *, timeout: float = SOFFICE_TIMEOUT,
                    origin: Path | None = None) -> Path:
    """Convert `source` with LibreOffice to `target_ext` ("docx", "pdf") in `out_dir`; returns the new file.

    A private LibreOffice profile per call lets several conversions (and a user's own LibreOffice) run
    at the same time.
    """
    exe = soffice_path()
    if exe is None:
        raise tool_missing("Chưa cài LibreOffice để chuyển đổi tệp Word cũ", "LibreOffice (soffice) is not installed",
                           SOFFICE_HINT)
    profile = out_dir / "lo-profile"
    cmd = [exe, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore", "--nolockcheck",
           "--convert-to", target_ext, "--outdir", str(out_dir), str(source)]
    env = dict(os.environ, HOME=str(out_dir))
    try:
        proc = subprocess.run(cmd, capture_output=True, timeout=timeout, check=False, env=env,
                              start_new_session=True)
    except subprocess.TimeoutExpired:
        raise invalid(origin or source, f"chuyển đổi bằng LibreOffice quá {timeout:g} giây",
                      "LibreOffice conversion timed out") from None
    produced = out_dir / f"{source.stem}.{target_ext}"
    if proc.returncode != 0 or not produced.is_file() or produced.stat().st_size == 0:
        raise invalid(origin or source,
                      "không chuyển đổi được tệp (tệp hỏng hoặc được bảo vệ bằng mật khẩu)",
                      "LibreOffice could not convert the file: corrupt or password-protected")
    return produced


def read_via_soffice(path: Path, *, kind: str = "doc", timeout: float = SOFFICE_TIMEOUT) -> SourceDocument:
    """Read a .doc/.odt/.rtf file: convert it to .docx in a temporary folder, then read that."""
    from cchc.extract.readers.docx import read_docx

    if soffice_path() is None:
        raise tool_missing("Chưa cài LibreOffice để đọc tệp .doc/.odt/.rtf",
                           "LibreOffice (soffice) is not installed", SOFFICE_HINT)
    with tempfile.TemporaryDirectory(prefix="cchc-soffice-") as tmp:
        tmp_dir = Path(tmp)
        # copy under a plain name with the right extension: LibreOffice picks its filter from it
        source = tmp_dir / f"input{_SUFFIX.get(kind, path.suffix.lower() or '.doc')}"
        shutil.copyfile(path, source)
        out_dir = tmp_dir / "out"
        out_dir.mkdir()
        converted = soffice_convert(source, "docx", out_dir, timeout=timeout, origin=path)
        doc = read_docx(converted)
    warnings = [f"đã chuyển đổi từ {path.suffix or kind} bằng LibreOffice (converted with LibreOffice)",
                *doc.warnings]
    return SourceDocument(text=doc.text, kind="doc", path=path, pages=doc.pages, warnings=warnings)
