"""Who is told what, and when: the reminder and notification rules over plain values.

Time-driven reminders (`due_reminders`), computed for a day `today`:
- **task due soon**: a task whose due date is `d` working days away (0 = due today) reaches the
  smallest lead time of the recipient's role that is at least `d` (`ReminderPolicy.lead_days`, e.g.
  7 and 2 days for unit officers); one reminder per task, due date, step and person;
- **task overdue**: `today` is after the due date; one reminder per task, due date and person;
- **report due**: a unit owes progress reports for the period, due before the `report_due_day` of the
  period's last month; the same lead times as "due soon", one reminder per unit, period, step and person.

Event-driven notifications (`event_recipients`): who hears about a report returned or accepted, an
extension decided, a report version to approve, a plan published, a job finished.

Every notification carries an event key; with the recipient it is unique, so running the rules again
(the next minute, after a restart, on another process) never tells anyone twice. A changed due date
(an approved extension) is a new event.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from cchc.domain.calendar import WorkingCalendar, default_calendar

__all__ = [
    "DEFAULT_POLICY",
    "LEADER",
    "STANDING_OFFICE",
    "UNIT_OFFICER",
    "NoticeKind",
    "OpenTask",
    "OwedReport",
    "Person",
    "Reminder",
    "ReminderPolicy",
    "due_reminders",
    "event_recipients",
    "reminder_step",
]

# Role values as the store spells them (the domain does not import the store).
UNIT_OFFICER = "unit_officer"
STANDING_OFFICE = "standing_office"
LEADER = "leader"
_COMMUNE_ROLES = (UNIT_OFFICER, STANDING_OFFICE, LEADER)


class NoticeKind(StrEnum):
    TASK_DUE_SOON = "task_due_soon"
    TASK_OVERDUE = "task_overdue"
    REPORT_DUE = "report_due"
    PROGRESS_RETURNED = "progress_returned"
    PROGRESS_ACCEPTED = "progress_accepted"
    EXTENSION_APPROVED = "extension_approved"
    EXTENSION_REFUSED = "extension_refused"
    REPORT_TO_APPROVE = "report_to_approve"
    PLAN_PUBLISHED = "plan_published"
    JOB_FINISHED = "job_finished"


@dataclass(frozen=True)
class Person:
    """An active user who may be told something."""

    user_id: int
    role: str
    locality_code: int | None = None
    unit_id: int | None = None


@dataclass(frozen=True)
class OpenTask:
    """A task of a published plan that is not finished, with its effective due date (a working day)."""

    task_id: int
    locality_code: int
    lead_unit_ids: frozenset[int]
    due: date


@dataclass(frozen=True)
class OwedReport:
    """A lead unit that has not reported on `task_count` tasks for `period`, due before `due`."""

    locality_code: int
    unit_id: int
    period: str
    due: date
    task_count: int


@dataclass(frozen=True)
class ReminderPolicy:
    """Lead times in working days per role (`{"unit_officer": (7, 2)}`) and who hears of overdue tasks."""

    lead_days: Mapping[str, tuple[int, ...]] = field(default_factory=dict)
    overdue_roles: frozenset[str] = frozenset({UNIT_OFFICER, STANDING_OFFICE})

    @classmethod
    def parse(cls, text: str) -> ReminderPolicy:
        """`unit_officer=7,2;standing_office=2;leader=` (an empty list switches a role off).

        Raises ValueError on an unknown role or a negative or non-numeric day.
        """
        lead: dict[str, tuple[int, ...]] = {}
        for part in text.split(";"):
            if not part.strip():
                continue
            role, _, days = part.partition("=")
            role = role.strip()
            if role not in _COMMUNE_ROLES:
                raise ValueError(f"unknown role {role!r} (one of {', '.join(_COMMUNE_ROLES)})")
            values = tuple(sorted({int(d) for d in days.split(",") if d.strip()}, reverse=True))
            if any(v < 0 for v in values):
                raise ValueError(f"negative lead time for {role}")
            lead[role] = values
        return cls(lead_days=lead)

    def days_for(self, role: str) -> tuple[int, ...]:
        return tuple(self.lead_days.get(role, ()))


DEFAULT_POLICY = ReminderPolicy(lead_days={UNIT_OFFICER: (7, 2), STANDING_OFFICE: (2,)})


@dataclass(frozen=True, order=True)
class Reminder:
    """One reminder for one person. `days_left` is in working days (negative once overdue)."""

    recipient_id: int
    kind: NoticeKind
    event_key: str
    due: date
    days_left: int
    task_id: int | None = None
    period: str | None = None
    unit_id: int | None = None
    task_count: int = 0
    step: int | None = None


def reminder_step(days_left: int, lead_days: Iterable[int]) -> int | None:
    """The reminder step reached `days_left` working days before a due date: the smallest lead time that is
    at least `days_left`; None before the first lead time and once the date has passed."""
    if days_left < 0:
        return None
    reached = [d for d in lead_days if d >= days_left]
    return min(reached) if reached else None


def _days_left(today: date, due: date, calendar: WorkingCalendar, horizon: int) -> int | None:
    """Working days from `today` to `due` (0 on the day itself); after it, minus the calendar days late.

    None when `due` is surely more than `horizon` working days away (not counted day by day).
    """
    if due <= today:
        return (due - today).days
    if (due - today).days > 3 * horizon + 21:  # a week has 5 working days; Tết closes at most ~2 weeks
        return None
    return calendar.working_days_between(today, due)


def _by_locality(people: Sequence[Person]) -> dict[int, list[Person]]:
    out: dict[int, list[Person]] = {}
    for p in people:
        if p.locality_code is not None and p.role in _COMMUNE_ROLES:
            out.setdefault(p.locality_code, []).append(p)
    return out


def _concerned(person: Person, lead_units: Iterable[int]) -> bool:
    """A unit officer hears of their unit's tasks; the standing office and leaders of every task of the commune."""
    if person.role == UNIT_OFFICER:
        return person.unit_id is not None and person.unit_id in lead_units
    return True


