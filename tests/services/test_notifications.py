"""Notifications: reminders and events reach the inbox once per event and person, and e-mail through a
real SMTP server (aiosmtpd) started by the test: delivered once, digests as one e-mail, no personal data."""

from __future__ import annotations

import email
import socket
from collections.abc import Iterator
from datetime import date, datetime
from email.policy import default as email_policy
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from cchc import notify
from cchc.domain.errors import InvalidInput, NotFound, PermissionDenied
from cchc.notify.config import NotifySettings, SmtpSettings
from cchc.services import extensions, progress
from cchc.store.models import AuditEvent
from cchc.store.models_notify import EmailDelivery, Notification

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def at(day: date, hour: int = 9) -> datetime:
    return datetime(day.year, day.month, day.day, hour, 0, tzinfo=VN)


def inbox(session, world, key: str, kind: str | None = None) -> list[notify.InboxItem]:  # type: ignore[no-untyped-def]
    items = notify.list_inbox(session, world.actor(key), limit=200).items
    return [i for i in items if kind is None or i.kind == kind]


def uid(world, key: str) -> int:  # type: ignore[no-untyped-def]
    return int(world.users[key]["user_id"])


# Task 1 is due Thursday 30/4/2026, a holiday like 1/5: its effective due date is Monday 4/5/2026.
TWO_DAYS_BEFORE = date(2026, 4, 28)


def test_a_task_due_in_two_working_days_reaches_the_lead_unit_and_the_standing_office(session, world):
    summary = notify.run_notifications(session, at(TWO_DAYS_BEFORE), settings=NotifySettings())
    assert summary.created >= 2
    mine = inbox(session, world, "lead_officer", "task_due_soon")
    assert [i.title for i in mine] == ["Nhiệm vụ sắp đến hạn (04/05/2026): Rà soát, đơn giản hóa thủ tục hành chính"]
    assert "còn 2 ngày làm việc" in mine[0].body and "Phòng Kinh tế" in mine[0].body
    assert mine[0].link == f"/tasks/{world.tasks['1']}"
    assert [i.title for i in inbox(session, world, "office", "task_due_soon")] == [mine[0].title]
    assert inbox(session, world, "support_officer", "task_due_soon") == []
    assert inbox(session, world, "other_office", "task_due_soon") == []


def test_running_twice_or_after_a_restart_makes_nothing_new(session, world):
    first = notify.run_notifications(session, at(TWO_DAYS_BEFORE), settings=NotifySettings())
    again = notify.run_notifications(session, at(TWO_DAYS_BEFORE, 15), settings=NotifySettings())
    assert first.created > 0 and again.created == 0 and again.reminders == first.reminders
    count = session.scalar(select(func.count()).select_from(Notification).where(Notification.kind == "task_due_soon"))
    assert count == first.created


def test_seven_days_then_two_days_then_overdue_each_arrive_once(session, world):
    for day in (date(2026, 4, 20), date(2026, 4, 21), date(2026, 4, 28), date(2026, 4, 29), date(2026, 5, 5),
                date(2026, 5, 20)):
        notify.run_notifications(session, at(day), settings=NotifySettings())
    kinds = [i.kind for i in inbox(session, world, "lead_officer") if i.link == f"/tasks/{world.tasks['1']}"]
    assert sorted(kinds) == ["task_due_soon", "task_due_soon", "task_overdue"]
    overdue = inbox(session, world, "office", "task_overdue")
    assert len([i for i in overdue if i.link == f"/tasks/{world.tasks['1']}"]) == 1


def test_an_approved_extension_moves_the_reminders_to_the_new_due_date(session, world):
    notify.run_notifications(session, at(date(2026, 5, 5)), settings=NotifySettings())
    ext = extensions.request_extension(session, world.actor("lead_officer"), task_id=world.tasks["1"],
                                       new_due_on=date(2026, 5, 29), reason="Chờ hướng dẫn")
    extensions.decide_extension(session, world.actor("leader"), extension_id=ext.id, approve=True, comment="Đồng ý")
    decided = inbox(session, world, "lead_officer", "extension_approved")
    assert len(decided) == 1 and "Hạn mới: 29/05/2026" in decided[0].body
    assert inbox(session, world, "leader", "extension_approved") == []  # not told of one's own decision
    notify.run_notifications(session, at(date(2026, 5, 27)), settings=NotifySettings())
    soon = inbox(session, world, "lead_officer", "task_due_soon")
    assert any("(29/05/2026)" in i.title for i in soon)


