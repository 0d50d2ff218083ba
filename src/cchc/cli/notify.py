"""`cchc notify run` and `cchc notify email`: reminders and notifications."""

from datetime import datetime

import typer

__all__ = ["register"]


def _parse_now(value: str | None) -> datetime | None:
    from cchc.domain.errors import InvalidInput

    if value is None:
        return None
    try:
        return datetime.fromisoformat(value.strip())
    except ValueError:
        raise InvalidInput(
            f"--now không hợp lệ: {value!r} (ISO 8601, ví dụ 2026-04-28T09:00 hoặc 2026-04-28T02:00+00:00).",
            where="--now",
        ) from None


def register(app: typer.Typer) -> None:
    notify_app = typer.Typer(
        help="Nhắc hạn và thông báo (hộp thư, thư điện tử). Example: cchc notify run",
        no_args_is_help=True,
    )

    @notify_app.command("run")
    def run(
        now: str = typer.Option(
            None, "--now", help="Thời điểm chạy, ISO 8601 (giờ Việt Nam khi không ghi múi giờ); mặc định: bây giờ."
        ),
    ) -> None:
        """Tạo các nhắc hạn đến hạn cho mọi xã/phường, gửi thư và thư tóm tắt; chạy lại không gửi trùng.

        Example: cchc notify run --now 2026-04-28T09:00
        """
        from cchc.kernel.db import session_scope
        from cchc.notify import run_notifications

        when = _parse_now(now)
        with session_scope() as session:
            summary = run_notifications(session, when)
        typer.echo(
            f"Nhắc hạn đến hạn: {summary.reminders}; thông báo mới: {summary.created}; "
            f"thư xếp hàng: {summary.emails_queued}; đã gửi: {summary.emails_sent}; lỗi: {summary.emails_failed}."
        )
        if summary.emails_failed:
            raise typer.Exit(1)

    @notify_app.command("email")
    def email(
        username: str = typer.Argument(..., help="Tên đăng nhập."),
        address: str = typer.Option(None, "--address", help="Địa chỉ thư điện tử (bỏ trống để xóa)."),
        mode: str = typer.Option("immediate", "--mode", help="immediate | digest | none"),
    ) -> None:
        """Đặt địa chỉ thư và cách nhận thư của một tài khoản.

        Example: cchc notify email lan.pt --address lan.pt@xa.example.vn --mode digest
        """
        from cchc.domain.errors import NotFound
        from cchc.kernel.actor import Actor
        from cchc.kernel.db import session_scope
        from cchc.notify import set_email_preferences
        from cchc.store.users import UserRepository

        with session_scope() as session:
            user = UserRepository(session).by_username(username.strip().lower())
            if user is None:
                raise NotFound(f"Không có tài khoản {username!r}.", where="username")
            prefs = set_email_preferences(session, Actor.system(), email=address, mode=mode, user_id=user.id)
        typer.echo(f"{user.username}: {prefs.email or '(không có địa chỉ)'} · {prefs.mode}")

    app.add_typer(notify_app, name="notify")
