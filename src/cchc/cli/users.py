"""`cchc user add|passwd|role|logout|list`: accounts; every change is audited under the operator's name."""

import getpass
import os
import sys

import typer

__all__ = ["operator_actor", "register"]

OPERATOR_HELP = "Người thực hiện ghi vào nhật ký (mặc định $SUDO_USER, $USER)."


def operator_actor(operator: str | None):  # type: ignore[no-untyped-def]
    """The administrator acting from the command line, named by `--operator`, $SUDO_USER or $USER."""
    from cchc.kernel.actor import Actor, Role

    name = (operator or os.environ.get("SUDO_USER") or os.environ.get("USER") or "").strip()
    if not name:
        try:
            name = getpass.getuser()
        except (KeyError, OSError):
            name = "system"
    return Actor(user_id=None, username=f"cli:{name}"[:100], role=Role.ADMIN, ip="cli")


def _user_id(session, username: str) -> int:  # type: ignore[no-untyped-def]
    from cchc.auth.users import list_users
    from cchc.domain.errors import NotFound
    from cchc.kernel.actor import Actor

    found = [u for u in list_users(session, Actor.system()) if u.username == username.strip().lower()]
    if not found:
        raise NotFound(f"Không có tài khoản {username!r}.", where="username")
    return found[0].id


def _resolve_unit(session, locality_code: int, unit: str) -> int:  # type: ignore[no-untyped-def]
    from cchc.domain.errors import InvalidInput
    from cchc.kernel.actor import Actor
    from cchc.kernel.localities import list_units

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
        operator: str = typer.Option(None, "--operator", help=OPERATOR_HELP),
    ) -> None:
        """Tạo tài khoản; hỏi mật khẩu (hoặc đọc từ stdin với --password-stdin).

        Example: cchc user add lan.pt --role unit_officer --locality 11533 --unit phong_kinh_te
        """
        from cchc.auth.users import create_user
        from cchc.domain.errors import InvalidInput
        from cchc.kernel.actor import Role
        from cchc.kernel.db import session_scope

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
                operator_actor(operator),
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
        operator: str = typer.Option(None, "--operator", help=OPERATOR_HELP),
    ) -> None:
        """Đặt lại mật khẩu của một tài khoản (kết thúc mọi phiên đăng nhập của tài khoản đó).

        Example: echo 'mat-khau-moi-123' | cchc user passwd lan.pt --password-stdin
        """
        from cchc.auth.users import set_password
        from cchc.kernel.db import session_scope

        if password_stdin:
            password = sys.stdin.readline().rstrip("\r\n")
        else:
            password = typer.prompt("Mật khẩu mới (new password)", hide_input=True, confirmation_prompt=True)
        with session_scope() as session:
            user_id = _user_id(session, username)
            set_password(session, operator_actor(operator), user_id=user_id, new_password=password)
        typer.echo(f"Đã đặt lại mật khẩu cho {username.strip().lower()}.")

    @user_app.command("role")
    def role_(
        username: str = typer.Argument(..., help="Tên đăng nhập."),
        role: str = typer.Option(
            ..., "--role", help="standing_office | unit_officer | leader | city_reviewer | admin"
        ),
        locality: int = typer.Option(None, "--locality", help="Mã xã/phường."),
        unit: str = typer.Option(None, "--unit", help="Đơn vị: id, kind hoặc tên (unit_officer)."),
        province: int = typer.Option(None, "--province", help="Mã tỉnh/thành phố (city_reviewer)."),
        operator: str = typer.Option(None, "--operator", help=OPERATOR_HELP),
    ) -> None:
        """Đổi vai trò và phạm vi của một tài khoản (kết thúc mọi phiên đăng nhập của tài khoản đó).

        Example: cchc user role an.nv --role standing_office --locality 11533
        """
        from cchc.auth.users import set_user_role
        from cchc.domain.errors import InvalidInput
        from cchc.kernel.actor import Role
        from cchc.kernel.db import session_scope

        try:
            role_value = Role(role)
        except ValueError:
            raise InvalidInput(
                f"Vai trò không hợp lệ: {role!r} ({', '.join(r.value for r in Role)}).", where="--role"
            ) from None
        with session_scope() as session:
            if unit and not locality:
                raise InvalidInput("--unit cần đi kèm --locality.", where="--unit")
            unit_id = _resolve_unit(session, locality, unit) if unit and locality else None
            view = set_user_role(session, operator_actor(operator), user_id=_user_id(session, username),
                                 role=role_value, locality_code=locality, unit_id=unit_id, province_code=province)
        typer.echo(f"Đã đổi vai trò của {view.username} thành {view.role.value}.")

    @user_app.command("logout")
    def logout(
        username: str = typer.Argument(..., help="Tên đăng nhập."),
        operator: str = typer.Option(None, "--operator", help=OPERATOR_HELP),
    ) -> None:
        """Kết thúc mọi phiên đăng nhập của một tài khoản ("đăng xuất khỏi mọi nơi").

        Example: cchc user logout lan.pt
        """
        from cchc.auth.sessions import revoke_all_sessions
        from cchc.kernel.db import session_scope

        with session_scope() as session:
            ended = revoke_all_sessions(session, operator_actor(operator), user_id=_user_id(session, username))
        typer.echo(f"Đã kết thúc {ended} phiên đăng nhập của {username.strip().lower()}.")

    @user_app.command("list")
    def list_(locality: int = typer.Option(None, "--locality", help="Mã xã/phường.")) -> None:
        """Liệt kê tài khoản. Example: cchc user list --locality 11533"""
        from cchc.auth.users import list_users
        from cchc.kernel.actor import Actor
        from cchc.kernel.db import session_scope

        with session_scope() as session:
            for u in list_users(session, Actor.system(), locality_code=locality):
                state = "" if u.active else "\t(khóa)"
                typer.echo(
                    f"{u.id}\t{u.username}\t{u.role.value}\t{u.locality_code or ''}\t{u.unit_id or ''}{state}"
                )

    app.add_typer(user_app, name="user")
