"""Which metric measures an indicator, from keyword rules over its folded name.

A metric is assigned only when the name is about what the metric counts: dossier-level rates
(hồ sơ, giao dịch, kết quả) for the one-stop centre metrics, plan tasks for task completion, units
for inspection coverage. A share of *procedures offered* (`Tỷ lệ cung cấp dịch vụ công trực tuyến toàn
trình trên tổng số thủ tục`) or of cashless payments in general gets no metric.
"""

from __future__ import annotations

import re

from cchc.domain.metrics import MetricCode
from cchc.extract.numbers import fold_words as fold

__all__ = ["metric_for"]

# Common abbreviations, expanded before matching.
_ABBR = [
    (re.compile(r"\btthc\b"), "thu tuc hanh chinh"),
    (re.compile(r"\bdvc\b"), "dich vu cong"),
    (re.compile(r"\bcchc\b"), "cai cach hanh chinh"),
    (re.compile(r"\bpakn\b"), "phan anh kien nghi"),
]


def _norm(name: str) -> str:
    f = fold(name)
    # OCR reads "l" as "1" and "ô" as "6" inside words ("sử dụng 1ại", "th6ng tin")
    f = re.sub(r"(?<=[a-z])[16]|[16](?=[a-z])", lambda m: "l" if m.group(0) == "1" else "o", f)
    for rx, full in _ABBR:
        f = rx.sub(full, f)
    return f


def _any(f: str, *words: str) -> bool:
    return any(w in f for w in words)


def _about_procedures_offered(f: str) -> bool:
    """The subject is the set of procedures/services offered, not dossiers or transactions."""
    if _any(f, "ho so", "giao dich"):
        return False
    return f.startswith(("thu tuc", "cac thu tuc", "dich vu cong", "ty le cung cap", "ti le cung cap")) or _any(
        f, "tren tong so thu tuc", "cung cap dich vu cong"
    )


def metric_for(name: str | None) -> MetricCode | None:
    """The metric code for an indicator name, or None when no metric measures it.

    >>> metric_for("Tỷ lệ hồ sơ tiếp nhận và giải quyết trực tuyến")
    <MetricCode.ONLINE_RATE: 'online_rate'>
    """
    f = _norm(name or "")
    if not f:
        return None
    # Citizen feedback and petitions handled on time.
    if _any(f, "phan anh") and _any(f, "kien nghi") and _any(f, "dung han", "kip thoi", "xu ly", "giai quyet"):
        return MetricCode.FEEDBACK_ON_TIME_RATE
    if _any(f, "hai long"):
        # Satisfaction with public services in general (health, education) is not a dossier metric.
        if _any(f, "y te", "giao duc", "truong hoc", "benh vien"):
            return None
        return MetricCode.SATISFACTION_RATE
    if _any(f, "thoi gian") and _any(f, "truc tuyen") and _any(f, "giam", "rut ngan"):
        return MetricCode.ONLINE_TIME_REDUCTION
    if _any(f, "dung han", "truoc han", "dung hen") and _any(f, "ho so", "giai quyet"):
        return MetricCode.ON_TIME_RATE
    if _any(f, "phi dia gioi", "khong phu thuoc vao dia gioi", "khong phu thuoc dia gioi"):
        return MetricCode.LOCATION_FREE_RATE
    if _any(f, "thanh toan truc tuyen", "thanh toan dien tu", "nop phi truc tuyen"):
        if _about_procedures_offered(f):
            return None
        return MetricCode.ONLINE_PAYMENT_RATE
    if _any(f, "khai thac") and _any(f, "su dung lai", "tai su dung"):
        return MetricCode.DATA_REUSE_RATE
    if re.search(r"\bs[oe6]\s+hoa\b", f) and _any(f, "ho so", "ket qua") and not f.startswith("giam"):
        return MetricCode.DIGITIZATION_RATE
    if (_any(f, "cap ket qua") or (_any(f, "ket qua") and _any(f, "duoc cap", "cap ban"))) and _any(f, "dien tu"):
        return MetricCode.E_RESULT_RATE
    if _any(f, "toan trinh", "hoan toan truc tuyen"):
        if _any(f, "ho so") and not _about_procedures_offered(f):
            return MetricCode.FULL_ONLINE_RATE
        return None
    if _any(f, "ho so") and not _any(f, "ho so cong viec") and (
        _any(f, "dong bo", "theo doi trang thai", "he thong thong tin giai quyet", "cap nhat xu ly tren")
        or (_any(f, "cong dich vu cong quoc gia") and _any(f, "thu tuc hanh chinh", "giai quyet", "tiep nhan"))
    ):
        return MetricCode.PORTAL_SYNC_RATE
    if _any(f, "truc tuyen") and _any(f, "ho so") and not _any(f, "ho so cong viec"):
        return MetricCode.ONLINE_RATE
    if _any(f, "hoan thanh") and _any(f, "nhiem vu") and not re.search(
        r"\b(thanh pho|tinh|cap tren|trung uong|huyen|quan)\b.{0,30}\bgiao\b|\bgiao\b.{0,10}$", f
    ):
        if _any(f, "cai cach hanh chinh", "ke hoach"):
            return MetricCode.TASK_COMPLETION_RATE
    if _any(f, "kiem tra") and not _any(f, "hoat dong kiem tra", "qua kiem tra", "sau kiem tra", "ket qua kiem tra"):
        if _any(f, "co quan", "don vi", "phong", "bo phan"):
            return MetricCode.INSPECTION_COVERAGE
    return None
