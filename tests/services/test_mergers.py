"""Importing the mapping of former communes: all or nothing, idempotent, errors with row and column."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook

from cchc.domain.errors import InvalidInput, PermissionDenied
from cchc.services.mergers import import_mergers, merger_map, predecessors_view
from cchc.store.models import AuditEvent, Locality
from tests.services.conftest import HOA_BINH

HEADER = "ma_xa_cu,ten_xa_cu,loai_cu,huyen_cu,ma_xa_moi,ngay_hieu_luc\n"


def _csv(*rows: str) -> bytes:
    return (HEADER + "\n".join(rows) + "\n").encode("utf-8")


def test_a_mapping_file_links_former_communes_to_their_successor(session, world):
    content = _csv(f"90001,Xã Cũ Một,xã,Huyện An Lão,{HOA_BINH:05d},01/07/2025",
                   f"90002,Xã Cũ Hai,xã,Huyện An Lão,{HOA_BINH:05d},")
    result = import_mergers(session, world.actor("admin"), content=content, filename="sap-nhap.csv")
    assert (result.added, result.updated, result.unchanged) == (2, 0, 0)
    assert merger_map(session).predecessors(HOA_BINH) == [HOA_BINH, 90001, 90002]
    assert [p.name for p in predecessors_view(session, HOA_BINH)] == ["Xã Cũ Một", "Xã Cũ Hai"]
    assert session.get(Locality, HOA_BINH).predecessor_codes == [90001, 90002]
    assert session.query(AuditEvent).filter_by(entity="locality_merger", action="import").count() == 1


def test_importing_the_same_file_twice_changes_nothing(session, world):
    content = _csv(f"90001,Xã Cũ Một,xã,,{HOA_BINH},01/07/2025")
    import_mergers(session, world.actor("admin"), content=content, filename="a.csv")
    again = import_mergers(session, world.actor("admin"), content=content, filename="a.csv")
    assert (again.added, again.updated, again.unchanged) == (0, 0, 1)
    assert merger_map(session).predecessors(HOA_BINH) == [HOA_BINH, 90001]


def test_an_xlsx_mapping_with_date_cells_is_read(session, world):
    from datetime import datetime

    wb = Workbook()
    ws = wb.active
    ws.append(["ma_xa_cu", "ten_xa_cu", "ma_xa_moi", "ngay_hieu_luc"])
    ws.append([90003, "Xã Cũ Ba", HOA_BINH, datetime(2025, 7, 1)])
    buf = io.BytesIO()
    wb.save(buf)
    result = import_mergers(session, world.actor("admin"), content=buf.getvalue(), filename="sap-nhap.xlsx")
    assert result.added == 1
    assert merger_map(session).merged_on(HOA_BINH).isoformat() == "2025-07-01"


@pytest.mark.parametrize(("row", "needle"), [
    ("9x001,Xã Lỗi,xã,,11533,01/07/2025", "Dòng 3, cột ma_xa_cu"),
    ("90001,Xã Lỗi,xã,,99999,01/07/2025", "Dòng 3, cột ma_xa_moi: mã 99999 không phải xã/phường hiện hành"),
    ("90001,,xã,,11533,01/07/2025", "Dòng 3, cột ten_xa_cu"),
    ("90001,Xã Lỗi,xã,,11533,31/02/2025", "ngay_hieu_luc"),
])
def test_a_bad_row_is_refused_with_its_row_and_column_and_nothing_is_saved(session, world, row, needle):
    good = f"90009,Xã Tốt,xã,,{HOA_BINH},01/07/2025"
    with pytest.raises(InvalidInput, match=needle):
        import_mergers(session, world.actor("admin"), content=_csv(good, row), filename="x.csv")
    assert merger_map(session).predecessors(HOA_BINH) == [HOA_BINH]


def test_a_file_in_another_encoding_is_refused_with_how_to_fix_it(session, world):
    content = _csv(f"90001,Xã Cũ Một,xã,,{HOA_BINH},01/07/2025").decode().encode("utf-16")
    with pytest.raises(InvalidInput, match="UTF-8"):
        import_mergers(session, world.actor("admin"), content=content, filename="x.csv")


def test_only_an_administrator_imports_a_mapping(session, world):
    with pytest.raises(PermissionDenied):
        import_mergers(session, world.actor("office"), content=_csv(), filename="x.csv")
