"""A web worker starts without the document, chart and table libraries: a page that needs one loads it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Libraries only some pages use (report files, chart images, Arrow tables): each costs a worker
# tens of MB resident from the moment it is imported.
ON_DEMAND = ("altair", "vl_convert", "docx", "docxtpl", "openpyxl", "pyarrow", "pandas", "numpy", "jsonschema")

_PROBE = """
import json, sys
from cchc.web.app import create_app
create_app()
sys.stderr.write(json.dumps(sorted({m.split(".")[0] for m in sys.modules})))
"""


def test_a_started_web_app_has_loaded_no_document_chart_or_table_library(tmp_path: Path) -> None:
    env = {"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin", "CCHC_DATA": str(tmp_path),
           "CCHC_DATABASE_URL": f"sqlite:///{tmp_path / 'cchc.db'}"}
    done = subprocess.run([sys.executable, "-c", _PROBE], capture_output=True, text=True, env=env,
                          timeout=120, check=True)
    loaded = set(json.loads(done.stderr.strip().splitlines()[-1]))
    assert "fastapi" in loaded  # the probe did build the app
    assert not loaded & set(ON_DEMAND), sorted(loaded & set(ON_DEMAND))
