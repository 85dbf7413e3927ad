"""Every rule the gate knows, by id (one small module per rule family)."""

from __future__ import annotations

from nova_refactor.config import RuleSpec
from nova_refactor.gate.rules.base import Rule
from nova_refactor.gate.rules.boundaries import BOUNDARIES
from nova_refactor.gate.rules.complexity import COMPLEXITY, MAINTAINABILITY
from nova_refactor.gate.rules.coverage_rule import COVERAGE
from nova_refactor.gate.rules.locks import AWAIT, HOT, SHARED
from nova_refactor.gate.rules.parsing import UNPARSABLE
from nova_refactor.gate.rules.sizes import ENTRYPOINT, FILE

RULES: dict[str, Rule] = {
    rule.spec.id: rule
    for rule in (ENTRYPOINT, FILE, COMPLEXITY, MAINTAINABILITY, SHARED, HOT, AWAIT, BOUNDARIES,
                 COVERAGE, UNPARSABLE)
}
CATALOG: dict[str, RuleSpec] = {rule_id: rule.spec for rule_id, rule in RULES.items()}
