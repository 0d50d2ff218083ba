"""Notification texts from the Vietnamese Jinja templates in `templates/`, with personal data masked.

A template's first line is the title, the rest the body. Templates receive only what the event is
about (task, plan, period, unit, dates, a reviewer's comment) — never dossier records — and the
rendered text goes through `scrub`, which masks e-mail addresses, phone numbers and identity-card
numbers that someone may have typed into a comment.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

__all__ = ["MASK", "render_email", "render_notification", "scrub"]

TEMPLATES = Path(__file__).with_name("templates")
MASK = "[đã ẩn]"
TITLE_MAX = 300

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# Vietnamese phone numbers (0xx… or +84…), digits possibly grouped by spaces, dots or dashes.
_PHONE = re.compile(r"(?<![\w.,/])(?:\+84|0)(?:[ .-]?\d){8,10}(?![\d])")
# Identity-card (9 or 12 digits), social-insurance and similar numbers: long runs of digits.
_ID_NUMBER = re.compile(r"(?<![\w.,/])\d{9,}(?![\d])")


def scrub(text: str) -> str:
    """`text` with e-mail addresses, phone numbers and long identity numbers replaced by `MASK`."""
    text = _EMAIL.sub(MASK, text)
    text = _PHONE.sub(MASK, text)
    return _ID_NUMBER.sub(MASK, text)


def _short(value: Any, limit: int = 120) -> str:
    text = " ".join(str(value or "").split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _date_vi(value: Any) -> str:
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return "" if value is None else str(value)


@lru_cache(maxsize=1)
def _env() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=False,  # plain text: stored, e-mailed as text/plain and escaped by the inbox page
        undefined=StrictUndefined,
        keep_trailing_newline=False,
        trim_blocks=False,
    )
    env.filters["short"] = _short
    env.filters["date_vi"] = _date_vi
    return env


def _clean(text: str) -> str:
    lines = [line.rstrip() for line in text.strip().splitlines()]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return unicodedata.normalize("NFC", "\n".join(out).strip())


def render_notification(kind: str, **context: Any) -> tuple[str, str]:
    """(title, body) of a notification of `kind` (the template `templates/<kind>.txt`)."""
    values = {k: _date_vi(v) if isinstance(v, date) else v for k, v in context.items()}
    text = _env().get_template(f"{kind}.txt").render(**values)
    title, _, body = _clean(text).partition("\n")
    return _short(scrub(title), TITLE_MAX), scrub(body.strip())


def render_email(template: str, **context: Any) -> str:
    """The text of an e-mail (`email_immediate` or `email_digest`)."""
    return _clean(_env().get_template(f"{template}.txt").render(**context)) + "\n"
