"""The PAR-index criteria set of a province (Chỉ số CCHC cấp xã) and its scoring arithmetic.

A criteria set is data: a tree of content areas → criteria → component criteria, each node with its
maximum points; every leaf carries a scoring rule, the evidence it requires, the share of its points
given by the sociological survey and, where cchc can measure it, the source of a proposed score.
Totals are scaled to 100 and the province sets the classification bands.

The rule text (`Cách chấm`) is kept as published and read by `parse_rule`:
- yes/no: `Có: 1; Không: 0`
- graded by a rate: `Từ 95% trở lên: 2; từ 80% đến dưới 95%: 1; dưới 80%: 0` (each step's lower bound);
  `Điểm = tỷ lệ % × điểm tối đa` scores in proportion
- by a count: `Từ 3 hình thức trở lên: 1; 2 hình thức: 0,5; dưới 2: 0`
- by a deadline met: `Trước ngày 31/01: 1; chậm: 0,5; không thực hiện: 0`
- anything else is scored by hand (manual).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from enum import StrEnum
from typing import Any

from cchc.domain.errors import InvalidInput

__all__ = [
    "SOURCES",
    "Band",
    "CriteriaSet",
    "Criterion",
    "Measure",
    "Rule",
    "RuleKind",
    "Step",
    "classify",
    "final_points",
    "index_of",
    "parse_rule",
    "rank",
    "set_from_rows",
    "set_rows",
    "source_parts",
    "subtotals",
]

EPS = 1e-6


class RuleKind(StrEnum):
    YES_NO = "yes_no"
    RATE = "rate"
    COUNT = "count"
    DEADLINE = "deadline"
    MANUAL = "manual"


RULE_LABELS: dict[RuleKind, tuple[str, str]] = {
    RuleKind.YES_NO: ("Có/không", "Yes/no"),
    RuleKind.RATE: ("Theo tỷ lệ", "Graded by a rate"),
    RuleKind.COUNT: ("Theo số lượng", "By a count"),
    RuleKind.DEADLINE: ("Theo thời hạn", "By a deadline met"),
    RuleKind.MANUAL: ("Chấm thủ công", "Manual"),
}

# The figures cchc measures itself: name → (kind of value, Vietnamese description).
SOURCES: dict[str, tuple[RuleKind, str]] = {
    "dossiers.on_time_rate": (RuleKind.RATE, "Tỷ lệ hồ sơ giải quyết đúng hạn (hệ thống hồ sơ TTHC)"),
    "dossiers.online_rate": (RuleKind.RATE, "Tỷ lệ hồ sơ trực tuyến (hệ thống hồ sơ TTHC)"),
    "dossiers.full_online_rate": (RuleKind.RATE, "Tỷ lệ hồ sơ trực tuyến toàn trình (hệ thống hồ sơ TTHC)"),
    "dossiers.online_payment_rate": (RuleKind.RATE, "Tỷ lệ thanh toán trực tuyến (hệ thống hồ sơ TTHC)"),
    "dossiers.digitization_rate": (RuleKind.RATE, "Tỷ lệ số hóa hồ sơ (hệ thống hồ sơ TTHC)"),
    "dossiers.e_result_rate": (RuleKind.RATE, "Tỷ lệ cấp kết quả điện tử (hệ thống hồ sơ TTHC)"),
    "dossiers.data_reuse_rate": (RuleKind.RATE, "Tỷ lệ tái sử dụng dữ liệu (hệ thống hồ sơ TTHC)"),
    "dossiers.portal_sync_rate": (RuleKind.RATE, "Tỷ lệ đồng bộ Cổng DVC quốc gia (hệ thống hồ sơ TTHC)"),
    "dossiers.satisfaction_rate": (RuleKind.RATE, "Tỷ lệ hài lòng (hệ thống hồ sơ TTHC)"),
    "tasks.completion_rate": (RuleKind.RATE, "Tỷ lệ nhiệm vụ đến hạn đã hoàn thành (theo dõi nhiệm vụ)"),
    "tasks.on_time_rate": (RuleKind.RATE, "Tỷ lệ nhiệm vụ đến hạn hoàn thành đúng hạn (theo dõi nhiệm vụ)"),
    "tasks.evidence": (RuleKind.YES_NO, "Nhiệm vụ đã hoàn thành có văn bản minh chứng (theo dõi nhiệm vụ)"),
    "plan.issued_on_time": (RuleKind.DEADLINE, "Ngày ban hành kế hoạch CCHC năm (kế hoạch)"),
    "reports.on_time_rate": (RuleKind.RATE, "Tỷ lệ báo cáo CCHC định kỳ được duyệt đúng hạn (báo cáo)"),
}


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def source_parts(source: str) -> tuple[str, str | None, tuple[str, ...]]:
    """`tasks.completion_rate@procedures` → (name, area, ()); `tasks.evidence[kế hoạch kiểm tra]` → keywords."""
    m = re.fullmatch(r"\s*([a-z_.]+)\s*(?:@\s*([a-z_]+))?\s*(?:\[(.*)\])?\s*", source or "")
    if not m or m[1] not in SOURCES:
        raise InvalidInput(f"Nguồn số liệu không hợp lệ: {source!r}; chọn một trong: {', '.join(SOURCES)}.",
                           where="source")
    words = tuple(w.strip() for w in (m[3] or "").split("|") if w.strip())
    return m[1], m[2], words


# --------------------------------------------------------------------------- rules


@dataclass(frozen=True)
class Step:
    """One grade: `points` when the measured value is at least `at_least` (a rate in %, or a count)."""

    at_least: float
    points: float


@dataclass(frozen=True)
class Measure:
    """A figure cchc measured for a criterion: the value the rule reads and where it came from.

    `value` is a rate in % or a count (rate, count), a bool (yes/no), or `on_time` / `late` / `missing`
    (deadline); None when there is nothing to measure (no dossiers, no task due).
    """

    source: str
    value: float | bool | str | None
    figure: str
    numerator: float | None = None
    denominator: float | None = None

    def to_json(self) -> dict[str, Any]:
        return {"source": self.source, "value": self.value, "figure": self.figure,
                "numerator": self.numerator, "denominator": self.denominator}


@dataclass(frozen=True)
class Rule:
    kind: RuleKind
    steps: tuple[Step, ...] = ()
    late_points: float = 0.0  # deadline: points when done after the deadline
    due: str | None = None  # deadline: `MM-DD` in the assessed year
    text: str = ""

    def due_in(self, year: int) -> date | None:
        if not self.due:
            return None
        month, day = (int(x) for x in self.due.split("-"))
        return date(year, month, day)

    def score(self, self_max: float, measure: Measure | None) -> float | None:
        """The points this rule gives for `measure`, between 0 and `self_max`; None when it cannot say."""
        if measure is None or measure.value is None or self.kind is RuleKind.MANUAL:
            return None
        v = measure.value
        if self.kind is RuleKind.YES_NO:
            return _round(self_max if v is True else 0.0)
        if self.kind is RuleKind.DEADLINE:
            points = {"on_time": self_max, "late": min(self.late_points, self_max)}.get(str(v), 0.0)
            return _round(points)
        if isinstance(v, bool) or not isinstance(v, int | float):
            return None
        value = float(v)
        if not self.steps:  # in proportion to the rate
            return _round(self_max * min(100.0, max(0.0, value)) / 100.0)
        best = 0.0
        for step in sorted(self.steps, key=lambda s: s.at_least):
            if value + EPS >= step.at_least:
                best = max(best, step.points)
        return _round(min(best, self_max))

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"kind": self.kind.value, "text": self.text}
        if self.steps:
            d["steps"] = [[s.at_least, s.points] for s in self.steps]
        if self.late_points:
            d["late_points"] = self.late_points
        if self.due:
            d["due"] = self.due
        return d

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Rule:
        return cls(
            kind=RuleKind(d["kind"]),
            steps=tuple(Step(float(a), float(p)) for a, p in d.get("steps", ())),
            late_points=float(d.get("late_points", 0.0)),
            due=d.get("due"),
            text=_nfc(str(d.get("text", ""))),
        )


def _round(x: float) -> float:
    return round(x + 0.0, 2)


_NUMBER = r"\d+(?:[.,]\d+)?"


def _num(text: str) -> float:
    return float(text.replace(",", "."))


def _segments(text: str) -> list[tuple[str, str]]:
    """(condition, points) pairs of a `Cách chấm` text split at `;` or new lines."""
    out = []
    for part in re.split(r"[;\n]+", text):
        if ":" in part or "=" in part:
            cond, _, pts = re.split(r"([:=])", part, maxsplit=1)
            out.append((cond.strip(), pts.strip()))
    return out


def _points(text: str) -> float | None:
    m = re.search(_NUMBER, text)
    return _num(m[0]) if m else None


_BELOW = re.compile(r"^\s*(dưới|<|không|chưa)", re.IGNORECASE)


def parse_rule(text: str) -> Rule:
    """The rule of a published `Cách chấm` text (see the module docstring for the forms read)."""
    raw = _nfc(" ".join((text or "").split()))
    low = raw.lower()
    if "%" in low and ("×" in low or " x " in low or "tỷ lệ thuận" in low):
        return Rule(RuleKind.RATE, (), text=raw)
    segs = _segments(raw)
    if not segs:
        return Rule(RuleKind.MANUAL, text=raw)
    first = segs[0][0].lower()
    if re.match(r"^(có|đạt)\b", first) and any(re.match(r"^(không|chưa)\b", c.lower()) for c, _ in segs[1:]):
        return Rule(RuleKind.YES_NO, text=raw)
    due = re.search(r"trước (?:ngày )?(\d{1,2})/(\d{1,2})", first)
    if due or first.startswith("đúng hạn"):
        late = next((_points(p) for c, p in segs[1:] if re.match(r"^(chậm|muộn|quá hạn|trễ)", c.lower())), None)
        return Rule(RuleKind.DEADLINE, late_points=late or 0.0,
                    due=f"{int(due[2]):02d}-{int(due[1]):02d}" if due else None, text=raw)
    rate = "%" in low
    steps = []
    for cond, pts in segs:
        points = _points(pts)
        if points is None:
            return Rule(RuleKind.MANUAL, text=raw)
        nums = re.findall(_NUMBER + (r"\s*%" if rate else ""), cond)
        if not nums and rate:
            return Rule(RuleKind.MANUAL, text=raw)
        at_least = 0.0 if _BELOW.match(cond) or not nums else _num(re.match(_NUMBER, nums[0])[0])  # type: ignore[index]
        steps.append(Step(at_least, points))
    if not any(s.at_least > 0 for s in steps):
        return Rule(RuleKind.MANUAL, text=raw)
    return Rule(RuleKind.RATE if rate else RuleKind.COUNT, tuple(steps), text=raw)


# --------------------------------------------------------------------------- criteria


@dataclass(frozen=True)
class Criterion:
    code: str  # `1`, `1.2`, `1.2.3`: the position in the tree
    label: str  # the STT as published (`I`, `1`, `1.1`, `a`)
    title: str
    max_points: float
    rule: Rule | None = None  # leaves only
    evidence: str = ""  # the documents a commune must attach (Tài liệu kiểm chứng)
    survey_points: float = 0.0  # of `max_points`, given by the sociological survey
    source: str | None = None  # the cchc figure that proposes a score
    area: str | None = None  # the reform area of a content area (cchc.domain.areas.Area value)
    children: tuple[Criterion, ...] = ()

    @property
    def level(self) -> int:
        return self.code.count(".") + 1

    @property
    def is_leaf(self) -> bool:
        return not self.children

    @property
    def self_max(self) -> float:
        """The points the commune and the appraiser score (the rest comes from the survey)."""
        return _round(self.max_points - self.survey_points)

    def walk(self) -> Iterator[Criterion]:
        yield self
        for c in self.children:
            yield from c.walk()

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"code": self.code, "label": self.label, "title": self.title,
                             "max_points": self.max_points}
        for key in ("evidence", "source", "area"):
            if getattr(self, key):
                d[key] = getattr(self, key)
        if self.survey_points:
            d["survey_points"] = self.survey_points
        if self.rule is not None:
            d["rule"] = self.rule.to_dict()
        if self.children:
            d["children"] = [c.to_dict() for c in self.children]
        return d

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Criterion:
        return cls(
            code=str(d["code"]),
            label=str(d.get("label", d["code"])),
            title=_nfc(str(d["title"])),
            max_points=float(d["max_points"]),
            rule=_rule_of(d.get("rule")),
            evidence=_nfc(str(d.get("evidence", ""))),
            survey_points=float(d.get("survey_points", 0.0)),
            source=d.get("source"),
            area=d.get("area"),
            children=tuple(cls.from_dict(c) for c in d.get("children", ())),
        )


def _rule_of(value: Any) -> Rule | None:
    """A rule given as its published text (parsed) or as `Rule.to_dict()`."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        return parse_rule(value)
    return Rule.from_dict(value)