def test_units_that_owe_reports_are_reminded_before_the_tenth(session, world):
    notify.run_notifications(session, at(date(2026, 6, 8)), settings=NotifySettings())
    [due] = inbox(session, world, "centre_officer", "report_due")
    assert due.title == "Sắp đến hạn báo cáo tiến độ quý II năm 2026"
    assert "còn 1 nhiệm vụ chưa báo cáo" in due.body and "10/06/2026" in due.body
    progress.submit_progress(session, world.actor("lead_officer"), task_id=world.tasks["1"], period="2026-Q2",
                             status="in_progress", percent=50, results="Đã rà soát 10 thủ tục.",
                             data_dir=world.files)
    notify.run_notifications(session, at(date(2026, 6, 9)), settings=NotifySettings())
    [lead_due] = inbox(session, world, "lead_officer", "report_due")
    assert "còn 2 nhiệm vụ" in lead_due.body  # made on the 8th, before the report on task 1


def test_a_returned_report_is_told_in_the_reviews_transaction_with_personal_data_masked(session, world):
    report = progress.submit_progress(session, world.actor("lead_officer"), task_id=world.tasks["1"],
                                      period="2026-Q2", status="in_progress", percent=30, results="Đang làm.",
                                      data_dir=world.files)
    session.commit()
    progress.review_progress(session, world.actor("office"), report_id=report.id, version=report.version,
                             decision="returned",
                             comment="Thiếu minh chứng; hồ sơ của bà Lan (CCCD 001234567890, 0912 345 678) "
                                     "không được ghi vào đây.")
    [returned] = inbox(session, world, "lead_officer", "progress_returned")
    assert returned.title.startswith("Báo cáo tiến độ bị trả lại")
    assert "quý II năm 2026" in returned.body and "Thiếu minh chứng" in returned.body
    assert "001234567890" not in returned.body and "0912 345 678" not in returned.body
    assert "[đã ẩn]" in returned.body
    assert inbox(session, world, "office", "progress_returned") == []
    session.rollback()
    assert inbox(session, world, "lead_officer", "progress_returned") == []


def test_an_accepted_resubmission_is_a_second_event(session, world):
    officer, office = world.actor("lead_officer"), world.actor("office")
    report = progress.submit_progress(session, officer, task_id=world.tasks["1"], period="2026-Q2",
                                      status="in_progress", percent=30, results="Đang làm.", data_dir=world.files)
    report = progress.review_progress(session, office, report_id=report.id, version=report.version,
                                      decision="returned", comment="Bổ sung số liệu")
    report = progress.submit_progress(session, officer, task_id=world.tasks["1"], period="2026-Q2",
                                      status="in_progress", percent=60, results="Đã bổ sung.",
                                      version=report.version, data_dir=world.files)
    progress.review_progress(session, office, report_id=report.id, version=report.version, decision="accepted")
    kinds = sorted(i.kind for i in inbox(session, world, "lead_officer") if i.kind.startswith("progress_"))
    assert kinds == ["progress_accepted", "progress_returned"]


def test_a_published_plan_reaches_its_units_and_the_leader(session, world):
    for key in ("lead_officer", "support_officer", "centre_officer", "leader"):
        [item] = inbox(session, world, key, "plan_published")
        assert item.title.startswith("Kế hoạch đã ban hành") and item.link == f"/plans/{world.plan_id}"
    assert inbox(session, world, "office", "plan_published") == []  # the office published it
    assert inbox(session, world, "other_officer", "plan_published") == []


def test_a_new_report_version_asks_the_leader_to_approve_it(session, world, tmp_path):
    from cchc import reporting as reports

    version = reports.generate_report(session, world.actor("office"), locality_code=world.locality,
                                      period="2026-Q2", data_dir=tmp_path, with_charts=False,
                                      today=date(2026, 6, 8), quality=lambda code, per: reports.ServiceQuality())
    [item] = inbox(session, world, "leader", "report_to_approve")
    assert item.title == f"Báo cáo CCHC quý II năm 2026 chờ phê duyệt (phiên bản {version.version})"
    assert item.link == f"/reports?locality={world.locality}&period=2026-Q2"


def test_the_job_hook_tells_the_submitter_without_the_jobs_error_text(session, world):
    made = notify.notify_job_finished(session, job_id=41, what="Nhập hồ sơ một cửa tháng 5/2026", succeeded=False,
                                      user_id=uid(world, "office"), link="/jobs/41")
    again = notify.notify_job_finished(session, job_id=41, what="Nhập hồ sơ một cửa tháng 5/2026",
                                       succeeded=False, user_id=uid(world, "office"), link="/jobs/41")
    [item] = inbox(session, world, "office", "job_finished")
    assert (made, again) == (1, 0)
    assert item.title == "Công việc không thành công: Nhập hồ sơ một cửa tháng 5/2026"


