"""The route accuracy benchmark scores our inventory against a hand-made truth."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "data" / "routes" / "accuracy"


def _bench():
    path = ROOT / "benchmarks" / "routes_accuracy.py"
    spec = importlib.util.spec_from_file_location("routes_accuracy", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


def test_scores_the_fixture_against_its_truth(capsys: pytest.CaptureFixture[str]) -> None:
    bench = _bench()
    assert bench.main([str(FIXTURE / "truth.json"), str(FIXTURE)]) == 0
    out = capsys.readouterr().out
    # Found: GET+POST /items (mounted) and GET /lost (not mounted, so not counted).
    assert "truth 3, found 3, mounted 2" in out
    assert "true positives 2, precision 100.0%, recall 66.7%" in out
    assert "missed   DELETE /items" in out
    assert "invented" not in out


def test_duplicates_and_unresolved_routes_are_not_counted() -> None:
    bench = _bench()
    truth = json.loads((FIXTURE / "truth.json").read_text())
    found = [
        {"method": "GET", "path": "/items", "endpoint": "items", "mounted": True},
        {"method": "GET", "path": "/items", "endpoint": "items", "mounted": True},
        {"method": "POST", "path": "/items", "endpoint": "other", "mounted": True},
        {"method": "DELETE", "path": "<dynamic: P>/items", "endpoint": "items", "mounted": True,
         "unresolved": "prefix P is not a literal"},
    ]
    result = bench.score(truth, found)
    assert (result.mounted, result.unresolved, result.true_positives) == (3, 1, 2)
    assert result.inventions == [("GET", "/items")]
    assert result.endpoints_agree == 1
    assert result.precision == pytest.approx(2 / 3)


def test_usage_error_without_pairs(capsys: pytest.CaptureFixture[str]) -> None:
    assert _bench().main(["only-truth.json"]) == 2
    assert "TRUTH.json CHECKOUT_PATH" in capsys.readouterr().err
