"""extract-common for a Rust binary crate: the shared modules become a workspace member
library crate `libs/<name>-common`, which the binary depends on.

Text-level and deliberately narrow (the compiler judges the result): each moved `mod x;`
declaration becomes `use <crate>::x;` where it stood (so every `crate::x::..` path still
resolves), `crate::x` paths outside the library are rewritten to `<crate>::x`, the moved
files keep their visibility and the checks widen to `pub` only what the compiler reports
private across the new boundary (`pub(crate)` and `pub(super)` all become `pub` without
cargo), a `#[macro_use] mod` becomes `#[macro_use] extern crate`, and the library's
dependencies are the binary's own `[dependencies]` lines for the crates its code names.
"""

from __future__ import annotations

import re
import shutil
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from nova_refactor.codemods import journal
from nova_refactor.codemods.extract import rust_library as library
from nova_refactor.codemods.extract.moves import Moved
from nova_refactor.codemods.extract.proposal_file import ExtractProposal, package_stem
from nova_refactor.codemods.plan import Skipped
from nova_refactor.codemods.rust import cargo
from nova_refactor.codemods.transaction import Transaction
from nova_refactor.errors import VerificationFailed
from nova_refactor.vocabulary import SkipKind


@dataclass(frozen=True, slots=True)
class RustModule:
    old_path: str  # src/services/metrics.rs
    new_path: str  # libs/user-common/src/services/metrics.rs
    parts: tuple[str, ...]  # ("services", "metrics")


def module_parts(path: str) -> tuple[str, ...]:
    parts = PurePosixPath(path).relative_to("src").with_suffix("").parts
    return parts[:-1] if parts and parts[-1] == "mod" else parts


def crate_names(root: Path) -> tuple[str, str, dict[str, object]]:
    """(folder, crate identifier, the root manifest) for `libs/<name>-common`."""
    manifest = tomllib.loads((root / "Cargo.toml").read_text(encoding="utf-8"))
    package = manifest.get("package", {})
    name = str(package.get("name", root.name)) if isinstance(package, dict) else root.name
    stem = package_stem(name.replace("_", "-").split("-")[0]).replace("_", "-")
    return f"libs/{stem}-common", f"{stem.replace('-', '_')}_common", manifest


def _unusable(root: Path) -> str:
    if not (root / "Cargo.toml").is_file():
        return f"{root}: no Cargo.toml at the root"
    if "package" not in crate_names(root)[2]:
        return ("Cargo.toml: a virtual workspace manifest; run `boundaries` and extract-common on "
                "the member being split (e.g. PATH/user-service); the library becomes a new "
                "member here")
    return ""


Manifests = Callable[[Path, str, str, dict[str, object], dict[str, str], Moved], None]


def plan_rust_common(root: Path, proposal: ExtractProposal,
                     manifests: Manifests | None = None, crates: Path | None = None) -> Moved:
    """`manifests` writes the Cargo.toml files (a workspace member's differ: rust_workspace);
    `crates`: the folder `libs/` is under (the workspace root for a member). A library an
    earlier run made grows by the modules the proposal added (rust_library)."""
    moved = Moved()
    why = _unusable(root)
    if why:
        moved.refusals.append(Skipped(SkipKind.UNSUPPORTED, why))  # `why` names the file
        return moved
    folder, crate, manifest = crate_names(root)
    crates = crates or root
    modules = _modules(proposal, folder)
    pending, texts, there = _common_texts(root, crates, crate, modules)
    moved.refusals += _outside(texts, {m.parts for m in modules})
    moved.refusals += _children_left(texts, {m.old_path for m in modules})
    if moved.refusals or not pending:  # nothing pending: already moved, nothing to do
        return moved
    move_modules(pending, crate, texts, moved)
    _library_lib_rs(folder, pending, there, moved)
    _declarations(root, crate, pending, moved)
    _paths(root, crate, {m.parts for m in pending}, set(texts), moved)
    code = library.all_code(texts, crates, folder, there)
    (manifests or _manifests)(root, folder, crate, manifest, code, moved)
    library.grown(moved, crates, folder, (len(pending), len(there)))
    return moved


def _library_lib_rs(folder: str, pending: list[RustModule], there: list[str],
                    moved: Moved) -> None:
    """lib.rs declares the modules moving now and those an earlier run moved."""
    moved.texts[f"{folder}/src/lib.rs"] = _lib_rs([m.parts for m in pending] +
                                                  [module_parts(p) for p in there])
    moved.created.append(f"{folder}/src/lib.rs")


