"""Realistic synthetic dossier records (deterministic by seed), written in any export layout."""

from __future__ import annotations

import codecs
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from cchc.domain.calendar import WorkingCalendar, default_calendar
from cchc.domain.errors import InvalidInput
from cchc.dossiers.layouts import Layout, get_layout
from cchc.dossiers.schema import BOOL_COLUMNS, CANONICAL_COLUMNS, TIMESTAMP_COLUMNS

__all__ = ["PROCEDURES", "Procedure", "encode_export", "generate_dossiers", "write_export"]


@dataclass(frozen=True)
class Procedure:
    code: str
    name: str
    sector: str
    unit: str
    days: int  # statutory limit in working days (0 = the same day)
    fee: bool
    full_online: bool  # may be done fully online (toàn trình)
    weight: float
    late_base: float  # share of late dossiers before unit/commune factors


_VP = "Văn phòng HĐND và UBND"
_KT = "Phòng Kinh tế"
_VHXH = "Phòng Văn hóa - Xã hội"
_TT = "Trung tâm Phục vụ hành chính công"

# Codes in the style of the national TTHC database; limits from the usual procedure records.
PROCEDURES: tuple[Procedure, ...] = (
    Procedure("1.001193", "Đăng ký khai sinh", "Hộ tịch", _TT, 0, False, True, 9.0, 0.004),
    Procedure("1.000656", "Đăng ký khai tử", "Hộ tịch", _TT, 0, False, True, 3.0, 0.004),
    Procedure("1.000894", "Đăng ký kết hôn", "Hộ tịch", _TT, 0, False, False, 3.0, 0.006),
    Procedure("1.004873", "Cấp bản sao trích lục hộ tịch", "Hộ tịch", _TT, 0, True, True, 6.0, 0.003),
    Procedure("1.004746", "Xác nhận tình trạng hôn nhân", "Hộ tịch", _TT, 3, True, True, 5.0, 0.01),
    Procedure("2.000815", "Chứng thực bản sao từ bản chính", "Chứng thực", _TT, 0, True, False, 22.0, 0.002),
    Procedure("2.000884", "Chứng thực chữ ký trong giấy tờ, văn bản", "Chứng thực", _TT, 0, True, False, 8.0, 0.002),
    Procedure("2.001035", "Chứng thực hợp đồng, giao dịch liên quan đến bất động sản", "Chứng thực", _TT, 2, True, False, 3.0, 0.02),
    Procedure("1.004227", "Đăng ký đất đai, tài sản gắn liền với đất lần đầu", "Đất đai", _KT, 20, True, False, 2.0, 0.12),
    Procedure("1.012790", "Đăng ký biến động quyền sử dụng đất", "Đất đai", _KT, 10, True, False, 3.0, 0.09),
    Procedure("1.004203", "Tách thửa hoặc hợp thửa đất", "Đất đai", _KT, 15, True, False, 1.0, 0.15),
    Procedure("1.009994", "Cấp giấy phép xây dựng nhà ở riêng lẻ", "Xây dựng", _KT, 15, True, True, 2.0, 0.07),
    Procedure("1.001612", "Đăng ký thành lập hộ kinh doanh", "Kinh doanh", _KT, 3, True, True, 3.0, 0.02),
    Procedure("2.000720", "Đăng ký thay đổi nội dung đăng ký hộ kinh doanh", "Kinh doanh", _KT, 3, True, True, 1.5, 0.02),
    Procedure("1.001776", "Thực hiện, điều chỉnh trợ cấp xã hội hằng tháng", "Bảo trợ xã hội", _VHXH, 10, False, True, 2.0, 0.05),
    Procedure("1.010805", "Xác nhận hộ gia đình làm nông nghiệp có mức sống trung bình", "Lao động - Thương binh và Xã hội", _VHXH, 7, False, True, 1.5, 0.04),
    Procedure("1.003057", "Giải quyết chế độ mai táng phí", "Người có công", _VHXH, 5, False, False, 0.6, 0.05),
    Procedure("1.005099", "Cho phép cơ sở giáo dục hoạt động giáo dục", "Giáo dục và Đào tạo", _VHXH, 20, False, False, 0.2, 0.08),
    Procedure("1.003622", "Đăng ký tổ chức lễ hội", "Văn hóa", _VHXH, 10, False, True, 0.3, 0.03),
    Procedure("1.003347", "Giải quyết tranh chấp đất đai tại cấp xã", "Đất đai", _VP, 45, False, False, 0.3, 0.2),
    Procedure("1.004194", "Tiếp nhận thông báo tổ chức sự kiện công cộng", "Văn hóa", _VP, 5, False, True, 0.3, 0.02),
)

