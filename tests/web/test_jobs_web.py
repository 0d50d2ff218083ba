"""Report generation as a background job on the report page: htmx progress fragment, JSON twin, result
links, failure with its error and a retry, and the in-process worker threads of the web app."""

from __future__ import annotations

import dataclasses
import re
import time

import pytest
from fastapi.testclient import TestClient

from cchc.domain.errors import CchcError
from cchc.jobs import queue as jobs
from cchc.jobs.worker import job_sessionmaker, run_one

HX = {"HX-Request": "true"}
PERIOD = "2026-Q2"


@pytest.fixture(autouse=True)
def _no_pdf(monkeypatch: pytest.MonkeyPatch) -> None:
    """Reports here are .docx and .xlsx only (LibreOffice, when installed, is exercised by tests/reports)."""
    import cchc.reports.pdf

    monkeypatch.setattr(cchc.reports.pdf, "find_soffice", lambda: None)


def _submit(client: TestClient, world, token: str, key: str = "k-1"):  # type: ignore[no-untyped-def]
    return client.post("/reports/jobs", headers=HX, data={"csrf_token": token, "locality": str(world.locality_code),
                                                          "period": PERIOD, "key": key})


def _job_id(html: str) -> int:
    return int(re.search(r'id="job-(\d+)"', html)[1])


def test_the_report_page_submits_a_job_and_shows_its_progress_until_the_version_is_ready(
        client, world, settings, login_as) -> None:  # type: ignore[no-untyped-def]
    token = login_as("standing_office")
    page = client.get(f"/reports?period={PERIOD}")
    assert page.status_code == 200, page.text
    assert 'hx-post="/reports/jobs"' in page.text and "Tạo báo cáo" in page.text
    first = _submit(client, world, token)
    assert first.status_code == 200, first.text
    job_id = _job_id(first.text)
    assert f'hx-get="/jobs/{job_id}"' in first.text and 'hx-trigger="every 1s"' in first.text
    assert re.search(r'id="generate-button"\s+disabled', first.text)
    assert "Đang chờ" in first.text
    # The same form sent twice is one job; another form while it waits is that job too.
    assert _job_id(_submit(client, world, token).text) == job_id
    assert _job_id(_submit(client, world, token, key="k-2").text) == job_id
    assert client.get(f"/api/jobs/{job_id}").json()["job"]["status"] == "queued"

    factory = job_sessionmaker(settings.database_url)
    with factory() as s:  # a worker takes it, reports a step, then vanishes (its lease runs out)
        assert jobs.claim(s, owner="gone", lease_seconds=0.5) is not None
        assert jobs.progress(s, job_id=job_id, owner="gone", fraction=0.3, message="Viết báo cáo Word (.docx)",
                             lease_seconds=0.5)
        s.commit()
    running = client.get(f"/jobs/{job_id}", headers=HX)
    assert running.status_code == 200
    assert '<progress max="100" value="30">' in running.text and "Viết báo cáo Word (.docx)" in running.text
    assert 'hx-trigger="every 1s"' in running.text and "Đang chạy" in running.text
    api = client.get(f"/api/jobs/{job_id}").json()["job"]
    assert api["status"] == "running" and api["progress"] == pytest.approx(0.3)

    time.sleep(0.6)
    done = run_one(factory, data_dir=settings.data_dir)
    assert done is not None and done.id == job_id and done.status.value == "succeeded", done
    assert done.attempts == 2 and done.result is not None and done.result["version"] == 1
    ready = client.get(f"/jobs/{job_id}", headers=HX)
    assert "Hoàn thành" in ready.text and "hx-trigger" not in ready.text.split('id="generate-form"')[0]
    link = f"/reports/{world.locality_code}/{PERIOD}/v1.docx"
    assert f'href="{link}"' in ready.text
    # The finished job hands the page back an enabled button with a fresh key.
    oob = ready.text.split('id="generate-form"')[1]
    assert 'hx-swap-oob="true"' in oob and "disabled" not in oob.split("</form>")[0].split("<button")[1]
    assert client.get(link).content[:2] == b"PK"
    again = client.get(f"/reports?period={PERIOD}")
    assert 'id="recent-jobs"' in again.text and f'href="/jobs/{job_id}"' in again.text
    assert "v1" in again.text
    full = client.get(f"/jobs/{job_id}")
    assert full.status_code == 200 and "<html" in full.text and "Hoàn thành" in full.text


