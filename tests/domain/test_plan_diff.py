"""The diff of two plan versions: empty on itself, and applying diff(a, b) to a gives b."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from cchc.domain import plan as dp
from cchc.domain.areas import Area
from cchc.domain.plan_diff import apply_diff, diff_plans
from tests.conformance_docs import good_commune_plan

_WORDS = ["rà soát", "thủ tục", "hành chính", "số hóa", "hồ sơ", "tuyên truyền", "kiểm tra", "đào tạo",
          "công chức", "dịch vụ công", "trực tuyến", "báo cáo", "chuyển đổi số", "một cửa"]

texts = st.lists(st.sampled_from(_WORDS), min_size=1, max_size=6).map(" ".join)
refs = st.one_of(st.none(), st.sampled_from(["1", "2", "3", "I.1", "II.2", "a"]))
timelines = st.builds(
    dp.Timeline,
    kind=st.sampled_from(list(dp.TimelineKind)),
    raw=st.one_of(st.none(), st.sampled_from(["Thường xuyên", "Quý II", "Trước 30/6/2026"])),
)
tasks = st.builds(dp.Task, task=texts, area=st.sampled_from(list(Area)), ref=refs, timeline=timelines,
                  output=st.one_of(st.none(), texts))
indicators = st.builds(
    dp.Indicator, name=texts, comparator=st.sampled_from(list(dp.Comparator)),
    target=st.integers(0, 100).map(float), unit=st.sampled_from(["%", "cuộc", None]), ref=refs,
)
plans = st.builds(
    dp.Plan,
    info=st.builds(dp.PlanInfo, title=st.one_of(st.none(), texts), number=st.one_of(st.none(), refs)),
    tasks=st.lists(tasks, max_size=6),
    indicators=st.lists(indicators, max_size=4),
)


@settings(max_examples=150, deadline=None)
@given(plans)
def test_the_diff_of_a_plan_with_itself_is_empty(a: dp.Plan) -> None:
    assert diff_plans(a, a).empty


@settings(max_examples=200, deadline=None)
@given(plans, plans)
def test_applying_the_diff_of_a_to_b_gives_b(a: dp.Plan, b: dp.Plan) -> None:
    result = apply_diff(a, diff_plans(a, b))
    assert result.tasks == b.tasks
    assert result.indicators == b.indicators
    assert result.info == b.info


@settings(max_examples=100, deadline=None)
@given(plans, plans)
def test_every_item_is_kept_changed_added_or_removed_exactly_once(a: dp.Plan, b: dp.Plan) -> None:
    d = diff_plans(a, b)
    assert sorted([c.old_index for c in d.tasks] + list(d.removed_tasks)) == list(range(len(a.tasks)))
    assert sorted([c.new_index for c in d.tasks] + [i for i, _ in d.added_tasks]) == list(range(len(b.tasks)))


def _plan() -> dp.Plan:
    return dp.Plan.from_json(good_commune_plan())


def test_a_reworded_task_keeping_its_number_is_a_change_not_an_addition() -> None:
    a = _plan()
    b = _plan()
    b.tasks[0].task = "Rà soát, đơn giản hóa thủ tục hành chính thuộc thẩm quyền của phường"
    b.tasks[0].timeline = dp.Timeline.from_json({"kind": "deadline", "raw": "Trước 31/5/2026", "due": "2026-05-31"})
    d = diff_plans(a, b)
    assert not d.added_tasks and not d.removed_tasks
    [change] = d.changed_tasks
    assert set(change.fields) == {"task", "timeline"}
    assert change.fields["timeline"][1]["due"] == "2026-05-31"


def test_a_renumbered_task_with_the_same_text_is_matched_by_its_text() -> None:
    a = _plan()
    b = _plan()
    b.tasks = [b.tasks[2], b.tasks[0], b.tasks[1]]
    b.tasks[0].ref = "1"
    b.tasks[1].ref = "2"
    b.tasks[2].ref = "3"
    d = diff_plans(a, b)
    assert not d.added_tasks and not d.removed_tasks
    assert {c.old_index: c.new_index for c in d.tasks} == {2: 0, 0: 1, 1: 2}
    assert all(set(c.fields) == {"ref"} for c in d.changed_tasks)


def test_a_new_task_and_a_dropped_one_are_an_addition_and_a_removal() -> None:
    a = _plan()
    b = _plan()
    b.tasks.pop(1)
    b.tasks.append(dp.Task(task="Tổ chức đối thoại với người dân về thủ tục hành chính", area=Area.PROCEDURES,
                           ref="4"))
    d = diff_plans(a, b)
    assert d.removed_tasks == (1,)
    assert [t.ref for _, t in d.added_tasks] == ["4"]


def test_a_changed_target_is_listed_with_its_old_and_new_figure() -> None:
    a = _plan()
    b = _plan()
    b.indicators[1].target = 70.0
    d = diff_plans(a, b)
    [change] = d.changed_indicators
    assert change.fields == {"target": [60, 70]}