# Tết (Jan/Feb) is busy before and quiet during; summer brings school and civil-status peaks.
_MONTH_WEIGHTS = np.array([1.15, 0.75, 1.05, 1.0, 1.0, 1.1, 1.15, 1.1, 1.05, 0.95, 0.95, 1.05])
_UNIT_LATE = {_VP: 1.3, _KT: 1.4, _VHXH: 0.9, _TT: 0.7}


def _working_days(cal: WorkingCalendar, start: date, end: date) -> np.ndarray:
    return np.array(list(cal.working_days(start, end)), dtype="datetime64[D]")


def generate_dossiers(
    localities: list[int],
    year: int,
    rows: int,
    *,
    seed: int = 1,
    calendar: WorkingCalendar | None = None,
    first_number: int = 1,
) -> pa.Table:
    """`rows` dossiers received in `year` across `localities`, as a canonical Arrow table."""
    if not localities:
        raise InvalidInput("Cần ít nhất một mã xã/phường (--localities)")
    if rows < 0:
        raise InvalidInput("Số dòng phải ≥ 0 (--rows)")
    cal = calendar or default_calendar()
    rng = np.random.default_rng(seed)
    n = rows
    locs = np.array(localities, dtype=np.int32)
    size = rng.lognormal(0.0, 0.6, len(locs))
    loc_idx = rng.choice(len(locs), size=n, p=size / size.sum())
    loc_late = rng.uniform(0.5, 1.8, len(locs))
    loc_online = rng.uniform(0.25, 0.8, len(locs))
    loc_sync = rng.uniform(0.9, 1.0, len(locs))

    procs = PROCEDURES
    pw = np.array([p.weight for p in procs])
    p_idx = rng.choice(len(procs), size=n, p=pw / pw.sum())
    p_days = np.array([p.days for p in procs], dtype=np.int64)[p_idx]
    p_fee = np.array([p.fee for p in procs])[p_idx]
    p_full = np.array([p.full_online for p in procs])[p_idx]
    p_late = np.array([p.late_base * _UNIT_LATE[p.unit] for p in procs])[p_idx]

    # Working-day axis spanning the year and enough after it for due dates and late results.
    axis = _working_days(cal, date(year, 1, 1), date(year + 1, 6, 30))
    in_year = axis[axis <= np.datetime64(date(year, 12, 31))]
    month = (in_year.astype("datetime64[M]").astype(int) % 12)
    dw = _MONTH_WEIGHTS[month]
    day_pos = rng.choice(len(in_year), size=n, p=dw / dw.sum())
    recv_day = in_year[day_pos]
    recv_min = rng.integers(7 * 60 + 30, 16 * 60 + 45, size=n)
    received = recv_day.astype("datetime64[s]") + (recv_min * 60).astype("timedelta64[s]")
    due_day = axis[np.minimum(day_pos + p_days, len(axis) - 1)]
    due = due_day.astype("datetime64[s]") + np.timedelta64(17 * 3600, "s")

    # Supplements: once for some, twice for a few (twice counts late by Decision 766).
    u = rng.random(n)
    supp = np.where(u < 0.01, 2, np.where(u < 0.07, 1, 0)).astype(np.int16)
    # Outcome: late share by procedure × unit × commune, higher for Tết-season receipts.
    tet = (month[day_pos] <= 1).astype(float) * 0.5 + 1.0
    late = (rng.random(n) < np.clip(p_late * loc_late[loc_idx] * tet, 0, 0.9)) | (supp == 2)
    chan_u = rng.random(n)
    online = chan_u < loc_online[loc_idx] * np.where(p_full, 1.1, 0.6)
    # Online dossiers arrive complete and are handled faster (the online_time_reduction metric).
    speed = np.where(online, 0.7, 1.0)
    taken = np.where(
        late,
        p_days + rng.integers(1, 12, size=n),
        np.floor(p_days * speed * rng.beta(4, 2, size=n)).astype(np.int64),
    )
    # Waits not counted against the dossier (`domain.timeliness`), drawn from a stream of their own so that
    # the other columns stay as they were: every dossier asked for a supplement waits 1–8 working days for
    # it (asked at most `taken` working days after reception); ~1.5 % of the others, of procedures with a
    # limit of 5 working days or more, are paused (tạm dừng) for 2–10 working days. The end of processing
    # moves later by the wait, so the wait is exactly what the rule deducts.
    wr = np.random.default_rng([seed, 766])
    has_sup = supp > 0
    sup_pos = day_pos + wr.integers(0, taken + 1)
    sup_wait = wr.integers(1, 9, size=n)
    has_pause = ~has_sup & (p_days >= 5) & (wr.random(n) < 0.015)
    pause_pos = day_pos + wr.integers(0, taken + 1)
    pause_wait = wr.integers(2, 11, size=n)
    wait = np.where(has_sup, sup_wait, 0) + np.where(has_pause, pause_wait, 0)
    end_pos = np.minimum(day_pos + taken + wait, len(axis) - 1)
    end_day = axis[end_pos]
    end_min = np.where(taken == 0, np.maximum(recv_min + rng.integers(10, 120, size=n), recv_min), 0)
    end_min = np.where(taken == 0, np.minimum(end_min, 17 * 60 + 30), rng.integers(8 * 60, 17 * 60, size=n))
    resolved = end_day.astype("datetime64[s]") + (end_min * 60).astype("timedelta64[s]")

    # Status codes: 0 received, 1 processing, 2 supplement, 3 paused, 4 resolved, 5 returned,
    # 6 rejected, 7 withdrawn. The export is taken on the last working day of the year.
    export_day = in_year[-1]
    open_ = end_day > export_day
    u = rng.random(n)
    status = np.where(u < 0.2, 4, 5)
    status = np.where(u > 0.995, 6, status)
    status = np.where((u > 0.985) & (u <= 0.995), 7, status)
    status = np.where((u > 0.982) & (u <= 0.985), 3, status)
    open_status = np.where(supp > 0, 2, np.where(rng.random(n) < 0.1, 0, 1))
    status = np.where(open_, open_status, status)
    finished = ~open_
    has_result = finished & ((status == 4) | (status == 5))
    # Withdrawn and rejected dossiers end early, never late.
    early_stop = finished & ((status == 6) | (status == 7) | (status == 3))
    resolved = np.where(early_stop, received + np.timedelta64(3600, "s"), resolved)
    returned = resolved + (rng.integers(0, 3, size=n) * 86400 + 3600).astype("timedelta64[s]")

    def _at(pos: np.ndarray, hour: int) -> np.ndarray:
        return axis[np.minimum(pos, len(axis) - 1)].astype("datetime64[s]") + np.timedelta64(hour * 3600, "s")

    # Waits recorded up to the export day; a dossier closed at once (withdrawn, refused, stopped) has none.
    export_s = export_day.astype("datetime64[s]") + np.timedelta64(86399, "s")
    sup_req, sup_recv = _at(sup_pos, 9), _at(sup_pos + sup_wait, 10)
    pause_from, pause_until = _at(pause_pos, 14), _at(pause_pos + pause_wait, 8)
    sup_req_ok = has_sup & ~early_stop & (sup_req <= export_s)
    pause_ok = has_pause & ~early_stop & (pause_from <= export_s)

    postal = ~online & (chan_u > 0.98)
    channel = np.where(online, 0, np.where(postal, 2, 1))
    full_online = online & p_full & (rng.random(n) < 0.75)
    paid_online = p_fee & np.where(online, rng.random(n) < 0.7, rng.random(n) < 0.05)
    rating_given = finished & (rng.random(n) < 0.35)
    rating = np.where(late, rng.choice([1, 2, 3, 4], size=n), rng.choice([3, 4, 5, 5, 5], size=n))

    def _ts(values: np.ndarray, mask: np.ndarray | None = None) -> pa.Array:
        arr = pa.array(values.astype("datetime64[us]"))
        return arr if mask is None else pc.if_else(pa.array(mask), arr, pa.scalar(None, arr.type))

    def _b(values: np.ndarray) -> pa.Array:
        return pa.array(values.astype(bool))

    # Dossier numbers run on from `first_number`, so that chunks generated apart never collide.
    seq = pa.array(np.arange(first_number, first_number + n, dtype=np.int64))
    ids = pc.binary_join_element_wise(
        pc.cast(pa.array(locs[loc_idx]), pa.string()),
        pc.strftime(_ts(received), format="%y%m%d"),
        pc.utf8_lpad(pc.cast(seq, pa.string()), 8, "0"),
        "-",
    )
    statuses = np.array(["received", "processing", "supplement", "paused", "resolved", "returned", "rejected", "withdrawn"])
    channels = np.array(["online", "direct", "postal"])
    units = np.array([p.unit for p in procs])
    cols: dict[str, pa.Array] = {
        "dossier_id": ids,
        "locality_code": pa.array(locs[loc_idx]),
        "unit": pa.array(units[p_idx]),
        "procedure_code": pa.array(np.array([p.code for p in procs])[p_idx]),
        "procedure_name": pa.array(np.array([p.name for p in procs])[p_idx]),
        "sector": pa.array(np.array([p.sector for p in procs])[p_idx]),
        "channel": pa.array(channels[channel]),
        "full_online": _b(full_online),
        "received_at": _ts(received),
        "due_at": _ts(due),
        "resolved_at": _ts(resolved, finished),
        "returned_at": _ts(returned, finished & (status == 5)),
        "status": pa.array(statuses[status]),
        "fee_required": _b(p_fee),
        "paid_online": _b(paid_online),
        "dossier_digitized": _b(rng.random(n) < np.where(online, 0.97, 0.8)),
        "result_digitized": _b(has_result & (rng.random(n) < 0.85)),
        "e_result": _b(has_result & (rng.random(n) < np.where(online, 0.8, 0.35))),
        "reused_data": _b(rng.random(n) < 0.3),
        "location_free": _b(rng.random(n) < 0.05),
        "synced_national": _b(rng.random(n) < loc_sync[loc_idx]),
        "apology_sent": _b(late & (rng.random(n) < 0.6)),
        "rating": pc.if_else(pa.array(rating_given), pa.array(rating.astype(np.int8)), pa.scalar(None, pa.int8())),
        "supplement_count": pa.array(supp),
        "supplement_requested_at": _ts(sup_req, sup_req_ok),
        "supplement_received_at": _ts(sup_recv, sup_req_ok & (sup_recv <= export_s)),
        "suspended_at": _ts(pause_from, pause_ok),
        "resumed_at": _ts(pause_until, pause_ok & (pause_until <= export_s)),
    }
    return pa.table({k: cols[k].cast(t) for k, t in CANONICAL_COLUMNS.items()})


