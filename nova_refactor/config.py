"""The gate's configuration: a rule pack plus `[tool.nova-refactor]` of the target.

Sources, lowest precedence first: the rule pack (`default`, `strict`, or a TOML file), then
the target's `nova-refactor.toml` or the `[tool.nova-refactor]` table of its `pyproject.toml`.
Options are declared with types (`OptionSpec`); every problem of every source is collected
and reported at once, each naming the key and the value it expects.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from nova_refactor.confine import OutsideRoot, confined
from nova_refactor.errors import ConfigError

if TYPE_CHECKING:
    import pathspec

PACKS = ("default", "strict")
SEVERITIES = ("error", "warning", "note")
TOP_KEYS = ("pack", "description", "exclude", "baseline", "coverage", "rules", "overrides")
IGNORED_KEYS = ("contracts",)  # `boundaries --emit-contracts` may write its table here


@dataclass(frozen=True, slots=True)
class OptionSpec:
    name: str
    kind: type  # int | float | bool | str | list (of strings)
    default: Any
    description: str
    minimum: float | None = None
    choices: tuple[str, ...] = ()

    def expected(self) -> str:
        if self.choices:
            return "one of " + ", ".join(f'"{c}"' for c in self.choices)
        names = {int: "an integer", float: "a number", bool: "true or false", str: "a string",
                 list: "a list of strings"}
        text = names[self.kind]
        return f"{text} >= {self.minimum:g}" if self.minimum is not None else text

    def check(self, value: Any) -> Any:
        """The value, converted; raises ValueError when it does not fit."""
        if self.kind is list:
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise ValueError
            return tuple(value)
        if not self._fits(value):
            raise ValueError
        return float(value) if self.kind is float else value

    def _fits(self, value: Any) -> bool:
        ok_types: tuple[type, ...] = (int, float) if self.kind is float else (self.kind,)
        # bool is an int to Python, never to a configuration file.
        if isinstance(value, bool) != (self.kind is bool) or not isinstance(value, ok_types):
            return False
        # only numbers have a minimum
        below = self.minimum is not None and isinstance(value, int | float) and value < self.minimum
        return not below and (not self.choices or value in self.choices)


COMMON_OPTIONS = (
    OptionSpec("enabled", bool, True, "whether the rule runs"),
    OptionSpec("severity", str, "error", "error breaks the gate; warning and note only report",
               choices=SEVERITIES),
    OptionSpec("exclude", list, (), "gitignore-style patterns of paths this rule skips"),
)


@dataclass(frozen=True, slots=True)
class RuleSpec:
    id: str
    description: str
    options: tuple[OptionSpec, ...] = ()
    help_uri: str = ""

    def all_options(self) -> dict[str, OptionSpec]:
        return {o.name: o for o in (*COMMON_OPTIONS, *self.options)}


@dataclass(frozen=True, slots=True)
class Override:
    spec: pathspec.PathSpec
    rules: Mapping[str, Mapping[str, Any]]


@dataclass(frozen=True, slots=True)
class GateConfig:
    """What the gate runs: rule options, excludes and per-path overrides."""

    pack: str
    sources: tuple[str, ...]
    rules: Mapping[str, Mapping[str, Any]]  # every enabled or configured rule, defaults filled
    exclude: pathspec.PathSpec = field(default_factory=lambda: _spec(()))
    exclude_patterns: tuple[str, ...] = ()  # the same, as written (discovery skips them too)
    overrides: tuple[Override, ...] = ()
    baseline: str | None = None
    coverage: str | None = None

    def options_for(self, rule: str, path: str) -> Mapping[str, Any] | None:
        """The rule's options at `path`, or None when the rule does not judge that path."""
        options = self.rules.get(rule)
        if options is None or (path and self.exclude.match_file(path)):
            return None
        if path:
            options = self._overridden(rule, path, options)
        if not options["enabled"] or (path and _spec(options["exclude"]).match_file(path)):
            return None
        return options

    def _overridden(self, rule: str, path: str, options: Mapping[str, Any]) -> Mapping[str, Any]:
        for override in self.overrides:  # later overrides win, as later sources do
            if rule in override.rules and override.spec.match_file(path):
                options = {**options, **override.rules[rule]}
        return options

    def enabled(self) -> tuple[str, ...]:
        return tuple(r for r, o in self.rules.items() if o["enabled"])


def _spec(patterns: Sequence[str]) -> pathspec.PathSpec:
    import pathspec  # imports here keep `analyze`'s start-up light (it reads only `exclude`)

    return pathspec.GitIgnoreSpec.from_lines(list(patterns))


class _Errors:
    def __init__(self) -> None:
        self.items: list[str] = []

    def add(self, source: str, key: str, message: str) -> None:
        self.items.append(f"{source}: {key}: {message}")


