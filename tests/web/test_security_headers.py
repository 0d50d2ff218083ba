"""Security headers on every page and API answer; no inline script anywhere; HSTS under CCHC_HTTPS=1."""

from __future__ import annotations

import re
import shutil

import pytest
from fastapi.testclient import TestClient

from .test_permission_matrix import ROUTES, _sign_in, _url

PAGES = [p for m, p in ROUTES if m == "GET"]
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I)
HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.I)


def _check_headers(r) -> None:
    csp = r.headers.get("content-security-policy", "")
    assert "frame-ancestors 'none'" in csp, csp
    script = next((d for d in csp.split(";") if d.strip().startswith("script-src")), "")
    assert script and "'unsafe-inline'" not in script and "'unsafe-eval'" not in script, csp
    assert r.headers.get("x-content-type-options") == "nosniff"
    assert r.headers.get("referrer-policy")


@pytest.fixture(scope="module")
def shared_client(tmp_path_factory, world):
    from cchc.web import create_app

    from .conftest import make_settings

    d = tmp_path_factory.mktemp("headers")
    shutil.copy(world.db_file, d / "cchc.db")
    with TestClient(create_app(make_settings(d)), raise_server_exceptions=False) as c:
        yield c


@pytest.mark.parametrize("role", ["anonymous", "admin", "standing_office"])
def test_every_page_carries_the_security_headers_and_no_inline_script(shared_client, world, role):
    _sign_in(shared_client, world, role)
    for path in PAGES:
        r = shared_client.get(_url(world, path), follow_redirects=False)
        _check_headers(r)
        assert "strict-transport-security" not in r.headers
        if r.headers.get("content-type", "").startswith("text/html"):
            assert not INLINE_SCRIPT.search(r.text), (path, INLINE_SCRIPT.search(r.text).group(0))
            assert not HANDLER.search(r.text), (path, HANDLER.search(r.text).group(0))


def test_hsts_is_sent_when_the_site_is_served_over_https(monkeypatch, settings):
    from cchc.web import create_app

    monkeypatch.setenv("CCHC_HTTPS", "1")
    with TestClient(create_app(settings), base_url="https://testserver") as c:
        r = c.get("/login")
    assert r.headers["strict-transport-security"].startswith("max-age=31536000")
    _check_headers(r)
