from datetime import date

from cchc.domain.calendar import WorkingCalendar


def test_weekend_is_not_a_working_day():
    cal = WorkingCalendar()
    assert not cal.is_working_day(date(2026, 3, 7))  # Saturday
    assert cal.is_working_day(date(2026, 3, 9))  # Monday


def test_lunar_tet_is_not_a_working_day():
    cal = WorkingCalendar()
    for day in range(16, 21):
        assert not cal.is_working_day(date(2026, 2, day)), day


def test_adding_working_days_skips_tet_and_weekends():
    cal = WorkingCalendar()
    # Friday 13/2/2026 + 3 working days: Tết 16–20/2 and two weekends are skipped.
    assert cal.add_working_days(date(2026, 2, 13), 3) == date(2026, 2, 25)


def test_national_day_and_reunification_day_are_holidays():
    cal = WorkingCalendar()
    assert cal.is_holiday(date(2026, 9, 2))
    assert cal.is_holiday(date(2026, 4, 30))


def test_extra_days_off_and_make_up_working_days_are_honoured():
    cal = WorkingCalendar(extra_days_off={date(2026, 3, 10)}, extra_working_days={date(2026, 3, 14)})
    assert not cal.is_working_day(date(2026, 3, 10))
    assert cal.is_working_day(date(2026, 3, 14))


def test_working_days_between_counts_the_end_but_not_the_start():
    cal = WorkingCalendar()
    assert cal.working_days_between(date(2026, 3, 9), date(2026, 3, 13)) == 4
    assert cal.working_days_between(date(2026, 3, 13), date(2026, 3, 9)) == -4


def test_a_due_date_on_a_holiday_moves_to_the_next_working_day():
    cal = WorkingCalendar()
    assert cal.next_working_day(date(2026, 4, 30)) == date(2026, 5, 4)