@dataclass(frozen=True)
class Band:
    """A classification: an index of at least `at_least` (on 100) is `label_vi`."""

    label_vi: str
    label_en: str
    at_least: float


@dataclass(frozen=True)
class CriteriaSet:
    name: str
    year: int
    province_code: int | None
    version: int
    areas: tuple[Criterion, ...]
    bands: tuple[Band, ...]
    sample: bool = False
    note: str = ""
    _index: dict[str, Criterion] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        for c in self.walk():
            self._index[c.code] = c
        self.validate()

    def walk(self) -> Iterator[Criterion]:
        for a in self.areas:
            yield from a.walk()

    def leaves(self) -> list[Criterion]:
        return [c for c in self.walk() if c.is_leaf]

    def find(self, code: str) -> Criterion:
        try:
            return self._index[code]
        except KeyError:
            raise InvalidInput(f"Bộ tiêu chí không có tiêu chí {code!r}.", where="criterion") from None

    def ref(self, code: str) -> str:
        """The criterion as people cite it: the area's numeral and the published number (`IV.1`, `III.2.1`)."""
        c = self.find(code)
        area = self._index[code.split(".")[0]]
        return area.label if c is area else f"{area.label}.{c.label}"

    @property
    def total_max(self) -> float:
        return _round(sum(a.max_points for a in self.areas))

    @property
    def survey_max(self) -> float:
        return _round(sum(c.survey_points for c in self.leaves()))

    def validate(self) -> None:
        if not self.areas:
            raise InvalidInput("Bộ tiêu chí chưa có lĩnh vực nào.", where="criteria")
        if self.total_max <= 0:
            raise InvalidInput("Tổng điểm tối đa của bộ tiêu chí phải lớn hơn 0.", where="criteria")
        seen: set[str] = set()
        for c in self.walk():
            where = f"tiêu chí {c.label} ({c.code})"
            if c.code in seen:
                raise InvalidInput(f"Mã tiêu chí {c.code} bị trùng.", where="criteria")
            seen.add(c.code)
            if c.max_points < 0 or c.survey_points < 0 or c.survey_points > c.max_points + EPS:
                raise InvalidInput(f"{where}: điểm tối đa và điểm điều tra xã hội học phải ≥ 0 và điểm điều tra "
                                   "không vượt điểm tối đa.", where="criteria")
            if c.children:
                total = sum(x.max_points for x in c.children)
                if abs(total - c.max_points) > 0.005:
                    raise InvalidInput(f"{where}: điểm tối đa {c.max_points:g} khác tổng các tiêu chí con "
                                       f"{total:g}.", where="criteria")
                if c.rule is not None or c.survey_points:
                    raise InvalidInput(f"{where}: chỉ tiêu chí không có tiêu chí con mới có cách chấm riêng.",
                                       where="criteria")
            else:
                if c.rule is None:
                    raise InvalidInput(f"{where}: thiếu cách chấm.", where="criteria")
                if c.rule.steps and max(s.points for s in c.rule.steps) > c.self_max + EPS:
                    raise InvalidInput(f"{where}: cách chấm cho nhiều điểm hơn điểm tối đa tự chấm "
                                       f"{c.self_max:g}.", where="criteria")
                if c.source:
                    source_parts(c.source)
        labels = [b.at_least for b in self.bands]
        if not self.bands or labels != sorted(labels, reverse=True) or len(set(labels)) != len(labels):
            raise InvalidInput("Các mức xếp loại phải có ngưỡng giảm dần, không trùng nhau.", where="bands")

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": "cchc.parindex/1",
            "name": self.name,
            "year": self.year,
            "province_code": self.province_code,
            "version": self.version,
            "sample": self.sample,
            "note": self.note,
            "bands": [{"label_vi": b.label_vi, "label_en": b.label_en, "at_least": b.at_least} for b in self.bands],
            "areas": [a.to_dict() for a in self.areas],
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> CriteriaSet:
        return cls(
            name=_nfc(str(d["name"])),
            year=int(d["year"]),
            province_code=None if d.get("province_code") is None else int(d["province_code"]),
            version=int(d.get("version", 1)),
            sample=bool(d.get("sample", False)),
            note=_nfc(str(d.get("note", ""))),
            bands=tuple(Band(_nfc(b["label_vi"]), b.get("label_en", b["label_vi"]), float(b["at_least"]))
                        for b in d["bands"]),
            areas=tuple(Criterion.from_dict(a) for a in d["areas"]),
        )

    def with_meta(self, **changes: Any) -> CriteriaSet:
        return replace(self, _index={}, **changes)


