"""Legacy Vietnamese 8-bit encodings (TCVN3/ABC, VNI-Windows) recognised in decoded text and converted.

Documents typed with the .VnTime (TCVN3) or VNI-Times fonts store Vietnamese letters as Latin-1
look-alikes: "Kế hoạch" is "KÕ ho¹ch" in TCVN3 and "Keá hoaïch" in VNI. The converters here take
such text (as decoded with Windows-1252) and give Unicode NFC.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["fix_legacy", "tcvn3_to_unicode", "vni_to_unicode", "legacy_font_encoding", "garbage_score"]

# TCVN3 (TCVN 5712:1993, "ABC") byte → letter, bytes given as their Windows-1252 characters.
_TCVN3_PAIRS = (
    "µà ¸á ¶ả ·ã ¹ạ ¨ă »ằ ¾ắ ¼ẳ ½ẵ Æặ ©â Çầ Êấ Èẩ Éẫ Ëậ ®đ Ìè Ðé Îẻ Ïẽ Ñẹ ªê Òề Õế Óể Ôễ Öệ "
    "×ì Ýí Øỉ Üĩ Þị ßò ãó áỏ âõ äọ «ô åồ èố æổ çỗ éộ ¬ơ êờ íớ ëở ìỡ îợ ïù óú ñủ òũ ôụ "
    "\u00adư õừ øứ öử ÷ữ ùự úỳ ýý ûỷ üỹ þỵ ¡Ă ¢Â §Đ £Ê ¤Ô ¥Ơ ¦Ư"
)
_TCVN3 = {pair[0]: pair[1] for pair in _TCVN3_PAIRS.split(" ")}

_ACUTE, _GRAVE, _HOOK, _TILDE, _DOT = "\u0301", "\u0300", "\u0309", "\u0303", "\u0323"
_CIRC, _BREVE, _HORN = "\u0302", "\u0306", "\u031b"

# VNI-Windows: a base letter followed by mark characters (Windows-1252 look-alikes).
_VNI_TONE = {"ù": _ACUTE, "ø": _GRAVE, "û": _HOOK, "õ": _TILDE, "ï": _DOT}
_VNI_CIRC = {"â": "", "á": _ACUTE, "à": _GRAVE, "å": _HOOK, "ã": _TILDE, "ä": _DOT}
_VNI_BREVE = {"ê": "", "é": _ACUTE, "è": _GRAVE, "ú": _HOOK, "ü": _TILDE, "ë": _DOT}
_VNI_SINGLE = {"í": "i" + _ACUTE, "ì": "i" + _GRAVE, "æ": "i" + _HOOK, "ó": "i" + _TILDE, "ò": "i" + _DOT,
               "î": "y" + _DOT, "ñ": "đ", "ô": "o" + _HORN, "ö": "u" + _HORN}


def _build_vni() -> dict[str, str]:
    table: dict[str, str] = {}

    def add(seq: str, out: str) -> None:
        for s, o in ((seq, out), (seq.upper(), out.upper())):
            table[s] = unicodedata.normalize("NFC", o)
        # a capital base letter followed by small marks ("Aáp" for "Ấp") is common too
        if len(seq) > 1:
            table[seq[0].upper() + seq[1:]] = unicodedata.normalize("NFC", out[0].upper() + out[1:])

    for base in "aeouy":
        for mark, tone in _VNI_TONE.items():
            add(base + mark, base + tone)
    for base in "aeo":
        for mark, tone in _VNI_CIRC.items():
            add(base + mark, base + _CIRC + tone)
    for mark, tone in _VNI_BREVE.items():
        add("a" + mark, "a" + _BREVE + tone)
    for horn in ("ô", "ö"):
        for mark, tone in _VNI_TONE.items():
            add(horn + mark, _VNI_SINGLE[horn] + tone)
    for single, out in _VNI_SINGLE.items():
        add(single, out)
    return table


_VNI = _build_vni()
_VNI_RE = re.compile("|".join(re.escape(k) for k in sorted(_VNI, key=len, reverse=True)))

_VIET_LATIN1 = set("àáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝăĂđĐĩĨũŨơƠưƯ")
_COMMON_SYMBOLS = set("–—‘’“”…•·°§©®«»±×÷€\u00a0\u00ad")
_TONES = {_ACUTE, _GRAVE, _HOOK, _TILDE, _DOT}
_WORD = re.compile(r"[^\W\d_]+")


def _to_legacy_char(ch: str) -> str:
    code = ord(ch)
    if 0xF000 <= code <= 0xF0FF:  # symbol-font private-use range Word uses for some legacy fonts
        return bytes([code - 0xF000]).decode("cp1252", errors="replace")
    return ch


def tcvn3_to_unicode(text: str, *, upper: bool = False) -> str:
    """TCVN3 text (as Windows-1252 characters) to Unicode NFC; `upper` for the capitals-only fonts (.VnTimeH)."""
    out = "".join(_TCVN3.get(c, c) for c in map(_to_legacy_char, text))
    return unicodedata.normalize("NFC", out.upper() if upper else out)


def vni_to_unicode(text: str) -> str:
    """VNI-Windows text (as Windows-1252 characters) to Unicode NFC."""
    text = "".join(map(_to_legacy_char, text))
    return unicodedata.normalize("NFC", _VNI_RE.sub(lambda m: _VNI[m.group(0)], text))


def garbage_score(text: str) -> int:
    """How un-Vietnamese a text looks: Latin-1/Latin-A characters Vietnamese never uses, and words with two tones."""
    score = 0
    for ch in text:
        code = ord(ch)
        if 0x80 <= code <= 0x24F and ch not in _VIET_LATIN1 and ch not in _COMMON_SYMBOLS:
            score += 1
    for word in _WORD.findall(text):
        if sum(1 for c in unicodedata.normalize("NFD", word) if c in _TONES) > 1:
            score += 2
    return score


# Frequent syllables of Vietnamese administrative text: the right decoding yields many of them.
_COMMON = frozenset(
    "của và các được cải cách hành chính năm xã phường kế hoạch thực hiện nhiệm vụ trên công tác người "
    "đơn vị thủ tục hồ sơ dân nhân ủy ban chủ tịch theo quy định với trong cơ quan những để việc đã "
    "có không này về từ đến đồng thời tổ chức cán bộ kết quả số hóa điện tử dịch trực tuyến phối hợp "
    "trì thời gian tiếp tục nâng cao chất lượng triển khai hướng dẫn kiểm tra báo cáo phòng văn tế "
    "đảm bảo đúng hạn giải quyết tỉnh thành phố nội nước pháp luật một cửa tài".split()
)


def _common_hits(text: str) -> int:
    return sum(1 for w in _WORD.findall(text.lower()) if w in _COMMON)


def fix_legacy(text: str) -> tuple[str, str | None]:
    """Return (text converted to Unicode, "TCVN3"/"VNI" or None when the text is not in a legacy encoding)."""
    original = garbage_score(text)
    letters = sum(1 for c in text if c.isalpha())
    if letters == 0 or original < max(3, letters // 200):
        return text, None
    base_hits = _common_hits(text)
    best, best_name, best_hits = text, None, base_hits
    for name, convert in (("TCVN3", tcvn3_to_unicode), ("VNI", vni_to_unicode)):
        converted = convert(text)
        hits = _common_hits(converted)
        if hits > best_hits and garbage_score(converted) < original:
            best, best_name, best_hits = converted, name, hits
    # convert only on clear evidence: several more common syllables than the text as it stands
    if best_name is None or best_hits < max(3, 2 * base_hits + 2):
        return text, None
    return best, best_name


def legacy_font_encoding(font: str | None) -> str | None:
    """The legacy encoding a font name implies: ".VnTime" → "TCVN3", ".VnTimeH" → "TCVN3H", "VNI-Times" → "VNI"."""
    if not font:
        return None
    name = font.strip()
    if name.upper().startswith(("VNI-", "VNI ")):
        return "VNI"
    if name.startswith(".Vn") or (name.startswith("Vn") and name[2:3].isupper() and " " not in name):
        return "TCVN3H" if name.endswith("H") else "TCVN3"
    return None
