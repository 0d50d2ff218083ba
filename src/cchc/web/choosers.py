"""A commune chooser for pages of one commune opened by someone who has none (a city or ministry
reviewer, an administrator): the page answers with the communes they may open instead of an error."""

from __future__ import annotations

from typing import Any

from fastapi.responses import Response
from starlette.requests import Request

from cchc.web.rendering import render

__all__ = ["needs_locality", "locality_chooser"]

LIMIT = 200


def needs_locality(request: Request, user: Any, chosen: int | None) -> bool:
    """Whether an HTML page of one commune must first ask which commune (none chosen, none of the user's)."""
    return chosen is None and user.locality_code is None and not request.url.path.startswith("/api/")


def locality_chooser(request: Request, db: Any, user: Any, *, title: str, path: str, param: str,
                     extra: dict[str, str] | None = None) -> Response:
    """The communes the user may open (their province's, or those matching `q`), each a link to `path`."""
    from cchc.kernel import localities

    q = (request.query_params.get("q") or "").strip()[:100] or None
    found = localities.list_localities(db, province_code=user.province_code, search=q, limit=LIMIT)
    query = "&".join(f"{k}={v}" for k, v in (extra or {}).items() if v)
    return render(request, "choose/locality.html", {
        "title": title, "path": path, "param": param, "query": query, "localities": found, "q": q or "",
        "truncated": len(found) >= LIMIT,
    })
