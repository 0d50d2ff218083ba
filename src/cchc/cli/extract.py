"""`cchc extract FILE` and `cchc schema`: a plan document to cchc.plan/1 JSON."""

import json
import logging
from pathlib import Path

import typer

from cchc.domain.errors import CchcError


def register(app: typer.Typer) -> None:
    @app.command("extract")
    def extract(
        file: Path = typer.Argument(..., help="Văn bản kế hoạch (.docx .doc .pdf .txt, ảnh quét) / plan document"),
        output: Path | None = typer.Option(None, "-o", "--output", help="Ghi JSON ra tệp này / write JSON here"),
        pretty: bool = typer.Option(False, "--pretty", help="JSON thụt lề / indented JSON"),
    ) -> None:
        """Trích xuất kế hoạch CCHC thành JSON cchc.plan/1 (extract a PAR plan to cchc.plan/1 JSON).

        Example: cchc extract ke-hoach-cchc-2026.docx -o ke-hoach.json --pretty
        """
        from cchc.extract.pipeline import extract_file, plan_to_json

        # PDF libraries log their own complaints about a damaged file; the one error line below says it
        for name in ("pypdf", "pdfminer", "pdfplumber"):
            logging.getLogger(name).setLevel(logging.CRITICAL)
        try:
            data = plan_to_json(extract_file(file))
        except CchcError as exc:
            typer.echo(f"Error: {file}: {exc}" if str(file) not in str(exc) else f"Error: {exc}", err=True)
            raise typer.Exit(2) from None
        text = json.dumps(data, ensure_ascii=False, indent=2 if pretty else None)
        if output is None:
            typer.echo(text)
        else:
            try:
                output.write_text(text + "\n", encoding="utf-8")
            except OSError as exc:
                typer.echo(f"Error: {output}: không ghi được tệp (cannot write): {exc.strerror}", err=True)
                raise typer.Exit(2) from None
            n_t, n_i = len(data["tasks"]), len(data["indicators"])
            typer.echo(f"{file.name}: {n_t} nhiệm vụ (tasks), {n_i} chỉ tiêu (indicators) → {output}", err=True)

    @app.command("schema")
    def schema() -> None:
        """In JSON Schema của cchc.plan/1 (print the cchc.plan/1 JSON Schema).

        Example: cchc schema > plan.schema.json
        """
        from cchc.extract.pipeline import plan_schema

        typer.echo(json.dumps(plan_schema(), ensure_ascii=False, indent=2))