def encode_export(table: pa.Table, layout: str | Layout) -> pa.Table:
    """Canonical values to the layout's headers, codes and date format (all text)."""
    layout = get_layout(layout)
    fmt = layout.timestamp_formats[0]
    t_raw, f_raw = layout.true_values[0], layout.false_values[0]
    out: dict[str, pa.Array] = {}
    for canon in CANONICAL_COLUMNS:
        if canon not in layout.columns:
            continue
        col = table.column(canon).combine_chunks()
        if canon in TIMESTAMP_COLUMNS:
            # Whole seconds: pyarrow's %S prints microseconds for timestamp[us].
            enc = pc.strftime(col.cast(pa.timestamp("s")), format=fmt)
        elif canon in BOOL_COLUMNS:
            enc = pc.if_else(col, _cap(t_raw), _cap(f_raw))
        elif canon in layout.values:
            uniq = pc.unique(pc.cast(col, pa.string()))
            mapping = {v: _cap(layout.encode_value(canon, v)) for v in uniq.to_pylist() if v is not None}
            keys = pa.array(list(mapping))
            enc = pc.take(pa.array(list(mapping.values()), pa.string()), pc.index_in(pc.cast(col, pa.string()), keys))
        else:
            enc = pc.cast(col, pa.string())
        out[layout.header(canon)] = pc.fill_null(enc, "")
    return pa.table(out)


