"""What surrounds a plan's body, and its header as it arrives.

- Web-page chrome (menus, `Lượt xem`, `Bình luận`, related-document lists) before and after the
  document is cut off; a metadata block (`Số hiệu`, `Loại văn bản`, `Ngày ban hành`, `Người ký`) is read
  as fallback values and cut off too.
- The header block is brought back to one item per line: a two-column header flattened into one line or
  joined with `|`, hard line breaks inside words (`CHÍNH PH` / `Ủ`).
- The signature block gives the signer (`PHÓ CHỦ TỊCH` … `Nguyễn Văn An`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from cchc.domain.plan import Signer
from cchc.extract.docrefs import _number_at
from cchc.extract.issuers import _MOTTO
from cchc.extract.numbers import fold_keep
from cchc.extract.numbers import fold_words as fold

__all__ = ["Prepared", "prepare", "normalise_head", "find_signer", "HEAD_LINES"]

HEAD_LINES = 40

# ------------------------------------------------------------------------------------ metadata

_META_LABELS = {
    "so hieu": "number", "ky hieu": "number", "so ky hieu": "number", "loai van ban": "type",
    "noi ban hanh": "issuer", "co quan ban hanh": "issuer", "nguoi ky": "signer", "ngay ban hanh": "issued_on",
    "ngay hieu luc": "effective", "ngay cong bao": "gazette", "so cong bao": "gazette_number",
    "tinh trang": "status", "tinh trang hieu luc": "status", "linh vuc": "field", "trich yeu": "summary",
    "chuc vu": "signer_title", "cap ban hanh": "level",
}
_META = re.compile(r"^\s*(" + "|".join(sorted(_META_LABELS, key=len, reverse=True)) + r")\b\s*[:：]?\s*(.*)$")


def _meta_pairs(line: str) -> list[tuple[str, str]] | None:
    """The (key, value) pairs of a metadata line (`Số hiệu: 15/KH-UBND | Loại văn bản: Kế hoạch`), or None."""
    cells = [c for c in re.split(r"\t|\s\|\s|\|", line) if c.strip()]
    if not cells:
        return None
    out: list[tuple[str, str]] = []
    i = 0
    while i < len(cells):
        f = fold(cells[i])
        m = _META.match(f)
        if not m:
            return out or None
        key = _META_LABELS[m.group(1)]
        value = cells[i].split(":", 1)[1].strip() if ":" in cells[i] else ""
        if not value and not m.group(2) and i + 1 < len(cells) and not _META.match(fold(cells[i + 1])):
            value, i = cells[i + 1].strip(), i + 1
        out.append((key, value))
        i += 1
    return out


# ------------------------------------------------------------------------------------ chrome

_ANCHOR = re.compile(
    r"^(?:uy ban nhan dan|ubnd|cong hoa xa hoi chu nghia|thu tuong|chinh phu$|bo [a-z]|ban chi dao|"
    r"so\s*\d*\s*(?:[a-z]{1,4}\s*)?(?:kh|qd|nq|ct)\b|ke hoach$|quyet dinh$|phu luc\b)"
)
_CONFIRM = re.compile(r"^(?:so\s*\d*\s+(?:kh|qd|nq|ct|tb)\b|ke hoach$|quyet dinh$|phu luc\b|kem theo|can cu)|"
                      r"cong hoa xa hoi chu nghia|doc lap tu do hanh phuc")
_CHROME = re.compile(
    r"^(?:trang chu|dang nhap|dang ky|tim kiem|lien he|gioi thieu|so do (?:trang|cong)|tin tuc|menu|"
    r"luot xem|so luot xem|luot truy cap|binh luan|gui binh luan|y kien ban doc|(?:cac\s+)?van ban lien quan|"
    r"van ban cung linh vuc|van ban khac|(?:cac\s+)?tin lien quan|tin cung chuyen muc|bai viet lien quan|"
    r"(?:cac\s+)?tin khac|chia se|tai ve|tai file|tai van ban|tep dinh kem|file dinh kem|in bai viet|in trang|"
    r"ve dau trang|ban quyen|copyright|tu khoa|tags?|danh gia bai viet|ngay dang|dang luc)\b"
)
_BODY_HEADING = re.compile(r"^\s*(?:[IVX]+\s*[.)]\s+\S|Điều\s+\d+|ĐIỀU\s+\d+)")


# After the body only words no plan sentence starts with count (`Đăng ký chữ ký số …` may end a plan); the
# others only as a short line of their own (`Chia sẻ`, `Tải về`).
_TRAILING = re.compile(
    r"^(?:luot xem|so luot xem|luot truy cap|binh luan \d|gui binh luan|y kien ban doc|(?:cac\s+)?van ban lien quan|"
    r"van ban cung linh vuc|(?:cac\s+)?tin lien quan|tin cung chuyen muc|bai viet lien quan|cac tin khac|ve dau trang|"
    r"ban quyen thuoc|copyright)\b"
)


def _is_trailing_chrome(line: str) -> bool:
    s = line.strip()
    if not s or len(s) > 90:
        return False
    f = fold(s[:40])  # the markers open the line
    return bool(_TRAILING.match(f)) or s.startswith("©") or len(s.split()) <= 3 and bool(_CHROME.match(f))


def _is_chrome(line: str) -> bool:
    s = line.strip()
    if not s or len(s) > 90:
        return False
    f = fold(s)
    # a breadcrumb: `Trang chủ » Văn bản » Kế hoạch`, `Trang chủ / Văn bản / Kế hoạch` (no figures)
    crumb = bool(re.search(r"\s[»›>]\s|\s/\s.*\s/\s", s)) and len(f.split()) < 14 and not re.search(r"\d", s)
    return bool(_CHROME.match(f)) or s.startswith("©") or crumb


def _anchor(lines: list[str]) -> int | None:
    """The first line of the document itself (its header), when chrome or metadata come before it."""
    for i, line in enumerate(lines[:150]):
        f = fold(line)
        if not f or not _ANCHOR.match(f):
            if _BODY_HEADING.match(line) and line.upper() == line:
                return None  # the body starts without a header
            continue
        if re.match(r"^(?:thu tuong|chinh phu|bo |ban chi dao|ke hoach|quyet dinh)", f) and not _upper(line):
            continue  # header lines are capitals; `Bộ Nội vụ` in a menu is not one
        window = lines[i : i + 12]
        if any(_is_chrome(w) for w in window[1:4]):
            continue  # a site banner followed by menus
        if any(_CONFIRM.search(fold(w)) for w in window):
            return i
    return None


def _upper(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) >= 0.8 * len(letters)


@dataclass
class Prepared:
    """The document without chrome, and the metadata block's values (keys: number, issuer, signer,
    issued_on, type, …)."""

    text: str
    metadata: dict[str, str] = field(default_factory=dict)


def prepare(text: str) -> Prepared:
    """Cut web-page chrome and a metadata block from a document's text; read the metadata."""
    lines = (text or "").split("\n")
    metadata: dict[str, str] = {}
    start = _anchor(lines)
    front = lines[:start] if start else []
    if start is None:
        # no header: a metadata block may still open the text
        n = 0
        while n < min(len(lines), 60) and (not lines[n].strip() or _meta_pairs(lines[n]) or _is_chrome(lines[n])):
            pairs = _meta_pairs(lines[n])
            n += 2 if pairs and not pairs[-1][1] and n + 1 < len(lines) else 1
        if any(_meta_pairs(ln) for ln in lines[:n]):
            front, start = lines[:n], n
    end = len(lines)
    body_from = start or 0
    for j in range(body_from + 1, len(lines)):
        if _is_trailing_chrome(lines[j]) and not any(
            _BODY_HEADING.match(ln) and (ln.upper() == ln or ln.lstrip().startswith(("Điều", "ĐIỀU")))
            for ln in lines[j + 1 :]
        ):
            end = j
            break
    back = lines[end:]
    outside = front + back
    for i, ln in enumerate(outside):
        for key, value in _meta_pairs(ln) or []:
            if not value and i + 1 < len(outside) and not _meta_pairs(outside[i + 1]):
                value = outside[i + 1].strip()  # the label on its line, the value on the next
            if value and key not in metadata:
                metadata[key] = value
    if start is None and end == len(lines):
        return Prepared(text, metadata)
    return Prepared("\n".join(lines[body_from:end]), metadata)


