"""Mapping and validating an export's rows in SQL: raw text in, canonical typed columns out.

Python only builds the SQL from the layout; DuckDB does the per-row work.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cchc.dossiers.layouts import Layout, normalize_header
from cchc.dossiers.schema import (
    BOOL_COLUMNS,
    COLUMN_NAMES,
    TERMINAL_STATUSES,
    TEXT_COLUMNS,
    TIMESTAMP_COLUMNS,
)

__all__ = ["CODED_COLUMNS", "Check", "coded_value", "coded_values", "known_spellings", "mapping_sql"]


@dataclass(frozen=True)
class Check:
    """One validation: `bad` is SQL true for a rejected row; `value` the raw text to report."""

    name: str
    column: str  # the file's header (or the canonical name when the file lacks the column)
    reason: str
    bad: str
    value: str


def _q(ident: str) -> str:
    return '"' + ident.replace('"', '""') + '"'


def _lit(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _list(values: list[str]) -> str:
    return "(" + ", ".join(_lit(v) for v in values) + ")" if values else "(NULL)"


_STATUSES = ("received", "processing", "supplement", "paused", "resolved", "returned", "rejected", "withdrawn")
_CHANNELS = ("online", "direct", "postal")
CODED_COLUMNS = (*BOOL_COLUMNS, "status", "channel", "rating")
_ISO_FORMATS = frozenset({"%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d"})


def coded_value(layout: Layout, canon: str, raw: str) -> Any:
    """The canonical value of one raw spelling of a coded column, or None when it is not valid."""
    key = normalize_header(raw)
    if canon in BOOL_COLUMNS:
        return True if key in layout.true_values else False if key in layout.false_values else None
    vmap = layout.values.get(canon, {})
    if canon == "rating":
        v = vmap.get(key, key)
        return int(v) if v.isdigit() and 1 <= int(v) <= 5 else None
    v = vmap.get(key) if vmap else key
    return v if v in (_STATUSES if canon == "status" else _CHANNELS) else None


def coded_values(layout: Layout, canon: str, raws: list[str]) -> dict[str, Any]:
    """`coded_value` for each distinct raw spelling (computed once per chunk, on a handful of values)."""
    return {r: coded_value(layout, canon, r) for r in raws if r is not None}


def known_spellings(layout: Layout, canon: str) -> dict[str, Any]:
    """The layout's own spellings of a coded column (as written, upper case, capitalised) -> value.

    Used without looking at the data: the SQL compares these exact strings first and only sends a
    cell that matches none of them through the general (trimmed, lower-cased) mapping.
    """
    if canon in BOOL_COLUMNS:
        keys = [*layout.true_values, *layout.false_values]
    else:
        vmap = layout.values.get(canon, {})
        keys = [k for k in vmap if k] if vmap else list(_STATUSES if canon == "status" else _CHANNELS)
        if canon == "rating":
            keys += ["1", "2", "3", "4", "5"]
    # The layout's spelling as written first, then its usual variants: the SQL compares them in this
    # order, so the common cells match on the first comparisons.
    raws = list(dict.fromkeys(v for k in keys for v in (k, k.capitalize(), k.upper(), k.title())))
    return {r: v for r, v in coded_values(layout, canon, raws).items() if v is not None}


def _exact_case(rc: str, mapping: dict[str, Any], default: str | None, canon: str, general: str) -> str:
    """Exact spellings first; any other non-empty cell goes through `general` (evaluated only for those)."""

    def lit(v: Any) -> str:
        return "TRUE" if v is True else "FALSE" if v is False else str(v) if isinstance(v, int) else _lit(v)

    whens = " ".join(f"WHEN {_lit(k)} THEN {lit(v)}" for k, v in mapping.items() if v is not None)
    typ = "BOOLEAN" if canon in BOOL_COLUMNS else "TINYINT" if canon == "rating" else "VARCHAR"
    null = _lit(default) if default is not None and canon in ("status", "channel") else f"CAST(NULL AS {typ})"
    inner = f"CASE {rc} {whens} ELSE CAST({general} AS {typ}) END" if whens else f"CAST({general} AS {typ})"
    return f"CASE WHEN {rc} IS NULL THEN {null} ELSE {inner} END"


def _coded_check(canon: str, header: str, layout: Layout, rc: str, tc: str) -> Check:
    if canon in BOOL_COLUMNS:
        reason = "giá trị có/không không hợp lệ (invalid yes/no value)"
    elif canon == "rating":
        reason = "đánh giá phải là số từ 1 đến 5 (rating must be 1–5)"
    else:
        label = "trạng thái" if canon == "status" else "hình thức nộp"
        reason = f"mã {label} không có trong bảng mã của mẫu {layout.name} (unknown code)"
    return Check(f"{canon}_invalid", header, reason, f"{rc} IS NOT NULL AND {tc} IS NULL", rc)


def _general_coded(layout: Layout, canon: str, rc: str) -> str:
    """A coded column's value from its (trimmed, non-empty or NULL) text, compared in lower case."""
    if canon in BOOL_COLUMNS:
        return (
            f"CASE WHEN {rc} IS NULL THEN NULL WHEN lower({rc}) IN {_list(layout.true_values)} THEN TRUE "
            f"WHEN lower({rc}) IN {_list(layout.false_values)} THEN FALSE END"
        )
    vmap = layout.values.get(canon, {})
    default = vmap.get("")
    if vmap:
        whens = " ".join(f"WHEN {_lit(k)} THEN {_lit(v)}" for k, v in vmap.items() if k != "")
        mapped = f"CASE lower({rc}) {whens} END" if whens else "NULL"
        if canon == "rating":
            mapped = f"COALESCE({mapped}, {rc})"
    else:
        mapped = f"lower({rc})"
    if default is not None:
        mapped = f"CASE WHEN {rc} IS NULL THEN {_lit(default)} ELSE {mapped} END"
    if canon == "rating":
        return f"CASE WHEN TRY_CAST({mapped} AS TINYINT) BETWEEN 1 AND 5 THEN TRY_CAST({mapped} AS TINYINT) END"
    allowed = list(_STATUSES if canon == "status" else _CHANNELS)
    return f"CASE WHEN ({mapped}) IN {_list(allowed)} THEN ({mapped}) END"


