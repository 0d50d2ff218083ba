"""The plan's header: title, issuer, number, date of issue and the period it covers."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date

from cchc.domain.plan import DecisionRef, PlanInfo, PlanLevel, Span
from cchc.extract.decision import decision_title, split_decision
from cchc.extract.docrefs import find_doc_number, parse_doc_number, parse_issue_date
from cchc.extract.frontmatter import find_signer, normalise_head, prepare
from cchc.extract.issuers import (
    Issuer,
    commune_code,
    issuer_from_block,
    issuer_from_phrase,
    level_from_symbol,
    province_in_text,
)
from cchc.extract.numbers import fold_keep
from cchc.extract.numbers import fold_words as fold
from cchc.extract.text import squash

__all__ = ["parse_plan_info", "period_from_text", "locality_word", "plan_body"]

# Lines scanned for the header: the part before the body starts.
_HEAD_LINES = 40
_TAGS = re.compile(r"<[^>]*>")
_LABEL = re.compile(r"^(ke hoach|phu luc(\s+([ivx]+|\d+))?)$")
_BODY_START = re.compile(r"^(?:[ivx]+\.|\d+\.|can cu|thuc hien|de trien khai|a\)|-|\+)\s", re.IGNORECASE)
# A line that is already body text: a legal reference ("số 93/KH-UBND", "ngày 27/11/2025") or the
# preamble's opening words ("Thực hiện Kế hoạch số …", "Căn cứ …").
_BODY_LINE = re.compile(
    r"\bso\s*\d+\s*/|\bngay\s+\d{1,2}\s*/\s*\d|^thuc hien(\s+\w+){1,2}\s+so\b|^(can cu|de trien khai|nham)\b"
)
_STOP = re.compile(r"^\(?\s*(kem theo|ban hanh kem|can cu|so\s*:|\(|i\.)")

# A locality name: 1-4 capitalised words after xã/phường, stopping at words that start a new phrase.
_NAME_STOP = {
    "nam", "giai", "doan", "tren", "ve", "den", "theo", "cua", "va", "huyen", "ke", "hoach", "trong",
    "ngay", "so", "cac", "nhung", "chu", "ubnd", "hdnd", "thuong", "nhiem", "thuc", "hien", "dia", "ban",
    "hoi",
}
# Matched on folded text (so OCR text without diacritics matches too); the name's capitals are
# checked on the document's own words.
_WORDS = r"([^\W\d_][\w]*(?:[ ]+[^\W\d_][\w]*){0,3})"
_LOCALITY = re.compile(rf"\b(xa|phuong)[ ]+{_WORDS}")
_UBND_LOCALITY = re.compile(rf"\b(?:uy ban nhan dan|ubnd)[ ]+(xa|phuong)[ ]+{_WORDS}")



def _clean_name(words: str) -> str | None:
    out: list[str] = []
    for w in words.split():
        if fold(w) in _NAME_STOP or not w[0].isalpha() or not w[0].isupper():
            break
        out.append(w)
    if not out:
        return None
    name = " ".join(out)
    if name.isupper():
        name = name.title()
    return name


def locality_word(text: str) -> str:
    """`phường` when the document speaks of a ward, else `xã`."""
    f = fold(text)
    return "phường" if f.count(" phuong") > f.count(" xa ") else "xã"


def _localities(pattern: re.Pattern[str], text: str) -> list[tuple[str, str]]:
    folded = fold_keep(text)
    out: list[tuple[str, str]] = []
    for m in pattern.finditer(folded):
        name = _clean_name(text[m.start(2) : m.end(2)])
        if name:
            out.append((m.group(1), name))
    return out


def _issuer(lines: list[str], title: str | None, text: str) -> str | None:
    # a hard line break inside a name ("… phường Hòa Xuân" / "Đông ban hành …") is a space
    text = _NAME_BREAK.sub(" ", text)
    candidates = _localities(_UBND_LOCALITY, text)
    if candidates:
        # Prefer names written with diacritics (OCR text loses them, a digital signature keeps them).
        counts = Counter(candidates)
        best = max(counts, key=lambda c: (any(ord(ch) > 127 for ch in c[1]), counts[c]))
        kind = "phường" if best[0] == "phuong" else "xã"
        return f"UBND {kind} {best[1]}"
    sources = ([title] if title else []) + lines[:_HEAD_LINES]
    for src in sources:
        found = _localities(_LOCALITY, src)
        if found:
            kind = "phường" if found[0][0] == "phuong" else "xã"
            return f"UBND {kind} {found[0][1]}"
    return None


_NAME_BREAK = re.compile(r"(?<=[a-zà-ỹđ])\n(?=[A-ZĐÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚĂĨŨƠƯẠ-Ỹ]\w*\s+[a-zà-ỹđ])")


def _title(lines: list[str]) -> str | None:
    head = _head(lines)
    for i, line in enumerate(head):
        f = fold(line)
        if not _LABEL.match(f):
            if (
                re.match(r"^\s*(KẾ HOẠCH|Kế hoạch|KE HOACH)\s", line)
                and len(f) < 250
                and not f.startswith("ke hoach so")
            ):
                return squash(line)
            continue
        parts: list[str] = []
        for nxt in head[i + 1 :]:
            g = fold(nxt)
            if not g:
                if parts:
                    break
                continue
            if _STOP.match(g) or "\t" in nxt or _BODY_LINE.search(g) or len(g) > 220 or nxt.rstrip().endswith(":"):
                break
            parts.append(nxt.strip())
            if len(parts) >= 4:
                break
        if parts:
            return squash(" ".join(parts))
    return None


def _year_span(y1: int, y2: int | None = None) -> Span:
    return Span(date(y1, 1, 1), date(y2 or y1, 12, 31))


def period_from_text(text: str) -> Span | None:
    """The period a phrase names: `giai đoạn 2026 - 2030`, `6 tháng cuối năm 2025`, `năm 2026`, `quý II năm 2026`."""
    f = fold_keep(text)
    m = re.search(r"giai\s+doan\s+(\d{4})\s*[-–—]\s*(\d{4})", f)
    if m:
        return _year_span(int(m.group(1)), int(m.group(2)))
    m = re.search(r"\b6\s*th\w{2,3}\s+(c\w{2,3}|d\w{2})\s+n\w{1,2}m\s+(\d{4})", f)
    if m:
        y = int(m.group(2))
        if m.group(1).startswith("c"):
            return Span(date(y, 7, 1), date(y, 12, 31))
        return Span(date(y, 1, 1), date(y, 6, 30))
    m = re.search(r"\bqu\w\s+(iv|iii|ii|i|[1-4])\s*(?:/|n\w{1,2}m\s+)\s*(\d{4})", f)
    if m:
        q = {"i": 1, "ii": 2, "iii": 3, "iv": 4}.get(m.group(1), 0) or int(m.group(1))
        y = int(m.group(2))
        end_month = q * 3
        end_day = 31 if end_month in (3, 12) else 30
        return Span(date(y, end_month - 2, 1), date(y, end_month, end_day))
    m = re.search(r"\bn\w{1,2}m\s+(\d{4})\s*[-–—]\s*(\d{4})\b", f)
    if m:
        return _year_span(int(m.group(1)), int(m.group(2)))
    # "từ năm 2021 đến năm 2025", "giai đoạn 2021 đến 2025", a bare "2016-2020"
    m = re.search(r"\b(?:tu\s+nam|giai\s+doan)\s+(\d{4})\s+(?:den|toi)\s+(?:n\w{1,2}m\s+)?(\d{4})\b", f) or re.search(
        r"(?<![\d/.-])((?:19|20)\d\d)\s*[-–—]\s*((?:19|20)\d\d)(?![\d/])", f
    )
    if m and 0 < int(m.group(2)) - int(m.group(1)) <= 15:
        return _year_span(int(m.group(1)), int(m.group(2)))
    m = re.search(r"\bn\w{1,2}m\s+(\d{4})\b", f)
    if m and 1990 < int(m.group(1)) < 2100:
        return _year_span(int(m.group(1)))
    return None


def _period_from_body(text: str) -> Span | None:
    """The most talked-about year when the header names none (`Trong năm 2025`, `Kế hoạch … năm 2025`)."""
    f = fold_keep(text)
    years = Counter(
        int(m.group(1))
        for m in re.finditer(r"\bnam\s+(\d{4})\b", f)
        if not re.search(r"(so voi|luat[\w\s,]{0,40})\s*$", f[max(0, m.start() - 50) : m.start()])
    )
    if not years:
        return None
    year = max(years, key=lambda y: (years[y], y))
    return _year_span(year)


def _number(lines: list[str]) -> tuple[bool, str | None]:
    """(found, number) from the `Số:` line or an appendix's `(Kèm theo Kế hoạch số …)` line."""
    head = _head(lines)
    candidates: list[str] = []
    for i, ln in enumerate(head):
        following = "\n".join(head[i + 1 : i + 10])
        cells = ln.split("\t")
        for k, cell in enumerate(cells):
            if re.match(r"^\s*(Số|SỐ|So|SO)\s*:?\s*\d*", cell) and re.search(r"\d|/", cell):
                # a symbol broken at the end of its line (`112/QĐ-` / `TTg`) goes on in the next one
                candidates.append(cell + "\n" + following if k == len(cells) - 1 else cell)
    candidates += _kem_theo_lines(lines)
    for line in candidates:
        found, number = parse_doc_number(line)
        if found:
            return True, number
    return False, None


