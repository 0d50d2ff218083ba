"""The declarative base of every table, and the portable enum column type, shared by models.py and models_*.py."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from sqlalchemy import JSON
from sqlalchemy import Enum as SAEnum
from sqlalchemy.orm import DeclarativeBase


def _enum(cls: type[StrEnum], name: str) -> SAEnum:
    # Store values (not member names) as plain strings: portable and readable in SQL.
    return SAEnum(
        cls,
        name=name,
        native_enum=False,
        length=32,
        values_callable=lambda e: [m.value for m in e],
        validate_strings=True,
    )


class Base(DeclarativeBase):
    type_annotation_map = {dict[str, Any]: JSON, Any: JSON}
