"""The synthetic dossier generator: deterministic, on the working-day calendar, seasonal."""

from __future__ import annotations

from datetime import date

import pyarrow.compute as pc

from cchc.domain.calendar import default_calendar
from cchc.dossiers import generate_dossiers

from .conftest import LOC


def test_same_seed_gives_the_same_records_and_another_seed_does_not():
    a = generate_dossiers([LOC, 11557], 2026, 500, seed=4)
    b = generate_dossiers([LOC, 11557], 2026, 500, seed=4)
    c = generate_dossiers([LOC, 11557], 2026, 500, seed=5)
    assert a.equals(b) and not a.equals(c)


def test_dossiers_are_received_and_due_on_working_days():
    t = generate_dossiers([LOC], 2026, 2000, seed=1).to_pylist()
    cal = default_calendar()
    assert all(cal.is_working_day(r["received_at"].date()) for r in t)
    assert all(cal.is_working_day(r["due_at"].date()) and r["due_at"] >= r["received_at"].replace(hour=0) for r in t)
    assert len({r["dossier_id"] for r in t}) == 2000


def test_tet_month_is_quieter_and_later_chunks_do_not_collide():
    t = generate_dossiers([LOC], 2026, 20000, seed=2)
    months = pc.month(t.column("received_at")).to_pylist()
    assert months.count(2) < months.count(1) and months.count(2) < months.count(3)
    more = generate_dossiers([LOC], 2026, 100, seed=3, first_number=20001)
    assert not set(t.column("dossier_id").to_pylist()) & set(more.column("dossier_id").to_pylist())
    assert min(r.date() for r in t.column("received_at").to_pylist()) >= date(2026, 1, 1)
