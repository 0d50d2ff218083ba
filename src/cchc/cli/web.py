"""`cchc serve` and `cchc demo`: run the web application."""

import json
import os
import threading
import webbrowser
from pathlib import Path

import typer

__all__ = ["register"]

DEMO_MARKER = "demo.json"


def _run(host: str, port: int, workers: int = 1) -> None:
    import uvicorn

    from cchc.notify import start_background

    start_background()  # reminders and e-mail every CCHC_NOTIFY_INTERVAL seconds, in this process

    if workers > 1:
        # Each worker process builds its own app (settings from the environment).
        uvicorn.run("cchc.web.app:create_app", factory=True, host=host, port=port, workers=workers,
                    log_level="warning", proxy_headers=False)
        return
    from cchc.web import create_app

    uvicorn.run(create_app(), host=host, port=port, log_level="info", proxy_headers=False)


WORKER_HELP = ("Chạy công việc nền (tạo báo cáo…) trong tiến trình này; mặc định bật với SQLite, tắt với PostgreSQL "
               "(khi đó chạy `cchc worker`).")


def _job_threads(with_worker: bool | None) -> None:
    """`--with-worker`/`--without-worker` as CCHC_JOB_THREADS, which every web process reads."""
    if with_worker is None:
        return
    if not with_worker:
        os.environ["CCHC_JOB_THREADS"] = "0"
    elif os.environ.get("CCHC_JOB_THREADS", "0") in ("", "0"):
        os.environ["CCHC_JOB_THREADS"] = "2"


def seed_demo_once(data_dir: Path) -> tuple[list[tuple[str, str, str]], bool]:
    """Upgrade the database and seed the demo commune unless already done; (credentials, newly seeded)."""
    from cchc.kernel.db import session_scope, upgrade_database
    from cchc.settings import get_settings

    settings = get_settings()
    data_dir.mkdir(parents=True, exist_ok=True)
    upgrade_database(settings.database_url)
    marker = data_dir / DEMO_MARKER
    if marker.exists():
        saved = json.loads(marker.read_text(encoding="utf-8"))
        return [tuple(c) for c in saved["credentials"]], False  # type: ignore[misc]
    from cchc.demo import seed_demo

    with session_scope(settings.database_url) as session:
        result = seed_demo(session, data_dir=data_dir)
    credentials = [(u, p, str(getattr(r, "value", r))) for u, p, r in result.credentials]
    marker.write_text(json.dumps({"locality_code": result.locality_code, "plan_id": result.plan_id,
                                  "credentials": credentials}, ensure_ascii=False, indent=2), encoding="utf-8")
    os.chmod(marker, 0o600)
    return credentials, True


def register(app: typer.Typer) -> None:
    @app.command()
    def serve(
        host: str = typer.Option("127.0.0.1", help="Address to listen on."),
        port: int = typer.Option(8000, help="Port to listen on."),
        workers: int = typer.Option(1, min=1, help="Worker processes (login throttling is per process)."),
        with_worker: bool = typer.Option(None, "--with-worker/--without-worker", help=WORKER_HELP),
    ) -> None:
        """Run the web application. Example: cchc serve --host 0.0.0.0 --port 8000 --workers 2"""
        from cchc.kernel.db import upgrade_database
        from cchc.settings import get_settings

        _job_threads(with_worker)
        settings = get_settings()
        upgrade_database(settings.database_url)
        if workers > 1:
            from cchc.web.app import session_secret

            # Create the shared signing secret once, before the workers race to create it.
            session_secret(settings)
        _run(host, port, workers)

    @app.command()
    def demo(
        port: int = typer.Option(8000, help="Port to listen on."),
        host: str = typer.Option("127.0.0.1", help="Address to listen on."),
        no_browser: bool = typer.Option(False, "--no-browser", help="Do not open a web browser."),
        with_worker: bool = typer.Option(None, "--with-worker/--without-worker", help=WORKER_HELP),
    ) -> None:
        """Create the database under $CCHC_DATA (default ./data), seed a demo commune, print the users and serve.

        Example: CCHC_DATA=/tmp/cchc-demo cchc demo --port 8000 --no-browser
        """
        from cchc.settings import get_settings

        _job_threads(with_worker)
        settings = get_settings()
        credentials, fresh = seed_demo_once(settings.data_dir)
        typer.echo(f"Dữ liệu: {settings.data_dir}" + (" (mới tạo bản demo)" if fresh else " (bản demo đã có)"))
        typer.echo("Tài khoản demo (tên đăng nhập / mật khẩu / vai trò):")
        for username, password, role in credentials:
            typer.echo(f"  {username:<20} {password:<20} {role}")
        url = f"http://{host}:{port}/"
        typer.echo(f"Mở {url}")
        if not no_browser:
            threading.Timer(1.5, lambda: webbrowser.open(url)).start()
        _run(host, port)
