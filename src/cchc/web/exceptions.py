"""The web layer's own errors (each carries its HTTP status and code, as domain errors do).

`web/errors.py` turns every error into an HTML page or the JSON shape; these are the errors it adds.
"""

from __future__ import annotations

from cchc.domain.errors import CchcError

__all__ = ["CsrfFailed", "InvalidCredentials", "LoginRequired", "TooManyAttempts", "UploadTooLarge"]


class LoginRequired(CchcError):
    status_code = 401
    code = "unauthenticated"

    def __init__(self, message: str = "Vui lòng đăng nhập để tiếp tục.") -> None:
        super().__init__(message)


class CsrfFailed(CchcError):
    status_code = 403
    code = "csrf_failed"

    def __init__(
        self, message: str = "Mã bảo vệ biểu mẫu (CSRF) không hợp lệ hoặc đã hết hạn; tải lại trang và thử lại."
    ) -> None:
        super().__init__(message)


class InvalidCredentials(CchcError):
    status_code = 401
    code = "invalid_credentials"


class TooManyAttempts(CchcError):
    status_code = 429
    code = "too_many_attempts"


class UploadTooLarge(CchcError):
    status_code = 413
    code = "too_large"