def due_reminders(
    today: date,
    tasks: Sequence[OpenTask],
    people: Sequence[Person],
    owed: Sequence[OwedReport] = (),
    policy: ReminderPolicy = DEFAULT_POLICY,
    calendar: WorkingCalendar | None = None,
) -> list[Reminder]:
    """Every reminder due on `today` for `people` (sorted by recipient, kind, key; no two with one key and person).

    Reminders already made are made again here with the same event key: the caller keeps one per
    (event key, recipient).
    """
    cal = calendar or default_calendar()
    local = _by_locality(people)
    horizon = max((d for days in policy.lead_days.values() for d in days), default=0)
    out: set[Reminder] = set()
    for task in tasks:
        days_left = _days_left(today, task.due, cal, horizon)
        if days_left is None:
            continue
        for person in local.get(task.locality_code, ()):
            if not _concerned(person, task.lead_unit_ids):
                continue
            if days_left < 0:
                if person.role in policy.overdue_roles:
                    out.add(
                        Reminder(
                            person.user_id,
                            NoticeKind.TASK_OVERDUE,
                            f"task_overdue:{task.task_id}:{task.due.isoformat()}",
                            task.due,
                            days_left,
                            task_id=task.task_id,
                        )
                    )
                continue
            step = reminder_step(days_left, policy.days_for(person.role))
            if step is not None:
                out.add(
                    Reminder(
                        person.user_id,
                        NoticeKind.TASK_DUE_SOON,
                        f"task_due:{task.task_id}:{task.due.isoformat()}:{step}",
                        task.due,
                        days_left,
                        task_id=task.task_id,
                        step=step,
                    )
                )
    lead_times = policy.days_for(UNIT_OFFICER)
    for report in owed:
        if report.task_count <= 0:
            continue
        days_left = _days_left(today, report.due, cal, horizon)
        step = reminder_step(days_left, lead_times) if days_left is not None else None
        if step is None:
            continue
        for person in local.get(report.locality_code, ()):
            if person.role == UNIT_OFFICER and person.unit_id == report.unit_id:
                out.add(
                    Reminder(
                        person.user_id,
                        NoticeKind.REPORT_DUE,
                        f"report_due:{report.period}:{report.unit_id}:{report.due.isoformat()}:{step}",
                        report.due,
                        days_left,
                        period=report.period,
                        unit_id=report.unit_id,
                        task_count=report.task_count,
                        step=step,
                    )
                )
    return sorted(out)


def event_recipients(
    kind: NoticeKind,
    people: Sequence[Person],
    *,
    locality_code: int | None = None,
    unit_ids: Iterable[int] = (),
    user_ids: Iterable[int | None] = (),
    actor_id: int | None = None,
) -> list[int]:
    """The users told of an event (sorted, without the person who caused it).

    - report returned/accepted: the officers of the report's unit (`unit_ids`) and its submitter (`user_ids`);
    - extension approved/refused: the officers of the task's lead units and the requester;
    - report version to approve: the commune's leaders;
    - plan published: the officers of every unit with a task in it, and the commune's leaders;
    - job finished: whoever submitted it.
    """
    units = set(unit_ids)
    chosen = {u for u in user_ids if u is not None}
    wants_units = kind in (
        NoticeKind.PROGRESS_RETURNED,
        NoticeKind.PROGRESS_ACCEPTED,
        NoticeKind.EXTENSION_APPROVED,
        NoticeKind.EXTENSION_REFUSED,
        NoticeKind.PLAN_PUBLISHED,
    )
    wants_leaders = kind in (NoticeKind.REPORT_TO_APPROVE, NoticeKind.PLAN_PUBLISHED)
    active = {p.user_id for p in people}
    for p in people:
        if locality_code is None or p.locality_code != locality_code:
            continue
        if wants_units and p.role == UNIT_OFFICER and p.unit_id in units:
            chosen.add(p.user_id)
        if wants_leaders and p.role == LEADER:
            chosen.add(p.user_id)
    chosen &= active
    if actor_id is not None:
        chosen.discard(actor_id)
    return sorted(chosen)
