"""PDF through LibreOffice (`soffice --headless --convert-to pdf`) when it is installed."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from cchc.domain.errors import CchcError, ToolMissing

__all__ = ["INSTALL_HINT", "find_soffice", "to_pdf"]

INSTALL_HINT = (
    "Không tìm thấy LibreOffice (soffice) để xuất PDF. Cài đặt: `sudo apt-get install libreoffice-writer` "
    "(Debian/Ubuntu), `brew install --cask libreoffice` (macOS) hoặc tải tại https://www.libreoffice.org; "
    "hoặc đặt biến CCHC_SOFFICE trỏ tới tệp soffice. / LibreOffice is needed for PDF output."
)


def find_soffice() -> str | None:
    """The soffice executable from CCHC_SOFFICE or the PATH, or None."""
    explicit = os.environ.get("CCHC_SOFFICE")
    if explicit and Path(explicit).exists():
        return explicit
    return shutil.which("soffice") or shutil.which("libreoffice")


def to_pdf(source: str | Path, out_dir: str | Path | None = None, *, timeout: float = 120) -> Path:
    """Convert a .docx to PDF beside it (or in `out_dir`); raises ToolMissing with an install hint."""
    soffice = find_soffice()
    if soffice is None:
        raise ToolMissing(INSTALL_HINT)
    source = Path(source).resolve()
    out = Path(out_dir or source.parent).resolve()
    # A private profile lets several conversions run at once and never touches the user's LibreOffice.
    with tempfile.TemporaryDirectory(prefix="cchc-lo-") as profile:
        cmd = [soffice, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless", "--norestore",
               "--convert-to", "pdf", "--outdir", str(out), str(source)]
        try:
            proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired as exc:
            raise CchcError(f"LibreOffice không chuyển xong {source.name} sang PDF sau {timeout:.0f} giây") from exc
    pdf = out / (source.stem + ".pdf")
    if proc.returncode != 0 or not pdf.exists():
        raise CchcError(f"LibreOffice không chuyển được {source.name} sang PDF: {(proc.stderr or proc.stdout).strip()[:300]}")
    return pdf
