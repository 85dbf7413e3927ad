"""The planners on small projects: what moves, what is refused and why, idempotence, shims."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from nova_refactor.codemods.extract.apply import write_plan
from nova_refactor.codemods.extract.planner import plan_common, plan_service
from nova_refactor.codemods.extract.proposal_file import read_proposal
from nova_refactor.codemods.plan import Skipped
from nova_refactor.errors import InputError
from nova_refactor.vocabulary import SkipKind
from tests.gate_helpers import write_tree

SHOP = {
    "pyproject.toml": '[project]\nname = "shop-backend"\n[project.scripts]\n'
                      'shop = "orders.api:main"\n',
    "models.py": "class Order:\n    pass\n",
    "db.py": "import models\n\n\ndef save(order: models.Order) -> None:\n    pass\n",
    "orders/__init__.py": "",
    "orders/api.py": "from db import save\nfrom models import Order\n\n\ndef main() -> None:\n"
                     "    save(Order())\n",
    "billing/__init__.py": "",
    "billing/invoice.py": "from models import Order\n\n\ndef bill(order: Order) -> int:\n"
                          "    return 1\n",
    "main.py": "import importlib\n\nfrom orders import api\n"
               "BILLING = importlib.import_module('billing.invoice')\n",
    "tests/test_orders.py": "from unittest import mock\n\nimport orders.api\n\n\n"
                            "@mock.patch('orders.api.save')\ndef test_main(save):\n"
                            "    orders.api.main()\n    assert save.called\n",
}


def _proposal(root: Path, **changes: object) -> Path:
    data = {"schema": "nova-refactor/boundaries/2", "entrypoints": ["main.py"],
            "shared": {"modules": ["models.py", "db.py"]},
            "services": [{"name": "orders", "modules": ["orders/api.py"], "routes": []},
                         {"name": "billing", "modules": ["billing/invoice.py"]}],
            "crossings": []}
    data.update(changes)
    path = root.parent / f"{root.name}-proposal.json"
    path.write_text(json.dumps(data))
    return path


@pytest.fixture
def shop(tmp_path: Path) -> Path:
    return write_tree(tmp_path / "shop", SHOP)


def test_extract_common_moves_the_library_and_rewrites_every_import(shop: Path) -> None:
    plan = plan_common(shop, read_proposal(_proposal(shop)))
    assert plan.refusals == () and plan.package == "shop_common"
    texts = {c.path: c.after.decode() for c in plan.changeset.changes if not c.removed}
    removed = sorted(c.path for c in plan.changeset.changes if c.removed)
    assert removed == ["db.py", "models.py"]
    assert texts["shop_common/db.py"].startswith("import shop_common.models as models\n")
    assert "from shop_common.db import save\nfrom shop_common.models import Order\n" in \
        texts["orders/api.py"]
    assert "contracts.toml" in texts and "shop_common/__init__.py" in texts


def test_a_second_run_has_nothing_to_do(shop: Path) -> None:
    proposal = read_proposal(_proposal(shop))
    write_plan(plan_common(shop, proposal), contracts=False)
    again = plan_common(shop, proposal)
    assert again.refusals == () and again.nothing_to_do


def test_the_library_importing_a_service_is_refused_with_file_and_line(shop: Path) -> None:
    (shop / "db.py").write_text("import models\nfrom orders.api import main\n")
    plan = plan_common(shop, read_proposal(_proposal(shop)))
    assert plan.changeset.empty
    assert (plan.refusals[0].kind, plan.refusals[0].site) == (SkipKind.DEPENDENCY, "db.py:2")
    assert plan.refusals[0].render().startswith("db.py:2: the shared library imports "
                                                "orders/api.py (service orders)")


def test_a_service_importing_another_is_refused_unless_the_proposal_cuts_that_edge(
        shop: Path) -> None:
    (shop / "billing/invoice.py").write_text("from orders.api import main\n")
    plan = plan_service(shop, read_proposal(_proposal(shop)), "billing")
    assert plan.refusals[0].render().startswith("billing/invoice.py:1: service billing imports "
                                                "orders/api.py (orders)")
    cut = [{"first": "billing", "second": "orders", "edges": [
        {"source": "billing/invoice.py", "target": "orders/api.py", "names": ["main"]}]}]
    plan = plan_service(shop, read_proposal(_proposal(shop, crossings=cut)), "billing")
    assert plan.refusals == ()
    assert any("would become a call (main)" in line for line in plan.lines)


def test_extract_service_scaffolds_and_rewrites_strings(shop: Path) -> None:
    plan = plan_service(shop, read_proposal(_proposal(shop)), "orders")
    texts = {c.path: c.after.decode() for c in plan.changeset.changes if not c.removed}
    assert {"orders_service/app.py", "orders_service/README.md", "orders_service/api.py",
            "orders_service/tests/test_orders_service_entrypoint.py"} <= set(texts)
    assert "@mock.patch('orders_service.api.save')" in texts["tests/test_orders.py"]
    assert "import orders_service.api\n" in texts["tests/test_orders.py"]
    assert 'shop = "orders_service.api:main"' in texts["pyproject.toml"]
    assert "edge main.py:3 -> orders/api.py: an import of the new package " \
           "(orders_service.api)" in plan.lines


def test_an_edited_proposal_is_taken_as_it_is(shop: Path) -> None:
    # a human renamed a service and moved a module into the library
    services = [{"name": "Sales-Service", "modules": ["orders/api.py"]},
                {"name": "billing", "modules": []}]
    path = _proposal(shop, services=services,
                     shared={"modules": ["models.py", "db.py", "billing/invoice.py"],
                             "name": "acme"})
    common = plan_common(shop, read_proposal(path))
    assert common.package == "acme_common"
    assert any(c.path == "acme_common/billing/invoice.py" for c in common.changeset.changes)
    sales = plan_service(shop, read_proposal(path), "sales")
    assert sales.package == "sales_service"


def test_a_module_the_proposal_names_but_the_tree_lacks_is_refused(shop: Path) -> None:
    path = _proposal(shop, shared={"modules": ["models.py", "gone.py"]})
    assert plan_common(shop, read_proposal(path)).refusals == (Skipped(
        SkipKind.MISSING, "in the proposal but not found (an edited proposal may name a module "
        "that does not exist)", "gone.py"),)


def test_a_broken_proposal_is_one_line_naming_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "p.json"
    bad.write_text("{ not json")
    with pytest.raises(InputError, match=r"p.json: not a boundaries JSON document"):
        read_proposal(bad)
    bad.write_text('{"services": [{"modules": []}]}')
    with pytest.raises(InputError, match=r"services\[0\]: expected an object with a \"name\""):
        read_proposal(bad)


def test_shims_keep_old_imports_working_with_a_deprecation_warning(shop: Path) -> None:
    write_plan(plan_common(shop, read_proposal(_proposal(shop)), shims=True), contracts=False)
    probe = ("import warnings\nwarnings.simplefilter('error')\n"
             "try:\n    import models\nexcept DeprecationWarning as w:\n    print('warned', w)\n"
             "warnings.simplefilter('ignore')\nimport models, shop_common.models as new\n"
             "print(models is new)\n")
    out = subprocess.run([sys.executable, "-c", probe], cwd=shop, capture_output=True,
                         text=True, check=True).stdout
    assert out == "warned models moved to shop_common.models; import it from there\nTrue\n"


def test_a_rust_library_is_planned_as_a_workspace_crate_and_a_rust_service_refused(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from nova_refactor.codemods.extract import rust

    monkeypatch.setattr(rust, "narrow_visibility_possible", lambda: False)  # no cargo here
    root = write_tree(tmp_path / "crate", {
        "Cargo.toml": '[package]\nname = "user-service"\nedition = "2021"\n\n'
                      '[dependencies]\nserde = "1"\ntokio = "1"\n',
        "src/main.rs": "#[macro_use]\nmod db;\nmod api;\nuse crate::db::Pool;\nfn main() {}\n",
        "src/db.rs": "use serde::Serialize;\npub(crate) struct Pool;\n",
        "src/api.rs": "pub fn f() {}\n"})
    path = _proposal(root, shared={"modules": ["src/db.rs"]}, entrypoints=["src/main.rs"],
                     services=[{"name": "api", "modules": ["src/api.rs"]}])
    plan = plan_common(root, read_proposal(path))
    texts = {c.path: c.after.decode() for c in plan.changeset.changes}
    assert plan.package == "user_common" and plan.language == "rust"
    assert texts["libs/user-common/src/db.rs"] == "use serde::Serialize;\npub struct Pool;\n"
    assert "visibility: cargo not found, so pub(crate) and pub(super)" in plan.lines[0]
    assert texts["src/main.rs"].startswith("#[macro_use]\nextern crate user_common;\n"
                                           "use user_common::db;\nmod api;\n"
                                           "use user_common::db::Pool;\n")
    assert 'serde = "1"' in texts["libs/user-common/Cargo.toml"]
    assert "tokio" not in texts["libs/user-common/Cargo.toml"]  # its code never names it
    assert '[workspace]\nmembers = ["libs/user-common"]' in texts["Cargo.toml"]
    [refusal] = plan_service(root, read_proposal(path), "api").refusals
    assert refusal.render().startswith("Cargo.toml: neither actix-web nor axum among the "
                                       "dependencies; the Rust service scaffold")
    monkeypatch.setattr(rust, "narrow_visibility_possible", lambda: True)  # cargo judges
    kept = plan_common(root, read_proposal(path)).changeset.changes
    assert b"pub(crate) struct Pool;" in next(c.after for c in kept
                                              if c.path == "libs/user-common/src/db.rs")


def test_the_emitted_contracts_are_held_by_the_gate_after_the_move(shop: Path) -> None:
    from nova_refactor.codemods.extract.verify import broken_contracts

    proposal = read_proposal(_proposal(shop))
    write_plan(plan_common(shop, proposal))
    write_plan(plan_service(shop, proposal, "orders"))
    assert broken_contracts(shop) == []
    (shop / "shop_common/models.py").write_text("import orders_service.api\n")
    [broken] = broken_contracts(shop)  # one import, one finding, naming both contracts
    assert broken.startswith("shop_common/models.py:1: shared module shop_common/models.py "
                             "imports orders_service/api.py (service orders)")
    assert 'import-linter contract "The shared library imports no service" broken' in broken
