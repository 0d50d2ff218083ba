"""The kinds of background job cchc runs, each a thin adapter from job arguments to a service.

`report.generate` — a new version of the periodic report (.docx, .xlsx and, when LibreOffice is
installed, .pdf), progress over its steps; the result names the version and its files.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from cchc.domain.errors import InvalidInput
from cchc.jobs.queue import JobContext, JobKind, JobView, register_kind, submit
from cchc.kernel.actor import Actor

__all__ = ["REPORT_GENERATE", "active_report_job", "submit_report_job"]

REPORT_GENERATE = "report.generate"


def _report_args(args: dict[str, Any]) -> tuple[int, str]:
    try:
        return int(args["locality_code"]), str(args["period"])
    except (KeyError, TypeError, ValueError) as exc:
        raise InvalidInput("Công việc tạo báo cáo cần mã xã/phường và kỳ báo cáo.", where="args") from exc


def _authorize_report(session: Session, actor: Actor, args: dict[str, Any]) -> int:
    from cchc.reporting import resolve_period

    code, period = _report_args(args)
    resolve_period(period, args.get("kind"))  # an unknown period is refused at submission
    actor.require_manage(code, "tạo báo cáo cải cách hành chính")
    return code


def _generate_report(session: Session, actor: Actor, args: dict[str, Any], ctx: JobContext) -> dict[str, Any]:
    from cchc.reporting import generate_report
    from cchc.reports.pdf import find_soffice

    code, period = _report_args(args)
    pdf = args.get("pdf", "auto")
    version = generate_report(
        session,
        actor,
        locality_code=code,
        period=period,
        kind=args.get("kind"),
        data_dir=ctx.data_dir,
        pdf=find_soffice() is not None if pdf == "auto" else bool(pdf),
        with_charts=bool(args.get("charts", True)),
        progress=ctx.progress,
        job_id=ctx.job.id,
    )
    return {"version": version.version, "period": version.period, "locality_code": version.locality_code,
            "files": dict(version.files)}


register_kind(JobKind(REPORT_GENERATE, _generate_report, _authorize_report, label="Tạo báo cáo CCHC"))


def active_report_job(session: Session, actor: Actor, *, locality_code: int, period: str) -> JobView | None:
    """The report job of this commune and period that is queued or running, if any."""
    from cchc.jobs.queue import list_jobs

    for job in list_jobs(session, actor, locality_code=locality_code, kind=REPORT_GENERATE, limit=20):
        if job.active and job.args.get("period") == period:
            return job
    return None


def submit_report_job(
    session: Session, actor: Actor, *, locality_code: int, period: str, key: str | None = None
) -> JobView:
    """Queue the generation of a new report version; while one for the same report waits or runs, that one."""
    from cchc.reporting import resolve_period

    per = resolve_period(period, None)
    args = {"locality_code": int(locality_code), "period": per.code, "pdf": "auto"}
    _authorize_report(session, actor, args)
    running = active_report_job(session, actor, locality_code=locality_code, period=per.code)
    if running is not None:
        return running
    return submit(session, actor, kind=REPORT_GENERATE, args=args,
                  key=f"report:{int(locality_code)}:{per.code}:{key}" if key else None)