def test_marking_read_counts_down_and_is_audited(session, world):
    notify.run_notifications(session, at(TWO_DAYS_BEFORE), settings=NotifySettings())
    actor = world.actor("lead_officer")
    before = notify.unread_count(session, uid(world, "lead_officer"))
    first = inbox(session, world, "lead_officer")[0]
    notify.mark_read(session, actor, notification_id=first.id)
    notify.mark_read(session, actor, notification_id=first.id)
    assert notify.unread_count(session, uid(world, "lead_officer")) == before - 1
    with pytest.raises(NotFound):
        notify.mark_read(session, world.actor("support_officer"), notification_id=first.id)
    assert notify.mark_all_read(session, actor) == before - 1
    assert notify.unread_count(session, uid(world, "lead_officer")) == 0
    actions = session.scalars(select(AuditEvent.action).where(AuditEvent.entity.in_(["notification", "inbox"])))
    assert sorted(actions) == ["read", "read_all"]


def test_email_preferences_are_checked(session, world):
    actor = world.actor("lead_officer")
    prefs = notify.set_email_preferences(session, actor, email="lan.pt@xa.example.vn", mode="digest")
    assert (prefs.email, prefs.mode) == ("lan.pt@xa.example.vn", "digest")
    with pytest.raises(InvalidInput):
        notify.set_email_preferences(session, actor, email="not-an-address", mode="digest")
    with pytest.raises(InvalidInput):
        notify.set_email_preferences(session, actor, email=None, mode="hourly")
    with pytest.raises(PermissionDenied):
        notify.set_email_preferences(session, actor, email=None, mode="none", user_id=uid(world, "office"))


# --------------------------------------------------------------------- SMTP


class _Inbox:
    """An aiosmtpd handler keeping every message it receives."""

    def __init__(self) -> None:
        self.messages: list[tuple[list[str], email.message.EmailMessage]] = []

    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]  # noqa: N802
        message = email.message_from_bytes(envelope.original_content or envelope.content, policy=email_policy)
        self.messages.append((list(envelope.rcpt_tos), message))
        return "250 OK"

    def to(self, address: str) -> list[email.message.EmailMessage]:
        return [m for rcpts, m in self.messages if address in rcpts]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture()
def smtp_server() -> Iterator[tuple[_Inbox, NotifySettings]]:
    from aiosmtpd.controller import Controller

    handler = _Inbox()
    port = _free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield handler, NotifySettings(smtp=SmtpSettings(host="127.0.0.1", port=port, sender="cchc@phuong.example.vn"),
                                      base_url="https://cchc.example.vn")
    finally:
        controller.stop()


def _body(message: email.message.EmailMessage) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()  # type: ignore[union-attr]


def test_immediate_emails_are_delivered_once_in_vietnamese(session, world, smtp_server):
    server, settings = smtp_server
    notify.set_email_preferences(session, world.actor("lead_officer"), email="kinhte@phuong.example.vn",
                                 mode="immediate")
    first = notify.run_notifications(session, at(TWO_DAYS_BEFORE), settings=settings)
    [message] = server.to("kinhte@phuong.example.vn")
    assert first.emails_sent >= 1
    assert message["Subject"] == "[CCHC] Nhiệm vụ sắp đến hạn (04/05/2026): Rà soát, đơn giản hóa thủ tục hành chính"
    assert message["From"] == "cchc@phuong.example.vn" and message["To"] == "kinhte@phuong.example.vn"
    text = _body(message)
    assert "còn 2 ngày làm việc" in text
    assert f"Xem chi tiết: https://cchc.example.vn/tasks/{world.tasks['1']}" in text
    assert "https://cchc.example.vn/inbox" in text
    again = notify.run_notifications(session, at(TWO_DAYS_BEFORE, 10), settings=settings)
    assert again.emails_sent == 0 and len(server.to("kinhte@phuong.example.vn")) == 1
    # Notifications made before the address was set (the plan's publication) are not mailed afterwards.
    assert all("Kế hoạch đã ban hành" not in m["Subject"] for m in server.to("kinhte@phuong.example.vn"))


