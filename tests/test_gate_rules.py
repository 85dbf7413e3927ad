"""Each rule on a small fixture tree, with its own one-rule pack."""

from __future__ import annotations

from pathlib import Path

import pytest

from nova_refactor.errors import ConfigError
from nova_refactor.gate.engine import CheckOutcome
from tests.gate_helpers import branchy, by_rule, gate, write_tree

FLASK_APP = """\
import asyncio
import threading
from flask import Flask

app = Flask(__name__)
LOCK = threading.Lock()
ALOCK = asyncio.Lock()


def helper():
    return 1


@app.get("/items")
def items():
    with LOCK:
        return "ok"


async def worker():
    with LOCK:
        await asyncio.sleep(0)
    async with ALOCK:
        await asyncio.sleep(0)
"""


def _pack(root: Path, text: str) -> str:
    (root / "pack.toml").write_text(text)
    return "pack.toml"


def test_entrypoint_size_flags_only_long_entrypoints(tmp_path: Path) -> None:
    filler = "x = 1\n" * 120
    write_tree(tmp_path, {
        "main.py": filler + "if __name__ == '__main__':\n    print(x)\n",
        "lib/big.py": filler,
        "tool.py": "if __name__ == '__main__':\n    print(1)\n",
    })
    outcome = gate(tmp_path, rules=_pack(tmp_path, "[rules.entrypoint-size]\nmax_lines = 99\n"))
    assert by_rule(outcome, "entrypoint-size") == [("main.py", 1, "main.py")]
    finding = outcome.result.judged[0].finding
    assert (finding.value, finding.threshold) == (122, 99)
    assert outcome.result.broken


def test_file_size_uses_physical_lines_and_per_path_overrides(tmp_path: Path) -> None:
    write_tree(tmp_path, {"a.py": "x = 1\n" * 11, "b.py": "x = 1\n" * 10,
                          "legacy/c.py": "x = 1\n" * 30})
    pack = _pack(tmp_path, "[rules.file-size]\nmax_lines = 10\n[[overrides]]\n"
                           'paths = ["legacy/"]\nrules.file-size.max_lines = 40\n')
    assert by_rule(gate(tmp_path, rules=pack), "file-size") == [("a.py", 1, "a.py")]


def test_complexity_is_judged_per_function_never_per_file(tmp_path: Path) -> None:
    many_small = "".join(branchy(f"f{i}", 4) for i in range(6))  # 6 x 5, file total 30
    write_tree(tmp_path, {
        "small.py": many_small,
        "big.py": "class Service:\n" + branchy("handle", 11, indent="    "),
    })
    outcome = gate(tmp_path, rules=_pack(tmp_path, "[rules.function-complexity]\nmax = 10\n"))
    assert by_rule(outcome, "function-complexity") == [("big.py", 2, "Service.handle")]
    finding = outcome.result.judged[0].finding
    assert (finding.value, finding.threshold, finding.end_line) == (12, 10, 25)
    assert finding.message.startswith("Service.handle has cyclomatic complexity 12 (at most 10)")


def test_maintainability_lower_is_worse(tmp_path: Path) -> None:
    write_tree(tmp_path, {"a.py": branchy("f", 3), "empty.py": "# only a comment\n"})
    outcome = gate(tmp_path, rules=_pack(tmp_path, "[rules.maintainability]\nmin = 100\n"))
    [judged] = outcome.result.judged
    assert (judged.finding.path, judged.finding.worse) == ("a.py", "lower")
    assert judged.finding.value < 100


def test_lock_rules(tmp_path: Path) -> None:
    write_tree(tmp_path, {"app.py": FLASK_APP})
    pack = _pack(tmp_path, "[rules.shared-locks]\n[rules.lock-on-request-path]\n"
                           "[rules.lock-across-await]\n")
    outcome = gate(tmp_path, rules=pack)
    assert by_rule(outcome, "shared-locks") == [
        ("app.py", 6, "LOCK@<module>"), ("app.py", 7, "ALOCK@<module>")]
    assert by_rule(outcome, "lock-on-request-path") == [("app.py", 16, "LOCK@items:with")]
    # asyncio.Lock across an await is fine; a threading lock is not.
    assert by_rule(outcome, "lock-across-await") == [("app.py", 21, "LOCK@worker:with")]


