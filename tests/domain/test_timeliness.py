"""The timeliness rule (Decision 766, 2.1): waits for a supplement or a pause are not counted against a dossier.

Calendar of March–April 2026 used below (Vietnamese working days; no public holiday in these weeks):
Mon 2/3 … Fri 6/3, Mon 9/3 … Fri 13/3, Mon 16/3 … Fri 20/3, Mon 23/3 … Fri 27/3, Mon 30/3, Tue 31/3,
Wed 1/4, Thu 2/4. The period is March 2026 (last day Tue 31/3).
"""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from cchc.domain.calendar import default_calendar
from cchc.domain.timeliness import DossierDates, Timeliness, classify, effective_due, wait_days

CAL = default_calendar()
MARCH_END = date(2026, 3, 31)


def d(day: int, month: int = 3) -> date:
    return date(2026, month, day)


def test_a_supplement_wait_moves_the_due_date_so_a_dossier_finished_after_the_printed_date_is_on_time():
    # Received Mon 2/3, due Tue 10/3; supplement asked Wed 4/3, received Mon 9/3: the wait is the working
    # days in (4/3, 9/3] = Thu 5, Fri 6, Mon 9 = 3. Moved due date = 10/3 + 3 working days = Fri 13/3.
    base = DossierDates(received=d(2), due=d(10), supplement_count=1, supplement_requested=d(4),
                        supplement_received=d(9))
    assert wait_days(base, d(13), CAL) == 3
    assert effective_due(base, d(13), CAL) == d(13)
    assert classify(DossierDates(**{**base.__dict__, "end": d(12)}), MARCH_END, CAL) is Timeliness.EARLY
    assert classify(DossierDates(**{**base.__dict__, "end": d(13)}), MARCH_END, CAL) is Timeliness.ON_TIME
    assert classify(DossierDates(**{**base.__dict__, "end": d(16)}), MARCH_END, CAL) is Timeliness.LATE
    # Without the wait, the same dossier finished on 12/3 would be late (12/3 > 10/3).
    assert classify(DossierDates(received=d(2), due=d(10), end=d(12)), MARCH_END, CAL) is Timeliness.LATE


def test_a_pause_is_not_counted_against_the_dossier():
    # Paused Tue 3/3, resumed Tue 10/3: (3/3, 10/3] = 4, 5, 6, 9, 10 = 5 working days.
    # Due 10/3 + 5 working days = Tue 17/3 (11, 12, 13, 16, 17); finished on 17/3: on time.
    dd = DossierDates(received=d(2), due=d(10), end=d(17), suspended=d(3), resumed=d(10))
    assert wait_days(dd, d(17), CAL) == 5
    assert effective_due(dd, d(17), CAL) == d(17)
    assert classify(dd, MARCH_END, CAL) is Timeliness.ON_TIME


def test_a_supplement_and_a_pause_add_up():
    # Supplement (2/3, 4/3] = 2 days, pause (16/3, 18/3] = 2 days: due Mon 9/3 + 4 = Fri 13/3.
    dd = DossierDates(received=d(2), due=d(9), end=d(13), supplement_count=1, supplement_requested=d(2),
                      supplement_received=d(4), suspended=d(16), resumed=d(18))
    assert wait_days(dd, d(13), CAL) == 2  # the pause had not started on the end day (13/3)
    dd2 = DossierDates(**{**dd.__dict__, "suspended": d(10), "resumed": d(12)})  # (10/3, 12/3] = 2 days
    assert wait_days(dd2, d(13), CAL) == 4
    assert classify(dd2, MARCH_END, CAL) is Timeliness.ON_TIME


def test_a_dossier_asked_for_a_supplement_twice_is_late_even_when_finished_early():
    dd = DossierDates(received=d(2), due=d(20), end=d(5), supplement_count=2, supplement_requested=d(3),
                      supplement_received=d(4))
    assert classify(dd, MARCH_END, CAL) is Timeliness.LATE
    open_ = DossierDates(received=d(2), due=d(20, 4), supplement_count=2)
    assert classify(open_, MARCH_END, CAL) is Timeliness.OVERDUE


def test_an_open_dossier_still_waiting_at_the_period_end_counts_its_wait_up_to_that_day():
    # Due Fri 27/3, supplement asked Wed 25/3 and not yet received: the wait runs to 31/3:
    # (25/3, 31/3] = 26, 27, 30, 31 = 4 days; due moves to 27/3 + 4 = Thu 2/4 > 31/3: not yet due.
    dd = DossierDates(received=d(16), due=d(27), supplement_count=1, supplement_requested=d(25))
    assert wait_days(dd, MARCH_END, CAL) == 4
    assert effective_due(dd, MARCH_END, CAL) == d(2, 4)
    assert classify(dd, MARCH_END, CAL) is Timeliness.NOT_YET_DUE
    # The same dossier without the supplement request is overdue on 31/3.
    assert classify(DossierDates(received=d(16), due=d(27)), MARCH_END, CAL) is Timeliness.OVERDUE


