"""Lifecycle statuses of plans, tasks, progress reports and indicator achievement."""

from __future__ import annotations

from enum import StrEnum


class PlanStatus(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    CLOSED = "closed"


class TaskStatus(StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    DONE_LATE = "done_late"
    OVERDUE = "overdue"
    PAUSED = "paused"
    CANCELLED = "cancelled"

    @property
    def is_computed(self) -> bool:
        """`overdue` and `done_late` come from due dates, never from a user."""
        return self in (TaskStatus.OVERDUE, TaskStatus.DONE_LATE)


class ReviewStatus(StrEnum):
    SUBMITTED = "submitted"
    ACCEPTED = "accepted"
    RETURNED = "returned"


class Achievement(StrEnum):
    MET = "met"
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    MISSED = "missed"
    NO_DATA = "no_data"


TASK_STATUS_LABELS: dict[TaskStatus, tuple[str, str]] = {
    TaskStatus.NOT_STARTED: ("Chưa triển khai", "Not started"),
    TaskStatus.IN_PROGRESS: ("Đang thực hiện", "In progress"),
    TaskStatus.DONE: ("Hoàn thành", "Done"),
    TaskStatus.DONE_LATE: ("Hoàn thành muộn", "Done late"),
    TaskStatus.OVERDUE: ("Quá hạn", "Overdue"),
    TaskStatus.PAUSED: ("Tạm dừng", "Paused"),
    TaskStatus.CANCELLED: ("Hủy bỏ", "Cancelled"),
}

ACHIEVEMENT_LABELS: dict[Achievement, tuple[str, str]] = {
    Achievement.MET: ("Đạt", "Met"),
    Achievement.ON_TRACK: ("Đúng tiến độ", "On track"),
    Achievement.AT_RISK: ("Có nguy cơ không đạt", "At risk"),
    Achievement.MISSED: ("Không đạt", "Missed"),
    Achievement.NO_DATA: ("Chưa có số liệu", "No data"),
}
