"""The module names a Rust split writes to, chosen against what the crate already has.

The split's modules have standard names (`routes`, `app_state`, .. in
codemods/split_modules.py). A crate may already declare a module of that name that nobody
generated: a path-constants `routes.rs` (`pub const USERS: &str = "/users";`), a `cli.rs` of
clap types, a `state.rs`. Such a module is not an earlier split and must not block the split,
nor be overwritten. For each target the rule is, in order of the names
`<name>, *rust_alternatives, <name>_2, <name>_3, ..` (`routes, http_routes, app_routes,
routes_2, ..`):

- a name `main.rs` declares (`mod x;`) whose file an earlier split wrote (its `//!` header
  says "by `nova-refactor apply ..`", or the journal lists it as created): that split is done,
  the target is not extracted again (a second `apply` finds nothing to do);
- a name `main.rs` declares otherwise (hand-written, inline or missing file): skipped;
- a name taken some other way is skipped too: a file `x.rs` or folder `x/` next to
  `main.rs` (a sibling module of the library), an item or a `use` name of `main.rs`, a
  dependency of the package (`mod x` would make `x::..` ambiguous), a name chosen for another
  target;
- the first name left is the target's module, and the plan says why when it is not `<name>`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from nova_refactor.codemods import journal
from nova_refactor.codemods.rust import toolchain
from nova_refactor.codemods.rust.crate_index import Scope
from nova_refactor.codemods.split_modules import RUST_ALTERNATIVES
from nova_refactor.errors import InputError, UsageError

MARKER = "by `nova-refactor apply"  # every module header the Rust split writes has it
HEADER_LINES = 12  # the header is the file's first `//!` lines; a rustfmt run keeps them


@dataclass
class ModuleNames:
    """role (the table's module name) -> the module the split writes it to."""

    chosen: dict[str, str] = field(default_factory=dict)
    done: list[str] = field(default_factory=list)  # roles an earlier split wrote already
    notes: dict[str, str] = field(default_factory=dict)  # role -> why it got another name

    def __getitem__(self, role: str) -> str:
        return self.chosen.get(role, role)

    def done_of(self, roles: Iterable[str]) -> list[str]:
        return [role for role in roles if role in self.done]

    def wiring(self) -> re.Pattern[str]:
        """A path into one of the split's modules (`http_routes::configure`): a statement
        naming one wires the split; a hand-written `routes::USERS` does not."""
        names = sorted(set(self.chosen.values()), key=len, reverse=True)
        return re.compile(rf"\b({'|'.join(map(re.escape, names))})::" if names else r"(?!)")


def choose(root: Path, entry: str, roles: Iterable[str], scope: Scope) -> ModuleNames:
    """The module name of each role, by the rule of this module's docstring."""
    folder = (root / entry).parent
    created = _journal_created(root)
    taken = _Taken(scope, _files_next_to(folder), _dependencies(root, entry))
    result = ModuleNames()
    for role in roles:
        skipped = []
        for name in _candidates(role):
            if name in scope.modules and _generated(folder, name, created):
                result.done.append(role)
                break
            why = taken.why(name, result.chosen.values())
            if not why:
                break
            skipped.append(f"`{name}` ({why})")
        result.chosen[role] = name
        if skipped and role not in result.done:
            result.notes[role] = _note(role, name, skipped)
    return result


@dataclass(frozen=True, slots=True)
class _Taken:
    scope: Scope
    files: set[str]  # `x.rs` and `x/` next to main.rs
    dependencies: set[str]

    def why(self, name: str, chosen: Iterable[str]) -> str:
        """Why `name` cannot be the new module's name; "" when it can."""
        reasons = (
            (name in self.scope.modules, "a hand-written module main.rs declares"),
            (name in self.files, "a file or folder next to main.rs that main.rs does not "
                                 "declare"),
            (name in self.scope.items, "an item of main.rs"),
            (name in self.scope.imports, "a `use` name of main.rs"),
            (name in self.dependencies, "a dependency of the package"),
            (name in chosen, "chosen for another module of the split"),
        )
        return next((why for hit, why in reasons if hit), "")


def _note(role: str, name: str, skipped: list[str]) -> str:
    order = ", ".join((role, *RUST_ALTERNATIVES.get(role, ()), f"{role}_2"))
    return (f"{name}.rs holds what the table calls {role}.rs: " + "; ".join(skipped) +
            " (no `nova-refactor apply` header, not in the journal: not an earlier split). "
            f"The first free name of {order}, .. is taken")


def _candidates(role: str) -> Iterator[str]:
    yield role
    yield from RUST_ALTERNATIVES.get(role, ())
    number = 2
    while True:
        yield f"{role}_{number}"
        number += 1


def module_file(folder: Path, name: str) -> Path | None:
    """The file of `mod name;` declared in `folder`'s crate root: `name.rs` or
    `name/mod.rs`; None when neither exists (an inline `mod name { .. }`, a `#[path]`)."""
    for candidate in (folder / f"{name}.rs", folder / name / "mod.rs"):
        if candidate.is_file():
            return candidate
    return None


def is_generated(path: Path | None) -> bool:
    """The file starts with the header the Rust split writes."""
    if path is None:
        return False
    try:
        with path.open(encoding="utf-8", errors="replace") as handle:
            head = [handle.readline() for _ in range(HEADER_LINES)]
    except OSError:
        return False
    return any(line.startswith("//!") and MARKER in line for line in head)


def _generated(folder: Path, name: str, created: set[Path]) -> bool:
    path = module_file(folder, name)
    return path is not None and (is_generated(path) or path.resolve() in created)


def _journal_created(root: Path) -> set[Path]:
    """Files an applied (not undone) journal entry created: an earlier split's modules."""
    try:
        entries = list(journal.applied(root))
    except (InputError, UsageError, OSError):  # a damaged journal: `undo` reports it
        return set()
    return {(root / path).resolve() for entry in entries for path in entry.created}


def _files_next_to(folder: Path) -> set[str]:
    """`x.rs` and `x/` next to main.rs: in a lib + bin package, the library's modules."""
    return {p.stem for p in folder.iterdir() if p.suffix == ".rs" or p.is_dir()} - {"main"}


def _dependencies(root: Path, entry: str) -> set[str]:
    """The package's dependency crate names as code writes them (`actix-web` ->
    `actix_web`), and renamed ones by their new name."""
    manifest = toolchain.package_manifest(root, entry)
    data = toolchain.read_manifest(manifest) if manifest is not None else {}
    names = set()
    for table in ("dependencies", "dev-dependencies", "build-dependencies"):
        names |= {name.replace("-", "_") for name in data.get(table, {}) or {}}
    return names
