"""Dashboard charts are cached by the values they plot."""

from __future__ import annotations

from cchc.domain.areas import Area
from cchc.services.dashboard import AreaProgress
from cchc.web import charts


def test_a_dashboard_chart_is_the_rendered_chart_and_changes_with_its_values():
    areas = [AreaProgress(Area.DIRECTION, total=9, done=2, in_progress=3, not_started=4)]
    svg = charts.dashboard_svg("areas", areas)
    assert svg == charts.to_svg(charts.area_chart(areas))
    assert charts.dashboard_svg("areas", areas) == svg
    changed = [AreaProgress(Area.DIRECTION, total=9, done=3, in_progress=2, not_started=4)]
    assert charts.dashboard_svg("areas", changed) == charts.to_svg(charts.area_chart(changed)) != svg
