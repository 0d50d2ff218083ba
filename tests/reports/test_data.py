"""ReportData: derived figures and the JSON round trip used for drafts and versions."""

from __future__ import annotations

import json

from cchc.domain.plan import Comparator
from cchc.reports.data import IndicatorRow, NoticeData, ReportData, ServiceRow, Signer
from cchc.reports.sample import make_notice_data, make_report_data


def test_report_data_survives_a_json_round_trip() -> None:
    data = make_report_data()
    again = ReportData.from_json(json.loads(json.dumps(data.to_json(), ensure_ascii=False)))
    assert again == data


def test_notice_data_survives_a_json_round_trip() -> None:
    data = make_notice_data()
    assert NoticeData.from_json(json.loads(json.dumps(data.to_json()))) == data


def test_ii06a_row_adds_up_received_resolved_and_pending() -> None:
    row = ServiceRow("Đất đai", carried_over=4, received_online=10, received_direct=6, resolved_early=3,
                     resolved_on_time=9, resolved_late=2, pending_within=5, pending_overdue=1)
    assert row.received_total == 20
    assert row.resolved_total + row.pending_total == row.received_total
    assert row.cells() == [20, 4, 10, 6, 14, 3, 9, 2, 6, 5, 1]


def test_sample_ii06a_rows_keep_the_form_identity() -> None:
    for row in make_report_data().service_rows:
        assert row.resolved_total + row.pending_total == row.received_total, row.label


def test_index_766_total_is_the_sum_of_the_groups_or_none_when_one_is_missing() -> None:
    data = make_report_data()
    assert data.index_766_total == round(sum(g.score or 0 for g in data.index_766), 2)
    data.index_766[0].score = None
    assert data.index_766_total is None


def test_indicator_texts_use_symbols_and_a_decimal_comma() -> None:
    row = IndicatorRow("Tỷ lệ hồ sơ trực tuyến", 70, Comparator.GE, 69.55)
    assert row.target_text() == "≥ 70%"
    assert row.actual_text() == "69,55%"
    assert IndicatorRow("x", 1, actual=None).actual_text() == "—"


def test_number_line_leaves_room_for_the_clerk_when_the_number_is_not_given() -> None:
    assert make_report_data().number_line == "Số:      /BC-UBND"
    assert make_report_data(number="125").number_line == "Số: 125/BC-UBND"


def test_vice_chairman_signs_on_behalf_of_the_chairman() -> None:
    s = Signer.vice_chairman("Trần Thị Hoa")
    assert (s.authority, s.title) == ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH")
