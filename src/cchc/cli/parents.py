"""`cchc plan …`: plans issued above the commune (the city's, the national ones), the links of a commune
plan to them, and the plan's conformance with them (`services/conformance.py`)."""

import json
from pathlib import Path
from typing import Annotated, Any

import typer

__all__ = ["add_commands"]

_URL_HELP = "Database URL (mặc định: CCHC_DATABASE_URL hoặc $CCHC_DATA/cchc.db)."
_LEVEL_VI = {"province": "tỉnh/thành phố", "national": "trung ương"}
_RESULT_VI = {True: "Đạt", False: "Chưa đạt", None: "Chờ xác nhận"}
_KIND_VI = {
    "target_level": "Mức chỉ tiêu",
    "target_unit": "Đơn vị chỉ tiêu",
    "target_missing": "Thiếu chỉ tiêu",
    "target_deadline": "Thời hạn chỉ tiêu",
    "task_answer": "Nhiệm vụ giao xã",
    "task_deadline": "Thời hạn nhiệm vụ",
}


def _echo_json(data: Any) -> None:
    typer.echo(json.dumps(data, ensure_ascii=False, indent=1))


def _parents_table(views: list[Any], title: str) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title)
    for head in ("Id", "Cấp", "Tỉnh", "Số", "Ngày", "Tên", "Chỉ tiêu", "Nhiệm vụ"):
        table.add_column(head)
    for v in views:
        table.add_row(str(v.id), _LEVEL_VI.get(v.level, v.level), "" if v.province_code is None else str(v.province_code),
                      v.number or "", v.issued_on.isoformat() if v.issued_on else "", (v.title or "")[:60],
                      str(v.target_count), str(v.task_count))
    Console(width=160).print(table)


