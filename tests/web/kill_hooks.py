"""Loaded by a `cchc worker` under test (CCHC_JOB_MODULES=tests.web.kill_hooks): holds a report's .docx
half-written so that the test can kill the process at exactly that point.

With CCHC_TEST_STALL_DOCX=<marker>, saving a Word document to a file writes the first half of its bytes to the
target, creates <marker>, and sleeps until the process is killed.
"""

from __future__ import annotations

import io
import os
import time
from pathlib import Path

_MARKER = os.environ.get("CCHC_TEST_STALL_DOCX")

if _MARKER:
    from docx.document import Document

    _original = Document.save

    def _stalled_save(self: Document, path_or_stream: object) -> None:
        if not isinstance(path_or_stream, str | os.PathLike):  # an in-memory step (a template's rendering)
            _original(self, path_or_stream)  # type: ignore[arg-type]
            return
        buf = io.BytesIO()
        self._part.save(buf)
        data = buf.getvalue()
        with open(str(path_or_stream), "wb") as fh:
            fh.write(data[: len(data) // 2])
            fh.flush()
            os.fsync(fh.fileno())
        Path(_MARKER).write_text(str(path_or_stream), encoding="utf-8")
        time.sleep(600)

    Document.save = _stalled_save  # type: ignore[method-assign]
