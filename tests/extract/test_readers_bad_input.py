"""Bad input: empty, oversized, corrupt, encrypted and unknown files give InvalidInput that names the file."""

from __future__ import annotations

import io
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cchc.domain.errors import InvalidInput, ToolMissing
from cchc.extract.readers import MAX_BYTES, read_document

from .reader_files import encrypted_ooxml, needs_soffice

EXTENSIONS = [".txt", ".docx", ".doc", ".odt", ".rtf", ".pdf", ".png", ".jpg", ".tiff", ".xyz", ""]


def invalid(path: Path, **kwargs) -> str:
    with pytest.raises(InvalidInput) as err:
        read_document(path, **kwargs)
    assert path.name in err.value.message
    assert err.value.status_code == 422
    return err.value.message


def small_docx(tmp_path: Path) -> Path:
    d = docx.Document()
    d.add_paragraph("Kế hoạch cải cách hành chính năm 2026 " * 40)
    path = tmp_path / "ke-hoach.docx"
    d.save(path)
    return path


@pytest.mark.parametrize("ext", EXTENSIONS)
def test_empty_file_is_rejected_as_empty(tmp_path, ext):
    path = tmp_path / f"rong{ext}"
    path.write_bytes(b"")
    assert "tệp rỗng (empty file)" in invalid(path)


def test_missing_file_and_directory_are_rejected(tmp_path):
    assert "không tìm thấy tệp (file not found)" in invalid(tmp_path / "khong-co.docx")
    folder = tmp_path / "thu-muc.docx"
    folder.mkdir()
    assert "thư mục" in invalid(folder)


def test_file_over_the_size_limit_is_rejected_before_reading(tmp_path, monkeypatch):
    path = small_docx(tmp_path)

    def no_reading(*args, **kwargs):
        raise AssertionError("the file was opened")

    monkeypatch.setattr(Path, "open", no_reading)
    monkeypatch.setattr(Path, "read_bytes", no_reading)
    message = invalid(path, max_bytes=1000)
    assert "tệp quá lớn" in message and "file too large" in message


def test_sparse_file_over_50_mb_is_rejected_with_the_default_limit(tmp_path):
    path = tmp_path / "qua-lon.pdf"
    with path.open("wb") as fh:
        fh.write(b"%PDF-1.7\n")
        fh.truncate(MAX_BYTES + 1)
    assert "50 MB" in invalid(path)


def test_corrupt_docx_is_rejected(tmp_path):
    path = tmp_path / "hong.docx"
    path.write_bytes(b"PK\x03\x04" + b"\x00garbage" * 100)
    assert "bị hỏng" in invalid(path)


