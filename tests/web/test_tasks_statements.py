"""The SQL a progress report costs through the web app: a ceiling on its statements (SQLite).

At quarter end every unit of every commune reports within days; each statement is a round trip
(PostgreSQL) or time under the database's write lock (SQLite). A first submission is: the write
lock, the session with its user, the task with its plan, province and units, the task's reports,
the report's INSERT, the task's UPDATE, both audit events in one INSERT, the cache generation.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import event, select

CEILING = 8


@contextmanager
def statements(app) -> Iterator[list[str]]:  # type: ignore[no-untyped-def]
    engine = app.state.sessionmaker.kw["bind"]
    seen: list[str] = []

    def count(_conn, _cursor, statement, _params, _context, _many):  # type: ignore[no-untyped-def]
        seen.append(" ".join(statement.split())[:120])

    event.listen(engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", count)


def _report(client, world, token, percent: int, version: int | None = None):  # type: ignore[no-untyped-def]
    data = {"period": world.period, "status": "in_progress", "percent": str(percent),
            "results": f"Đã triển khai {percent}%."}
    if version is not None:
        data["version"] = str(version)
    return client.post(f"/api/tasks/{world.task_a2}/report", data=data, headers={"X-CSRF-Token": token})


def _audit(app, entity: str, entity_id: int, *actions: str) -> list[tuple[str, dict | None, dict | None]]:  # type: ignore[no-untyped-def]
    """The entity's audit events (of `actions` when given), oldest first: (action, before, after)."""
    from cchc.store.models import AuditEvent

    query = select(AuditEvent.action, AuditEvent.before, AuditEvent.after).where(
        AuditEvent.entity == entity, AuditEvent.entity_id == entity_id)
    if actions:
        query = query.where(AuditEvent.action.in_(actions))
    with app.state.sessionmaker() as s:
        rows = s.execute(query.order_by(AuditEvent.id)).all()
    return [tuple(r) for r in rows]


def test_a_first_progress_report_costs_at_most_eight_statements_and_audits_the_report_and_its_task(
    app, client, world, login_as
):
    token = login_as("unit_officer")
    client.get(f"/api/tasks/{world.task_a2}")  # the session's first request is behind us
    with statements(app) as seen:
        r = _report(client, world, token, 30)
    assert r.status_code == 201, r.text
    assert len(seen) <= CEILING, "\n".join(seen)
    report = r.json()["report"]
    assert (report["percent"], report["version"], report["review_status"]) == (30, 1, "submitted")
    [(action, before, after)] = _audit(app, "progress_report", report["id"])
    assert (action, before, after["percent"]) == ("submit", None, 30)
    [(action, before, after)] = _audit(app, "task", world.task_a2, "progress")
    assert action == "progress"
    assert (before["reported_status"], before["percent"]) == ("not_started", 0)
    assert (after["reported_status"], after["percent"]) == ("in_progress", 30)
    assert after["version"] == before["version"] + 1


def test_a_resubmitted_report_costs_no_more_and_its_audit_keeps_the_version_before(app, client, world, login_as):
    token = login_as("unit_officer")
    first = _report(client, world, token, 30).json()["report"]
    with statements(app) as seen:
        r = _report(client, world, token, 55, version=first["version"])
    assert r.status_code == 200 or r.status_code == 201, r.text
    assert len(seen) <= CEILING, "\n".join(seen)
    events = _audit(app, "progress_report", first["id"])
    assert [e[0] for e in events] == ["submit", "resubmit"]
    assert (events[1][1]["percent"], events[1][1]["version"]) == (30, 1)
    assert (events[1][2]["percent"], events[1][2]["version"]) == (55, 2)
    assert [e[2]["percent"] for e in _audit(app, "task", world.task_a2, "progress")] == [30, 55]


def test_a_stale_resubmission_is_refused_with_the_report_as_it_is_and_writes_nothing(app, client, world, login_as):
    token = login_as("unit_officer")
    first = _report(client, world, token, 30).json()["report"]
    _report(client, world, token, 40, version=first["version"])
    r = _report(client, world, token, 90, version=first["version"])
    assert r.status_code == 409, r.text
    assert r.json()["error"]["current"]["percent"] == 40
    assert [e[0] for e in _audit(app, "progress_report", first["id"])] == ["submit", "resubmit"]
