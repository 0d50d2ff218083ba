"""The Decision 766 index on the hand-computed March scenario."""

from __future__ import annotations

import json

import pytest

from cchc.domain.errors import InvalidInput
from cchc.dossiers import band_766, index_766, read_766_inputs

from .conftest import LOC


def by_code(ix):  # type: ignore[no-untyped-def]
    return {i.code: i for g in ix.groups for i in g.indicators}


def test_measured_indicators_score_by_threshold(march_store):
    (ix,) = index_766(march_store, localities=[LOC], period="2026-03")
    ind = by_code(ix)
    assert ind["on_time"].points == 14.0  # 20 × 70%
    assert ind["portal_sync"].points == 5.25  # 6 × 87.5%
    assert ind["online_dossiers"].rate == 43.75  # 50% online × 87.5% synced
    assert ind["online_dossiers"].points == 5.25  # 6 × 43.75 / 50
    assert ind["paid_online"].points == pytest.approx(4.0)
    assert ind["e_result"].points == 2.4
    assert ind["digitized"].points == 1.25  # 4 × 25 / 80
    assert ind["data_reuse"].points == 0.3125
    assert ind["dossier_satisfaction"].points == pytest.approx(4.0)  # 6 × 60 / 90
    assert ix.measured_points == pytest.approx(36.4625)
    assert {i.source for i in ind.values() if i.code in ix.missing} == {"missing"}
    assert "pakn_on_time" in ix.missing and not ix.complete


def test_entered_inputs_fill_the_rest_and_are_marked_entered(march_store, tmp_path):
    path = tmp_path / "in.json"
    path.write_text(json.dumps([
        {"locality_code": LOC, "period": "3/2026", "published_on_time": 100, "fee_procedures_with_dossiers": "50%",
         "pakn_count": 0},
    ]), encoding="utf-8")
    march_store.set_766_inputs(read_766_inputs(str(path)))
    (ix,) = index_766(march_store, localities=[LOC], period="2026-03")
    ind = by_code(ix)
    assert (ind["published_on_time"].points, ind["published_on_time"].source) == (6.0, "entered")
    assert ind["pakn_on_time"].points == 6.0 and ind["pakn_satisfaction"].points == 6.0  # no PAKN at all
    assert ind["fee_procedures_with_dossiers"].points == 1.25  # 2.5 × C
    assert ix.entered_points == pytest.approx(19.25)
    assert ix.total == pytest.approx(55.7125)
    assert ix.band == "Trung bình"
    groups = {g.code: g.points for g in ix.groups}
    assert groups["progress"] == 14.0 and groups["online_payment"] == pytest.approx(5.25)


def test_inputs_of_another_period_do_not_count(march_store):
    march_store.set_766_inputs([{"locality_code": LOC, "period": "2026-04", "indicator": "published_on_time",
                                 "value": 100}])
    (ix,) = index_766(march_store, localities=[LOC], period="2026-03")
    assert "published_on_time" in ix.missing


def test_an_unknown_or_out_of_range_input_is_rejected(store):
    with pytest.raises(InvalidInput):
        store.set_766_inputs([{"locality_code": LOC, "period": "2026-Q1", "indicator": "on_time", "value": 90}])
    with pytest.raises(InvalidInput):
        store.set_766_inputs([{"locality_code": LOC, "period": "2026-Q1", "indicator": "pakn_on_time", "value": 130}])


def test_bands():
    assert [band_766(x) for x in (95, 85, 75, 60, 10)] == ["Xuất sắc", "Tốt", "Khá", "Trung bình", "Yếu"]


def test_no_dossiers_leaves_measured_indicators_missing(store):
    (ix,) = index_766(store, localities=[LOC], period="2026-03")
    assert ix.total == 0 and "on_time" in ix.missing