CONTRACTS = """\
[tool.nova-refactor.contracts]
schema = "nova-refactor/contracts/1"
shared = ["utils.py"]
entrypoints = ["main.py"]

[tool.nova-refactor.contracts.services.posts]
modules = ["services/posts.py"]

[tool.nova-refactor.contracts.services.streaming]
modules = ["services/streaming.py", "services/media.py"]
"""


def _service_tree(root: Path) -> None:
    write_tree(root, {
        "contracts.toml": CONTRACTS,
        "main.py": "import services.posts\nimport services.streaming\nimport utils\n",
        "utils.py": "import json\n\n\nfrom services import media\n",
        "services/__init__.py": "",
        "services/posts.py": "import utils\n\nfrom services.streaming import start\n",
        "services/streaming.py": "from services import media\n\n\ndef start():\n    pass\n",
        "services/media.py": "import utils\n",
        "loose.py": "import services.posts\n",
    })


def test_boundaries_on_our_import_edges(tmp_path: Path) -> None:
    _service_tree(tmp_path)
    outcome = gate(tmp_path, rules=_pack(tmp_path, "[rules.boundaries]\nimportlinter = false\n"))
    found = {(j.finding.path, j.finding.line): j.finding.message for j in outcome.result.judged}
    assert sorted(found) == [("services/posts.py", 3), ("utils.py", 4)]
    assert "services/posts.py (service posts) imports services/streaming.py (service " \
           "streaming)" in found[("services/posts.py", 3)]
    assert "shared module utils.py imports services/media.py" in found[("utils.py", 4)]
    assert any("in no contract" in note and "loose.py" in note for note in outcome.result.notes)


def test_boundaries_without_contracts_is_a_note(tmp_path: Path) -> None:
    write_tree(tmp_path, {"a.py": "import b\n", "b.py": ""})
    outcome = gate(tmp_path, rules=_pack(tmp_path, "[rules.boundaries]\n"))
    assert outcome.result.judged == () and not outcome.result.broken
    assert "no contracts.toml" in outcome.result.notes[0]


SHOP_CONTRACT = """\
    [tool.importlinter]
    root_packages = ["shop"]
    [[tool.importlinter.contracts]]
    name = "Proposed services are independent"
    type = "independence"
    modules = ["shop.orders", "shop.billing"]
    """


def _shop(root: Path, orders: str) -> CheckOutcome:
    write_tree(root, {"contracts.toml": SHOP_CONTRACT, "shop/__init__.py": "",
                      "shop/orders.py": orders, "shop/billing.py": "X = 1\n"})
    return gate(root, rules=_pack(root, "[rules.boundaries]\n"))


@pytest.mark.slow
def test_boundaries_run_import_linter_on_its_table(tmp_path: Path) -> None:
    outcome = _shop(tmp_path, "import json\nimport shop.billing\n")
    [judged] = outcome.result.judged
    assert (judged.finding.path, judged.finding.line) == ("shop/orders.py", 2)
    assert judged.finding.message == ('import-linter contract "Proposed services are '
                                      'independent" broken: shop.orders imports shop.billing')


EMITTED = CONTRACTS + """
[tool.importlinter]
root_packages = ["services"]

[[tool.importlinter.contracts]]
name = "Service posts does not import other services"
type = "forbidden"
source_modules = ["services.posts"]
forbidden_modules = ["services.streaming", "services.media"]
as_packages = false
allow_indirect_imports = true

[[tool.importlinter.contracts]]
name = "Proposed services are independent"
type = "independence"
modules = ["services.posts", "services.streaming"]
"""


@pytest.mark.slow
def test_one_cross_service_import_is_one_finding_naming_each_contract(tmp_path: Path) -> None:
    # our edge check and the two contracts emitted with it all see services/posts.py:3
    _service_tree(tmp_path)
    (tmp_path / "contracts.toml").write_text(EMITTED)
    outcome = gate(tmp_path, rules=_pack(tmp_path, "[rules.boundaries]\n"))
    at_posts = [j.finding for j in outcome.result.judged if j.finding.path == "services/posts.py"]
    assert len(at_posts) == 1
    assert at_posts[0].message.startswith("services/posts.py (service posts) imports services/"
                                          "streaming.py (service streaming)")
    assert at_posts[0].message.endswith('(import-linter contracts "Service posts does not '
                                        'import other services", "Proposed services are '
                                        'independent" broken too)')


