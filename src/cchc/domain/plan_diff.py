"""What changed between two versions of a plan (tasks and indicators added, removed, changed), and
applying those changes: `apply_diff(a, diff_plans(a, b)) == b` for the content of the plan.

Tasks (and indicators) of the two versions are paired by their number (`ref`) when the texts stay close,
then by text similarity alone (a renumbered task); what stays unpaired is added or removed. A change
lists each field with its old and new value (the `cchc.plan/1` JSON of the item).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, TypeVar

from cchc.domain import plan as dp
from cchc.domain.text_similarity import similarity

__all__ = ["ItemChange", "PlanChanges", "apply_diff", "diff_plans", "pair_items"]

# A same-numbered item is the same item when its text stays this close; an unnumbered (or renumbered)
# one needs a closer text.
SAME_REF_SIMILARITY = 0.5
TEXT_SIMILARITY = 0.75
REF_BONUS = 0.3  # a same-numbered pair ranks above a closer text elsewhere unless that text is near-identical

T = TypeVar("T", dp.Task, dp.Indicator)


@dataclass(frozen=True)
class ItemChange:
    """Item `old_index` of the old version became item `new_index`, with `fields` (name → [old, new])."""

    old_index: int
    new_index: int
    fields: dict[str, list[Any]]

    def to_json(self) -> dict[str, Any]:
        return {"old_index": self.old_index, "new_index": self.new_index, "fields": self.fields}


@dataclass(frozen=True)
class PlanChanges:
    """The changes from version a to version b. Kept items are changes with no fields (they fix the order)."""

    info: dict[str, list[Any]] = field(default_factory=dict)
    tasks: tuple[ItemChange, ...] = ()
    added_tasks: tuple[tuple[int, dp.Task], ...] = ()  # (new index, task)
    removed_tasks: tuple[int, ...] = ()  # old indexes
    indicators: tuple[ItemChange, ...] = ()
    added_indicators: tuple[tuple[int, dp.Indicator], ...] = ()
    removed_indicators: tuple[int, ...] = ()

    @property
    def changed_tasks(self) -> list[ItemChange]:
        return [c for c in self.tasks if c.fields]

    @property
    def changed_indicators(self) -> list[ItemChange]:
        return [c for c in self.indicators if c.fields]

    @property
    def moved(self) -> bool:
        return any(c.old_index != c.new_index for c in (*self.tasks, *self.indicators))

    @property
    def empty(self) -> bool:
        return not (
            self.info or self.added_tasks or self.removed_tasks or self.changed_tasks
            or self.added_indicators or self.removed_indicators or self.changed_indicators or self.moved
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "info": self.info,
            "changed_tasks": [c.to_json() for c in self.changed_tasks],
            "added_tasks": [{"new_index": i, "task": t.to_json()} for i, t in self.added_tasks],
            "removed_tasks": list(self.removed_tasks),
            "changed_indicators": [c.to_json() for c in self.changed_indicators],
            "added_indicators": [{"new_index": i, "indicator": x.to_json()} for i, x in self.added_indicators],
            "removed_indicators": list(self.removed_indicators),
            "empty": self.empty,
        }


def _text(item: dp.Task | dp.Indicator) -> str:
    return item.task if isinstance(item, dp.Task) else item.name


def pair_items(old: Sequence[T], new: Sequence[T]) -> list[tuple[int, int]]:
    """(old index, new index) pairs, best first: text similarity, plus `REF_BONUS` for the same number."""
    pairs: list[tuple[int, int]] = []
    used_old: set[int] = set()
    used_new: set[int] = set()
    scored = []
    for i, a in enumerate(old):
        for j, b in enumerate(new):
            s = similarity(_text(a), _text(b))
            same_ref = bool(a.ref) and a.ref == b.ref
            if (same_ref and s >= SAME_REF_SIMILARITY) or s >= TEXT_SIMILARITY:
                scored.append((-(s + (REF_BONUS if same_ref else 0.0)), abs(i - j), i, j))
    for _, _, i, j in sorted(scored):
        if i in used_old or j in used_new:
            continue
        used_old.add(i)
        used_new.add(j)
        pairs.append((i, j))
    return sorted(pairs, key=lambda p: p[1])


def _field_changes(a: dict[str, Any], b: dict[str, Any]) -> dict[str, list[Any]]:
    return {k: [a.get(k), b.get(k)] for k in sorted(a.keys() | b.keys()) if a.get(k) != b.get(k)}


def _diff_items(
    old: Sequence[T], new: Sequence[T]
) -> tuple[tuple[ItemChange, ...], tuple[tuple[int, T], ...], tuple[int, ...]]:
    pairs = pair_items(old, new)
    changes = tuple(ItemChange(i, j, _field_changes(old[i].to_json(), new[j].to_json())) for i, j in pairs)
    paired_new = {j for _, j in pairs}
    paired_old = {i for i, _ in pairs}
    added = tuple((j, item) for j, item in enumerate(new) if j not in paired_new)
    removed = tuple(i for i in range(len(old)) if i not in paired_old)
    return changes, added, removed


def diff_plans(a: dp.Plan, b: dp.Plan) -> PlanChanges:
    """The changes that turn plan version `a` into version `b`."""
    tasks, added_t, removed_t = _diff_items(a.tasks, b.tasks)
    inds, added_i, removed_i = _diff_items(a.indicators, b.indicators)
    return PlanChanges(
        info=_field_changes(a.info.to_json(), b.info.to_json()),
        tasks=tasks,
        added_tasks=added_t,
        removed_tasks=removed_t,
        indicators=inds,
        added_indicators=added_i,
        removed_indicators=removed_i,
    )


def _apply_items(
    old: Sequence[T],
    changes: Sequence[ItemChange],
    added: Sequence[tuple[int, T]],
    load: Callable[[dict[str, Any]], T],
) -> list[T]:
    slots: dict[int, T] = {}
    for c in changes:
        data = old[c.old_index].to_json()
        for name, (_, value) in c.fields.items():
            if value is None:
                data.pop(name, None)
            else:
                data[name] = value
        slots[c.new_index] = load(data)
    for j, item in added:
        slots[j] = item
    return [slots[j] for j in sorted(slots)]


def apply_diff(a: dp.Plan, changes: PlanChanges) -> dp.Plan:
    """Plan `a` with `changes` applied (the items removed, changed and added, in the new order)."""
    info = a.info.to_json()
    for name, (_, value) in changes.info.items():
        info[name] = value
    return replace(
        a,
        info=dp.PlanInfo.from_json(info),
        tasks=_apply_items(a.tasks, changes.tasks, changes.added_tasks, dp.Task.from_json),
        indicators=_apply_items(a.indicators, changes.indicators, changes.added_indicators, dp.Indicator.from_json),
    )