# --------------------------------------------------------------------------- arithmetic


def final_points(criterion: Criterion, *, self_score: float | None, appraised: float | None,
                 survey: float | None) -> float:
    """A leaf's points: the appraised score (else the self-assessed one) plus its survey points, each capped."""
    scored = appraised if appraised is not None else self_score
    base = min(max(scored or 0.0, 0.0), criterion.self_max)
    extra = min(max(survey or 0.0, 0.0), criterion.survey_points)
    return _round(base + extra)


def subtotals(cset: CriteriaSet, leaf_points: Mapping[str, float]) -> dict[str, float]:
    """Points of every node (leaves as given, missing leaves 0; a parent is the sum of its children)."""
    out: dict[str, float] = {}

    def total(c: Criterion) -> float:
        value = float(leaf_points.get(c.code, 0.0)) if c.is_leaf else sum(total(x) for x in c.children)
        out[c.code] = _round(value)
        return out[c.code]

    for a in cset.areas:
        total(a)
    return out


def index_of(cset: CriteriaSet, leaf_points: Mapping[str, float]) -> float:
    """The index on 100: the points over the set's maximum, × 100, to two decimals."""
    points = sum(_round(float(leaf_points.get(c.code, 0.0))) for c in cset.leaves())
    return _round(100.0 * points / cset.total_max)


