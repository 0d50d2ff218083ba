"""Three small cchc.plan/1 documents composed for the conformance tests: a city plan and two commune plans.

`city_plan()` (Hải Phòng, level province) sets four targets and four tasks, three of them addressed to the
communes. `good_commune_plan()` answers all of it; `weak_commune_plan()` sets a weaker on-time target, a
weaker and later online target, misses two targets and two of the city's tasks.
"""

from __future__ import annotations

from typing import Any


def _ref(unit: str, raw: str) -> dict[str, Any]:
    return {"unit": unit, "raw": raw, "inferred": False}


def _tl(kind: str, raw: str, **kw: Any) -> dict[str, Any]:
    return {"kind": kind, "raw": raw, "from": kw.get("start"), "to": kw.get("end"), "due": kw.get("due"),
            "every": None, "offset_days": None}


def _ind(ref: str, name: str, target: float, metric: str | None, *, cmp: str = ">=", unit: str = "%",
         to: str | None = None, **extra: Any) -> dict[str, Any]:
    period = {"from": "2026-01-01", "to": to} if to else None
    return {"ref": ref, "name": name, "unit": unit, "comparator": cmp, "target": target, "period": period,
            "responsible": [], "metric": metric, **extra}


def _task(ref: str, text: str, lead: list[dict[str, Any]], timeline: dict[str, Any],
          area: str = "procedures") -> dict[str, Any]:
    return {"ref": ref, "origin": "table", "area": area, "objective": None, "task": text, "activity": None,
            "output": None, "lead": lead, "support": [], "timeline": timeline, "funding": None}


def _doc(plan: dict[str, Any], indicators: list[dict[str, Any]], tasks: list[dict[str, Any]]) -> dict[str, Any]:
    return {"schema": "cchc.plan/1", "source": {"file": "composed.json"}, "plan": plan,
            "indicators": indicators, "tasks": tasks, "responsibilities": []}


def city_plan() -> dict[str, Any]:
    xa = _ref("all_units", "UBND các xã, phường")
    return _doc(
        {"title": "Kế hoạch cải cách hành chính năm 2026", "issuer": "UBND thành phố Hải Phòng",
         "number": "30/KH-UBND", "issued_on": "2026-01-15", "period": {"from": "2026-01-01", "to": "2026-12-31"},
         "level": "province", "locality_code": 31,
         "decision": {"number": "120/QĐ-UBND", "issued_on": "2026-01-15", "title": None, "issuer": None,
                      "signer": None}},
        [
            _ind("II.1", "Tỷ lệ hồ sơ giải quyết đúng hạn", 98, "on_time_rate", to="2026-12-31"),
            _ind("II.2", "Tỷ lệ hồ sơ trực tuyến toàn trình", 80, "online_rate", to="2030-12-31",
                 targets_by_year=[{"year": 2026, "comparator": ">=", "target": 60},
                                  {"year": 2030, "comparator": ">=", "target": 80}]),
            _ind("II.3", "Mức độ hài lòng của người dân, doanh nghiệp", 90, "satisfaction_rate"),
            _ind("II.4", "Tỷ lệ văn bản trao đổi giữa các cơ quan dưới dạng điện tử", 95, None),
        ],
        [
            _task("III.1", "Rà soát, đơn giản hóa thủ tục hành chính thuộc thẩm quyền giải quyết", [xa],
                  _tl("deadline", "Trước 30/6/2026", due="2026-06-30")),
            _task("III.2", "Kiểm tra công tác cải cách hành chính tại các cơ quan, đơn vị",
                  [_ref("other", "Sở Nội vụ")], _tl("deadline", "Quý IV", due="2026-12-15")),
            _task("III.3", "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính", [_ref("ubnd", "UBND cấp xã")],
                  _tl("deadline", "Trước 30/9/2026", due="2026-09-30"), area="digital_government"),
            _task("III.4", "Tuyên truyền cải cách hành chính trên hệ thống loa truyền thanh cơ sở", [xa],
                  _tl("continuous", "Thường xuyên"), area="civil_service"),
        ],
    )


def _commune_header(number: str, issuer: str) -> dict[str, Any]:
    return {"title": "Kế hoạch cải cách hành chính năm 2026", "issuer": issuer, "number": number,
            "issued_on": "2026-02-01", "period": {"from": "2026-01-01", "to": "2026-12-31"}}


def good_commune_plan() -> dict[str, Any]:
    kt, tt = _ref("phong_kinh_te", "Phòng Kinh tế"), _ref("tt_phvhcc", "Trung tâm PVHCC")
    return _doc(
        _commune_header("15/KH-UBND", "UBND phường Hoà Bình"),
        [
            _ind("1", "Tỷ lệ hồ sơ giải quyết đúng hạn", 99, "on_time_rate", to="2026-12-31"),
            _ind("2", "Tỷ lệ hồ sơ trực tuyến", 60, "online_rate", to="2026-12-31"),
            _ind("3", "Tỷ lệ hài lòng của người dân, doanh nghiệp", 90, "satisfaction_rate"),
            _ind("4", "Tỷ lệ văn bản trao đổi dưới dạng điện tử giữa các cơ quan", 95, None),
        ],
        [
            _task("1", "Rà soát, đơn giản hóa thủ tục hành chính thuộc thẩm quyền giải quyết của phường", [kt],
                  _tl("deadline", "Trước 30/6/2026", due="2026-06-30")),
            _task("2", "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính tại Trung tâm", [tt],
                  _tl("deadline", "Trước 30/9/2026", due="2026-09-30"), area="digital_government"),
            _task("3", "Tuyên truyền cải cách hành chính trên loa truyền thanh của phường", [kt],
                  _tl("continuous", "Thường xuyên"), area="civil_service"),
        ],
    )


def weak_commune_plan() -> dict[str, Any]:
    kt = _ref("phong_kinh_te", "Phòng Kinh tế")
    return _doc(
        _commune_header("9/KH-UBND", "UBND xã Thử Nghiệm"),
        [
            _ind("1", "Tỷ lệ hồ sơ giải quyết đúng hạn", 95, "on_time_rate", to="2026-12-31"),
            _ind("2", "Tỷ lệ hồ sơ trực tuyến", 50, "online_rate", to="2027-06-30"),
        ],
        [
            _task("1", "Rà soát thủ tục hành chính thuộc thẩm quyền giải quyết", [kt],
                  _tl("deadline", "Trước 31/10/2026", due="2026-10-31")),
            _task("2", "Tổ chức hội nghị tổng kết năm", [kt], _tl("deadline", "Tháng 12", due="2026-12-20"),
                  area="organization"),
        ],
    )
