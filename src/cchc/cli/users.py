"""`cchc user add`: create accounts."""

from __future__ import annotations

import sys

import typer

__all__ = ["register"]


def _resolve_unit(session, locality_code: int, unit: str) -> int:  # type: ignore[no-untyped-def]
    from cchc.domain.errors import InvalidInput
    from cchc.services.actor import Actor
    from cchc.services.localities import list_units

    units = list_units(session, Actor.system(), locality_code=locality_code)
    if unit.isdigit():
        return int(unit)
    wanted = unit.strip().lower()
    for u in units:
        if u.kind.value == wanted or u.name.lower() == wanted:
            return u.id
    names = ", ".join(f"{u.id}={u.kind.value} ({u.name})" for u in units)
    raise InvalidInput(
        f"Không tìm thấy đơn vị {unit!r} ở xã/phường {locality_code}. Có: {names}", where="--unit"
    )


def register(app: typer.Typer) -> None:
    user_app = typer.Typer(
        help="Tài khoản người dùng (users). Example: cchc user add an.nv --role leader --locality 11533",
        no_args_is_help=True,
    )

    @user_app.command("add")
    def add(
        username: str = typer.Argument(..., help="Tên đăng nhập (a-z, 0-9, . - _)."),
        role: str = typer.Option(
            ..., "--role", help="standing_office | unit_officer | leader | city_reviewer | ministry_reviewer | admin"
        ),
        locality: int = typer.Option(
            None, "--locality", help="Mã xã/phường (vietnam-provinces), e.g. 11533."
        ),
        unit: str = typer.Option(
            None, "--unit", help="Đơn vị: id, kind (phong_kinh_te) hoặc tên (unit_officer)."
        ),
        province: int = typer.Option(None, "--province", help="Mã tỉnh/thành phố (city_reviewer), e.g. 31."),
        full_name: str = typer.Option(None, "--name", help="Họ và tên."),
        password_stdin: bool = typer.Option(False, "--password-stdin", help="Đọc mật khẩu từ stdin."),
    ) -> None:
        """Tạo tài khoản; hỏi mật khẩu (hoặc đọc từ stdin với --password-stdin).

        Example: cchc user add lan.pt --role unit_officer --locality 11533 --unit phong_kinh_te
        """
        from cchc.domain.errors import InvalidInput
        from cchc.services.actor import Actor, Role
        from cchc.services.db import session_scope
        from cchc.services.users import create_user

        try:
            role_value = Role(role)
        except ValueError:
            raise InvalidInput(
                f"Vai trò không hợp lệ: {role!r} ({', '.join(r.value for r in Role)}).", where="--role"
            ) from None
        if password_stdin:
            password = sys.stdin.readline().rstrip("\r\n")
        else:
            password = typer.prompt("Mật khẩu (password)", hide_input=True, confirmation_prompt=True)
        with session_scope() as session:
            unit_id = _resolve_unit(session, locality, unit) if unit and locality else None
            if unit and not locality:
                raise InvalidInput("--unit cần đi kèm --locality.", where="--unit")
            view = create_user(
                session,
                Actor.system(),
                username=username,
                password=password,
                role=role_value,
                locality_code=locality,
                unit_id=unit_id,
                province_code=province,
                full_name=full_name,
            )
        typer.echo(f"Đã tạo tài khoản {view.username} ({view.role.value}), id {view.id}.")

    @user_app.command("passwd")
    def passwd(
        username: str = typer.Argument(..., help="Tên đăng nhập."),
        password_stdin: bool = typer.Option(False, "--password-stdin", help="Đọc mật khẩu mới từ stdin."),
    ) -> None:
        """Đặt lại mật khẩu của một tài khoản.

        Example: echo 'mat-khau-moi-123' | cchc user passwd lan.pt --password-stdin
        """
        from cchc.domain.errors import NotFound
        from cchc.services.actor import Actor
        from cchc.services.db import session_scope
        from cchc.services.users import list_users, set_password

        if password_stdin:
            password = sys.stdin.readline().rstrip("\r\n")
        else:
            password = typer.prompt("Mật khẩu mới (new password)", hide_input=True, confirmation_prompt=True)
        with session_scope() as session:
            found = [u for u in list_users(session, Actor.system()) if u.username == username.strip().lower()]
            if not found:
                raise NotFound(f"Không có tài khoản {username!r}.", where="username")
            set_password(session, Actor.system(), user_id=found[0].id, new_password=password)
        typer.echo(f"Đã đặt lại mật khẩu cho {found[0].username}.")

    @user_app.command("list")
    def list_(locality: int = typer.Option(None, "--locality", help="Mã xã/phường.")) -> None:
        """Liệt kê tài khoản. Example: cchc user list --locality 11533"""
        from cchc.services.actor import Actor
        from cchc.services.db import session_scope
        from cchc.services.users import list_users

        with session_scope() as session:
            for u in list_users(session, Actor.system(), locality_code=locality):
                state = "" if u.active else "\t(khóa)"
                typer.echo(
                    f"{u.id}\t{u.username}\t{u.role.value}\t{u.locality_code or ''}\t{u.unit_id or ''}{state}"
                )

    app.add_typer(user_app, name="user")