def classify(cset: CriteriaSet, index: float) -> Band | None:
    """The highest band whose threshold the index reaches (None below every band)."""
    for band in sorted(cset.bands, key=lambda b: -b.at_least):
        if index + EPS >= band.at_least:
            return band
    return None


def rank(values: Sequence[tuple[Any, float]]) -> list[tuple[Any, float, int]]:
    """(key, value, rank) from the highest value; equal values share a rank (1, 2, 2, 4)."""
    ordered = sorted(values, key=lambda kv: -kv[1])
    out: list[tuple[Any, float, int]] = []
    for i, (key, value) in enumerate(ordered):
        r = out[-1][2] if out and abs(out[-1][1] - value) < EPS else i + 1
        out.append((key, value, r))
    return out


# --------------------------------------------------------------------------- the published table

ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8, "IX": 9, "X": 10,
         "XI": 11, "XII": 12}
COLUMNS = ("STT", "Lĩnh vực/Tiêu chí/Tiêu chí thành phần", "Điểm tối đa", "Cách chấm", "Tài liệu kiểm chứng")
OPTIONAL_COLUMNS = ("Điểm điều tra XHH", "Nguồn số liệu (cchc)")
_ROMAN_OF = {v: k for k, v in ROMAN.items()}


def _cell(value: object) -> str:
    return "" if value is None else _nfc(str(value)).strip()


