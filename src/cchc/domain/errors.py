"""One hierarchy of errors, each with an HTTP status and a message an officer can read."""

from __future__ import annotations


class CchcError(Exception):
    """Base of every expected cchc error; `message` is shown to the user as is."""

    status_code = 400
    code = "error"

    def __init__(self, message: str, *, where: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.where = where

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


class InvalidInput(CchcError):
    """The input (a file, a form field, a date) is not acceptable."""

    status_code = 422
    code = "invalid_input"


class NotFound(CchcError):
    status_code = 404
    code = "not_found"


class PermissionDenied(CchcError):
    status_code = 403
    code = "forbidden"


class Conflict(CchcError):
    """Someone else changed the record since it was read."""

    status_code = 409
    code = "conflict"


class Busy(CchcError):
    """The database could not answer in time (a row held by another save, a statement too long)."""

    status_code = 503
    code = "busy"


class ToolMissing(CchcError):
    """An optional system tool (Tesseract, LibreOffice) is not installed."""

    status_code = 501
    code = "tool_missing"


class Inconsistent(CchcError):
    """A document's figures or text disagree with each other (the message names the two places)."""

    status_code = 409
    code = "inconsistent"
