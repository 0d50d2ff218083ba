"""A document file → Plan → validated cchc.plan/1 JSON."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema

from cchc.domain.errors import InvalidInput
from cchc.domain.plan import Plan
from cchc.extract.assemble import parse_plan_text
from cchc.extract.readers import read_document

__all__ = ["extract_file", "plan_to_json", "plan_schema", "validate_plan_json"]


def extract_file(path: Path | str) -> Plan:
    """Read a plan document of any supported kind and parse it.

    Example: `extract_file("ke-hoach-cchc-2026.docx").to_json()`
    Raises InvalidInput for an empty, corrupt, encrypted, oversized or unknown file.
    """
    path = Path(path)
    doc = read_document(path)
    if not doc.text.strip():
        raise InvalidInput(f"Tệp “{path.name}”: không có nội dung văn bản (no text found)")
    return parse_plan_text(doc.text, source_name=path.name)


@lru_cache(maxsize=1)
def plan_schema() -> dict[str, Any]:
    """The cchc.plan/1 JSON Schema that every extraction validates against."""
    text = resources.files("cchc.extract").joinpath("plan.schema.json").read_text(encoding="utf-8")
    return json.loads(text)


def validate_plan_json(data: dict[str, Any]) -> None:
    """Raise InvalidInput when `data` is not valid cchc.plan/1."""
    validator = jsonschema.Draft202012Validator(plan_schema())
    error = next(iter(sorted(validator.iter_errors(data), key=lambda e: list(e.path))), None)
    if error is not None:
        where = "/".join(str(p) for p in error.path) or "(gốc)"
        raise InvalidInput(f"Kết quả không hợp lệ theo cchc.plan/1 tại {where}: {error.message}")


def plan_to_json(plan: Plan, *, validate: bool = True) -> dict[str, Any]:
    """The plan's cchc.plan/1 object, checked against the schema."""
    data = plan.to_json()
    if validate:
        validate_plan_json(data)
    return data