def test_pending_dossiers_split_into_not_yet_due_due_today_and_overdue():
    assert classify(DossierDates(received=d(16), due=d(1, 4)), MARCH_END, CAL) is Timeliness.NOT_YET_DUE
    assert classify(DossierDates(received=d(16), due=d(31)), MARCH_END, CAL) is Timeliness.DUE_TODAY
    assert classify(DossierDates(received=d(16), due=d(30)), MARCH_END, CAL) is Timeliness.OVERDUE
    # Due Thu 26/3 with a supplement wait (20/3, 25/3] = 23, 24, 25 = 3 days: 26/3 + 3 = 31/3, due today.
    dd = DossierDates(received=d(16), due=d(26), supplement_count=1, supplement_requested=d(20),
                      supplement_received=d(25))
    assert classify(dd, MARCH_END, CAL) is Timeliness.DUE_TODAY
    assert Timeliness.DUE_TODAY.counts_on_time and Timeliness.NOT_YET_DUE.counts_on_time
    assert not Timeliness.OVERDUE.counts_on_time


def test_a_wait_after_the_end_of_processing_is_not_counted_and_a_weekend_due_date_moves_to_monday():
    # Due Sat 7/3 -> Mon 9/3; finished Mon 9/3: on time; a supplement asked on 10/3 (after the end) is ignored.
    dd = DossierDates(received=d(2), due=d(7), end=d(9), supplement_count=1, supplement_requested=d(10),
                      supplement_received=d(12))
    assert wait_days(dd, d(9), CAL) == 0
    assert classify(dd, MARCH_END, CAL) is Timeliness.ON_TIME


def test_without_a_due_date_a_dossier_is_on_time_or_not_yet_due():
    assert classify(DossierDates(received=d(2), end=d(30)), MARCH_END, CAL) is Timeliness.ON_TIME
    assert classify(DossierDates(received=d(2)), MARCH_END, CAL) is Timeliness.NOT_YET_DUE


_days = st.integers(min_value=0, max_value=80)


@st.composite
def dossiers(draw: st.DrawFn) -> tuple[DossierDates, date]:
    start = date(2026, 1, 5)
    recv = start + timedelta(days=draw(_days))
    due = recv + timedelta(days=draw(st.integers(0, 30)))
    end = draw(st.none() | st.integers(0, 60).map(lambda k: recv + timedelta(days=k)))

    def pair() -> tuple[date | None, date | None]:
        a = draw(st.none() | st.integers(0, 40).map(lambda k: recv + timedelta(days=k)))
        if a is None:
            return None, None
        b = draw(st.none() | st.integers(0, 20).map(lambda k: a + timedelta(days=k)))
        return a, b

    sa, sb = pair()
    pa, pb = pair()
    count = draw(st.integers(0, 1)) if sa is not None else 0
    period_end = recv + timedelta(days=draw(st.integers(0, 90)))
    return DossierDates(recv, due, end, count, sa, sb, pa, pb), period_end


_RANK = {Timeliness.EARLY: 0, Timeliness.ON_TIME: 1, Timeliness.LATE: 2,
         Timeliness.NOT_YET_DUE: 0, Timeliness.DUE_TODAY: 1, Timeliness.OVERDUE: 2}


@settings(max_examples=300, deadline=None)
@given(dossiers())
def test_a_wait_never_makes_a_dossier_worse_and_without_waits_the_rule_compares_the_dates(case):
    dd, period_end = case
    bare = DossierDates(dd.received, dd.due, dd.end, dd.supplement_count)
    with_wait, without = classify(dd, period_end, CAL), classify(bare, period_end, CAL)
    assert with_wait.finished == without.finished
    assert _RANK[with_wait] <= _RANK[without]
    # Without waits: the plain comparison of the (working-day) due date with the end or the period end.
    due = CAL.next_working_day(dd.due)
    if without.finished:
        assert dd.end is not None
        assert without is (Timeliness.LATE if dd.end > due else Timeliness.EARLY if dd.end < due else Timeliness.ON_TIME)
    else:
        assert without is (Timeliness.OVERDUE if due < period_end else
                           Timeliness.DUE_TODAY if due == period_end else Timeliness.NOT_YET_DUE)


@settings(max_examples=200, deadline=None)
@given(dossiers())
def test_the_moved_due_date_is_the_due_date_plus_the_waits_in_working_days(case):
    dd, period_end = case
    ref = dd.end if dd.end is not None and dd.end <= period_end else period_end
    wait = wait_days(dd, ref, CAL)
    due = effective_due(dd, ref, CAL)
    assert due is not None and CAL.is_working_day(due)
    assert CAL.working_days_between(CAL.next_working_day(dd.due), due) == wait