def test_a_digest_user_gets_one_email_listing_the_days_events_from_the_digest_hour(session, world, smtp_server):
    server, settings = smtp_server
    notify.set_email_preferences(session, world.actor("office"), email="vanphong@phuong.example.vn", mode="digest")
    early = notify.run_notifications(session, at(date(2026, 7, 2), 6), settings=settings)  # tasks 1 and 5 overdue
    assert early.created >= 2 and server.to("vanphong@phuong.example.vn") == []
    ext = extensions.request_extension(session, world.actor("office"), task_id=world.tasks["5"],
                                       new_due_on=date(2026, 9, 30), reason="Chờ hướng dẫn")
    extensions.decide_extension(session, world.actor("leader"), extension_id=ext.id, approve=False,
                                comment="Liên hệ chị Hoa qua hoa@example.com để bàn lại")
    session.commit()
    notify.run_notifications(session, at(date(2026, 7, 2), 8), settings=settings)
    notify.run_notifications(session, at(date(2026, 7, 2), 9), settings=settings)
    [digest] = server.to("vanphong@phuong.example.vn")
    assert digest["Subject"].startswith("[CCHC] Tóm tắt thông báo ngày 02/07/2026 (")
    text = _body(digest)
    assert text.count("Nhiệm vụ quá hạn:") == 2
    assert "Đề nghị gia hạn không được phê duyệt" in text and "hoa@example.com" not in text
    states = session.execute(select(Notification.email_state, func.count()).join(
        EmailDelivery, EmailDelivery.id == Notification.delivery_id).where(EmailDelivery.mode == "digest")
        .group_by(Notification.email_state)).all()
    assert states == [("assigned", 3)]


def test_a_failed_delivery_is_tried_again_at_the_next_run(session, world, smtp_server):
    server, settings = smtp_server
    notify.set_email_preferences(session, world.actor("lead_officer"), email="kinhte@phuong.example.vn",
                                 mode="immediate")

    class Refusing:
        def send(self, message):  # type: ignore[no-untyped-def]
            raise ConnectionRefusedError("SMTP down")

    down = notify.run_notifications(session, at(TWO_DAYS_BEFORE), settings=settings, mailer=Refusing())
    assert down.emails_sent == 0 and down.emails_failed >= 1
    back = notify.run_notifications(session, at(TWO_DAYS_BEFORE, 10), settings=settings)
    assert back.emails_sent == down.emails_failed
    assert len(server.to("kinhte@phuong.example.vn")) == down.emails_failed


def test_without_an_smtp_host_nothing_waits_to_be_mailed_later(session, world, smtp_server):
    server, settings = smtp_server
    notify.set_email_preferences(session, world.actor("lead_officer"), email="kinhte@phuong.example.vn",
                                 mode="immediate")
    summary = notify.run_notifications(session, at(TWO_DAYS_BEFORE), settings=NotifySettings())
    assert summary.created > 0 and summary.emails_queued == 0
    assert session.scalar(select(func.count()).select_from(EmailDelivery)) == 0
    assert set(session.scalars(select(Notification.email_state).where(
        Notification.recipient_id == uid(world, "lead_officer")))) <= {None, "skipped"}
    # Configuring SMTP afterwards sends nothing of the past.
    assert notify.run_notifications(session, at(TWO_DAYS_BEFORE, 10), settings=settings).emails_sent == 0
    assert server.messages == []


def test_the_background_runner_of_serve_runs_the_reminders_until_stopped(backend, committed_world, monkeypatch):
    import threading

    from cchc.notify import runner

    if backend != "sqlite":
        pytest.skip("one backend is enough for the thread")
    engine, world = committed_world
    real = runner.run_notifications
    ran = threading.Event()
    summaries: list[notify.RunSummary] = []

    def fixed_time(session, now=None, **kw):  # type: ignore[no-untyped-def]
        summaries.append(real(session, at(TWO_DAYS_BEFORE), settings=NotifySettings()))
        ran.set()
        return summaries[-1]

    monkeypatch.setattr(runner, "run_notifications", fixed_time)
    assert runner.start_background(engine.url.render_as_string(hide_password=False), interval=0) is None
    stop = runner.start_background(engine.url.render_as_string(hide_password=False), interval=0.2)
    assert stop is not None
    try:
        assert ran.wait(10)
    finally:
        stop.set()
    assert summaries[0].created > 0
    from sqlalchemy.orm import Session

    with Session(engine) as s:
        assert s.scalar(select(func.count()).select_from(Notification).where(
            Notification.kind == "task_due_soon")) == summaries[0].created
