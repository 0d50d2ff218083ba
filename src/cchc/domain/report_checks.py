"""Consistency rules of a report an officer can sign unedited: pure functions over figures and text.

- figures: counts by status, by area and by unit each add up to the number of tasks and to the rows of
  the appendix (`totals_disagree`); a sentence listing statuses adds up to the total it states
  (`status_sentences`);
- every status that has tasks is named where the totals are given (`statuses_without_line`);
- a rate is given one value wherever it is quoted (`rate_values`, `values_disagree`);
- text: no placeholder left (`[…]`, `...`, `…`, `[bổ sung]`; the blanks of the number and date that
  the clerk fills when the report is issued do not count), no word repeated next to itself
  (`duplicated_words`), brackets closed (`unclosed_brackets`), the locality spelled one way
  (`locality_spellings`, `respell_locality`).

A disagreement is a `Finding` naming the two places that disagree, with a Vietnamese sentence.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

__all__ = [
    "Finding",
    "Paragraph",
    "check_text",
    "duplicated_words",
    "fold",
    "locality_spellings",
    "placeholders",
    "rate_values",
    "respell_locality",
    "status_sentences",
    "statuses_without_line",
    "totals_disagree",
    "unclosed_brackets",
    "values_disagree",
]


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of the report and where it is (`mục II`, `Phụ lục I`, `tiêu đề`…)."""

    place: str
    text: str


@dataclass(frozen=True)
class Finding:
    """Two places of the report that disagree (or one place with a defect), in words."""

    first: str
    second: str
    detail: str

    @property
    def message(self) -> str:
        if self.second:
            return f"{self.first} và {self.second} không khớp: {self.detail}."
        return f"{self.first}: {self.detail}."


def _num(n: float) -> str:
    return str(int(n)) if float(n).is_integer() else f"{n:.2f}".rstrip("0").rstrip(".").replace(".", ",")


# --------------------------------------------------------------------------- figures


def totals_disagree(totals: Mapping[str, float]) -> list[Finding]:
    """Each named total (`tổng theo tình trạng`: 29, `tổng theo lĩnh vực`: 29…) equal to the first one."""
    items = list(totals.items())
    if not items:
        return []
    first, value = items[0]
    return [
        Finding(first, other, f"{_num(value)} so với {_num(v)}")
        for other, v in items[1:]
        if abs(float(v) - float(value)) > 1e-9
    ]


def values_disagree(place: str, expected: float, quoted: Iterable[tuple[str, float]], *, what: str,
                    tolerance: float = 0.005) -> list[Finding]:
    """Every quoted value of `what` equal to the expected one (rates compared to two decimals)."""
    return [
        Finding(place, where, f"{what} ghi {_num(expected)} ở một nơi, {_num(v)} ở nơi kia")
        for where, v in quoted
        if abs(float(v) - float(expected)) > tolerance
    ]


_STATUS_WORDS = ("hoàn thành muộn", "hoàn thành", "đang thực hiện", "quá hạn", "chưa triển khai", "tạm dừng",
                 "hủy bỏ")
_SENTENCE = re.compile(r"có (\d+) nhiệm vụ\s*:\s*([^.;]*)", re.IGNORECASE)
_PART = re.compile(r"(" + "|".join(_STATUS_WORDS) + r")\s+(\d+)", re.IGNORECASE)


def status_sentences(paragraphs: Sequence[Paragraph]) -> list[Finding]:
    """`… có 29 nhiệm vụ: hoàn thành 04, đang thực hiện 17, …` — the parts add up to the total."""
    out = []
    for p in paragraphs:
        for m in _SENTENCE.finditer(p.text):
            total = int(m.group(1))
            parts = [int(n) for _, n in _PART.findall(m.group(2))]
            if parts and sum(parts) != total:
                out.append(Finding(p.place, "", f"có {total} nhiệm vụ nhưng các tình trạng cộng lại {sum(parts)}"))
    return out


def statuses_without_line(counts: Mapping[str, int], text: str, *, place: str) -> list[Finding]:
    """Each status label with tasks (`{"chưa triển khai": 5}`) named in the text where totals are given."""
    low = text.lower()
    return [
        Finding(place, "", f"không nêu {n} nhiệm vụ {label}")
        for label, n in counts.items()
        if n and not re.search(re.escape(label.lower()) + r"\s+0*" + str(n) + r"\b", low)
    ]


_RATE = re.compile(r"(\d{1,3}(?:,\d{1,2})?)\s*%")


def rate_values(paragraphs: Sequence[Paragraph], phrase: str, *, skip: str = "") -> list[tuple[str, float]]:
    """The percentages quoted right after `phrase` (within its clause), with their places."""
    rx = re.compile(re.escape(phrase) + r"[^;.%]{0,80}?" + r"(\d{1,3}(?:,\d{1,2})?)\s*%", re.IGNORECASE)
    out = []
    for p in paragraphs:
        if skip and skip.lower() in p.text.lower():
            continue
        for m in rx.finditer(p.text):
            out.append((p.place, float(m.group(1).replace(",", "."))))
    return out


# --------------------------------------------------------------------------- text