def _common_texts(root: Path, crates: Path, crate: str, modules: list[RustModule]
                  ) -> tuple[list[RustModule], dict[str, str], list[str]]:
    """The modules still to move, their texts (as the library sees them) and those an
    earlier run already moved."""
    pending, texts = _pending(root, modules)
    there = library.already_there(crates, modules, pending)
    return pending, library.seen_from_inside(texts, crate, there, module_parts), there


def _pending(root: Path, modules: list[RustModule]) -> tuple[list[RustModule], dict[str, str]]:
    """The modules still in the binary (a second run finds none) and their texts."""
    pending = [m for m in modules if (root / m.old_path).is_file()]
    return pending, {m.old_path: (root / m.old_path).read_text(encoding="utf-8") for m in pending}


def _modules(proposal: ExtractProposal, folder: str) -> list[RustModule]:
    rust = [p for p in proposal.shared if p.startswith("src/") and p.endswith(".rs")]
    return [RustModule(p, f"{folder}/{p}", module_parts(p)) for p in rust]


def narrow_visibility_possible() -> bool:
    """With cargo the moved items keep their visibility and the checks widen only what the
    compiler reports (rust_visibility); without it every restricted item becomes `pub`."""
    return shutil.which("cargo") is not None


def visibility_note(narrow: bool) -> str:
    if narrow:
        return ("visibility: kept as written (pub(crate) stays pub(crate)); after writing, what "
                "cargo check reports as private across the new crate boundary becomes pub (at "
                "most 3 rounds)")
    return ("visibility: cargo not found, so pub(crate) and pub(super) in the moved files "
            "become pub (the narrowest another crate can use, unchecked)")


def move_modules(pending: list[RustModule], crate: str, texts: dict[str, str],
                 moved: Moved) -> None:
    """The modules' new files (kept as written when the compiler can narrow `pub` later),
    with the plan's lines; shared by extract-common and extract-service."""
    narrow = narrow_visibility_possible()
    moved.lines.append(visibility_note(narrow))
    for module in pending:
        text = texts[module.old_path]
        moved.texts[module.new_path] = text if narrow else _public(text)
        moved.removed.append(module.old_path)
        moved.created.append(module.new_path)
        moved.moving[module.old_path] = module.new_path
        path = "::".join(module.parts)
        moved.lines.append(f"move {module.old_path} -> {module.new_path} (crate::{path} -> "
                           f"{crate}::{path})")


_CRATE_PATH = re.compile(r"\bcrate::(\w+)(?:::(\w+))?")


def _outside(texts: dict[str, str], moving: set[tuple[str, ...]]) -> list[Skipped]:
    """The library may only name itself through `crate::`."""
    tops = {parts[0] for parts in moving}
    refusals = []
    for path, text in sorted(texts.items()):
        for number, line in enumerate(text.splitlines(), 1):
            for match in _CRATE_PATH.finditer(line):
                first, second = match.group(1), match.group(2)
                if first not in tops or (first, second) not in moving and (first,) not in moving:
                    refusals.append(Skipped(
                        SkipKind.DEPENDENCY, f"the shared library uses {match.group(0)}, which "
                        "stays in the binary crate; move it into the library in the proposal, "
                        "or the use out of it", path, number))
    return refusals


_CHILD = re.compile(r"^\s*(?:pub(?:\([^)]*\))?\s+)?mod\s+(\w+)\s*;")


def _children_left(texts: dict[str, str], moving: set[str]) -> list[Skipped]:
    """A moved module's `mod x;` needs x's file in the library too (rustc looks for it beside
    the moved file: E0583 otherwise). Found on Nova, whose proposal shared `metrics/mod.rs`."""
    refusals = []
    for path, text in sorted(texts.items()):
        module = PurePosixPath(path)
        folder = module.parent if module.stem == "mod" else module.with_suffix("")
        for number, line in enumerate(text.splitlines(), 1):
            match = _CHILD.match(line)
            child = match.group(1) if match else ""
            files = {f"{folder}/{child}.rs", f"{folder}/{child}/mod.rs"}
            if child and not moving & files:
                refusals.append(Skipped(
                    SkipKind.DEPENDENCY, f"declares `mod {child};` (a file), but "
                    f"{folder}/{child}.rs is not in the shared library; add it to the "
                    f"proposal's shared modules, or leave {path} out", path, number))
    return refusals


