"""The acceptance bar: the shared scorer over the seed plans (overall ≥ 0.92, every document ≥ 0.85)."""

from __future__ import annotations

import json
from pathlib import Path
from types import ModuleType

import pytest

from cchc.extract.pipeline import extract_file, plan_to_json

OVERALL_BAR = 0.92
DOCUMENT_BAR = 0.85


@pytest.fixture(scope="module")
def predictions(shared_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("pred")
    for seed in sorted((shared_dir / "seeds").glob("*.txt")):
        data = plan_to_json(extract_file(seed))
        (out / f"{seed.stem}.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return out


@pytest.fixture(scope="module")
def reports(scorer: ModuleType, shared_dir: Path, predictions: Path) -> dict[str, dict]:
    """The scorer's report per seed (scored once: the scorer is slow)."""
    out = {}
    for gold_path in sorted((shared_dir / "gold").glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        pred_path = predictions / gold_path.name
        assert pred_path.exists(), f"no prediction for {gold_path.name}"
        out[gold_path.stem] = scorer.score_document(gold, json.loads(pred_path.read_text(encoding="utf-8")))
    return out


def test_the_seeds_score_above_the_bar(reports) -> None:
    scores = {name: r["score"] for name, r in reports.items()}
    overall = sum(scores.values()) / len(scores)
    assert overall >= OVERALL_BAR, scores
    assert all(s >= DOCUMENT_BAR for s in scores.values()), scores


def test_the_task_part_alone_scores_above_the_bar(reports) -> None:
    # the scorer's --only tasks figure: task F1 and field accuracy × recall
    scores = {}
    for name, r in reports.items():
        t = r["tasks"]
        fields = sum(t["fields"].values()) / len(t["fields"])
        scores[name] = (t["f1"] + fields * t["recall"]) / 2
    assert sum(scores.values()) / len(scores) >= 0.95, scores
    assert all(s >= 0.90 for s in scores.values()), scores
