"""`check --list-rules`: every rule's id, description and typed options, and whether the
target's configuration enables it."""

from __future__ import annotations

import json
from collections.abc import Mapping

from rich.table import Table
from rich.text import Text

from nova_refactor.config import GateConfig, OptionSpec, RuleSpec


def _option(spec: OptionSpec, value: object) -> str:
    shown = list(value) if isinstance(value, tuple) else value
    return f"{spec.name} = {json.dumps(shown)} ({spec.expected()}): {spec.description}"


def rule_rows(catalog: Mapping[str, RuleSpec], config: GateConfig) -> list[tuple[str, str, str]]:
    rows = []
    for rule_id, spec in catalog.items():
        active = config.rules.get(rule_id)
        state = "on" if active and active["enabled"] else "off"
        options = [_option(o, (active or {}).get(o.name, o.default)) for o in spec.options]
        rows.append((f"{rule_id} [{state}]", spec.description, "\n".join(options)))
    return rows


def rules_view(catalog: Mapping[str, RuleSpec], config: GateConfig) -> Table:
    table = Table(title=f"Rules (pack {config.pack}; every rule also takes enabled, severity, "
                        "exclude)", title_justify="left", title_style="bold", show_lines=True)
    for header in ("rule", "description", "options (current value)"):
        table.add_column(header, overflow="fold")
    for row in rule_rows(catalog, config):
        table.add_row(*(Text(cell) for cell in row))  # "[on]" is text, not rich markup
    return table