def _kem_theo_lines(lines: list[str]) -> list[str]:
    out = []
    for i, line in enumerate(lines):
        if "theo" in line[:40].lower() and fold(line[:40]).lstrip("( ").startswith("kem theo"):
            out.append(" ".join(lines[i : i + 3]))
    return out


def _issued_on(lines: list[str]) -> date | None:
    head = [cell for ln in _head(lines) for cell in ln.split("\t") if cell.strip()]
    # "<Place>, ngày 28 tháng 4 năm 2026" in the header, or an appendix's "(Kèm theo … ngày …)".
    candidates = [
        ln for ln in head if _PLACE_DATE.match(fold_keep(ln.strip())) or _SPELLED_DATE.search(fold_keep(ln))
    ]
    candidates += _kem_theo_lines(lines)
    # a PDF of a two-column header may run the date into the number's line and break it: "Số: 48/KH-UBND
    # Ea Knốp Tây, ngày 16 tháng 3 năm" / "2026"
    joined = fold_keep(" ".join(head))
    candidates += [m.group(0) for m in _PLACE_DATE_ANYWHERE.finditer(joined)]
    for line in candidates:
        found = parse_issue_date(line)
        if found:
            return found
    return None


_PLACE_DATE_ANYWHERE = re.compile(
    r"[^\W\d][\w ]{0,40},\s*ng\w{1,3}\s+\d{1,2}\s+th\w{2,3}\s+\d{1,2}\s+n\w{1,2}m\s+\d{4}"
)
_SPELLED_DATE = re.compile(r"\bng\w{1,3}\s+\d{1,2}\s+th\w{2,3}\s+\d{1,2}\s+n\w{1,2}m\s+\d{4}")
_PLACE_DATE = re.compile(r"^[^\W\d][\w ]{0,40},\s*ng\w{1,3}\b")
_ROMAN_HEADING = re.compile(r"^\s*(?:[IVX]+|[|l1I]{1,4})\s*[.)]\s+\S")


