from cchc.services import plans


def test_the_prepared_world_has_a_published_plan_with_five_tasks(session, world):
    plan = plans.get_plan(session, world.actor("office"), plan_id=world.plan_id)
    assert plan.status.value == "published"
    assert len(plan.tasks) == 5
    assert plan.tasks[0].lead[0].unit_id == world.units["phong_kinh_te"]


def test_list_plans_counts_tasks_and_indicators(session, world):
    rows = plans.list_plans(session, world.actor("office"))
    counts = {p.id: (p.task_count, p.indicator_count) for p in rows}
    assert counts[world.plan_id] == (5, 2)