# ------------------------------------------------------------------------------------ header lines

_VOWELS = set("aeiouy")
_ONSETS = {"b", "c", "ch", "d", "g", "gh", "gi", "h", "k", "kh", "l", "m", "n", "ng", "ngh", "nh", "p", "ph",
           "q", "qu", "r", "s", "t", "th", "tr", "v", "x"}
_CODAS = {"c", "ch", "m", "n", "ng", "nh", "p", "t"}
_BREAK = re.compile(r"([^\W\d_]+)[ \t]*\n[ \t]*([^\W\d_]+)")


def _fragment_joins(a: str, b: str) -> bool:
    """Whether `a` / `b` on two lines are one word cut by a hard line break (`PH` / `Ủ`, `chí` / `nh`)."""
    fa, fb = fold(a), fold(b)
    if not fa or not fb or a.isupper() != b.isupper() and not (a[:1].isupper() and b.islower()):
        return False
    if not any(c in _VOWELS for c in fa) or fa in ("qu", "gi"):
        return fa in _ONSETS and fb[0] in _VOWELS
    if not any(c in _VOWELS for c in fb):
        return fb in _CODAS and not b[:1].isupper() or (a.isupper() and b.isupper() and fb in _CODAS)
    return False


def _join_word_breaks(text: str) -> str:
    return _BREAK.sub(lambda m: m.group(1) + m.group(2) if _fragment_joins(m.group(1), m.group(2)) else m.group(0), text)


