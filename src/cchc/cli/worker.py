"""`cchc worker`: run queued background jobs (report generation…) in this process."""

import signal

import typer

__all__ = ["register"]


def register(app: typer.Typer) -> None:
    @app.command()
    def worker(
        concurrency: int = typer.Option(1, "--concurrency", "-c", min=1, help="Jobs run at once (threads)."),
        burst: bool = typer.Option(False, "--burst", help="Exit once no job is waiting (for cron or scripts)."),
        url: str = typer.Option(None, "--url", help="Database URL (mặc định: CCHC_DATABASE_URL hoặc $CCHC_DATA/cchc.db)."),
    ) -> None:
        """Chạy các công việc nền đang chờ (tạo báo cáo…); chạy được nhiều tiến trình trên nhiều máy cùng một CSDL.

        Example: CCHC_DATABASE_URL=postgresql+psycopg://cchc@db/cchc cchc worker --concurrency 2
        """
        import logging

        from cchc.jobs.worker import Worker, job_sessionmaker
        from cchc.settings import get_settings
        from cchc.store.engine import database_url

        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
        settings = get_settings()
        factory = job_sessionmaker(database_url(url))
        runner = Worker(factory, data_dir=settings.data_dir, concurrency=concurrency,
                        lease_seconds=settings.job_lease_seconds)

        def _stop(_signum: int, _frame: object) -> None:
            runner.stopping.set()

        signal.signal(signal.SIGTERM, _stop)
        signal.signal(signal.SIGINT, _stop)
        typer.echo(f"Đang chạy công việc nền ({concurrency} luồng) — dừng bằng Ctrl+C.", err=True)
        runner.start(burst=burst)
        while any(t.is_alive() for t in runner.threads):
            runner.join(timeout=0.5)
        typer.echo("Đã dừng.", err=True)