def test_truncated_docx_is_rejected(tmp_path):
    good = small_docx(tmp_path).read_bytes()
    path = tmp_path / "cat-ngang.docx"
    path.write_bytes(good[: len(good) // 2])
    assert "bị hỏng" in invalid(path)


def test_docx_with_broken_xml_is_rejected(tmp_path):
    source = small_docx(tmp_path)
    path = tmp_path / "xml-hong.docx"
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(path, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "word/document.xml":
                data = data[: len(data) // 2]
            zout.writestr(item, data)
    assert "bị hỏng" in invalid(path)


def test_zip_that_is_not_a_word_file_is_rejected(tmp_path):
    path = tmp_path / "nen.docx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("ghi-chu.txt", "không phải Word")
    assert "không phải văn bản Word" in invalid(path)


def test_password_protected_docx_is_rejected_as_encrypted(tmp_path):
    path = encrypted_ooxml(tmp_path / "mat-khau.docx")
    message = invalid(path)
    assert "mật khẩu" in message and "password-protected" in message


def test_password_protected_pdf_is_rejected_and_owner_only_protection_is_read(tmp_path, samples_dir):
    import pypdf

    writer = pypdf.PdfWriter()
    writer.add_blank_page(width=595, height=842)
    locked = tmp_path / "mat-khau.pdf"
    writer.encrypt(user_password="bi-mat", owner_password="chu")
    with locked.open("wb") as fh:
        writer.write(fh)
    assert "mật khẩu" in invalid(locked)

    owner_only = pypdf.PdfWriter()
    owner_only.add_blank_page(width=595, height=842)
    owner_only.encrypt(user_password="", owner_password="chu")
    readable = tmp_path / "chi-chu.pdf"
    with readable.open("wb") as fh:
        owner_only.write(fh)
    doc = read_document(readable)
    assert doc.kind == "pdf" and doc.pages == 1


def test_corrupt_pdf_is_rejected(tmp_path):
    path = tmp_path / "hong.pdf"
    path.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >>\n%%EOF garbage" * 3)
    assert "PDF" in invalid(path)


def test_file_named_pdf_that_is_not_a_pdf_is_rejected(tmp_path):
    path = tmp_path / "gia.pdf"
    path.write_bytes(b"\x01\x02\x03 not a pdf at all" * 20)
    assert "tệp PDF bị hỏng hoặc không đúng định dạng" in invalid(path)


def test_corrupt_image_is_rejected(tmp_path):
    path = tmp_path / "anh.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 200)
    assert "ảnh" in invalid(path)


def test_unknown_binary_file_is_rejected_as_unknown_type(tmp_path):
    path = tmp_path / "du-lieu.xyz"
    path.write_bytes(bytes(range(256)) * 8)
    assert "không nhận dạng được loại tệp" in invalid(path) and "(unknown file type)" in invalid(path)


def test_binary_file_named_txt_is_rejected(tmp_path):
    path = tmp_path / "nhi-phan.txt"
    path.write_bytes(bytes(range(32)) * 64)
    assert "không phải tệp văn bản (not a text file)" in invalid(path)


def test_docx_content_in_a_txt_name_is_read_as_word(tmp_path):
    path = tmp_path / "nham-duoi.txt"
    path.write_bytes(small_docx(tmp_path).read_bytes())
    assert read_document(path).kind == "docx"


@needs_soffice
def test_corrupt_old_word_file_is_rejected_after_libreoffice_fails(tmp_path):
    path = tmp_path / "cu.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 2000)
    assert "không chuyển đổi được" in invalid(path)


def test_old_word_file_without_libreoffice_raises_tool_missing_with_the_hint(tmp_path, monkeypatch):
    from cchc.extract.readers import doc as doc_module

    monkeypatch.setattr(doc_module, "soffice_path", lambda: None)
    path = tmp_path / "cu.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 2000)
    with pytest.raises(ToolMissing) as err:
        read_document(path)
    assert "apt-get install libreoffice-writer-nogui" in err.value.message


@needs_soffice
def test_rtf_file_is_read_through_libreoffice(tmp_path):
    path = tmp_path / "ke-hoach.rtf"
    path.write_text(r"{\rtf1\ansi\uc1 K\u7871? ho\u7841?ch n\u259?m 2026\par}", encoding="ascii")
    doc = read_document(path)
    assert doc.kind == "doc"
    assert doc.text == "Kế hoạch năm 2026\n"


def test_libreoffice_timeout_is_reported_as_invalid_input(tmp_path, monkeypatch):
    from cchc.extract.readers import doc as doc_module

    def slow(*args, **kwargs):
        raise subprocess.TimeoutExpired(cmd="soffice", timeout=1)

    monkeypatch.setattr(doc_module, "soffice_path", lambda: "/usr/bin/soffice")
    monkeypatch.setattr(doc_module.subprocess, "run", slow)
    path = tmp_path / "cham.odt"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        zf.writestr("content.xml", "<x/>")
    assert "quá" in invalid(path)


# Prefixes that reach the deeper parsers (zip, PDF, images) rather than the type sniffing only.
PREFIXES = [b"", b"%PDF-1.7\n", b"PK\x03\x04", b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff\xe0", b"II*\x00",
            "Kế hoạch".encode()]


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(prefix=st.sampled_from(PREFIXES), body=st.binary(min_size=0, max_size=3000),
       ext=st.sampled_from([".txt", ".docx", ".pdf", ".png", ".jpg", ".tiff", ".xyz", ""]))
def test_random_bytes_never_raise_anything_but_invalid_input_or_tool_missing(tmp_path, prefix, body, ext):
    path = tmp_path / f"ngau-nhien{ext}"
    path.write_bytes(prefix + body)
    try:
        doc = read_document(path)
    except (InvalidInput, ToolMissing):
        return
    assert isinstance(doc.text, str)


def test_random_zip_members_named_like_a_docx_never_crash(tmp_path):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("word/document.xml", "<w:document xmlns:w='urn:x'><w:body/></w:document>")
        zf.writestr("[Content_Types].xml", "<Types/>")
    path = tmp_path / "la.docx"
    path.write_bytes(buf.getvalue())
    with pytest.raises(InvalidInput):
        read_document(path)