@pytest.mark.slow
def test_kept_import_linter_contracts_pass_quietly(tmp_path: Path) -> None:
    # lint-imports prints no "Broken contracts" section when every contract is kept.
    outcome = _shop(tmp_path, "import json\n")
    assert outcome.result.judged == () and not outcome.result.broken
    assert not any("import-linter" in note for note in outcome.result.notes)


def test_parse_broken_reads_a_report_with_every_contract_kept() -> None:
    from nova_refactor.gate.importlinter_engine import parse_broken

    report = "=========\nContracts\n=========\n\nA KEPT\n\nContracts: 1 kept, 0 broken.\n"
    assert parse_broken(report) == []


@pytest.mark.parametrize(
    ("importlinter", "note"),
    [
        ('contract_types = ["x: evil.Contract"]', "it declares contract_types"),
        ('root_packages = ["shop.sub"]', "root package shop.sub is dotted"),
    ],
)
def test_import_linter_is_not_run_when_it_would_import_target_code(
    tmp_path: Path, importlinter: str, note: str
) -> None:
    write_tree(tmp_path, {"contracts.toml": f"[tool.importlinter]\n{importlinter}\n",
                          "shop/__init__.py": "raise SystemExit('executed')\n"})
    outcome = gate(tmp_path, rules=_pack(tmp_path, "[rules.boundaries]\n"))
    assert any(note in n and "never runs" in n for n in outcome.result.notes)


def test_without_import_linter_installed_a_note_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from nova_refactor.gate import importlinter_engine

    monkeypatch.setattr(importlinter_engine, "available", lambda: False)
    write_tree(tmp_path, {"contracts.toml": '[tool.importlinter]\nroot_packages = ["shop"]\n',
                          "shop/__init__.py": ""})
    outcome = gate(tmp_path, rules=_pack(tmp_path, "[rules.boundaries]\n"))
    assert any("pip install 'nova-refactor[importlinter]'" in n for n in outcome.result.notes)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[tool.other]\n", "tool.nova-refactor.contracts: missing table"),
        ('[tool.nova-refactor.contracts]\nschema = "v0"\nshared = "utils.py"\n',
         'contracts.schema: expected "nova-refactor/contracts/1"'),
        ('[tool.nova-refactor.contracts]\nschema = "nova-refactor/contracts/1"\n'
         '[tool.nova-refactor.contracts.services.a]\nmodules = ["x.py"]\n'
         '[tool.nova-refactor.contracts.services.b]\nmodules = ["x.py"]\n',
         "x.py is already in service a"),
    ],
)
def test_bad_contracts_are_config_errors(tmp_path: Path, text: str, message: str) -> None:
    write_tree(tmp_path, {"contracts.toml": text, "a.py": ""})
    with pytest.raises(ConfigError, match="contracts") as err:
        gate(tmp_path, rules=_pack(tmp_path, "[rules.boundaries]\n"))
    assert message in str(err.value)


def test_an_unparsable_file_breaks_the_default_gate(tmp_path: Path) -> None:
    write_tree(tmp_path, {"ok.py": "x = 1\n", "broken.py": "x = 1\n\ndef f(:\n",
                          "fixtures/bad.py": "def g(:\n"})
    outcome = gate(tmp_path)
    assert by_rule(outcome, "unparsable-file") == [("broken.py", 3, "broken.py"),
                                                   ("fixtures/bad.py", 1, "fixtures/bad.py")]
    assert outcome.result.broken
    (tmp_path / "pyproject.toml").write_text(
        '[tool.nova-refactor.rules.unparsable-file]\nexclude = ["fixtures/"]\n')
    assert by_rule(gate(tmp_path), "unparsable-file") == [("broken.py", 3, "broken.py")]


def test_without_the_rule_unparsable_files_are_named_in_a_note(tmp_path: Path) -> None:
    write_tree(tmp_path, {"ok.py": "x = 1\n", "broken.py": "def f(:\n"})
    outcome = gate(tmp_path, rules=_pack(tmp_path, "[rules.file-size]\n"))
    assert any("could not be read or parsed" in n and "broken.py:1" in n
               for n in outcome.result.notes)
