"""Plain-text reader: encodings, BOMs, line ends, NFC."""

from __future__ import annotations

import codecs
import unicodedata
from pathlib import Path

import pytest

from cchc.extract.readers import read_document

SAMPLE = "Kế hoạch cải cách hành chính năm 2026\nSTT\tNhiệm vụ\tChủ trì\n1\tRà soát thủ tục hành chính\tVăn phòng\n"


def to_cp1258(text: str) -> bytes:
    """Encode the way Windows-1258 does: precomposed base letters, tone marks as combining characters."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        decomposed = unicodedata.normalize("NFD", ch)
        base, marks = decomposed[0], decomposed[1:]
        tone = [m for m in marks if m in "\u0300\u0301\u0303\u0309\u0323"]
        rest = "".join(m for m in marks if m not in tone)
        out += unicodedata.normalize("NFC", base + rest).encode("cp1258")
        out += "".join(tone).encode("cp1258")
    return bytes(out)


def write(tmp_path: Path, data: bytes, name: str = "plan.txt") -> Path:
    p = tmp_path / name
    p.write_bytes(data)
    return p


@pytest.mark.parametrize(
    "encoding",
    [
        pytest.param(lambda t: t.encode("utf-8"), id="utf-8"),
        pytest.param(lambda t: codecs.BOM_UTF8 + t.encode("utf-8"), id="utf-8-bom"),
        pytest.param(lambda t: codecs.BOM_UTF16_LE + t.encode("utf-16-le"), id="utf-16-le-bom"),
        pytest.param(lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be"), id="utf-16-be-bom"),
        pytest.param(to_cp1258, id="windows-1258"),
    ],
)
def test_text_in_each_encoding_reads_as_the_same_nfc_text(tmp_path, encoding):
    doc = read_document(write(tmp_path, encoding(SAMPLE)))
    assert doc.kind == "txt"
    assert doc.text == SAMPLE
    assert unicodedata.is_normalized("NFC", doc.text)


def test_windows_1258_file_really_uses_combining_tone_marks(tmp_path):
    data = to_cp1258("Kế hoạch")
    assert b"\xec" in data or b"\xf2" in data  # combining acute / dot-below bytes
    assert read_document(write(tmp_path, data)).text == "Kế hoạch\n"


def test_decomposed_utf8_is_composed_to_nfc(tmp_path):
    nfd = unicodedata.normalize("NFD", SAMPLE)
    assert nfd != SAMPLE
    assert read_document(write(tmp_path, nfd.encode())).text == SAMPLE


def test_crlf_and_cr_line_ends_become_lf_and_tabs_and_page_breaks_stay(tmp_path):
    raw = "Trang một\r\nA\tB\r\n\f\rTrang hai\r\n"
    doc = read_document(write(tmp_path, raw.encode()))
    assert doc.text == "Trang một\nA\tB\n\f\nTrang hai\n"
    assert doc.pages == 2


def test_seed_text_is_read_unchanged_apart_from_normal_form(shared_dir):
    for seed in sorted((shared_dir / "seeds").glob("*.txt")):
        raw = seed.read_text(encoding="utf-8")
        doc = read_document(seed)
        assert doc.kind == "txt"
        lines = unicodedata.normalize("NFC", raw).replace("\u00a0", " ").split("\n")
        assert doc.text == "\n".join(line.rstrip(" ") for line in lines).strip("\n") + "\n"


def test_text_file_with_an_unknown_extension_but_no_suffix_is_read_as_text(tmp_path):
    doc = read_document(write(tmp_path, SAMPLE.encode(), name="KE_HOACH"))
    assert doc.text == SAMPLE


TCVN3_PLAN = "KÕ ho¹ch c¶i c¸ch hµnh chÝnh n¨m 2026 cña x· Hßa B×nh\nN©ng cao chÊt l­îng phôc vô ng­êi d©n\n"
VNI_PLAN = "Keá hoaïch caûi caùch haønh chính naêm 2026 cuûa xaõ Hoøa Bình\nNaâng cao chaát löôïng phuïc vuï ngöôøi daân\n"
UNICODE_PLAN = "Kế hoạch cải cách hành chính năm 2026 của xã Hòa Bình\nNâng cao chất lượng phục vụ người dân\n"


def test_tcvn3_encoded_text_file_is_converted_to_unicode(tmp_path):
    doc = read_document(write(tmp_path, TCVN3_PLAN.encode("cp1252")))
    assert doc.text == UNICODE_PLAN
    assert any("TCVN3" in w for w in doc.warnings)


def test_vni_encoded_text_file_is_converted_to_unicode(tmp_path):
    doc = read_document(write(tmp_path, VNI_PLAN.encode("cp1252")))
    assert doc.text == UNICODE_PLAN
    assert any("VNI" in w for w in doc.warnings)


def test_unicode_text_with_symbols_is_not_mistaken_for_a_legacy_encoding(tmp_path):
    text = UNICODE_PLAN + "• Mục tiêu © « 50° » ± ½\n"
    doc = read_document(write(tmp_path, text.encode()))
    assert doc.text == text
    assert doc.warnings == []