# The blanks the clerk fills when the report is issued: "ngày … tháng … năm", "Số:   /BC-UBND", and the
# appendix's "(Kèm theo Báo cáo số   /BC-UBND ngày … của …)".
_ISSUE_BLANKS = re.compile(r"ngày\s*…\s*tháng\s*…\s*năm|ngày\s*…(?=\s*(?:\)|của\b))|Số:\s+/", re.IGNORECASE)
_PLACEHOLDER = re.compile(r"\[[^\]]*\]|\.\.\.|…|\bxxx\b|\bTODO\b", re.IGNORECASE)


def placeholders(text: str) -> list[str]:
    """Placeholders left in a text: `[…]`, `[bổ sung số liệu]`, `...`, `…` (the issue blanks excepted)."""
    return _PLACEHOLDER.findall(_ISSUE_BLANKS.sub(" ", text))


_WORD = re.compile(r"\w+", re.UNICODE)


def duplicated_words(text: str) -> list[str]:
    """Words repeated next to each other (`triển khai triển khai`), for one and two-word repeats."""
    words = [(m.group(0).lower(), m.start(), m.end()) for m in _WORD.finditer(text)]
    out = []
    for n in (1, 2):
        for i in range(len(words) - 2 * n + 1):
            a = [w for w, _, _ in words[i:i + n]]
            b = [w for w, _, _ in words[i + n:i + 2 * n]]
            if a == b and not any(w.isdigit() for w in a):
                gap = text[words[i + n - 1][2]:words[i + n][1]]
                if gap.strip() == "":  # only spaces between: punctuation separates a list
                    out.append(" ".join(a))
    return out


def unclosed_brackets(text: str) -> bool:
    depth = 0
    for ch in text:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth < 0:
                return True
    return depth != 0


def fold(text: str) -> str:
    """Lower case without tone marks: `Hoà Bình` and `Hòa Bình` both give `hoa binh`."""
    s = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    return "".join(c for c in s if unicodedata.category(c) != "Mn").lower()


_KINDS = ("thị trấn", "đặc khu", "phường", "xã")


def _name_rx(name: str) -> re.Pattern[str]:
    """Any spelling of `name` (tone marks anywhere, any NFC/NFD form), preceded by a kind word or not."""
    words = name.split()
    chars = []
    for w in words:
        chars.append("".join(r"\w" if unicodedata.category(c)[0] == "L" else re.escape(c) for c in w))
    body = r"\s+".join(rf"{c}" for c in chars)
    kinds = "|".join(_KINDS)
    return re.compile(rf"(?:\b({kinds})\s+)?\b({body})\b", re.IGNORECASE)


def _mentions(text: str, name: str) -> list[tuple[str | None, str, int, int]]:
    target = fold(name)
    out = []
    for m in _name_rx(name).finditer(unicodedata.normalize("NFC", text)):
        if fold(m.group(2)) == target:
            out.append((m.group(1), m.group(2), m.start(), m.end()))
    return out


def locality_spellings(texts: Iterable[str], kind: str, name: str) -> set[str]:
    """Every way the locality is written (`phường Hoà Bình`, `xã Hòa Bình`…): one is the only good answer.

    A bare name keeps only its spelling; with a kind word before it the kind counts too. Names in
    capitals (the issuer line) are compared in lower case.
    """
    out = set()
    for text in texts:
        for k, n, _, _ in _mentions(text, name):
            spelled = n if not n.isupper() else n.lower().title()
            out.add(f"{k.lower()} {spelled}" if k else spelled)
    return out


def respell_locality(text: str, kind: str, name: str) -> str:
    """Every mention of the locality written as the Locality row spells it (kind and name, NFC)."""
    text = unicodedata.normalize("NFC", text)
    out = []
    last = 0
    for k, n, start, end in _mentions(text, name):
        out.append(text[last:start])
        upper = n.isupper() and (k is None or k.isupper())
        canon = f"{kind} {name}" if k else name
        if k and k[:1].isupper():
            canon = canon[:1].upper() + canon[1:]
        out.append(canon.upper() if upper else canon)
        last = end
    out.append(text[last:])
    return "".join(out)


def check_text(
    paragraphs: Sequence[Paragraph], *, kind: str, name: str, with_placeholders: bool = True
) -> list[Finding]:
    """The text rules over every paragraph: placeholders, repeated words, brackets, one spelling.

    A draft may keep placeholders for the office to fill (`with_placeholders=False`); approval may not.
    """
    out: list[Finding] = []
    for p in paragraphs:
        for ph in placeholders(p.text) if with_placeholders else ():
            out.append(Finding(p.place, "", f"còn chỗ trống chưa điền “{ph}”"))
        for w in duplicated_words(p.text):
            out.append(Finding(p.place, "", f"lặp từ “{w} {w}”"))
        if unclosed_brackets(p.text):
            out.append(Finding(p.place, "", "ngoặc đơn chưa đóng"))
    canon_kind = f"{kind} {name}".lower()
    seen: dict[str, str] = {}
    for p in paragraphs:
        for k, n, _, _ in _mentions(p.text, name):
            spelled = (n.lower() if n.isupper() else n)
            canon_name = name.lower() if n.isupper() else name
            if spelled != canon_name:
                key = f"{k + ' ' if k else ''}{n}"
            elif k and f"{k} {spelled}".lower() != canon_kind:
                key = f"{k} {n}"
            else:
                continue
            seen.setdefault(key, p.place)
    for key, place in seen.items():
        out.append(Finding(place, "", f"tên địa phương viết “{key}”, khác “{kind} {name}”"))
    return out
