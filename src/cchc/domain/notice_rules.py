"""Rules of the monthly service-quality notice: whom its demands name, who receives it, how its score reads.

- Demands name the units the data blames: each unit with dossiers resolved late or still pending past
  their due date in the month (most first), and each unit leading a PAR task overdue at the month's end,
  with the task references; each demand has a deadline. With none to name, one general demand remains.
- Recipients: the province (Văn phòng UBND, which monitors the Decision 766 index, and Sở Nội vụ) for
  report, the commune's Party committee and People's Council standing bodies, the chairman and deputies,
  every unit a demand names "để thực hiện", the one-stop centre, the commune's web portal (the notice is
  published), and the archive line last.
- The score: Decision 766 defines no rating bands, so the notice never prints one; a total built from
  incomplete inputs is "tạm tính" and names the indicators that have no data.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

__all__ = [
    "LateUnit",
    "OverdueUnit",
    "ONE_STOP_CENTRE",
    "notice_demands",
    "notice_recipients",
    "score_sentence",
]

ONE_STOP_CENTRE = "Trung tâm Phục vụ hành chính công"
MAX_NAMED = 6  # units named one by one; the rest are counted


@dataclass(frozen=True)
class LateUnit:
    """A unit's dossiers of the month: resolved after their due date, and still pending past it."""

    unit: str
    resolved_late: int
    pending_overdue: int

    @property
    def late(self) -> int:
        return self.resolved_late + self.pending_overdue


@dataclass(frozen=True)
class OverdueUnit:
    """A unit leading PAR tasks that are overdue at the month's end (their plan references)."""

    unit: str
    refs: tuple[str, ...]


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", " ".join(text.split()))


def _count(n: int) -> str:
    return f"{n:02d}" if 0 < n < 10 else str(n)


def _day(d: date) -> str:
    return f"{d.day:02d}/{d.month:02d}/{d.year}"


def late_units(rows: Iterable[LateUnit]) -> list[LateUnit]:
    """The units with late dossiers, most late first (ties by name); units without a name are left out."""
    out = [LateUnit(_nfc(r.unit), r.resolved_late, r.pending_overdue) for r in rows if r.late > 0 and r.unit.strip()]
    return sorted(out, key=lambda r: (-r.late, r.unit))


def notice_demands(late: Sequence[LateUnit], overdue: Sequence[OverdueUnit], *, deadline: date) -> list[str]:
    """The demands (mục «Yêu cầu») naming each unit the figures blame, each with `deadline`."""
    out: list[str] = []
    ranked = late_units(late)
    for r in ranked[:MAX_NAMED]:
        parts = []
        if r.resolved_late:
            parts.append(f"{_count(r.resolved_late)} hồ sơ giải quyết quá hạn")
        if r.pending_overdue:
            parts.append(f"{_count(r.pending_overdue)} hồ sơ đang giải quyết đã quá hạn")
        text = f"{r.unit}: trong tháng có {' và '.join(parts)}; "
        if r.pending_overdue:
            text += "giải quyết dứt điểm các hồ sơ đang quá hạn, "
        text += ("gửi văn bản xin lỗi người dân, doanh nghiệp theo mẫu 04 Thông tư số 03/2025/TT-VPCP đối với "
                 f"từng hồ sơ trễ hạn và báo cáo nguyên nhân trước ngày {_day(deadline)}.")
        out.append(text)
    rest = ranked[MAX_NAMED:]
    if rest:
        out.append(f"{_count(len(rest))} đơn vị khác có hồ sơ trễ hạn ({', '.join(r.unit for r in rest)}) thực hiện "
                   f"như trên trước ngày {_day(deadline)}.")
    for u in sorted((OverdueUnit(_nfc(o.unit), o.refs) for o in overdue if o.refs and o.unit.strip()),
                    key=lambda o: (-len(o.refs), o.unit)):
        refs = ", ".join(u.refs)
        out.append(f"{u.unit}: hoàn thành {_count(len(u.refs))} nhiệm vụ cải cách hành chính đã quá hạn "
                   f"(nhiệm vụ {refs}) và báo cáo kết quả về Ủy ban nhân dân trước ngày {_day(deadline)}.")
    if not out:
        out.append("Các phòng, đơn vị tiếp tục giải quyết hồ sơ đúng hạn; hồ sơ có nguy cơ trễ hạn phải có văn bản "
                   "xin lỗi và đề nghị gia hạn theo mẫu 04 Thông tư số 03/2025/TT-VPCP.")
    return out


def named_units(late: Sequence[LateUnit], overdue: Sequence[OverdueUnit]) -> list[str]:
    """Every unit the demands name, once, in the order the demands name them."""
    seen: list[str] = []
    for name in [r.unit for r in late_units(late)] + [
            _nfc(o.unit) for o in sorted(overdue, key=lambda o: (-len(o.refs), _nfc(o.unit))) if o.refs]:
        if name and name not in seen:
            seen.append(name)
    return seen


def notice_recipients(*, province: str, locality_name: str, units: Sequence[str]) -> list[str]:
    """The «Nơi nhận» of the notice: for report, the leaders, each unit named «để thực hiện», the archive last."""
    out = [
        f"Văn phòng UBND {province} (để b/c);",
        "Sở Nội vụ (để b/c);",
        f"Thường trực Đảng ủy, Thường trực HĐND {locality_name} (để b/c);",
        "Chủ tịch, các Phó Chủ tịch UBND;",
    ]
    named = [u for u in dict.fromkeys(_nfc(u) for u in units) if u]
    out += [f"{u} (để thực hiện);" for u in named]
    if not any(u.lower().startswith(ONE_STOP_CENTRE.lower()) for u in named):
        out.append(f"{ONE_STOP_CENTRE} (để thực hiện);")
    if not named:
        out.append("Các phòng, đơn vị thuộc UBND;")
    out += ["Cổng thông tin điện tử (để đăng tải);", "Lưu: VT, TTPVHCC."]
    return out


def score_sentence(total: float | None, *, provisional: bool, missing: Sequence[str]) -> str:
    """The score clause of the notice's first paragraph: never a rating; «tạm tính» with what is missing."""
    if total is None:
        return ""
    pts = f"{total:.2f}".rstrip("0").rstrip(".").replace(".", ",")
    text = f"Chỉ số phục vụ người dân, doanh nghiệp đạt {pts}/100 điểm"
    if provisional or missing:
        text += " (điểm tạm tính, chưa dùng để xếp loại"
        if missing:
            text += f": chưa có số liệu của {_count(len(missing))} chỉ số: " + "; ".join(missing)
        text += ")"
    return text
