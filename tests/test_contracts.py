"""`--emit-contracts`: our contracts table, and import-linter accepting and enforcing its part."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import tomllib
from pathlib import Path

import pytest

from nova_refactor.analysis.boundaries.model import BoundaryOptions
from nova_refactor.analysis.boundaries.propose import propose
from nova_refactor.analysis.run.pipeline import Options, analyze
from nova_refactor.report.machine.contracts import CONTRACTS_SCHEMA, render_contracts
from tests.graph_helpers import synthetic

LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"

TREE = {
    "main.py": "import shop.billing.invoice\nimport shop.catalog.search\n"
               "if __name__ == '__main__':\n    shop.billing.invoice.issue()\n",
    "shop/__init__.py": "",
    "shop/errors.py": "class ShopError(Exception):\n    pass\n",
    "shop/config.py": "from shop.errors import ShopError\nLIMIT = 3\n",
    "shop/billing/__init__.py": "",
    "shop/billing/invoice.py": "from shop.billing.tax import rate, Region\n"
                               "from shop.errors import ShopError\nfrom shop import config\n"
                               "def issue():\n    return rate(Region(), config.LIMIT)\n",
    "shop/billing/tax.py": "from shop.errors import ShopError\nclass Region:\n    pass\n"
                           "def rate(region, limit):\n    return 0.2\n",
    "shop/catalog/__init__.py": "",
    "shop/catalog/item.py": "from shop.errors import ShopError\nfrom shop import config\n"
                            "class Item:\n    pass\n",
    "shop/catalog/search.py": "from shop.catalog.item import Item\n"
                              "def search(q):\n    return [Item()]\n",
}


def _write(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))


def _emit(root: Path) -> tuple[str, object]:
    analysis = analyze([root], Options(use_cache=False))
    proposal = propose(analysis, BoundaryOptions(history=False))
    return render_contracts(proposal, analysis), proposal


def _lint(root: Path, config: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(LINT_IMPORTS), str(config), "--no-cache"], cwd=root,
                          capture_output=True, text=True, timeout=120, check=False)


def test_our_table_follows_the_spec(tmp_path: Path) -> None:
    _write(tmp_path, TREE)
    text, proposal = _emit(tmp_path)
    data = tomllib.loads(text)["tool"]["nova-refactor"]["contracts"]
    assert data["schema"] == CONTRACTS_SCHEMA
    assert data["entrypoints"] == ["main.py"]
    assert set(data["shared"]) >= {"shop/errors.py", "shop/config.py"}
    services = {name: set(s["modules"]) for name, s in data["services"].items()}
    assert services == {
        "billing": {"shop/billing/__init__.py", "shop/billing/invoice.py", "shop/billing/tax.py"},
        "catalog": {"shop/catalog/__init__.py", "shop/catalog/item.py", "shop/catalog/search.py"},
    }


@pytest.mark.slow
def test_import_linter_accepts_and_enforces_the_contracts(tmp_path: Path) -> None:
    _write(tmp_path, TREE)
    text, _ = _emit(tmp_path)
    config = tmp_path / "contracts.toml"
    config.write_text(text)
    kept = _lint(tmp_path, config)
    assert kept.returncode == 0, kept.stdout + kept.stderr
    assert "0 broken" in kept.stdout
    # now catalog reaches into billing: import-linter must report it
    (tmp_path / "shop/catalog/item.py").write_text(
        "from shop.billing.tax import rate\nclass Item:\n    pass\n")
    broken = _lint(tmp_path, config)
    assert broken.returncode == 1, broken.stdout + broken.stderr
    assert "Service catalog does not import other services BROKEN" in broken.stdout
    assert "shop.catalog.item -> shop.billing.tax" in broken.stdout


def test_no_import_linter_part_without_packages() -> None:
    analysis = synthetic(["a.rs", "b.rs"], [("a.rs", "b.rs")])
    text = render_contracts(propose(analysis, BoundaryOptions(history=False)), analysis)
    data = tomllib.loads(text)
    assert "importlinter" not in data["tool"]
    assert data["tool"]["nova-refactor"]["contracts"]["services"]
