"""The dossier store of the data directory, the communes an actor may read, and period input."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy.orm import Session

from cchc.domain.errors import InvalidInput
from cchc.domain.periods import Period, PeriodKind
from cchc.dossiers import (
    GROUPINGS,
    INDICATORS_766,
    DossierStore,
)
from cchc.kernel.actor import Actor
from cchc.kernel.localities import get_locality
from cchc.settings import get_settings

DRILL_PAGE_SIZE = 50
INPUT_LABELS: dict[str, str] = {d.code: d.name_vi for d in INDICATORS_766 if d.metric is None} | {
    "pakn_count": "Số phản ánh, kiến nghị (PAKN) trong kỳ"
}
# The 766 indicators measured from dossiers → the metric whose dossiers they count.
INDEX_METRICS: dict[str, str] = {d.code: d.metric.value for d in INDICATORS_766 if d.metric is not None}




def dossier_dir(data_dir: Path | None = None) -> Path:
    """`<data_dir>/dossiers` (the settings' data directory by default)."""
    return (Path(data_dir) if data_dir is not None else get_settings().data_dir) / "dossiers"


def period_cutoff(cutoff_day: int | None = None) -> int | None:
    """`cutoff_day` when given, else the provincial cut-off setting (None: calendar periods)."""
    return cutoff_day if cutoff_day is not None else get_settings().period_cutoff_day


def open_dossier_store(data_dir: Path | None = None) -> DossierStore:
    """The dossier store under `<data_dir>/dossiers` (settings' data directory by default)."""
    return DossierStore(dossier_dir(data_dir))


@contextmanager
def _store(data_dir: Path | None) -> Iterator[DossierStore]:
    store = open_dossier_store(data_dir)
    try:
        yield store
    finally:
        store.close()


def _readable(session: Session, actor: Actor, locality_codes: Sequence[int]) -> list[int]:
    """The asked communes, each checked: a commune's users see only theirs, a reviewer their province."""
    codes = list(dict.fromkeys(int(c) for c in locality_codes))
    if not codes:
        raise InvalidInput("Chọn ít nhất một xã/phường.", where="locality_code")
    for code in codes:
        get_locality(session, actor, code=code)  # NotFound / PermissionDenied
    return codes


def _period(period: str | Period) -> Period:
    if isinstance(period, Period):
        return period
    try:
        return Period.parse(str(period))
    except InvalidInput as exc:
        raise InvalidInput(exc.message, where="period") from None


def _by(by: str | None) -> str | None:
    if by in (None, "", "none"):
        return None
    if by not in GROUPINGS:
        raise InvalidInput(f"Không nhóm được theo {by!r}; chọn: {', '.join(GROUPINGS)}.", where="by")
    return by


def _clean(value: str | None) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def period_choices(year: int) -> list[tuple[str, str]]:
    """(code, Vietnamese label) of every month, quarter, half and the year, for a period picker."""
    kinds = [(PeriodKind.HALF, 2), (PeriodKind.QUARTER, 4), (PeriodKind.MONTH, 12)]
    return [(str(year), f"Năm {year}")] + [
        (p.code, period_label(p)) for kind, n in kinds for p in (Period(year, kind, i) for i in range(1, n + 1))
    ]


def period_label(period: Period) -> str:
    """`Quý III năm 2026`: the Vietnamese label with its first letter capitalised (roman numerals kept)."""
    text = period.label_vi
    return text[:1].upper() + text[1:]