def _public(text: str) -> str:
    return re.sub(r"\bpub\((?:crate|super)\)", "pub", text)


def _lib_rs(parts: list[tuple[str, ...]]) -> str:
    lines = ["//! The shared library (nova-refactor extract-common).", ""]
    return "\n".join(lines + module_declarations(parts)) + "\n"


def module_declarations(parts: list[tuple[str, ...]]) -> list[str]:
    """`pub mod` for each moved module whose parent module stays in the binary (inside
    inline `pub mod parent { .. }` blocks, any depth); a moved parent's own file declares
    its children."""
    moving = set(parts)
    tree: dict[str, Any] = {}
    for module in sorted(parts):
        if module[:-1] in moving:
            continue
        node = tree
        for parent in module[:-1]:
            node = node.setdefault(parent, {})
        node.setdefault(module[-1], None)
    return _declared(tree, "")


def _declared(tree: dict[str, Any], indent: str) -> list[str]:
    lines = [f"{indent}pub mod {name};" for name, children in sorted(tree.items())
             if children is None]
    for name, children in sorted(tree.items()):
        if children is not None:
            lines += [f"{indent}pub mod {name} {{", *_declared(children, indent + "    "),
                      f"{indent}}}"]
    return lines


def _declarers(root: Path, parts: tuple[str, ...]) -> list[str]:
    """The files that may declare `mod <last part>;`: both crate roots of a lib + bin package
    (Nova's user-service declares its modules in lib.rs, its main.rs uses the lib)."""
    if len(parts) == 1:
        return [p for p in ("src/main.rs", "src/lib.rs") if (root / p).is_file()]
    parent = "/".join(parts[:-1])
    return [f"src/{parent}/mod.rs" if (root / f"src/{parent}/mod.rs").is_file()
            else f"src/{parent}.rs"]


def _declarations(root: Path, crate: str, pending: list[RustModule], moved: Moved) -> None:
    moving = {m.old_path for m in pending}
    for module in pending:
        for path in _declarers(root, module.parts):
            if path not in moving:  # a moved parent declares it in the library, as before
                _declaration(root, crate, module, path, moved)


def _declaration(root: Path, crate: str, module: RustModule, path: str, moved: Moved) -> None:
    text = moved.texts.get(path) or (root / path).read_text(encoding="utf-8")
    pattern = re.compile(rf"^(?P<attr>#\[macro_use\]\n)?(?P<vis>pub(?:\([^)]*\))? )?mod "
                         rf"{module.parts[-1]};", re.M)
    full = "::".join(module.parts)

    def declared(match: re.Match[str], full: str = full) -> str:
        extern = f"#[macro_use]\nextern crate {crate};\n" if match.group("attr") else ""
        return f"{extern}{match.group('vis') or ''}use {crate}::{full};"

    new, count = pattern.subn(declared, text)
    if count:
        moved.texts[path] = new
        moved.lines.append(f"rewrite {path}: mod {module.parts[-1]}; -> use {crate}::{full};")


def _paths(root: Path, crate: str, moving: set[tuple[str, ...]], moved_paths: set[str],
           moved: Moved) -> None:
    """`crate::x::..` of a moved module, outside the library, names the library crate."""
    tops = {parts[0] for parts in moving if len(parts) == 1}
    nested = {parts for parts in moving if len(parts) == 2}

    def swap(match: re.Match[str]) -> str:
        first, second = match.group(1), match.group(2)
        if first in tops or (first, second) in nested:
            return match.group(0).replace("crate::", f"{crate}::", 1)
        return match.group(0)

    for path in sorted(p.relative_to(root).as_posix() for p in (root / "src").rglob("*.rs")):
        if path in moved_paths:
            continue
        text = moved.texts.get(path) or (root / path).read_text(encoding="utf-8")
        new = _CRATE_PATH.sub(swap, text)
        if new != text:
            moved.texts[path] = new


