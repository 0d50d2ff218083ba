"""Pages kept between writes: the page served from the cache is the page rendered whole, kept per
language, and fresh after any write — no time limit is involved."""

from __future__ import annotations

from datetime import date

from cchc.domain.periods import Period, PeriodKind


def _submit_report(client, login_as, world) -> None:  # type: ignore[no-untyped-def]
    token = login_as("unit_officer")
    r = client.post(f"/api/tasks/{world.task_a2}/report", headers={"X-CSRF-Token": token},
                    data={"period": world.period, "status": "in_progress", "percent": "50",
                          "unit_id": str(world.unit_a), "results": "Đã triển khai tại bộ phận một cửa."})
    assert r.status_code in (200, 201), r.text


def _submitted(board: dict) -> int:
    return sum(u["reports_submitted"] for u in board["by_unit"])


def test_a_dashboard_page_served_from_the_cache_is_the_page_rendered_whole(client, login_as):
    login_as("standing_office")
    first, second = client.get("/dashboard"), client.get("/dashboard")
    assert first.status_code == second.status_code == 200
    assert second.text == first.text
    assert "\ue000" not in first.text  # the marks around the kept blocks never reach the browser


def test_the_kept_dashboard_is_kept_per_language(client, login_as):
    login_as("standing_office")
    vi = client.get("/dashboard").text
    en = client.get("/dashboard?lang=en").text
    assert "<h1>Dashboard" in en and "<h1>Bảng điều khiển" not in en
    assert client.get("/dashboard?lang=vi").text == vi


def test_the_dashboard_page_and_its_json_show_a_report_submitted_after_they_were_kept(client, login_as, world):
    login_as("standing_office")
    before_json = client.get(f"/api/dashboard?period={world.period}").json()["board"]
    before_page = client.get(f"/dashboard?period={world.period}").text
    _submit_report(client, login_as, world)
    login_as("standing_office")
    after_json = client.get(f"/api/dashboard?period={world.period}").json()["board"]
    assert _submitted(after_json) == _submitted(before_json) + 1
    assert client.get(f"/dashboard?period={world.period}").text != before_page


def test_the_city_view_shows_a_report_submitted_after_it_was_kept(client, login_as, world):
    def reported() -> int:
        login_as("city_reviewer")
        r = client.get(f"/api/city?period={world.period}")
        assert r.status_code == 200, r.text
        return next(c["reports_submitted"] for c in r.json()["city"]["communes"]
                    if c["locality_code"] == world.locality_code)

    before = reported()
    assert reported() == before  # served again, unchanged
    _submit_report(client, login_as, world)
    assert reported() == before + 1


def test_the_public_page_shows_a_measurement_recorded_after_it_was_kept(client, login_as, world):
    def indicators() -> list:
        client.cookies.clear()
        r = client.get(f"/api/public/{world.locality_code}")
        assert r.status_code == 200, r.text
        return r.json()["overview"]["indicators"]

    before = indicators()
    assert indicators() == before
    token = login_as("standing_office")
    quarter = Period.containing(date.today(), PeriodKind.QUARTER).code
    r = client.post(f"/api/indicators/{world.indicator_id}/measurements", headers={"X-CSRF-Token": token},
                    data={"period": quarter, "numerator": "37", "denominator": "41"})
    assert r.status_code in (200, 201), r.text
    assert indicators() != before


def test_a_job_queue_poll_that_finds_nothing_leaves_every_kept_page_fresh(app):
    from cchc.jobs import queue
    from cchc.kernel import cache_generations

    with app.state.sessionmaker() as s:
        before = cache_generations.stamps_by_province(s)
    for _ in range(3):
        with app.state.sessionmaker() as s:
            assert queue.claim(s, owner="test-worker") is None
            s.commit()
    with app.state.sessionmaker() as s:
        assert cache_generations.stamps_by_province(s) == before
