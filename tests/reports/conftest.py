"""Fixtures of the report tests: a generated report and notice (built once per session)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cchc.reports.docx_report import write_report_docx
from cchc.reports.notice import write_notice_docx
from cchc.reports.sample import make_notice_data, make_report_data


@pytest.fixture(scope="session")
def report_docx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample Q2/2026 report of xã An Bình, with charts."""
    return write_report_docx(make_report_data(), tmp_path_factory.mktemp("report") / "bao-cao.docx")


@pytest.fixture(scope="session")
def notice_docx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_notice_docx(make_notice_data(), tmp_path_factory.mktemp("notice") / "thong-bao.docx")


@pytest.fixture(scope="session")
def soffice() -> str:
    path = shutil.which("soffice") or shutil.which("libreoffice")
    if path is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    return path
