from datetime import date

from cchc.domain import (
    Area,
    Comparator,
    Indicator,
    Plan,
    PlanInfo,
    Span,
    Task,
    Timeline,
    TimelineKind,
    UnitKind,
    UnitRef,
)


def make_plan() -> Plan:
    return Plan(
        info=PlanInfo(title="Kế hoạch CCHC năm 2026", issuer="UBND xã Hòa Bình", number="15/KH-UBND",
                      issued_on=date(2026, 1, 5), period=Span(date(2026, 1, 1), date(2026, 12, 31))),
        indicators=[Indicator(name="Tỷ lệ hồ sơ đúng hạn", comparator=Comparator.GE, target=98)],
        tasks=[Task(task="Rà soát TTHC", area=Area.PROCEDURES, lead=[UnitRef(UnitKind.TT_PHVHCC, "TT PVHCC")],
                    timeline=Timeline(TimelineKind.DEADLINE, "Quý I/2026", due=date(2026, 3, 31)))],
        source_file="a.docx",
    )


def test_plan_round_trips_through_json():
    plan = make_plan()
    data = plan.to_json()
    assert data["schema"] == "cchc.plan/1"
    assert data["indicators"][0]["target"] == 98
    assert Plan.from_json(data).to_json() == data


def test_a_plain_equal_target_is_met_when_exceeded():
    assert Comparator.EQ.holds(100, 100)
    assert Comparator.GE.holds(98.5, 98)
    assert not Comparator.LE.holds(5, 3)
