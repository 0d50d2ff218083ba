"""The OpenAPI schema of /api/, completed with every answer the API gives.

FastAPI documents a route's success answer and a 422 in its own validation shape. cchc answers every
refusal as `{"error": {"code", "message", ...}}` (web/errors.py) with 400, 401, 403, 404, 409, 413,
422, 429 or 503, creates with 201, and serves downloads and images with their own media types. The
schema here says so, so that a client (and schemathesis' response conformance checks,
tests/web/test_openapi_conformance.py) can rely on it.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI

__all__ = ["ERROR_SCHEMA", "install_openapi"]

ERROR_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message"],
            "properties": {
                "code": {"type": "string", "description": "machine-readable reason, e.g. not_found, conflict"},
                "message": {"type": "string", "description": "what is wrong and where, in Vietnamese"},
                "where": {"type": ["string", "null"], "description": "the field or parameter concerned"},
            },
            "additionalProperties": True,
        },
    },
    "additionalProperties": True,
}

_ERRORS = {
    "400": "Bad request (an unreadable body or parameter)",
    "401": "Not signed in, or the session has ended",
    "403": "Signed in, but this role or scope may not do this (or the CSRF token is missing)",
    "404": "No such object, or not visible to this user",
    "409": "Conflict: someone saved a newer version, or the object's state does not allow it",
    "413": "The upload or request body is too large",
    "422": "A parameter or field is invalid; `where` names it",
    "429": "Too many attempts; try again later",
    "503": "The database is busy (a lock or statement timeout); try again",
}

# Media types of the answers that are not JSON, by the end of the path.
_BY_SUFFIX = {
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".pdf": "application/pdf",
    ".csv": "text/csv",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".json": "application/json",
}
_BINARY_WORDS = ("download", "file", "evidence", "source", "chart", "export")


def _obj(required: dict[str, Any]) -> dict[str, Any]:
    return {"type": "object", "required": sorted(required), "properties": required, "additionalProperties": True}


_OBJECT: dict[str, Any] = {"type": "object"}
_LIST: dict[str, Any] = {"type": "array", "items": {"type": "object"}}
_MAYBE_OBJECT: dict[str, Any] = {"type": ["object", "null"]}
_MAYBE_TEXT: dict[str, Any] = {"type": ["string", "null"]}
_MAYBE_INT: dict[str, Any] = {"type": ["integer", "null"]}
# The bodies of the main JSON answers (top-level keys a client relies on; more may follow).
SUCCESS_BODIES: dict[tuple[str, str], dict[str, Any]] = {
    ("get", "/api/health"): _obj({"status": {"type": "string"}}),
    ("get", "/api/session"): _obj({"csrf_token": {"type": "string"}, "user": _MAYBE_OBJECT}),
    ("post", "/api/login"): _obj({"csrf_token": {"type": "string"}, "user": _OBJECT}),
    ("get", "/api/plans"): _obj({"plans": _LIST, "status": _MAYBE_TEXT}),
    ("get", "/api/plans/{plan_id}"): _obj({
        "plan": _obj({"id": {"type": "integer"}, "tasks": _LIST, "indicators": _LIST}), "units": _LIST}),
    ("get", "/api/tasks/{task_id}"): _obj({"detail": _OBJECT, "history": _LIST}),
    ("get", "/api/reviews"): _obj({"reports": _LIST, "review_status": _MAYBE_TEXT}),
    ("get", "/api/extensions"): _obj({"extensions": _LIST, "pending_only": {"type": "boolean"}}),
    ("get", "/api/inbox"): _obj({"items": _LIST, "unread": {"type": "integer"}, "total": {"type": "integer"}}),
    ("get", "/api/sessions"): _obj({"sessions": _LIST}),
    ("get", "/api/reports"): _obj({"locality_code": _MAYBE_INT, "period": {"type": "string"}, "versions": _LIST}),
    ("get", "/api/jobs/{job_id}"): _obj({"job": _obj({"id": {"type": "integer"}, "status": {"type": "string"}})}),
}


def _error_content(path: str) -> dict[str, Any]:
    content: dict[str, Any] = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    if not path.startswith("/api/"):  # pages for people outside /api/ answer an HTML error page
        content["text/html"] = {"schema": {"type": "string"}}
    return content


def _success_content(method: str, path: str, declared: dict[str, Any]) -> dict[str, Any]:
    last = path.rsplit("/", 1)[-1]
    for suffix, media in _BY_SUFFIX.items():
        if last.endswith(suffix):
            return {media: {"schema": {"type": "string", "format": "binary"}}} if media != "application/json" \
                else declared
    if last.endswith(".{fmt}") or (method == "get" and any(word in path for word in _BINARY_WORDS)):
        # A file in the format asked for, a stored file in its own type (evidence, a plan's source), or JSON.
        return {**declared, "*/*": {"schema": {}}}
    if not path.startswith("/api/"):
        return {"text/html": {"schema": {"type": "string"}}, **declared}
    return declared


def complete_schema(schema: dict[str, Any]) -> dict[str, Any]:
    """Add the error shape and every status and media type the API answers to each operation."""
    schema.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    for path, item in schema.get("paths", {}).items():
        for method, op in item.items():
            if not isinstance(op, dict) or "responses" not in op:
                continue
            responses: dict[str, Any] = op["responses"]
            ok = responses.get("200") or {"description": "Successful Response"}
            declared = ok.get("content") or {"application/json": {"schema": {}}}
            body = SUCCESS_BODIES.get((method, path))
            if body is not None:
                declared = {"application/json": {"schema": body}}
            ok["content"] = _success_content(method, path, declared)
            responses["200"] = ok
            if method == "post":
                responses.setdefault("201", {"description": "Created", "content": dict(ok["content"])})
            if not path.startswith("/api/"):
                responses.setdefault("303", {"description": "Not signed in: redirect to /login?next=…"})
            for code, description in _ERRORS.items():
                responses[code] = {"description": description, "content": _error_content(path)}
    import json

    schemas = schema["components"]["schemas"]
    if "#/components/schemas/HTTPValidationError" not in json.dumps(schema["paths"]):
        for unused in ("HTTPValidationError", "ValidationError"):
            schemas.pop(unused, None)
    return schema


def install_openapi(app: FastAPI) -> None:
    """Serve the completed schema at the app's openapi_url."""
    original = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = complete_schema(original())
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