_LABEL_IN_LINE = re.compile(r"(?<!\S)(KẾ HOẠCH|QUYẾT ĐỊNH|KE HOACH|QUYET DINH)(?=\s|$)")
_DATE_TAIL = re.compile(r"n\w{1,2}m\s+\d{4}\s*$|\d{1,2}\s*/\s*\d{1,2}\s*/\s*\d{4}\s*$")


def _split_flat(line: str) -> list[str]:
    """A flattened header line split back into its lines and cells."""
    if not line.strip():
        return [line]
    # the motto as cells of its own
    folded = fold_keep(line)
    spans = [(m.start(), m.end()) for m in _MOTTO.finditer(folded)]
    for a, b in reversed(spans):
        line = line[:a].rstrip() + "\t" + line[a:b] + "\t" + line[b:].lstrip()
    # the number as a cell of its own
    for m in re.finditer(r"(?<![^\W\d_])(?:Số|SỐ|So|SO)\s*:?\s*", line):
        found, _, end = _number_at(line, m.end())
        if not found and re.match(r"[\s\d/]*(?:[A-ZĐ][\sA-Za-zĐđ-]{0,20})?$", line[m.end() :]):
            found, end = True, len(line)  # the number goes on in the next line
        if found:
            line = line[: m.start()].rstrip() + ("\t" if line[: m.start()].strip() else "") + line[m.start() : end] + (
                "\t" + line[end:].lstrip() if line[end:].strip() else ""
            )
            break
    out = [line]
    # the label after the header on the same line: a new line, and the title after it another
    m = _LABEL_IN_LINE.search(line)
    if m and m.start() > 0:
        before = line[: m.start()]
        if spans or _DATE_TAIL.search(fold_keep(before).rstrip(" \t")) or "\t" in before:
            out = [before.rstrip(), m.group(1)]
            rest = line[m.end() :].strip()
            if rest:
                out += _split_title(rest)
    elif m and m.start() == 0 and line[m.end() :].strip() and line.strip() != m.group(1):
        rest = line[m.end() :].strip()
        if rest[:1].isupper() and not rest.isupper() or len(line) > 250:
            out = [m.group(1)] + _split_title(rest)
    return [ln.replace("\t\t", "\t").strip("\t ") if ln.strip() else "" for ln in out]