def load_config(
    root: Path, catalog: Mapping[str, RuleSpec], rules: str | None = None
) -> GateConfig:
    """The merged configuration for the target at `root`; ConfigError lists every problem."""
    errors = _Errors()
    user_source, user = _user_table(root, errors)
    _paths_inside(root, user_source, user, errors)
    pack_name = rules or _pack_name(user, user_source, errors)
    pack_source, pack = _read_pack(pack_name, root, errors)
    if rules is None:  # a pack the repository names is the repository's content too
        _paths_inside(root, pack_source, pack, errors)
    merged: dict[str, dict[str, Any]] = {}
    top: dict[str, Any] = {}
    layers = ((pack_source, pack, ""), (user_source, user, _prefix(user_source)))
    for source, table, prefix in layers:
        if table is not None:
            _merge(source, prefix, table, catalog, merged, top, errors)
    if errors.items:
        count = len(errors.items)
        heading = f"{count} configuration error{'s' if count > 1 else ''}:"
        raise ConfigError("\n  ".join([heading, *errors.items]))
    return _build(pack_name, (pack_source, user_source), catalog, merged, top)


def project_excludes(root: Path) -> tuple[str, ...]:
    """The `exclude` patterns of the configuration at `root`, which every command honours as
    `check` does; a file that cannot be read or an `exclude` that is not a list of patterns
    is a ConfigError, never silently ignored (the rest is `check`'s to validate)."""
    errors = _Errors()
    source, table = _user_table(root, errors)
    found = (table or {}).get("exclude", [])
    if not isinstance(found, list) or not all(isinstance(p, str) for p in found):
        errors.add(source, _prefix(source) + "exclude",
                   f"expected a list of gitignore patterns, got {found!r}")
    if errors.items:
        raise ConfigError("configuration error: " + "; ".join(errors.items))
    return tuple(found)


def _prefix(source: str) -> str:
    return "tool.nova-refactor." if source.endswith("pyproject.toml") else ""


def _user_table(root: Path, errors: _Errors) -> tuple[str, dict[str, Any] | None]:
    own = root / "nova-refactor.toml"
    if own.is_file():
        return own.name, _read_toml(own, own.name, errors)
    pyproject = root / "pyproject.toml"
    if pyproject.is_file():
        data = _read_toml(pyproject, pyproject.name, errors) or {}
        table = data.get("tool", {}).get("nova-refactor")
        if isinstance(table, dict):
            return pyproject.name, table
        if table is not None:
            errors.add(pyproject.name, "tool.nova-refactor", f"expected a table, got {table!r}")
    return "", None


def _read_toml(path: Path, source: str, errors: _Errors) -> dict[str, Any] | None:
    import tomllib  # a warm run of a project with no TOML file never loads it

    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as err:
        errors.add(source, "file", f"cannot be read ({err})")
    except tomllib.TOMLDecodeError as err:
        errors.add(source, "file", f"is not valid TOML ({err})")
    return None


def _paths_inside(root: Path, source: str, table: dict[str, Any] | None,
                  errors: _Errors) -> None:
    """The repository's configuration may only name files inside the repository: a hostile
    one could otherwise make `--update-baseline` write elsewhere or print another file's lines.
    The CLI flags (`--baseline`, `--coverage`, `--rules`) are the user's and may point anywhere."""
    for key in ("baseline", "coverage", "pack"):
        value = (table or {}).get(key)
        if not isinstance(value, str) or (key == "pack" and value in PACKS):
            continue
        try:
            confined(root, value)
        except OutsideRoot as err:
            errors.add(source, _prefix(source) + key, f"must stay inside the repository: {err}")
            table.pop(key)  # type: ignore[union-attr]  # reported; never used


def _pack_name(user: dict[str, Any] | None, source: str, errors: _Errors) -> str:
    name = (user or {}).get("pack", "default")
    if not isinstance(name, str):
        errors.add(source, _prefix(source) + "pack",
                   f'expected "default", "strict" or a path to a TOML file, got {name!r}')
        return "default"
    return name


def _read_pack(name: str, root: Path, errors: _Errors) -> tuple[str, dict[str, Any] | None]:
    if name in PACKS:
        # only the commands that judge read a pack (importlib.resources: 15 ms)
        import tomllib
        from importlib import resources

        text = resources.files("nova_refactor.rules").joinpath(f"{name}.toml")
        return f"rules/{name}.toml", tomllib.loads(text.read_text(encoding="utf-8"))
    path = Path(name) if Path(name).is_absolute() else root / name
    if not path.is_file():
        errors.add(name, "pack", 'expected "default", "strict" or an existing TOML file')
        return name, None
    return name, _read_toml(path, name, errors)


