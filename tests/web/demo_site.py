"""The demo commune (`cchc demo`) seeded once per test session, and a reader of a page's visible text.

Shared by the English-completeness test and the browser page checks: the demo has every role, a
published plan with two quarters of reports, dossiers and the PAR index, so every page has content.
"""

from __future__ import annotations

import json
import re
import sqlite3
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
ATTRS = ("placeholder", "aria-label", "title", "alt")
# Files and redirects, not pages; actions that change state; pages of one file.
NOT_A_PAGE = re.compile(r"\.(svg|xlsx|docx|csv|pdf|json|png)$|^/static|^/logout|^/api|/evidence|/export|"
                        r"/source$|/reextract|/row$|/edit$")


def seed_demo_site(root: Path) -> dict[str, tuple[str, str]]:
    """Seed the demo into `root` (its own SQLite database); role → (username, password), one user a role."""
    import os

    from cchc.cli.web import seed_demo_once

    old = {k: os.environ.get(k) for k in ("CCHC_DATA", "CCHC_DATABASE_URL")}
    os.environ["CCHC_DATA"] = str(root)
    os.environ.pop("CCHC_DATABASE_URL", None)
    try:
        credentials, _ = seed_demo_once(root)
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
        users: dict[str, tuple[str, str]] = {}
    for username, password, role in credentials:
        users.setdefault(role, (username, password))
    (root / "users.json").write_text(json.dumps(users), encoding="utf-8")
    return users


def stored_texts(db_file: Path) -> list[str]:
    """Every text value stored in the database (plan titles, task names, units, narratives, names…),
    longest first: what a page shows of them is user data, not interface text."""
    con = sqlite3.connect(db_file)
    out: set[str] = set()
    try:
        tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        for table in tables:
            cols = [r[1] for r in con.execute(f'PRAGMA table_info("{table}")')]
            for col in cols:
                for (v,) in con.execute(f'SELECT DISTINCT "{col}" FROM "{table}" WHERE typeof("{col}") = \'text\''):
                    v = unicodedata.normalize("NFC", v).strip()
                    if 3 <= len(v) <= 5000 and vietnamese(v):
                        out.add(v)
                        out.update(p.strip() for p in re.split(r"[\n;]", v) if len(p.strip()) >= 3)
    finally:
        con.close()
    return sorted(out, key=len, reverse=True)


def vietnamese(text: str) -> bool:
    """Whether `text` has a letter English does not use (đ, ư, ơ, â, tone marks…)."""
    return any(ord(c) > 127 and "LATIN" in unicodedata.name(c, "") for c in text)


class VisibleText(HTMLParser):
    """The visible text of a page (text nodes and the attributes a reader hears), outside
    `translate="no"` elements (user data: plan titles, task names, units, people, places) and the
    `<title>`, scripts and styles; and its links."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self._skip: list[bool] = []
        self.texts: list[str] = []
        self.links: list[str] = []

    def _hidden(self) -> bool:
        return any(self._skip)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        skip = a.get("translate") == "no" or tag in ("script", "style", "title", "template")
        if tag not in VOID:
            self._skip.append(skip)
        if skip or self._hidden():
            return
        self.texts.extend(a[k] for k in ATTRS if a.get(k))
        if tag == "input" and a.get("type") in ("submit", "button") and a.get("value"):
            self.texts.append(a["value"])

    def handle_endtag(self, tag: str) -> None:
        if tag not in VOID and self._skip:
            self._skip.pop()

    def handle_data(self, data: str) -> None:
        if not self._hidden() and data.strip():
            self.texts.append(unicodedata.normalize("NFC", data.strip()))


def untranslated(html: str, data: list[str]) -> tuple[list[str], list[str]]:
    """(the page's visible Vietnamese interface texts once user data is taken out, its links)."""
    parser = VisibleText()
    parser.feed(html)
    exact = set(data)
    bad = []
    for text in parser.texts:
        if not vietnamese(text) or text in exact:
            continue
        rest = text
        for d in data:
            if d in rest:
                rest = rest.replace(d, " ")
                if not vietnamese(rest):
                    break
        if vietnamese(rest):
            bad.append(text)
    return bad, parser.links


def page_pattern(path: str) -> str:
    """`/tasks/12?period=2026-Q4` → `/tasks/N`: pages of one kind are checked a few times, not all."""
    return re.sub(r"\d+", "N", path.split("?")[0])


def is_page(href: str) -> bool:
    path = href.split("#")[0].split("?")[0]
    return href.startswith("/") and not href.startswith("//") and not NOT_A_PAGE.search(path) and "lang=" not in href