def _dependency_lines(root: Path) -> dict[str, str]:
    """`[dependencies]` entries of the root manifest, as written: crate ident -> line."""
    found, inside = {}, False
    for line in (root / "Cargo.toml").read_text(encoding="utf-8").splitlines():
        if line.startswith("["):
            inside = line.strip() == "[dependencies]"
            continue
        name = line.split("=")[0].strip().split(".")[0]  # `serde.workspace = true`: serde
        if inside and name and not line.lstrip().startswith("#"):
            found[name.replace("-", "_")] = line
    return found


_USE = re.compile(r"\buse\s+(?:::)?(\w+)[^;]*;")
_ROOT_PATH = re.compile(r"(?<![\w:])(\w+)::")
_EXTERN = re.compile(r"\bextern\s+crate\s+(\w+)")


def used_crates(names: list[str], code: str) -> list[str]:
    """The dependencies (manifest keys) whose crate the code names: the first segment of a
    `use` or of a path, never a segment inside one (`actix_web::{http::StatusCode}` names
    actix_web, not the `http` crate)."""
    roots = {m.group(1) for m in _USE.finditer(code)} | \
        {m.group(1) for m in _EXTERN.finditer(code)} | \
        {m.group(1) for m in _ROOT_PATH.finditer(_USE.sub(";", code))}
    return [name for name in names if name.replace("-", "_") in roots]


def _manifests(root: Path, folder: str, crate: str, manifest: dict[str, object],
               texts: dict[str, str], moved: Moved) -> None:
    lines = _dependency_lines(root)
    used = [lines[ident] for ident in sorted(used_crates(list(lines), "\n".join(texts.values())))]
    package = manifest.get("package", {})
    edition = package.get("edition", "2021") if isinstance(package, dict) else "2021"
    name = folder.rsplit("/", 1)[1]
    moved.texts[f"{folder}/Cargo.toml"] = (
        f'[package]\nname = "{name}"\nversion = "0.1.0"\nedition = "{edition}"\n'
        'publish = false\n\n[dependencies]\n' + "".join(f"{line}\n" for line in used))
    moved.created.append(f"{folder}/Cargo.toml")
    root_text = (root / "Cargo.toml").read_text(encoding="utf-8")
    dependency = f'{name} = {{ path = "{folder}" }}'
    if "[workspace]" not in root_text:
        root_text = root_text.replace("[dependencies]\n", f'[workspace]\nmembers = ["{folder}"]'
                                      f"\n\n[dependencies]\n{dependency}\n", 1)
    else:
        root_text = re.sub(r"members\s*=\s*\[", f'members = ["{folder}", ', root_text, count=1)
        root_text = root_text.replace("[dependencies]\n", f"[dependencies]\n{dependency}\n", 1)
    moved.texts["Cargo.toml"] = root_text
    moved.lines.append(f"create {folder}/Cargo.toml ({len(used)} of the binary's dependencies, "
                       f"those its code names); Cargo.toml: workspace member and dependency "
                       f"{name}")


class CargoChecks:
    """`cargo check` of the binary (which builds the new library as its dependency) and of
    the library alone, after writing; before writing, the original must compile, else the
    result says why it is not verifiable. `member`: the binary's folder under `root` when
    `root` is a virtual workspace (checking there would build every member)."""

    def __init__(self, root: Path, folder: str, member: str = ".") -> None:
        self.root, self.folder, self.member = root, folder, member
        self.before_run = cargo.not_run("not run yet")

    def before(self) -> None:
        self.before_run = cargo.check(self.root / self.member)

    def after(self, written: Transaction | None = None) -> tuple[str, ...]:
        if not self.before_run.passed:
            return (f"not verifiable: {self.before_run.why or 'the crate did not compile before'}",)
        for folder in (self.root / self.member, self.root / self.folder):
            run = cargo.check(folder)
            if not run.passed:
                raise VerificationFailed(f"cargo check {folder.name}: compiled: no (rolled "
                                         f"back): {run.why}")
        self._lock_rewritten(written)
        return (f"compiled: yes (cargo check of the binary and of {self.folder})",)

    def _lock_rewritten(self, written: Transaction | None) -> None:
        """cargo added the new member to Cargo.lock: the journal takes that as the entry's
        own write, so `undo` puts the original lock back without calling it an edit."""
        entry = written.entry if written is not None else None
        lock = self.root / "Cargo.lock"
        if written is not None and entry is not None and "Cargo.lock" in entry.written \
                and lock.is_file():
            written.entry = journal.rewritten(self.root, entry, {"Cargo.lock": lock.read_bytes()})