def _float(value: object, where: str) -> float:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    text = _cell(value).replace(",", ".")
    try:
        return float(text) if text else 0.0
    except ValueError:
        raise InvalidInput(f"{where}: điểm «{value}» không phải là số.", where="criteria") from None


def _level(label: str) -> int:
    s = label.strip().rstrip(".)").strip()
    if s.upper() in ROMAN:
        return 1
    if re.fullmatch(r"\d+", s):
        return 2
    if re.fullmatch(r"\d+(\.\d+)+|[a-zđ]", s, re.IGNORECASE):
        return 3
    raise InvalidInput(f"Số thứ tự «{label}» không đọc được (I, II… cho lĩnh vực; 1, 2… cho tiêu chí; "
                       "1.1 hoặc a cho tiêu chí thành phần).", where="criteria")


def set_from_rows(rows: Sequence[Sequence[object]], *, header: Sequence[object], name: str, year: int,
                  province_code: int | None, version: int, bands: Sequence[Band], sample: bool = False,
                  note: str = "", areas: Mapping[str, str] | None = None) -> CriteriaSet:
    """A criteria set from the rows of a published table (`header` names the columns, see `COLUMNS`).

    `areas` maps an area's code (`1`…) to its reform area; rows give the points, the rule text, the
    evidence, and optionally the survey points and the cchc source.
    """
    names = [_cell(h).lower() for h in header]

    def col(title: str, required: bool = True) -> int | None:
        key = title.lower()
        for i, n in enumerate(names):
            if n == key or (n and n.startswith(key[:8])):
                return i
        if required:
            raise InvalidInput(f"Bảng tiêu chí thiếu cột «{title}».", where="criteria")
        return None

    idx = [col(c) for c in COLUMNS]
    survey_col, source_col = (col(c, required=False) for c in OPTIONAL_COLUMNS)
    tree: list[dict[str, Any]] = []
    for r, row in enumerate(rows, 1):
        cells = list(row) + [None] * (len(names) - len(row))
        label, title = _cell(cells[idx[0]]), _cell(cells[idx[1]])  # type: ignore[index]
        if not label and not title:
            continue
        where = f"dòng {r} ({label or title[:30]})"
        if not label:
            raise InvalidInput(f"{where}: thiếu số thứ tự.", where="criteria")
        level = _level(label)
        node: dict[str, Any] = {"label": label, "title": title,
                                "max_points": _float(cells[idx[2]], where), "children": []}  # type: ignore[index]
        rule_text, evidence = _cell(cells[idx[3]]), _cell(cells[idx[4]])  # type: ignore[index]
        if rule_text:
            node["rule"] = parse_rule(rule_text).to_dict()
        if evidence:
            node["evidence"] = evidence
        if survey_col is not None and _cell(cells[survey_col]):
            node["survey_points"] = _float(cells[survey_col], where)
        if source_col is not None and _cell(cells[source_col]):
            node["source"] = _cell(cells[source_col])
        if level == 1:
            tree.append(node)
            continue
        if not tree:
            raise InvalidInput(f"{where}: tiêu chí đứng trước mọi lĩnh vực.", where="criteria")
        parent = tree[-1]
        if level == 3:
            if not parent["children"]:
                raise InvalidInput(f"{where}: tiêu chí thành phần đứng trước mọi tiêu chí.", where="criteria")
            parent = parent["children"][-1]
        parent["children"].append(node)

    def finish(node: dict[str, Any], code: str) -> dict[str, Any]:
        node["code"] = code
        kids = node.pop("children")
        if kids:
            node["children"] = [finish(k, f"{code}.{i}") for i, k in enumerate(kids, 1)]
        elif "rule" not in node:
            node["rule"] = Rule(RuleKind.MANUAL).to_dict()
        return node

    area_dicts = [finish(a, str(i)) for i, a in enumerate(tree, 1)]
    for a in area_dicts:
        if areas and a["code"] in areas:
            a["area"] = areas[a["code"]]
    return CriteriaSet.from_dict({
        "name": name, "year": year, "province_code": province_code, "version": version, "sample": sample,
        "note": note, "areas": area_dicts,
        "bands": [{"label_vi": b.label_vi, "label_en": b.label_en, "at_least": b.at_least} for b in bands],
    })


def _points_text(x: float) -> float | int:
    return int(x) if float(x).is_integer() else x


def set_rows(cset: CriteriaSet) -> list[list[object]]:
    """The rows of the published table, in `COLUMNS` + `OPTIONAL_COLUMNS` order."""
    out: list[list[object]] = []
    for c in cset.walk():
        out.append([
            c.label, c.title, _points_text(c.max_points), c.rule.text if c.rule is not None else "", c.evidence,
            _points_text(c.survey_points) if c.survey_points else None, c.source,
        ])
    return out
