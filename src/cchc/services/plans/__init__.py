"""Plans: import a document into a draft, review and edit it, re-extract, publish, close.

One module per use case; this package hands their public names on, so `from cchc.services.plans import X` works
for each name that web/, cli/ and the other services use
(`__all__` is the documented API, docs/services.md; the shared helpers are handed on as `name as name`).
- `views`: the views shown to users (TaskView, PlanView…) and their builders;
- `rows`: finding a plan's rows for an actor, and the checks and audit every write shares;
- `importing`: keep an uploaded document, read it, create a draft;
- `reading`: list plans, get one plan;
- `editing`: add, edit and delete a plan's tasks and indicators;
- `structure`: merge and split a draft's tasks;
- `reextract`: read the document again and compare with (or replace) the draft;
- `lifecycle`: edit a plan's own fields, publish, close.
"""

from cchc.services.plans.editing import (
    INDICATOR_FIELDS as INDICATOR_FIELDS,
)
from cchc.services.plans.editing import (
    TASK_FIELDS as TASK_FIELDS,
)
from cchc.services.plans.editing import (
    add_indicator,
    add_task,
    delete_indicator,
    delete_task,
    update_indicator,
    update_task,
)
from cchc.services.plans.editing import (
    apply_indicator_fields as apply_indicator_fields,
)
from cchc.services.plans.editing import (
    apply_task_fields as apply_task_fields,
)
from cchc.services.plans.importing import ALLOWED_SUFFIXES as ALLOWED_SUFFIXES
from cchc.services.plans.importing import import_plan, plan_source_text
from cchc.services.plans.importing import stage_file as stage_file
from cchc.services.plans.importing import store_file as store_file
from cchc.services.plans.lifecycle import close_plan, publish_plan, update_plan
from cchc.services.plans.reading import get_plan, list_plans
from cchc.services.plans.reextract import PlanDiff, reextract_plan
from cchc.services.plans.rows import check_version as check_version
from cchc.services.plans.rows import flush as flush
from cchc.services.plans.rows import get_plan_row as get_plan_row
from cchc.services.plans.rows import get_task_row as get_task_row
from cchc.services.plans.rows import save_task_change as save_task_change
from cchc.services.plans.rows import task_row_for_write as task_row_for_write
from cchc.services.plans.structure import merge_tasks, split_task
from cchc.services.plans.views import (
    IndicatorView,
    PlanSummary,
    PlanView,
    TaskView,
    UnitLink,
)
from cchc.services.plans.views import (
    indicator_view as indicator_view,
)
from cchc.services.plans.views import (
    plan_view as plan_view,
)
from cchc.services.plans.views import (
    task_view as task_view,
)
from cchc.services.plans.views import (
    units_by_id as units_by_id,
)
from cchc.store.models import PlanKind

__all__ = [
    "IndicatorView",
    "PlanDiff",
    "PlanKind",
    "PlanSummary",
    "PlanView",
    "TaskView",
    "UnitLink",
    "add_indicator",
    "add_task",
    "close_plan",
    "delete_indicator",
    "delete_task",
    "get_plan",
    "import_plan",
    "list_plans",
    "merge_tasks",
    "plan_source_text",
    "publish_plan",
    "reextract_plan",
    "split_task",
    "update_indicator",
    "update_plan",
    "update_task",
]