def _head(lines: list[str]) -> list[str]:
    """The lines before the body (its first roman-numbered heading or `Căn cứ …`), at most _HEAD_LINES."""
    out: list[str] = []
    for line in lines[:_HEAD_LINES]:
        f = fold(line)
        if _ROMAN_HEADING.match(line) and line.upper() == line or f.startswith("can cu "):
            break
        out.append(line)
    return out


def _header_issuer(lines: list[str], text: str) -> Issuer | None:
    """The issuer the header block names: the cells above the number, the date and the label."""
    cells: list[str] = []
    for line in _head(lines):
        f = fold(line)
        if not f:
            continue
        if _LABEL.match(f) or f in ("quyet dinh",) or _title_line(line):
            break
        number_line = False
        for cell in line.split("\t"):
            g = fold_keep(cell.strip())
            if re.match(r"^(?:so|s0)\s*:?\s*\d*\s*(?:/|$)", g):
                number_line = True
                continue
            if _PLACE_DATE.match(g) or _SPELLED_DATE.search(g):
                continue
            cells.append(cell)
        if number_line:
            break
    return issuer_from_block(cells, province_hint=province_in_text(text[:20000])) if cells else None


def _title_line(line: str) -> bool:
    return bool(re.match(r"^\s*(KẾ HOẠCH|KE HOACH)\s", line))


_OF_ISSUER = re.compile(r"\b(?:của|cua|CỦA)\s+(.{4,120}?)\s*\)?\s*$")


def _kem_theo_issuer(lines: list[str]) -> Issuer | None:
    """The issuer an attached plan's `(Ban hành kèm theo Quyết định số … của Thủ tướng Chính phủ)` names."""
    for joined in _kem_theo_lines(lines):
        chunk = joined.split(")")[0]
        m = _OF_ISSUER.search(chunk)
        if m:
            found = issuer_from_phrase(m.group(1))
            if found:
                return found
    return None


def _commune_issuer(name: str | None, text: str) -> Issuer | None:
    if not name:
        return None
    m = re.match(r"^UBND (xã|phường) (.+)$", name)
    if not m:
        return None
    return Issuer(name, PlanLevel.COMMUNE, commune_code(m.group(1), m.group(2), province_in_text(text[:20000])))


