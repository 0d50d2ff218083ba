"""Properties of the header parsers: numbers, dates, headers and periods survive the noise of layout."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st
from vietnam_provinces import Province

from cchc.domain.plan import PlanLevel, Span
from cchc.extract.docrefs import DOC_TYPES, ISSUER_CODES, parse_doc_number, parse_issue_date
from cchc.extract.header import parse_plan_info, period_from_text
from cchc.extract.text import fold

SPACE = st.sampled_from(["", " ", "  "])
BREAK = st.sampled_from(["\n", " \n", "\n ", " "])


@st.composite
def symbols(draw: st.DrawFn) -> tuple[str, str]:
    """(the number as written canonically, the same number with spacing and line-break noise)."""
    digits = draw(st.from_regex(r"\A0?[1-9][0-9]{0,3}\Z"))
    year = draw(st.sampled_from(["", "2025/", "2026/"])) if draw(st.booleans()) else ""
    parts = [draw(st.sampled_from(sorted(DOC_TYPES)))] + draw(
        st.lists(st.sampled_from(sorted(ISSUER_CODES)), min_size=1, max_size=2)
    )
    canonical = f"{digits}/{year}{'-'.join(parts)}"
    # spaces around the separators
    noisy_parts = []
    for part in parts:
        # a hard line break (or a space) inside one part, at any position
        if len(part) > 1 and draw(st.booleans()):
            cut = draw(st.integers(1, len(part) - 1))
            part = part[:cut] + draw(BREAK) + part[cut:]
        noisy_parts.append(part)
    sep = draw(st.sampled_from(["-", " - ", "-\n", "\n-", " -"]))
    body = sep.join(noisy_parts)
    if len(digits) > 1 and draw(st.booleans()):
        cut = draw(st.integers(1, len(digits) - 1))
        digits = digits[:cut] + "\n" + digits[cut:]
    slash = draw(SPACE) + "/" + draw(SPACE)
    noisy = f"{digits}{slash}{year.replace('/', slash)}{body}"
    return canonical, noisy


PREFIXES = st.sampled_from(["Số: ", "Số:", "Số ", "SỐ: ", "Số : "])
AFTER = st.sampled_from(["", "\tLào Cai, ngày 08 tháng 01 năm 2026", "\nHà Nội, ngày 5 tháng 1 năm 2026",
                         " TP. Hải Phòng, ngày 2 tháng 3 năm 2026", "\n\nKẾ HOẠCH", "\tBảo Thắng, ngày 1/1/2026"])


@settings(max_examples=300, deadline=None)
@given(symbols(), PREFIXES, AFTER)
def test_any_number_and_symbol_round_trips_through_spacing_and_line_breaks(sym, prefix: str, after: str) -> None:
    canonical, noisy = sym
    assert parse_doc_number(prefix + noisy + after) == (True, canonical)


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(sorted(DOC_TYPES)), st.sampled_from(sorted(ISSUER_CODES)), PREFIXES, AFTER)
def test_a_blank_number_is_found_and_empty(doc_type: str, code: str, prefix: str, after: str) -> None:
    assert parse_doc_number(f"{prefix}/{doc_type}-{code}{after}") == (True, None)


GAP = st.sampled_from([" ", "  ", "\n", " \n", "\n "])


@st.composite
def written_dates(draw: st.DrawFn) -> tuple[date, str]:
    day = draw(st.dates(min_value=date(1990, 1, 1), max_value=date(2099, 12, 31)))
    d = f"{day.day:02d}" if draw(st.booleans()) else str(day.day)
    m = f"{day.month:02d}" if draw(st.booleans()) else str(day.month)
    if draw(st.booleans()):
        words = ["ngày", d, "tháng", m, "năm", str(day.year)]
        if draw(st.booleans()):
            words = [fold(w) for w in words]  # OCR text without diacritics
        text = "".join(w + draw(GAP) for w in words[:-1]) + words[-1]
    else:
        sep = draw(st.sampled_from(["/", "-", "."]))
        text = f"ngày {d}{draw(SPACE)}{sep}{draw(SPACE)}{m}{sep}{day.year}"
    place = draw(st.sampled_from(["", "Lào Cai, ", "Hà Nội, ", "Suối Ngọc Lam, ", "……, "]))
    return day, place + text


@settings(max_examples=300, deadline=None)
@given(written_dates())
def test_a_date_in_words_or_digits_parses_to_that_date(written) -> None:
    day, text = written
    assert parse_issue_date(text) == day


@settings(max_examples=100, deadline=None)
@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2099, 12, 31)), st.sampled_from(["/", "-", "."]))
def test_a_bare_metadata_date_parses_to_that_date(day: date, sep: str) -> None:
    assert parse_issue_date(f"{day.day:02d}{sep}{day.month:02d}{sep}{day.year}", bare=True) == day


PROVINCES = sorted(Province.iter_all(), key=lambda p: int(p.code))
MOTTO = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")


def _short(name: str) -> tuple[str, str]:
    """(`tỉnh`/`thành phố`, the province's name without it)."""
    if name.startswith("Thành phố "):
        return "thành phố", name[len("Thành phố "):]
    return "tỉnh", name


@settings(max_examples=120, deadline=None)
@given(
    st.sampled_from(PROVINCES),
    symbols(),
    written_dates(),
    st.sampled_from(["tabs", "bars", "rows", "columns"]),
)
def test_a_province_header_in_any_layout_gives_issuer_code_number_and_date(province, sym, written, layout: str) -> None:
    kind, name = _short(" ".join(province.name.split()))
    canonical, noisy = sym
    day, _ = written
    left2 = f"{kind} {name}".upper()
    number = f"Số: {noisy}"
    place_date = f"{name}, ngày {day.day} tháng {day.month} năm {day.year}"
    if layout == "tabs":
        head = f"ỦY BAN NHÂN DÂN\t{MOTTO[0]}\n{left2}\t{MOTTO[1]}\n{number}\t{place_date}\n"
    elif layout == "bars":
        head = f"ỦY BAN NHÂN DÂN | {MOTTO[0]}\n{left2} | {MOTTO[1]}\n{number} | {place_date}\n"
    elif layout == "rows":
        head = f"ỦY BAN NHÂN DÂN {MOTTO[0]} {left2} {MOTTO[1]} {number} {place_date}\n"
    else:
        head = f"ỦY BAN NHÂN DÂN {left2} {number} {MOTTO[0]} {MOTTO[1]} {place_date}\n"
    text = head + f"\nKẾ HOẠCH\nCải cách hành chính nhà nước năm {day.year}\n\nI. MỤC ĐÍCH, YÊU CẦU\n"
    info = parse_plan_info(text)
    assert info.issuer == f"UBND {kind} {name}"
    assert (info.level, info.locality_code) == (PlanLevel.PROVINCE, int(province.code))
    assert info.number == canonical
    assert info.issued_on == day
    assert info.period == Span(date(day.year, 1, 1), date(day.year, 12, 31))


@settings(max_examples=200, deadline=None)
@given(st.integers(1990, 2080), st.integers(1, 15),
       st.sampled_from(["giai đoạn {a} - {b}", "giai đoạn {a}–{b}", "{a}-{b}", "từ năm {a} đến năm {b}",
                        "năm {a} - {b}", "giai doan {a} - {b}"]))
def test_a_multi_year_period_in_any_form_spans_its_years(first: int, length: int, form: str) -> None:
    phrase = "Kế hoạch cải cách hành chính " + form.format(a=first, b=first + length)
    assert period_from_text(phrase) == Span(date(first, 1, 1), date(first + length, 12, 31))