def mapping_sql(
    layout: Layout,
    header_map: dict[str, str],
    source_columns: dict[str, str],
    *,
    source: str,
    row_expr: str,
    default_locality: int | None = None,
    details: bool = False,
    exact: dict[str, dict[str, Any]] | None = None,
) -> tuple[str, list[Check]]:
    """A query turning raw columns into canonical ones, plus `_ok` (the row passes every check).

    `header_map`: canonical -> the file's header; `source_columns`: the file's header -> the
    column name in `source` (aliased `src`; a table or a `read_csv(...)` call). Each value is
    converted once (three CTE levels: raw text, typed, checks) so that the checks reuse the
    conversions. `exact` (from `known_spellings`) maps spellings of a coded column to their value,
    compared as exact strings before the general lower-case mapping. With `details`, an `_err`
    list holds, for rejected rows only, the raw value of each failed check (positionally as the
    returned checks).
    """
    exact = exact or {}
    raws = []
    for canon in COLUMN_NAMES:
        h = header_map.get(canon)
        # Empty cells arrive as NULL from the readers. Trimming every cell would cost more than the
        # rest of the mapping, so only short coded values and the id are trimmed here; dates fall back
        # to a trimmed parse, and free text is trimmed on its distinct values (DossierStore).
        col = f"src.{_q(source_columns[h])}" if h is not None else None
        if col is None:
            e = "CAST(NULL AS VARCHAR)"
        elif canon in TEXT_COLUMNS and canon != "dossier_id" or canon in TIMESTAMP_COLUMNS or canon in exact:
            e = col
        else:
            e = f"NULLIF(trim({col}), '')"
        raws.append(f"{e} AS {_q('r_' + canon)}")

    def r(canon: str) -> str:
        return _q("r_" + canon)

    def t(canon: str) -> str:
        return _q(canon)

    def where(canon: str) -> str:
        return header_map.get(canon, canon)

    exprs: dict[str, str] = {}
    checks: list[Check] = []
    for canon in COLUMN_NAMES:
        rc = r(canon)
        if canon in TEXT_COLUMNS:
            exprs[canon] = rc  # NFC: see DossierStore._normalize_text (distinct values only)
        elif canon == "locality_code":
            fallback = str(int(default_locality)) if default_locality is not None else "NULL"
            exprs[canon] = f"CASE WHEN {rc} IS NULL THEN {fallback} ELSE TRY_CAST({rc} AS INTEGER) END"
        elif canon in TIMESTAMP_COLUMNS:
            first, rest = layout.timestamp_formats[0], layout.timestamp_formats[1:]
            parts = []
            if rest:
                parts.append(f"try_strptime({rc}, [{', '.join(_lit(f) for f in rest)}])")
            parts.append(f"TRY_CAST({rc} AS TIMESTAMP)")
            parts.append(f"try_strptime(trim({rc}), [{', '.join(_lit(f) for f in layout.timestamp_formats)}])")
            # DuckDB's COALESCE evaluates an argument only on the rows still NULL, so the fallbacks run
            # only where the first format fails (and each cell is parsed once). When every format is
            # ISO 8601, the cast (DuckDB's own ISO parser, faster than strptime) reads the same values
            # and goes first.
            if set(layout.timestamp_formats) <= _ISO_FORMATS:
                parts.remove(f"TRY_CAST({rc} AS TIMESTAMP)")
                exprs[canon] = f"COALESCE(TRY_CAST({rc} AS TIMESTAMP), try_strptime({rc}, {_lit(first)}), {', '.join(parts)})"
            else:
                exprs[canon] = f"COALESCE(try_strptime({rc}, {_lit(first)}), {', '.join(parts)})"
            checks.append(Check(f"{canon}_invalid", where(canon),
                                f"ngày giờ không hợp lệ, cần dạng {first} (invalid date)",
                                f"{rc} IS NOT NULL AND {t(canon)} IS NULL AND trim({rc}) <> ''", rc))
        elif canon in CODED_COLUMNS:
            if canon in exact:
                general = _general_coded(layout, canon, f"NULLIF(trim({rc}), '')")
                exprs[canon] = _exact_case(rc, exact[canon], layout.values.get(canon, {}).get(""), canon, general)
            else:
                exprs[canon] = _general_coded(layout, canon, rc)
            checks.append(_coded_check(canon, where(canon), layout, rc, t(canon)))
        elif canon == "supplement_count":
            exprs[canon] = (f"CASE WHEN {rc} IS NULL THEN 0 WHEN TRY_CAST({rc} AS SMALLINT) >= 0 "
                            f"THEN TRY_CAST({rc} AS SMALLINT) END")
            checks.append(Check("supplement_count_invalid", where(canon),
                                "số lần bổ sung phải là số nguyên ≥ 0 (must be a whole number ≥ 0)",
                                f"{t(canon)} IS NULL", rc))
    terminal = _list(list(TERMINAL_STATUSES))
    checks += [
        Check("dossier_id_missing", where("dossier_id"), "thiếu mã hồ sơ (missing dossier id)",
              f"{r('dossier_id')} IS NULL", "''"),
        Check("locality_invalid", where("locality_code"),
              "mã xã/phường phải là số nguyên (locality code must be an integer)",
              f"{r('locality_code')} IS NOT NULL AND {t('locality_code')} IS NULL", r("locality_code")),
        Check("locality_missing", where("locality_code"), "thiếu mã xã/phường (missing locality code; use --locality)",
              f"{r('locality_code')} IS NULL AND {t('locality_code')} IS NULL", "''"),
        Check("received_missing", where("received_at"), "thiếu ngày tiếp nhận (missing received date)",
              f"{t('received_at')} IS NULL AND COALESCE(trim({r('received_at')}), '') = ''", "''"),
        Check("status_missing", where("status"), "thiếu trạng thái hồ sơ (missing status)",
              f"{r('status')} IS NULL", "''"),
        Check("due_before_received", where("due_at"), "ngày hẹn trả trước ngày tiếp nhận (due before received)",
              f"CAST({t('due_at')} AS DATE) < CAST({t('received_at')} AS DATE)", r("due_at")),
        Check("resolved_before_received", where("resolved_at"),
              "ngày có kết quả trước ngày tiếp nhận (resolved before received)",
              f"{t('resolved_at')} < {t('received_at')}", r("resolved_at")),
        Check("returned_before_received", where("returned_at"),
              "ngày trả kết quả trước ngày tiếp nhận (returned before received)",
              f"{t('returned_at')} < {t('received_at')}", r("returned_at")),
        Check("supplement_before_request", where("supplement_received_at"),
              "ngày nhận bổ sung trước ngày yêu cầu bổ sung (supplement received before it was requested)",
              f"CAST({t('supplement_received_at')} AS DATE) < CAST({t('supplement_requested_at')} AS DATE)",
              r("supplement_received_at")),
        Check("resumed_before_suspended", where("resumed_at"),
              "ngày tiếp tục xử lý trước ngày tạm dừng (resumed before it was paused)",
              f"CAST({t('resumed_at')} AS DATE) < CAST({t('suspended_at')} AS DATE)", r("resumed_at")),
        Check("terminal_without_end", where("resolved_at"),
              "hồ sơ đã kết thúc nhưng thiếu ngày có kết quả/trả kết quả (finished status without an end date)",
              f"{t('status')} IN {terminal} AND {t('resolved_at')} IS NULL AND {t('returned_at')} IS NULL",
              r("status")),
    ]
    typed = ",\n    ".join(f"{e} AS {_q(c)}" for c, e in exprs.items())
    out_cols = ", ".join(_q(c) for c in COLUMN_NAMES)
    # A CASE rather than NOT (a OR b OR …): DuckDB tests each WHEN only on the rows still undecided and
    # each condition's terms in turn, so the costly terms (a trim, a comparison of dates) run only on
    # the rows that reach them (a NULL condition does not match, as COALESCE(…, FALSE) did).
    ok = "CASE " + " ".join(f"WHEN {c.bad} THEN FALSE" for c in checks) + " ELSE TRUE END AS _ok"
    head = (
        f"WITH r AS (SELECT {row_expr} AS _row, {', '.join(raws)} FROM {source} AS src),\n"
        f"t AS (SELECT r.*, {typed} FROM r)\n"
    )
    if details:
        # `_err`: for a rejected row only (CASE evaluates its branch on those rows alone), the raw
        # value of each failed check, positionally as `checks` (NULL where the check passed).
        err = ", ".join(f"CASE WHEN COALESCE({c.bad}, FALSE) THEN COALESCE({c.value}, '') END" for c in checks)
        sql = (head + f", k AS (SELECT t.*, {ok} FROM t)\n"
               f"SELECT {out_cols}, _row, _ok,\n  CASE WHEN _ok THEN NULL ELSE [{err}] END AS _err\nFROM k")
    else:
        sql = head + f"SELECT {out_cols}, _row,\n  {ok}\nFROM t"
    return sql, checks