def add_commands(plans_app: typer.Typer) -> None:
    """Parent plans, links and conformance, as commands of `cchc plan` (registered by `cli/plans.py`)."""
    parent_app = typer.Typer(
        help="Kế hoạch của tỉnh/thành phố và trung ương (plans issued above the commune).", no_args_is_help=True
    )

    @parent_app.command("import")
    def parent_import(
        file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, readable=True,
                                             help="Văn bản kế hoạch cấp trên (.docx, .pdf, .txt, .json …).")],
        level: Annotated[str | None, typer.Option("--level", help="province | national (mặc định: theo văn bản).")] = None,
        province: Annotated[int | None, typer.Option("--province", help="Mã tỉnh/thành phố, e.g. 31.")] = None,
        url: Annotated[str | None, typer.Option("--url", help=_URL_HELP)] = None,
        as_json: Annotated[bool, typer.Option("--json", help="In JSON.")] = False,
    ) -> None:
        """Đọc và đăng kế hoạch cấp trên một lần cho mọi xã/phường của tỉnh (publish a parent plan).

        Example: cchc plan parent import ke-hoach-cchc-thanh-pho-2026.docx --level province --province 31
        """
        from cchc.kernel.actor import Actor
        from cchc.kernel.db import session_scope
        from cchc.services.conformance import import_parent_plan

        with session_scope(url) as session:
            view = import_parent_plan(session, Actor.system(), content=file.read_bytes(), filename=file.name,
                                      level=level, province_code=province)
        if as_json:
            _echo_json(view.to_json())
            return
        owner = f"tỉnh/thành phố {view.province_code}" if view.province_code is not None else "trung ương"
        typer.echo(f"Đã đăng kế hoạch cấp trên #{view.id} của {owner} ({view.number or 'chưa có số'}): "
                   f"{view.target_count} chỉ tiêu, {view.task_count} nhiệm vụ.")

    @parent_app.command("list")
    def parent_list(
        province: Annotated[int | None, typer.Option("--province", help="Chỉ tỉnh/thành phố này (và trung ương).")] = None,
        url: Annotated[str | None, typer.Option("--url", help=_URL_HELP)] = None,
        as_json: Annotated[bool, typer.Option("--json", help="In JSON.")] = False,
    ) -> None:
        """Liệt kê kế hoạch cấp trên (list parent plans).

        Example: cchc plan parent list --province 31
        """
        from cchc.kernel.actor import Actor
        from cchc.kernel.db import session_scope
        from cchc.services.conformance import all_parent_plans, list_parent_plans

        with session_scope(url) as session:
            if province is None:
                views = all_parent_plans(session, Actor.system())
            else:
                views = list_parent_plans(session, Actor.system(), province_code=province)
        if as_json:
            _echo_json([v.to_json() for v in views])
            return
        if not views:
            typer.echo("Chưa có kế hoạch cấp trên.")
            return
        _parents_table(views, "Kế hoạch cấp trên" + (f" – tỉnh/thành phố {province}" if province else ""))

    @plans_app.command("link")
    def link(
        plan: Annotated[int, typer.Option("--plan", help="Số hiệu kế hoạch của xã/phường (id).")],
        parent: Annotated[int, typer.Option("--parent", help="Số hiệu kế hoạch cấp trên (id).")],
        url: Annotated[str | None, typer.Option("--url", help=_URL_HELP)] = None,
    ) -> None:
        """Liên kết kế hoạch của xã/phường với kế hoạch cấp trên mà nó thực hiện (idempotent).

        Example: cchc plan link --plan 1 --parent 2
        """
        from cchc.kernel.actor import Actor
        from cchc.kernel.db import session_scope
        from cchc.services.conformance import link_plan

        with session_scope(url) as session:
            view = link_plan(session, Actor.system(), plan_id=plan, parent_plan_id=parent)
        typer.echo(f"Kế hoạch #{plan} thực hiện kế hoạch cấp trên #{view.id} ({view.number or 'chưa có số'}).")

    @plans_app.command("conformance")
    def conformance_(
        plan: Annotated[int, typer.Option("--plan", help="Số hiệu kế hoạch của xã/phường (id).")],
        url: Annotated[str | None, typer.Option("--url", help=_URL_HELP)] = None,
        as_json: Annotated[bool, typer.Option("--json", help="In JSON.")] = False,
    ) -> None:
        """Kiểm tra sự phù hợp của kế hoạch với các kế hoạch cấp trên đã liên kết (conformance checks).

        Example: cchc plan conformance --plan 1 --json
        """
        from cchc.kernel.actor import Actor
        from cchc.kernel.db import session_scope
        from cchc.services.conformance import plan_conformance

        with session_scope(url) as session:
            view = plan_conformance(session, Actor.system(), plan_id=plan)
        if as_json:
            _echo_json(view.to_json())
            return
        result = view.result
        if not view.linked:
            typer.echo(f"Kế hoạch #{plan} chưa liên kết với kế hoạch cấp trên nào.")
            return
        from rich.console import Console
        from rich.table import Table

        table = Table(title=f"Phù hợp với kế hoạch cấp trên – kế hoạch #{plan}")
        for head in ("Kết quả", "Nội dung", "Văn bản cấp trên, mục", "Của xã/phường", "Chi tiết"):
            table.add_column(head)
        for c in result.checks:
            where = c.document + (f", mục {c.clause}" if c.clause else "")
            table.add_row(_RESULT_VI[c.ok], _KIND_VI.get(c.kind, c.kind), where,
                          view.commune_items.get(c.commune_key or "", "")[:50], c.message_vi)
        Console(width=180).print(table)
        typer.echo(f"{result.passed}/{len(result.checks)} nội dung đạt, {len(result.failed)} chưa đạt, "
                   f"{len(result.pending)} chờ xác nhận.")

    @plans_app.command("match")
    def match(
        plan: Annotated[int, typer.Option("--plan", help="Số hiệu kế hoạch của xã/phường (id).")],
        parent_task: Annotated[str, typer.Option("--parent-task", help="Mã nhiệm vụ cấp trên (parent_key), e.g. p1:III.1.")],
        task: Annotated[int, typer.Option("--task", help="Số hiệu nhiệm vụ của xã/phường (id).")],
        reject: Annotated[bool, typer.Option("--reject", help="Không phải nhiệm vụ tương ứng.")] = False,
        url: Annotated[str | None, typer.Option("--url", help=_URL_HELP)] = None,
    ) -> None:
        """Xác nhận (hoặc bác) nhiệm vụ của xã/phường được đề xuất là tương ứng với nhiệm vụ cấp trên.

        The keys are those of `cchc plan conformance --json` (parent_key, commune_key t<ID>).
        Example: cchc plan match --plan 1 --parent-task p1:III.1 --task 3
        """
        from cchc.kernel.actor import Actor
        from cchc.kernel.db import session_scope
        from cchc.services.conformance import decide_task_match

        with session_scope(url) as session:
            decide_task_match(session, Actor.system(), plan_id=plan, parent_key=parent_task, task_id=task,
                              confirmed=not reject)
        verdict = "không tương ứng với" if reject else "tương ứng với"
        typer.echo(f"Nhiệm vụ #{task} {verdict} nhiệm vụ cấp trên {parent_task}.")

    plans_app.add_typer(parent_app, name="parent")
