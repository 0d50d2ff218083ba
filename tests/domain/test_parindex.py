"""The PAR-index criteria set and its scoring arithmetic (no database)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cchc.domain.errors import InvalidInput
from cchc.domain.parindex import (
    COLUMNS,
    OPTIONAL_COLUMNS,
    Band,
    CriteriaSet,
    Measure,
    Rule,
    RuleKind,
    Step,
    classify,
    final_points,
    index_of,
    parse_rule,
    rank,
    set_from_rows,
    set_rows,
    source_parts,
    subtotals,
)

SAMPLE = Path(__file__).resolve().parents[2] / "src" / "cchc" / "parindex" / "sample_2026.json"


@pytest.fixture(scope="module")
def sample() -> CriteriaSet:
    return CriteriaSet.from_dict(json.loads(SAMPLE.read_text(encoding="utf-8")))


def _m(value):  # type: ignore[no-untyped-def]
    return Measure("test", value, "")


class TestTheSampleSet:
    def test_the_sample_has_the_seven_areas_totals_100_and_is_marked_as_a_sample(self, sample):
        assert len(sample.areas) == 7 and sample.total_max == 100
        assert [a.area for a in sample.areas] == ["direction", "institutions", "procedures", "organization",
                                                  "civil_service", "public_finance", "digital_government"]
        assert sample.sample and sample.province_code is None and "MẪU THAM KHẢO" in sample.note
        assert sample.survey_max > 0

    def test_every_leaf_of_the_sample_has_a_rule_and_the_evidence_it_requires(self, sample):
        for leaf in sample.leaves():
            assert leaf.rule is not None and leaf.evidence, leaf.code

    def test_the_sample_survives_its_own_dictionary(self, sample):
        assert CriteriaSet.from_dict(sample.to_dict()) == sample

    def test_the_published_table_reads_back_to_the_same_set(self, sample):
        rows = set_rows(sample)
        again = set_from_rows(rows, header=[*COLUMNS, *OPTIONAL_COLUMNS], name=sample.name, year=sample.year,
                              province_code=None, version=1, bands=sample.bands, sample=True, note=sample.note,
                              areas={a.code: a.area for a in sample.areas if a.area})
        assert again == sample


class TestRuleText:
    def test_a_graded_rate_reads_each_steps_lower_bound(self):
        rule = parse_rule("Từ 95% trở lên: 2; từ 80% đến dưới 95%: 1; dưới 80%: 0")
        assert rule.kind is RuleKind.RATE
        assert rule.steps == (Step(95, 2), Step(80, 1), Step(0, 0))
        assert [rule.score(2, _m(v)) for v in (100, 95, 94.9, 80, 79.99, 0)] == [2, 2, 1, 1, 0, 0]

    def test_yes_no_deadline_count_and_manual_rules_are_recognised(self):
        assert parse_rule("Có: 1; Không: 0").kind is RuleKind.YES_NO
        deadline = parse_rule("Trước ngày 31/01: 1; chậm: 0,5; không ban hành: 0")
        assert (deadline.kind, deadline.due, deadline.late_points) == (RuleKind.DEADLINE, "01-31", 0.5)
        assert [deadline.score(1, _m(v)) for v in ("on_time", "late", "missing")] == [1, 0.5, 0]
        count = parse_rule("Từ 3 hình thức trở lên: 1; 2 hình thức: 0,5; dưới 2: 0")
        assert count.kind is RuleKind.COUNT and count.score(1, _m(2)) == 0.5
        assert parse_rule("Theo kết quả điều tra xã hội học").kind is RuleKind.MANUAL
        assert parse_rule("Điểm = tỷ lệ % × điểm tối đa").score(4, _m(81.25)) == 3.25

    def test_a_manual_rule_or_a_missing_figure_proposes_nothing(self):
        assert Rule(RuleKind.MANUAL).score(2, _m(100)) is None
        assert parse_rule("Có: 1; Không: 0").score(1, None) is None
        assert parse_rule("Từ 90%: 1; dưới 90%: 0").score(1, _m(None)) is None

    def test_an_unknown_source_is_refused_and_a_source_names_its_area_and_keywords(self):
        assert source_parts("tasks.completion_rate@procedures") == ("tasks.completion_rate", "procedures", ())
        assert source_parts("tasks.evidence[kế hoạch kiểm tra|kiểm tra]")[2] == ("kế hoạch kiểm tra", "kiểm tra")
        with pytest.raises(InvalidInput):
            source_parts("dossiers.colour")


class TestSetValidation:
    def _set(self, **over):  # type: ignore[no-untyped-def]
        d = {"name": "x", "year": 2026, "province_code": 31, "version": 1,
             "bands": [{"label_vi": "Đạt", "label_en": "Pass", "at_least": 50}, {"label_vi": "Không", "at_least": 0}],
             "areas": [{"code": "1", "label": "I", "title": "A", "max_points": 3, "children": [
                 {"code": "1.1", "label": "1", "title": "a", "max_points": 1, "rule": "Có: 1; Không: 0"},
                 {"code": "1.2", "label": "2", "title": "b", "max_points": 2, "rule": "Từ 90%: 2; dưới 90%: 0"}]}]}
        d.update(over)
        return CriteriaSet.from_dict(d)

    def test_a_parent_whose_points_differ_from_its_children_is_refused_naming_it(self):
        with pytest.raises(InvalidInput) as exc:
            self._set(areas=[{"code": "1", "label": "I", "title": "A", "max_points": 4, "children": [
                {"code": "1.1", "label": "1", "title": "a", "max_points": 1, "rule": "Có: 1; Không: 0"}]}])
        assert "tiêu chí I" in exc.value.message and "4" in exc.value.message

    def test_a_rule_giving_more_than_the_criterion_is_refused(self):
        with pytest.raises(InvalidInput):
            self._set(areas=[{"code": "1", "label": "I", "title": "A", "max_points": 1, "children": [
                {"code": "1.1", "label": "1", "title": "a", "max_points": 1, "rule": "Từ 90%: 2; dưới 90%: 0"}]}])

    def test_bands_must_fall_strictly(self):
        with pytest.raises(InvalidInput):
            self._set(bands=[{"label_vi": "A", "at_least": 0}, {"label_vi": "B", "at_least": 50}])


points = st.floats(min_value=0, max_value=20, allow_nan=False).map(lambda x: round(x, 2))


class TestArithmetic:
    @given(st.lists(st.tuples(st.floats(0, 100, allow_nan=False), st.floats(0, 5, allow_nan=False)),
                    min_size=1, max_size=6), st.floats(0, 100, allow_nan=False), st.floats(0, 100, allow_nan=False))
    def test_a_graded_rule_stays_within_its_maximum_and_never_falls_as_the_rate_rises(self, steps, a, b):
        self_max = 5.0
        rule = Rule(RuleKind.RATE, tuple(Step(round(t, 2), round(p, 2)) for t, p in steps))
        low, high = sorted((a, b))
        s_low, s_high = rule.score(self_max, _m(low)), rule.score(self_max, _m(high))
        assert 0 <= s_low <= self_max and 0 <= s_high <= self_max
        assert s_low <= s_high

    @settings(max_examples=50, deadline=None)
    @given(st.data())
    def test_the_index_is_the_sum_of_the_leaves_on_100_and_parents_sum_their_children(self, sample, data):
        leaf_points = {c.code: data.draw(st.integers(0, round(c.max_points * 100))) / 100 for c in sample.leaves()}
        sub = subtotals(sample, leaf_points)
        for c in sample.walk():
            if c.children:
                assert sub[c.code] == pytest.approx(sum(sub[x.code] for x in c.children), abs=1e-9)
        index = index_of(sample, leaf_points)
        assert 0 <= index <= 100
        assert index == pytest.approx(100 * sum(leaf_points.values()) / sample.total_max, abs=0.01)

    def test_full_points_on_every_leaf_give_100_and_the_top_band(self, sample):
        full = {c.code: c.max_points for c in sample.leaves()}
        assert index_of(sample, full) == 100
        assert classify(sample, 100).label_vi == "Tốt"
        assert index_of(sample, {}) == 0 and classify(sample, 0).label_vi == "Yếu"

    @given(st.floats(0, 100, allow_nan=False), st.floats(0, 100, allow_nan=False))
    def test_a_higher_index_never_gets_a_lower_band(self, sample, a, b):
        low, high = sorted((a, b))
        assert classify(sample, low).at_least <= classify(sample, high).at_least

    @given(self_score=points, appraised=st.none() | points, survey=st.none() | points)
    def test_final_points_take_the_appraised_score_first_and_cap_both_parts(self, sample, self_score, appraised,
                                                                           survey):
        leaf = sample.find("3.4.2")  # all survey
        other = sample.find("3.2.1")  # no survey
        assert final_points(leaf, self_score=self_score, appraised=appraised, survey=survey) == round(
            min(survey or 0, 5), 2)
        expected = min(appraised if appraised is not None else self_score, other.self_max)
        assert final_points(other, self_score=self_score, appraised=appraised, survey=survey) == round(expected, 2)

    @given(st.lists(st.floats(0, 100, allow_nan=False).map(lambda x: round(x, 1)), max_size=12))
    def test_ranking_orders_from_the_highest_and_equal_values_share_a_rank(self, values):
        ranked = rank(list(enumerate(values)))
        assert [v for _, v, _ in ranked] == sorted(values, reverse=True)
        for i, (_, v, r) in enumerate(ranked):
            assert r == 1 + sum(1 for x in values if x > v)
            assert r <= i + 1


def test_band_thresholds_are_on_the_100_scale():
    cset = CriteriaSet.from_dict({"name": "x", "year": 2026, "province_code": 1, "version": 1,
                                  "bands": [{"label_vi": "Đạt", "at_least": 50}],
                                  "areas": [{"code": "1", "label": "I", "title": "A", "max_points": 40,
                                             "rule": "Có: 40; Không: 0"}]})
    assert index_of(cset, {"1": 20}) == 50 and classify(cset, 50) == Band("Đạt", "Đạt", 50)
    assert classify(cset, 49.99) is None