def _merge(
    source: str, prefix: str, table: dict[str, Any], catalog: Mapping[str, RuleSpec],
    merged: dict[str, dict[str, Any]], top: dict[str, Any], errors: _Errors,
) -> None:
    for key, value in table.items():
        if key == "rules":
            _merge_rules(source, f"{prefix}rules", value, catalog, merged, errors)
        elif key == "overrides":
            top.setdefault("overrides", []).extend(
                _overrides(source, f"{prefix}overrides", value, catalog, errors)
            )
        elif key in ("exclude",):
            _set_top(source, prefix + key, value, OptionSpec(key, list, (), ""), top, errors)
        elif key in ("baseline", "coverage", "pack", "description"):
            _set_top(source, prefix + key, value, OptionSpec(key, str, "", ""), top, errors)
        elif key == "tool" and source == "nova-refactor.toml":
            errors.add(source, key, "this file holds the settings at its top level: drop the "
                       "[tool.nova-refactor] prefix (it belongs in pyproject.toml)")
        elif key not in IGNORED_KEYS:
            errors.add(source, prefix + key,
                       "unknown key; expected one of " + ", ".join(TOP_KEYS))


def _set_top(
    source: str, key: str, value: Any, spec: OptionSpec, top: dict[str, Any], errors: _Errors
) -> None:
    try:
        converted = spec.check(value)
    except ValueError:
        errors.add(source, key, f"expected {spec.expected()}, got {value!r}")
        return
    if spec.name == "exclude":
        converted = (*top.get("exclude", ()), *converted)  # excludes add up across sources
    top[spec.name] = converted


def _rule_options(
    source: str, key: str, value: Any, rule: RuleSpec, errors: _Errors
) -> dict[str, Any]:
    if not isinstance(value, dict):
        errors.add(source, key, f"expected a table of options, got {value!r}")
        return {}
    declared = rule.all_options()
    options = {}
    for name, raw in value.items():
        spec = declared.get(name)
        if spec is None:
            errors.add(source, f"{key}.{name}",
                       "unknown option; expected one of " + ", ".join(declared))
            continue
        try:
            options[name] = spec.check(raw)
        except ValueError:
            errors.add(source, f"{key}.{name}", f"expected {spec.expected()}, got {raw!r}")
    return options


def _merge_rules(
    source: str, key: str, value: Any, catalog: Mapping[str, RuleSpec],
    merged: dict[str, dict[str, Any]], errors: _Errors,
) -> None:
    for rule_id, options in _rule_tables(source, key, value, catalog, errors):
        merged.setdefault(rule_id, {}).update(options)


def _rule_tables(
    source: str, key: str, value: Any, catalog: Mapping[str, RuleSpec], errors: _Errors
) -> list[tuple[str, dict[str, Any]]]:
    if not isinstance(value, dict):
        errors.add(source, key, f"expected a table of rules, got {value!r}")
        return []
    tables = []
    for rule_id, options in value.items():
        if rule_id not in catalog:
            errors.add(source, f"{key}.{rule_id}",
                       "unknown rule; expected one of " + ", ".join(sorted(catalog)))
            continue
        tables.append((rule_id, _rule_options(source, f"{key}.{rule_id}", options,
                                              catalog[rule_id], errors)))
    return tables


def _overrides(
    source: str, key: str, value: Any, catalog: Mapping[str, RuleSpec], errors: _Errors
) -> list[Override]:
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        errors.add(source, key, "expected an array of tables ([[overrides]])")
        return []
    found = []
    for i, table in enumerate(value):
        where = f"{key}[{i}]"
        paths = table.get("paths")
        if not isinstance(paths, list) or not paths or not all(isinstance(p, str) for p in paths):
            errors.add(source, f"{where}.paths", f"expected a non-empty list of strings, got "
                       f"{paths!r}")
            paths = []
        for extra in sorted(set(table) - {"paths", "rules"}):
            errors.add(source, f"{where}.{extra}", "unknown key; expected paths or rules")
        rules = dict(_rule_tables(source, f"{where}.rules", table.get("rules", {}), catalog,
                                  errors))
        found.append(Override(_spec(paths), rules))
    return found


def _build(
    pack: str, sources: tuple[str, str], catalog: Mapping[str, RuleSpec],
    merged: dict[str, dict[str, Any]], top: dict[str, Any],
) -> GateConfig:
    rules = {}
    for rule_id, options in merged.items():
        defaults = {name: spec.default for name, spec in catalog[rule_id].all_options().items()}
        rules[rule_id] = {**defaults, **options}
    return GateConfig(
        pack=pack,
        sources=tuple(s for s in sources if s),
        rules=rules,
        exclude=_spec(top.get("exclude", ())),
        exclude_patterns=tuple(top.get("exclude", ())),
        overrides=tuple(top.get("overrides", ())),
        baseline=top.get("baseline"),
        coverage=top.get("coverage"),
    )