def _single_info(text: str, metadata: dict[str, str]) -> PlanInfo:
    """The header of one document (a plan, or a Decision's own header) from its text."""
    raw = [_TAGS.sub(" ", ln).replace("*", " ").rstrip() for ln in (text or "").splitlines()]
    lines = [_TAGS.sub(" ", ln).replace("*", " ").rstrip() for ln in normalise_head(text or "").splitlines()]
    title = _title(lines)
    found = _header_issuer(lines, text or "")
    if found is None or found.level is PlanLevel.COMMUNE:
        kem = _kem_theo_issuer(lines)
        if kem is not None and kem.level is not PlanLevel.COMMUNE:
            found = kem
        else:
            commune = _commune_issuer(_issuer(raw, title, _TAGS.sub(" ", text or "")), text or "")
            found = commune or found or kem
    if found is None and metadata.get("issuer"):
        value = metadata["issuer"]
        found = issuer_from_phrase(value if fold(value).startswith(("uy ban", "ubnd", "bo ", "thu tuong", "chinh phu", "ban ", "so "))
                                   else f"UBND {value}")
    has_number, number = _number(lines)
    if not has_number and metadata.get("number"):
        number = find_doc_number(metadata["number"])
    issued_on = _issued_on(lines)
    if issued_on is None and metadata.get("issued_on"):
        issued_on = parse_issue_date(metadata["issued_on"], bare=True)
    period = period_from_text(title) if title else None
    if period is None:
        for line in _head(lines):
            if "kem theo" in fold(line):
                continue
            if fold(line).startswith(("ke hoach", "phu luc", "cai cach", "thuc hien")):
                period = period_from_text(line)
                if period:
                    break
    if period is None:
        period = _period_from_body(text or "")
    signer = find_signer(text or "")
    if signer is None and metadata.get("signer"):
        from cchc.domain.plan import Signer

        signer = Signer(squash(metadata["signer"]), squash(metadata["signer_title"]) if metadata.get("signer_title") else None)
    level = found.level if found else level_from_symbol(number)
    return PlanInfo(
        title=title,
        issuer=found.name if found else None,
        number=number,
        issued_on=issued_on,
        period=period,
        level=level,
        locality_code=found.locality_code if found else None,
        signer=signer,
    )


def _wrapped_info(decision_text: str, plan_text: str, metadata: dict[str, str]) -> PlanInfo:
    """A plan issued by a Decision: the plan's own header, the Decision's where the plan has none."""
    dec = _single_info(decision_text, metadata)
    dlines = normalise_head(decision_text).splitlines()
    label = next((i for i, ln in enumerate(dlines[:_HEAD_LINES]) if fold(ln) == "quyet dinh"), None)
    dtitle = decision_title(dlines, label) if label is not None else None
    decision = DecisionRef(
        number=dec.number, issued_on=dec.issued_on, title=dtitle, issuer=dec.issuer, signer=dec.signer
    )
    if not plan_text.strip():
        title = re.sub(r"^(?:Về việc|V/v|VỀ VIỆC)\s+(?:ban hành|phê duyệt|BAN HÀNH|PHÊ DUYỆT)\s+", "", dtitle or "")
        period = period_from_text(dtitle) if dtitle else None
        return PlanInfo(
            title=title or None, issuer=dec.issuer, number=dec.number, issued_on=dec.issued_on,
            period=period or dec.period, level=dec.level, locality_code=dec.locality_code, signer=dec.signer,
            decision=decision,
        )
    own = _single_info(plan_text, {})
    period = own.period
    if own.title is None or period_from_text(own.title) is None:
        period = (period_from_text(dtitle) if dtitle else None) or period
    issuer_from_plan = own.issuer is not None and (own.level is not PlanLevel.COMMUNE or dec.level in (None, PlanLevel.COMMUNE))
    return PlanInfo(
        title=own.title or (dtitle or None),
        issuer=own.issuer if issuer_from_plan else dec.issuer,
        number=own.number or dec.number,
        issued_on=own.issued_on or dec.issued_on,
        period=period,
        level=(own.level if issuer_from_plan else dec.level) or dec.level,
        locality_code=own.locality_code if issuer_from_plan else dec.locality_code,
        signer=own.signer or dec.signer,
        decision=decision,
    )


def plan_body(text: str) -> str:
    """The plan's own text: without web-page chrome and without the Decision that issues it."""
    prepared = prepare(text or "")
    parts = split_decision(normalise_head(prepared.text))
    if parts is not None and parts.plan.strip():
        return parts.plan
    return prepared.text


def parse_plan_info(text: str) -> PlanInfo:
    """Title, issuer (with its level and locality code), number, date, period and signer of a plan from its
    text (unknown values are None); a Decision that issues the plan is kept in `decision`.

    >>> parse_plan_info("Số: /KH-UBND\\n\\nKẾ HOẠCH\\nCải cách hành chính năm 2026 của xã Hồng Châu\\n").period
    Span(start=datetime.date(2026, 1, 1), end=datetime.date(2026, 12, 31))
    """
    prepared = prepare(text or "")
    parts = split_decision(normalise_head(prepared.text))
    if parts is not None:
        return _wrapped_info(parts.decision, parts.plan, prepared.metadata)
    return _single_info(prepared.text, prepared.metadata)
