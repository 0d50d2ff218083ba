"""Reform-area classification from headings and keywords (folded text, OCR tolerant)."""

from __future__ import annotations

import re

from cchc.domain.areas import Area
from cchc.extract.text import fold, similarity

__all__ = ["area_of_heading", "areas_in_text", "guess_area", "is_area_title"]

# Folded keyword patterns per area, most specific first. Each is a regex on folded text.
_KEYWORDS: list[tuple[Area, str]] = [
    (Area.INSTITUTIONS, r"cai cach the che|the che|van ban quy pham|\bqppl\b|pho bien giao duc phap luat|"
                        r"thi hanh phap luat|xay dung phap luat"),
    (Area.PROCEDURES, r"thu tuc hanh chinh|\btthc\b|mot cua|kiem soat thu tuc|dich vu cong truc tuyen"),
    (Area.ORGANIZATION, r"to chuc bo may|bo may hanh chinh|sap xep to chuc|tinh gian bien che|"
                        r"don vi su nghiep cong lap|phan cap"),
    (Area.CIVIL_SERVICE, r"che do cong vu|cong chuc cong vu|cong vu|can bo cong chuc|vi tri viec lam|"
                         r"ky luat ky cuong|dao tao boi duong"),
    (Area.PUBLIC_FINANCE, r"tai chinh cong|ngan sach|tai san cong|co che tu chu|co che tai chinh"),
    (Area.DIGITAL_GOVERNMENT, r"chinh quyen dien tu|chinh quyen so|chinh phu dien tu|chinh phu so|"
                              r"chuyen doi so|cong nghe thong tin|\bcntt\b|du lieu|van ban dien tu|"
                              r"moi truong dien tu|he thong thong tin|nen tang so|ky so|iso 9001"),
    (Area.DIRECTION, r"chi dao dieu hanh|chi dao va dieu hanh|cong tac chi dao|tuyen truyen cai cach|"
                     r"thong tin tuyen truyen|kiem tra cai cach|kiem tra cong tac cai cach|kiem tra cchc|"
                     r"co quan thuong truc|cong tac cai cach hanh chinh|chi so cai cach|par index"),
]

# Headings that name an area and nothing more ("Cải cách thể chế", "Công tác chỉ đạo, điều hành").
_AREA_TITLES: list[tuple[Area, str]] = [
    (Area.DIRECTION, "cong tac chi dao dieu hanh"),
    (Area.DIRECTION, "chi dao dieu hanh"),
    (Area.DIRECTION, "cong tac chi dao dieu hanh cai cach hanh chinh"),
    (Area.DIRECTION, "thong tin tuyen truyen cai cach hanh chinh"),
    (Area.DIRECTION, "kiem tra cai cach hanh chinh"),
    (Area.INSTITUTIONS, "cai cach the che"),
    (Area.PROCEDURES, "cai cach thu tuc hanh chinh"),
    (Area.ORGANIZATION, "cai cach to chuc bo may"),
    (Area.ORGANIZATION, "cai cach to chuc bo may hanh chinh nha nuoc"),
    (Area.CIVIL_SERVICE, "cai cach che do cong vu"),
    (Area.CIVIL_SERVICE, "cai cach che do cong chuc cong vu"),
    (Area.PUBLIC_FINANCE, "cai cach tai chinh cong"),
    (Area.DIGITAL_GOVERNMENT, "xay dung va phat trien chinh quyen dien tu chinh quyen so"),
    (Area.DIGITAL_GOVERNMENT, "xay dung phat trien chinh quyen dien tu chinh quyen so"),
    (Area.DIGITAL_GOVERNMENT, "xay dung va phat trien chinh phu dien tu chinh phu so"),
    (Area.DIGITAL_GOVERNMENT, "xay dung chinh quyen dien tu chinh quyen so"),
    (Area.DIGITAL_GOVERNMENT, "chuyen doi so"),
    (Area.DIGITAL_GOVERNMENT, "xay dung chinh quyen so chuyen doi so"),
    (Area.DIGITAL_GOVERNMENT, "chinh quyen dien tu chinh quyen so"),
    (Area.DIGITAL_GOVERNMENT, "xay dung chinh quyen dien tu"),
    (Area.DIGITAL_GOVERNMENT, "xay dung chinh quyen so"),
    (Area.CIVIL_SERVICE, "cai cach che do cong vu cong chuc"),
    (Area.CIVIL_SERVICE, "xay dung doi ngu can bo cong chuc vien chuc"),
    (Area.PUBLIC_FINANCE, "cai cach co che quan ly tai chinh cong"),
    (Area.PUBLIC_FINANCE, "doi moi co che quan ly tai chinh cong"),
    (Area.INSTITUTIONS, "xay dung va hoan thien the che"),
    (Area.PROCEDURES, "cai cach thu tuc hanh chinh thuc hien co che mot cua mot cua lien thong"),
    (Area.ORGANIZATION, "cai cach to chuc bo may hanh chinh"),
    (Area.DIRECTION, "cong tac chi dao dieu hanh va tuyen truyen cai cach hanh chinh"),
]


def _title_match(text: str) -> tuple[Area, float] | None:
    f = fold(text)
    best: tuple[Area, float] | None = None
    for area, title in _AREA_TITLES:
        s = similarity(f, title)
        if best is None or s > best[1]:
            best = (area, s)
    return best


def is_area_title(text: str) -> bool:
    """Whether a heading names an area and nothing more (so it is not an objective)."""
    m = _title_match(text)
    return m is not None and m[1] >= 0.8


def area_of_heading(text: str) -> Area | None:
    """The area a section heading names ("II. CẢI CÁCH THỂ CHẾ" → institutions), or None."""
    f = fold(text)
    if not f:
        return None
    m = _title_match(text)
    if m and m[1] >= 0.8:
        return m[0]
    # "XÂY DỰNG, PHÁT TRIỂN CHÍNH QUYỀN ĐIỆN TỬ…", "Chỉ đạo, điều hành trên môi trường điện tử…": the
    # heading's opening words decide.
    head = " ".join(f.split()[:8])
    if re.search(r"^(cong tac )?chi dao|^thong tin tuyen truyen|^kiem tra", head):
        return Area.DIRECTION
    found = areas_in_text(head)
    return found[0] if found else None


def areas_in_text(text: str) -> list[Area]:
    """Every area the text mentions, in order of first mention (for "Chủ trì … về …" sentences)."""
    f = fold(text)
    hits: list[tuple[int, Area]] = []
    for area, pattern in _KEYWORDS:
        m = re.search(pattern, f)
        if m:
            hits.append((m.start(), area))
    # "cải cách thủ tục hành chính" also contains "cải cách hành chính"-like words; keep order only
    hits.sort()
    out: list[Area] = []
    for _, area in hits:
        if area not in out:
            out.append(area)
    return out


def guess_area(text: str, default: Area | None = None) -> Area | None:
    """The area a task text most likely belongs to (first keyword hit), else `default`."""
    found = areas_in_text(text)
    return found[0] if found else default
