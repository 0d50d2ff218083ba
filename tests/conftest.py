"""Shared fixtures: the external reference folder (skipped when not given), sample files.

Some tests check the extractor and the reports against reference material kept outside the
repository (seed plans and their gold, the JSON schema, the scoring and Decree 30 checking tools).
Point the tests at that folder with ``pytest --shared-dir DIR`` or ``CCHC_SHARED_DIR=DIR``; without
either, those tests skip.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
SHARED_ENV = "CCHC_SHARED_DIR"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--shared-dir",
        default=None,
        help=f"folder of external reference data (seeds/, gold/, schema/, tools/); default ${SHARED_ENV}",
    )


def shared_path(config: pytest.Config) -> Path | None:
    """The reference folder given by `--shared-dir` or `CCHC_SHARED_DIR`, or None."""
    given = config.getoption("--shared-dir") or os.environ.get(SHARED_ENV)
    return Path(given).expanduser().resolve() if given else None


@pytest.fixture(scope="session")
def shared_dir(pytestconfig: pytest.Config) -> Path:
    """The external reference folder; tests that need it skip when it is not given or has no seeds."""
    path = shared_path(pytestconfig)
    if path is None:
        pytest.skip(f"no reference data: pass --shared-dir DIR or set {SHARED_ENV}")
    if not (path / "seeds").is_dir():
        pytest.skip(f"{path} has no seeds/ folder")
    return path


@pytest.fixture(scope="session")
def samples_dir() -> Path:
    return SAMPLES