def _split_title(rest: str) -> list[str]:
    """A title run on into the preamble (`… năm 2026 Căn cứ Nghị quyết …`) split where it starts."""
    m = re.search(r"\s(?=(?:Căn cứ|Thực hiện|Để triển khai|\(Ban hành kèm|\(Kèm theo)\s)", rest)
    if m:
        return [rest[: m.start()].strip(), rest[m.end() :].strip()]
    return [rest]


def normalise_head(text: str) -> str:
    """The document with its header region (before the body) one item per line."""
    lines = text.split("\n")
    n = 0
    for n, line in enumerate(lines[:HEAD_LINES]):  # noqa: B007 - the index is used after the loop
        f = fold(line)
        if (_BODY_HEADING.match(line) and line.upper() == line) or f.startswith(("can cu ", "i muc", "dieu 1")):
            break
    else:
        n = min(len(lines), HEAD_LINES)
    head, tail = "\n".join(lines[:n]), lines[n:]
    head = _join_word_breaks(head)
    out: list[str] = []
    for line in head.split("\n"):
        if "|" in line.strip()[1:]:
            line = line[:1] + re.sub(r"\s*\|\s*", "\t", line[1:])
        out.extend(_split_flat(line))
    return "\n".join(out + tail)


# ------------------------------------------------------------------------------------ signer

_ROLE = re.compile(
    r"^(?:(?:tm|kt|tl|tuq|q)\s+)?(?:(?:pho|q)\s+)?(chu tich|thu tuong|bo truong|thu truong|giam doc|truong ban|"
    r"chanh van phong|truong phong)$"
)
_ROLE_TITLES = {
    "chu tich": "Chủ tịch", "thu tuong": "Thủ tướng", "bo truong": "Bộ trưởng", "thu truong": "Thứ trưởng",
    "giam doc": "Giám đốc", "truong ban": "Trưởng ban", "chanh van phong": "Chánh Văn phòng",
    "truong phong": "Trưởng phòng",
}
_NOT_NAME = re.compile(
    r"\b(ký|dấu|ghi rõ|họ tên|nơi nhận|lưu|như điều|ubnd|ủy ban|uỷ ban|văn phòng|sở|ban|kế hoạch|quyết định|phụ lục|"
    r"chính phủ|cộng hòa|cộng hoà|độc lập|nhân dân|hành chính)\b"
)


def _role_title(cell: str) -> str | None:
    if len(cell) > 40:
        return None
    f = fold(cell)
    m = _ROLE.match(f)
    if not m or f.startswith(("tm ", "kt ", "tl ", "tuq ")):
        return None
    title = _ROLE_TITLES[m.group(1)]
    if re.match(r"^pho\s", f):
        title = "Phó " + title
    return title


def _person(cell: str) -> str | None:
    s = cell.strip().strip("()[]")
    words = s.split()
    if not 2 <= len(words) <= 5 or any(ch.isdigit() for ch in s) or _NOT_NAME.search(s.lower()):
        return None
    if not all(w[:1].isupper() and w.replace("-", "").isalpha() for w in words):
        return None
    return s.title() if s.isupper() else s


def find_signer(text: str) -> Signer | None:
    """The signer of the last signature block in `text` (its role line, then the name below it)."""
    cells = [c.strip() for ln in text.split("\n") for c in re.split(r"\t|\|", ln)]
    cells = [c for c in cells if c]
    found: Signer | None = None
    for i, cell in enumerate(cells):
        title = _role_title(cell)
        if title is None:
            continue
        for nxt in cells[i + 1 : i + 8]:
            if _role_title(nxt):
                break
            name = _person(nxt)
            if name:
                found = Signer(name, title)
                break
    return found
