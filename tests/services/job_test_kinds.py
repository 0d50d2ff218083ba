"""Job kinds used only by the job tests (loaded by workers through CCHC_JOB_MODULES)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from cchc.domain.errors import CchcError
from cchc.jobs.queue import JobKind, register_kind
from cchc.kernel.audit import record_event

STEPS = "test.steps"
FLAKY = "test.flaky"


def _authorize(_session: Any, actor: Any, args: dict[str, Any]) -> int | None:
    actor.require_role([], "chạy công việc thử nghiệm")
    return args.get("locality_code")


def _steps(session: Any, actor: Any, args: dict[str, Any], ctx: Any) -> dict[str, Any]:
    """Sleep `steps` times `sleep` seconds, reporting progress; then one audit event and one marker line."""
    steps = int(args.get("steps", 3))
    for i in range(steps):
        time.sleep(float(args.get("sleep", 0.05)))
        ctx.progress((i + 1) / steps, f"bước {i + 1}/{steps}")
    record_event(session, actor, entity="job", entity_id=ctx.job.id, action="test_done", before=None,
                 after={"attempt": ctx.job.attempts})
    if args.get("marker"):
        with Path(args["marker"]).open("a", encoding="utf-8") as fh:
            fh.write(f"{ctx.job.id}\n")
    return {"steps": steps, "attempt": ctx.job.attempts}


def _flaky(_session: Any, _actor: Any, args: dict[str, Any], _ctx: Any) -> dict[str, Any]:
    """Fails the first time (no marker file yet), succeeds afterwards."""
    marker = Path(args["marker"])
    if not marker.exists():
        marker.write_text("failed once", encoding="utf-8")
        raise CchcError("Lần chạy đầu thất bại có chủ ý.", where="test.flaky")
    return {"ok": True}


register_kind(JobKind(STEPS, _steps, _authorize, label="Thử nghiệm: các bước"))
register_kind(JobKind(FLAKY, _flaky, _authorize, label="Thử nghiệm: lỗi lần đầu", max_attempts=1))
