"""Pages of one commune opened by someone who has none (city or ministry reviewer, administrator) ask
which commune instead of answering 422; every menu entry of every role opens a page."""

from __future__ import annotations

import re

import pytest

NO_COMMUNE = ("city_reviewer", "admin", "ministry_reviewer")
ALL_ROLES = ("standing_office", "unit_officer", "leader", "city_reviewer", "admin", "ministry_reviewer")


@pytest.mark.parametrize("role", NO_COMMUNE)
@pytest.mark.parametrize("path", ["/tasks/mine", "/reports", "/extensions", "/dashboard", "/service-quality"])
def test_a_page_of_one_commune_offers_a_chooser_to_a_user_without_one(client, world, login_as, role, path):
    login_as(role)
    r = client.get(path)
    if r.status_code == 403:
        assert role == "ministry_reviewer" and path == "/reports"  # the ministry does not read report drafts
        return
    assert r.status_code == 200, r.text
    if role == "admin" and path == "/extensions":
        assert "Đề nghị gia hạn" in r.text  # the administrator sees every commune's requests
        return
    assert 'id="localities"' in r.text
    link = re.search(rf'href="({re.escape(path)}\?[^"]*={world.locality_code}[^"]*)"', r.text)
    assert link, f"{world.locality_code} is not offered"
    chosen = client.get(link[1].replace("&amp;", "&"))
    assert chosen.status_code == 200, chosen.text
    assert "Lỗi 422" not in chosen.text and "thêm ?locality" not in chosen.text


def test_the_chooser_finds_a_commune_by_name(client, world, login_as):
    login_as("ministry_reviewer")
    listing = client.get("/tasks/mine").text
    name = re.search(rf'locality_code={world.locality_code}[^"]*" translate="no">([^<]+)<', listing)[1]
    r = client.get("/tasks/mine", params={"q": name})
    assert r.status_code == 200
    found = re.findall(r'locality_code=(\d+)', r.text)
    assert str(world.locality_code) in found and len(found) < len(re.findall(r'locality_code=(\d+)', listing))


def test_a_reviewer_goes_from_commune_to_unit_to_its_tasks(client, world, login_as):
    login_as("city_reviewer")
    units = client.get(f"/tasks/mine?locality_code={world.locality_code}")
    assert units.status_code == 200 and f"unit_id={world.unit_a}" in units.text
    tasks = client.get(f"/tasks/mine?unit_id={world.unit_a}")
    assert tasks.status_code == 200 and f'href="/tasks/{world.task_a}' in tasks.text


@pytest.mark.parametrize("role", ALL_ROLES)
def test_every_menu_entry_of_a_role_opens_a_page(client, world, login_as, role):
    login_as(role)
    page = client.get("/dashboard")
    nav = re.search(r'<nav id="mainnav".*?</nav>', page.text, re.S)[0]
    links = sorted(set(re.findall(r'href="(/[^"?#]*)"', nav)))
    assert len(links) >= 5
    broken = [f"{href} → {r.status_code}" for href in links if (r := client.get(href)).status_code != 200]
    assert not broken, broken