def _cap(raw: str) -> str:
    # Value maps are stored case-folded; exports show them with a capital first letter.
    return raw[:1].upper() + raw[1:] if raw and not raw[0].isdigit() and raw not in ("true", "false") else raw


def write_export(table: pa.Table, path: Path | str, *, layout: str | Layout = "igate", encoding: str = "utf-8") -> Path:
    """Write canonical records as a vendor export (CSV in `encoding`, or XLSX by the file suffix)."""
    lay = get_layout(layout)
    p = Path(path)
    enc = encode_export(table, lay)
    if p.suffix.lower() == ".xlsx":
        from openpyxl import Workbook

        wb = Workbook(write_only=True)
        ws = wb.create_sheet("Danh sách hồ sơ")
        ws.append(enc.column_names)
        for row in zip(*(c.to_pylist() for c in enc.columns), strict=True):
            ws.append(list(row))
        wb.save(p)
        return p
    enc_name = codecs.lookup(encoding).name
    if enc_name == "utf-8":
        pacsv.write_csv(enc, p, pacsv.WriteOptions(quoting_style="needed"))
        return p
    tmp = p.with_suffix(p.suffix + ".utf8.tmp")
    pacsv.write_csv(enc, tmp, pacsv.WriteOptions(quoting_style="needed"))
    text = tmp.read_text(encoding="utf-8")
    tmp.unlink()
    if enc_name == "cp1258":
        import unicodedata

        text = "".join(_cp1258_char(ch) for ch in unicodedata.normalize("NFC", text))
    p.write_bytes(text.encode(encoding))
    return p


_TONES = "\u0300\u0301\u0303\u0309\u0323"


def _cp1258_char(ch: str) -> str:
    """Windows-1258 has precomposed vowels (â, ơ, ư…) but tones only as combining marks."""
    try:
        ch.encode("cp1258")
        return ch
    except UnicodeEncodeError:
        import unicodedata

        d = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(c for c in d if c not in _TONES))
        return base + "".join(c for c in d if c in _TONES)
