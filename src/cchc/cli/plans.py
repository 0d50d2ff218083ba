"""`cchc plan import` and `cchc plan publish`."""

from pathlib import Path

import typer

__all__ = ["register"]


def register(app: typer.Typer) -> None:
    plan_app = typer.Typer(
        help="Kế hoạch CCHC (plans): of the commune, and parent plans with conformance. "
        "Example: cchc plan import ke-hoach.docx --locality 11533",
        no_args_is_help=True,
    )

    @plan_app.command("import")
    def import_(
        file: Path = typer.Argument(
            ..., exists=True, dir_okay=False, readable=True, help="Văn bản kế hoạch."
        ),
        locality: int = typer.Option(..., "--locality", help="Mã xã/phường ban hành, e.g. 11533."),
        kind: str = typer.Option("general", "--kind", help="general | tthc | appendix | amendment"),
    ) -> None:
        """Đọc văn bản kế hoạch và tạo kế hoạch nháp.

        Example: cchc plan import samples/ke-hoach-cchc-2026-xa-hoa-binh.docx --locality 11533
        """
        from cchc.domain.errors import InvalidInput
        from cchc.kernel.actor import Actor
        from cchc.kernel.db import session_scope
        from cchc.services.plans import PlanKind, import_plan

        try:
            plan_kind = PlanKind(kind)
        except ValueError:
            raise InvalidInput(f"Loại kế hoạch không hợp lệ: {kind!r}.", where="--kind") from None
        with session_scope() as session:
            view = import_plan(
                session,
                Actor.system(),
                content=file.read_bytes(),
                filename=file.name,
                locality_code=locality,
                kind=plan_kind,
            )
        no_lead = sum(1 for t in view.tasks if not t.lead)
        typer.echo(
            f"Đã tạo kế hoạch nháp #{view.id} ({view.number or 'chưa có số'}): {len(view.tasks)} nhiệm vụ, "
            f"{len(view.indicators)} chỉ tiêu; {no_lead} nhiệm vụ chưa có đơn vị chủ trì."
        )

    @plan_app.command("publish")
    def publish(
        plan_id: int = typer.Argument(..., help="Số hiệu kế hoạch (id)."),
        yes: bool = typer.Option(False, "--yes", "-y", help="Không hỏi lại."),
    ) -> None:
        """Ban hành kế hoạch nháp: các đơn vị bắt đầu báo cáo.

        Example: cchc plan publish 1 --yes
        """
        from cchc.kernel.actor import Actor
        from cchc.kernel.db import session_scope
        from cchc.services.plans import get_plan, publish_plan

        with session_scope() as session:
            plan = get_plan(session, Actor.system(), plan_id=plan_id)
            if not yes and not typer.confirm(f"Ban hành kế hoạch #{plan.id} ({plan.title})?"):
                raise typer.Exit(1)
            view = publish_plan(session, Actor.system(), plan_id=plan_id, version=plan.version)
        typer.echo(f"Đã ban hành kế hoạch #{view.id}.")

    @plan_app.command("list")
    def list_(locality: int = typer.Option(None, "--locality", help="Mã xã/phường.")) -> None:
        """Liệt kê kế hoạch. Example: cchc plan list --locality 11533"""
        from cchc.kernel.actor import Actor
        from cchc.kernel.db import session_scope
        from cchc.services.plans import list_plans

        with session_scope() as session:
            for p in list_plans(session, Actor.system(), locality_code=locality):
                typer.echo(f"{p.id}\t{p.status.value}\t{p.locality_code}\t{p.number or ''}\t{p.title or ''}")

    from cchc.cli.parents import add_commands

    add_commands(plan_app)
    app.add_typer(plan_app, name="plan")
