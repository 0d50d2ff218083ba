"""What kind of container a file is, from its first bytes (content first, extension second)."""

from __future__ import annotations

import zipfile
from pathlib import Path

__all__ = ["sniff", "OLE_MAGIC", "EXT_KINDS"]

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

# Extension → the kind a file with that name is expected to be.
EXT_KINDS = {
    ".txt": "txt", ".text": "txt", ".md": "txt",
    ".docx": "docx", ".docm": "docx", ".dotx": "docx",
    ".doc": "doc", ".dot": "doc", ".odt": "odt", ".rtf": "rtf",
    ".pdf": "pdf",
    ".png": "image", ".jpg": "image", ".jpeg": "image", ".tif": "image", ".tiff": "image",
    ".bmp": "image", ".gif": "image", ".webp": "image",
}


def _zip_kind(path: Path) -> str:
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
            if "word/document.xml" in names:
                return "docx"
            if "mimetype" in names:
                mime = zf.read("mimetype")[:100]
                if b"opendocument.text" in mime:
                    return "odt"
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, KeyError, EOFError):
        return "bad_zip"
    return "zip"


def _ole_kind(head: bytes) -> str:
    # Encrypted OOXML is an OLE compound file with "EncryptionInfo"/"EncryptedPackage" streams;
    # directory entry names are UTF-16LE, so a byte search over the file finds them.
    if "EncryptionInfo".encode("utf-16-le") in head or "EncryptedPackage".encode("utf-16-le") in head:
        return "encrypted_ooxml"
    return "ole"


def sniff(path: Path, head: bytes) -> str:
    """Container kind from the content: pdf, docx, odt, zip, bad_zip, ole, encrypted_ooxml, rtf, image, or ''."""
    if head.startswith(b"%PDF-") or b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return _zip_kind(path)
    if head.startswith(OLE_MAGIC):
        return _ole_kind(head)
    if head.lstrip()[:5] == b"{\\rtf":
        return "rtf"
    if (
        head.startswith(b"\x89PNG\r\n\x1a\n")
        or head.startswith(b"\xff\xd8\xff")
        or head[:4] in (b"II*\x00", b"MM\x00*")
        or head.startswith(b"BM")
        and len(head) > 14
        and head[6:10] == b"\x00\x00\x00\x00"
        or head[:6] in (b"GIF87a", b"GIF89a")
        or head[:4] == b"RIFF"
        and head[8:12] == b"WEBP"
    ):
        return "image"
    return ""