def test_a_failed_report_job_shows_its_error_and_a_retry_button_that_runs_it_again(
        client, world, settings, login_as, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import cchc.reporting as reports

    token = login_as("standing_office")
    job_id = _job_id(_submit(client, world, token, key="fails").text)
    real = reports.generate_report

    def broken(*_args, **_kwargs):  # type: ignore[no-untyped-def]
        raise CchcError("Không đọc được số liệu hồ sơ của kỳ.", where="dossiers")

    monkeypatch.setattr(reports, "generate_report", broken)
    factory = job_sessionmaker(settings.database_url)
    failed = run_one(factory, data_dir=settings.data_dir)
    assert failed is not None and failed.status.value == "failed"
    shown = client.get(f"/jobs/{job_id}", headers=HX)
    assert "Thất bại" in shown.text and "Không đọc được số liệu hồ sơ của kỳ." in shown.text
    assert "dossiers" in shown.text and "Thử lại" in shown.text and f'hx-post="/jobs/{job_id}/retry"' in shown.text
    page = client.get(f"/reports?period={PERIOD}")
    assert "Thử lại" in page.text and not re.search(r'id="generate-button"\s+disabled', page.text)

    login_as("leader")  # may see the job, not run it again
    assert "Thử lại" not in client.get(f"/jobs/{job_id}", headers=HX).text
    leader_token = client.get("/api/session").json()["csrf_token"]
    assert client.post(f"/api/jobs/{job_id}/retry", headers={"X-CSRF-Token": leader_token}).status_code == 403

    token = login_as("standing_office")
    retried = client.post(f"/jobs/{job_id}/retry", headers=HX, data={"csrf_token": token})
    assert retried.status_code == 200 and 'hx-trigger="every 1s"' in retried.text and "Đang chờ" in retried.text
    monkeypatch.setattr(reports, "generate_report", real)
    done = run_one(factory, data_dir=settings.data_dir)
    assert done is not None and done.status.value == "succeeded" and done.result["version"] >= 1


def test_a_job_is_hidden_from_other_communes(client, world, login_as) -> None:  # type: ignore[no-untyped-def]
    token = login_as("standing_office")
    job_id = _job_id(_submit(client, world, token, key="private").text)
    login_as("other_standing_office")
    assert client.get(f"/api/jobs/{job_id}").status_code == 403
    login_as("unit_officer")
    token = client.get("/api/session").json()["csrf_token"]
    r = client.post("/api/reports/jobs", headers={"X-CSRF-Token": token},
                    data={"locality": str(world.locality_code), "period": PERIOD})
    assert r.status_code == 403


def test_the_web_apps_own_worker_threads_run_a_report_job(world, settings, login_as) -> None:  # type: ignore[no-untyped-def]
    from cchc.web import create_app

    app = create_app(dataclasses.replace(settings, job_threads=1, job_lease_seconds=5))
    with TestClient(app) as client:
        username, password = world.users["standing_office"]
        token = client.get("/api/session").json()["csrf_token"]
        r = client.post("/api/login", data={"username": username, "password": password},
                        headers={"X-CSRF-Token": token})
        token = r.json()["csrf_token"]
        made = client.post("/api/reports/jobs", headers={"X-CSRF-Token": token, "Idempotency-Key": "api-1"},
                           data={"locality": str(world.locality_code), "period": PERIOD})
        assert made.status_code == 202, made.text
        job_id = made.json()["job"]["id"]
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            job = client.get(f"/api/jobs/{job_id}").json()
            if job["job"]["status"] in ("succeeded", "failed"):
                break
            time.sleep(0.2)
        assert job["job"]["status"] == "succeeded", job
        assert job["job"]["result"]["files"]["docx"].endswith(".docx")
        assert {link["label"] for link in job["view"]["links"]} >= {"Word", "Excel"}
