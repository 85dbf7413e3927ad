"""Rust crates and module trees, and `use`/`mod` resolution to project files.

Crates are the `Cargo.toml` folders that hold analysed `.rs` files (or are `[workspace] members`,
globs allowed); a crate's name is its `[package] name` with `-` as `_`. Each crate's module tree
starts at `src/lib.rs`, `src/main.rs` and `src/bin/*.rs` and follows `mod x;` items to `x.rs`,
`x/mod.rs` or the file a `#[path = ".."]` names. A file the tree does not reach gets the module
path of its location under `src/`. Paths resolve from `crate::`, `self::`, `super::`, a child
module of the current module (2018 paths), or another crate of the workspace; anything else
(std, external crates) is not part of the project and yields no edge.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from nova_refactor.model import FileFacts, ImportEdge, ImportKind, Language

Module = tuple[str, tuple[str, ...]]  # (crate dir, module path)
MAX_HOPS = 8  # re-export chains followed at most this far (cycles end there too)


@dataclass(frozen=True, slots=True)
class Resolved:
    file: str
    rest: tuple[str, ...]  # path segments after the module: the item's name(s)


class RustModules:
    def __init__(self, files: Iterable[FileFacts], root: Path | None = None) -> None:
        self.files = {f.path: f for f in files if f.language == Language.RUST}
        self.root = root
        self.crate_names: dict[str, str] = {}  # crate name -> crate dir ("" for the root)
        self.module_of: dict[str, Module] = {}
        self.file_of: dict[Module, str] = {}
        self.mod_edges: list[ImportEdge] = []
        self.by_dir: dict[str, list[str]] = {}
        self.use_scopes: dict[str, dict[str, str]] = {}  # file -> `_use_scope`
        # dir -> its parsed Cargo.toml: a workspace's root manifest is asked for by every
        # member (Nova's backend parsed it 5 times, 16 parses for 7 manifests)
        self.manifests: dict[str, dict] = {}
        self.member_dirs: dict[str, set[str]] = {}  # dir -> its manifest's workspace members
        for path in sorted(self.files):
            self.by_dir.setdefault(path.rpartition("/")[0], []).append(path)
        for crate_dir in sorted(self._crate_dirs()):
            self.crate_names.setdefault(self._crate_name(crate_dir), crate_dir)
            self._tree(crate_dir)
        for path in self.files:
            if path not in self.module_of:
                crate_dir, module = _by_location(path)
                self._register(path, (crate_dir, module))

    # crates -----------------------------------------------------------------------------
    def _crate_dirs(self) -> set[str]:
        # A file outside any `src/` (a `#[path]` target, a loose script) makes no crate.
        dirs = {_by_location(path)[0] for path in self.files if "src" in path.split("/")}
        for crate_dir in list(dirs):
            dirs |= self._members(crate_dir)
        return dirs

    def _manifest(self, crate_dir: str) -> dict:
        if crate_dir not in self.manifests:
            self.manifests[crate_dir] = self._read_manifest(crate_dir)
        return self.manifests[crate_dir]

    def _read_manifest(self, crate_dir: str) -> dict:
        if self.root is None:
            return {}
        try:
            return tomllib.loads((self.root / crate_dir / "Cargo.toml").read_text("utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
            return {}

    def _members(self, crate_dir: str) -> set[str]:
        """`[workspace] members` of the manifest in `crate_dir` or any folder above it."""
        found: set[str] = set()
        parts = PurePosixPath(crate_dir).parts
        for end in range(len(parts), -1, -1):
            found |= self._workspace_members("/".join(parts[:end]))
        return found

    def _workspace_members(self, base: str) -> set[str]:
        """The crate folders `base`'s manifest lists as members, globbed once per manifest
        (every member asks for the root's: Nova's backend globbed each pattern 5 times)."""
        if base not in self.member_dirs:
            members = self._manifest(base).get("workspace", {}).get("members", [])
            patterns = members if isinstance(members, list) else []
            self.member_dirs[base] = {d for p in patterns for d in self._glob(base, str(p))}
        return self.member_dirs[base]

    def _glob(self, base: str, pattern: str) -> set[str]:
        if self.root is None:
            return set()
        top = self.root / base if base else self.root
        return {
            match.parent.relative_to(self.root).as_posix()
            for match in top.glob(f"{pattern}/Cargo.toml")
        } - {"."}

    def _crate_name(self, crate_dir: str) -> str:
        name = self._manifest(crate_dir).get("package", {}).get("name")
        if not isinstance(name, str):
            name = PurePosixPath(crate_dir).name or (self.root.name if self.root else "crate")
        return name.replace("-", "_")

    # module trees -----------------------------------------------------------------------
    def _register(self, path: str, module: Module) -> None:
        self.module_of[path] = module
        self.file_of.setdefault(module, path)

    def _tree(self, crate_dir: str) -> None:
        src = f"{crate_dir}/src" if crate_dir else "src"
        roots = [f"{src}/lib.rs", f"{src}/main.rs"]
        roots += self.by_dir.get(f"{src}/bin", [])
        top: Module = (crate_dir, ())
        todo = [(path, top) for path in roots if path in self.files]
        while todo:
            path, module = todo.pop()
            if path not in self.module_of:
                self._register(path, module)
                todo.extend(self._children(path, module, is_root=path in roots))

    def _children(self, path: str, module: Module, is_root: bool) -> list[tuple[str, Module]]:
        """The files of the `mod x;` items of `path`, each recorded as a `mod` edge."""
        found: list[tuple[str, Module]] = []
        for spec in self.files[path].imports:
            if spec.kind != ImportKind.MOD:
                continue  # looked up only for `mod` items: the path arithmetic is serial time
            child = self._child_file(path, spec.module, spec.alias, is_root)
            if child is not None:
                found.append((child, (module[0], (*module[1], spec.module))))
                self.mod_edges.append(
                    ImportEdge(path, child, (spec.module,), ImportKind.MOD, spec.line))
        return found

    def _child_file(self, parent: str, name: str, path_attr: str, is_root: bool) -> str | None:
        if path_attr:
            candidate = _normal(PurePosixPath(parent).parent / path_attr)
            return candidate if candidate in self.files else None
        # strings, not PurePosixPath: asked for every `mod` item of the crate (serial time)
        folder, _, file_name = parent.rpartition("/")
        stem = file_name.removesuffix(".rs")
        base = folder if is_root or file_name == "mod.rs" else _joined(folder, stem)
        for file in (_joined(base, f"{name}.rs"), _joined(base, f"{name}/mod.rs")):
            if file in self.files:
                return file
        return None

    # resolution -------------------------------------------------------------------------
    def resolve(self, importer: str, path: str, hops: int = 0) -> Resolved | None:
        """The project file a `::` path used in `importer` reaches, with what follows it."""
        if importer not in self.module_of:
            return None
        crate_dir, current = self.module_of[importer]
        parts = [p for p in path.split("::") if p]
        base = self._base(crate_dir, current, parts)
        if base is None:  # a name the importer's own `use` items bring into scope
            via = self._through_use(importer, parts) if hops < MAX_HOPS else ""
            return self.resolve(importer, via, hops + 1) if via else None
        crate_dir, module, parts = base
        for end in range(len(parts), -1, -1):
            target = self.file_of.get((crate_dir, (*module, *parts[:end])))
            if target is not None:
                return Resolved(target, tuple(parts[end:]))
        return None

    def _through_use(self, importer: str, parts: list[str]) -> str:
        """`handlers::get_feed` after `use user_service::handlers::{self, ..}` (or `use
        crate::handlers;`, `use x::y as handlers;`) is `user_service::handlers::get_feed`: what
        a module the split wrote (`routes.rs`) reaches through the imports it was given."""
        full = self._use_scope(importer).get(parts[0] if parts else "")
        return "::".join([full, *parts[1:]]) if full else ""

    def _use_scope(self, importer: str) -> dict[str, str]:
        """Name in scope -> the full path of the first `use` that brings it in from elsewhere,
        made once per file (it was read again for each unresolved path: half of the edges'
        time on Nova's backend)."""
        scope = self.use_scopes.get(importer)
        if scope is None:
            scope = {}
            for visible, full in _visible_names(self.files[importer].imports):
                if full.split("::", 1)[0] != visible:
                    scope.setdefault(visible, full)
            self.use_scopes[importer] = scope
        return scope

    def _base(self, crate_dir: str, current: tuple[str, ...], parts: list[str]):
        if not parts:
            return None
        head = parts[0]
        if head == "crate":
            return crate_dir, (), parts[1:]
        if head in ("self", "super"):
            module = list(current)
            while parts and parts[0] in ("self", "super"):
                if parts.pop(0) == "super" and module:
                    module.pop()
            return crate_dir, tuple(module), parts
        if (crate_dir, (*current, head)) in self.file_of:
            return crate_dir, current, parts
        if head in self.crate_names:
            return self.crate_names[head], (), parts[1:]
        return None

    def follow(self, found: Resolved) -> Resolved:
        """Through `pub use` re-exports to the file that defines the item: `use crate::io::Read`
        where `io/mod.rs` does `pub use self::read::Read` depends on `io/read.rs` (as Python's
        `__init__` re-exports are followed), not on the module-tree parent."""
        for _ in range(MAX_HOPS):
            if len(found.rest) != 1:
                return found
            source = self._reexported(found.file, found.rest[0])
            step = self.resolve(found.file, source) if source else None
            if step is None or step.file == found.file:
                return found
            found = step
        return found

    def _reexported(self, file: str, name: str) -> str:
        for spec in self.files[file].imports:
            if spec.kind != ImportKind.RE_EXPORT:
                continue
            shown = spec.asnames or spec.names
            for original, visible in zip(spec.names, shown, strict=False):
                if (visible or original) == name and original not in ("*", "self"):
                    return f"{spec.module}::{original}"
        return ""

    def module_path(self, file: str) -> str:
        return "::".join(self.module_of.get(file, ("", ()))[1])


def _visible_names(imports) -> Iterator[tuple[str, str]]:
    """(name in scope, full path) of every name a file's `use` items bring in (globs aside)."""
    for spec in imports:
        if spec.kind not in (ImportKind.USE, ImportKind.RE_EXPORT):
            continue
        aliases = spec.asnames or ("",) * len(spec.names)
        for original, alias in zip(spec.names, aliases, strict=False):
            if original != "*":
                full = spec.module if original == "self" else f"{spec.module}::{original}"
                yield alias or full.rsplit("::", 1)[-1], full


def _joined(folder: str, name: str) -> str:
    return f"{folder}/{name}" if folder else name


def _by_location(path: str) -> Module:
    """(crate dir, module path) from where a file sits: `a/src/x/y.rs` -> ("a", ("x", "y"))."""
    parts = path.split("/")  # a file's path as found: relative, with `/`, no `.` or `..`
    if "src" in parts:
        at = len(parts) - 1 - parts[::-1].index("src")
        crate_dir, inner = "/".join(parts[:at]), list(parts[at + 1 :])
    else:
        crate_dir, inner = "/".join(parts[:-1]), [parts[-1]]
    inner[-1] = inner[-1].removesuffix(".rs")
    if inner[-1] == "mod" or (len(inner) == 1 and inner[0] in ("main", "lib")):
        inner = inner[:-1]
    return crate_dir, tuple(inner)


def _normal(path: PurePosixPath) -> str:
    out: list[str] = []
    for part in path.parts:
        if part == "..":
            if out:
                out.pop()
        elif part != ".":
            out.append(part)
    return "/".join(out)


def rust_import_edges(modules: RustModules) -> tuple[ImportEdge, ...]:
    """`use` edges weighted like Python's: the names used across the edge, i.e. the imported
    names plus the associated functions and methods of imported types the importer calls."""
    edges = [*modules.mod_edges, *_macro_edges(modules)]
    members = _members_by_type(modules.files.values())
    for path, facts in modules.files.items():
        called: set[str] | None = None  # read when an imported type has members (a third)
        for (target, line, kind), names in _use_targets(modules, path, facts).items():
            offered = {m for n in names for m in members.get((target, n), ())}
            if offered and called is None:
                called = _called(facts)
            used = offered & called if offered and called else set()
            edges.append(ImportEdge(path, target, tuple(names), kind, line,
                                    max(1, len(names) + len(used))))
    return tuple(sorted(edges, key=lambda e: (e.source, e.line, e.target)))


def _use_targets(modules: RustModules, path: str, facts: FileFacts
                 ) -> dict[tuple[str, int, ImportKind], list[str]]:
    """(target file, line, kind) -> the names a file's `use` items take from that file."""
    grouped: dict[tuple[str, int, ImportKind], list[str]] = {}
    for spec in facts.imports:
        if spec.kind not in (ImportKind.USE, ImportKind.RE_EXPORT):
            continue
        for name in spec.names:
            full = spec.module if name in ("self", "*") else f"{spec.module}::{name}"
            found = modules.resolve(path, full)
            if found is not None and spec.kind != ImportKind.RE_EXPORT:
                found = modules.follow(found)
            if found is not None and found.file != path:
                grouped.setdefault((found.file, spec.line, spec.kind), []).append(name)
    return grouped


def _members_by_type(files: Iterable[FileFacts]) -> dict[tuple[str, str], set[str]]:
    """(file, type) -> the names of the functions its `impl` blocks define there."""
    found: dict[tuple[str, str], set[str]] = {}
    for facts in files:
        for function in facts.functions:
            owner, _, member = function.name.rpartition("::")
            if owner and "::" not in owner:
                found.setdefault((facts.path, owner), set()).add(member)
    return found


def _called(facts: FileFacts) -> set[str]:
    """Member names a file calls, as `.method` or `Type::function` (the type is not checked:
    a method name matches when its type is imported from the same file)."""
    names = set()
    for call in facts.calls:
        for callee in call.callees:
            if callee.startswith("."):
                names.add(callee[1:])
            elif "::" in callee and not callee.startswith("fn:"):
                names.add(callee.rpartition("::")[2])
    return names


def _macro_edges(modules: RustModules) -> list[ImportEdge]:
    """Invoked macros defined by `macro_rules!` in exactly one other file of the same crate
    (macros need no `use`: `#[macro_use] mod log;` makes `info!` reach every later module)."""
    homes = _macro_homes(modules)
    edges: list[ImportEdge] = []
    for path, facts in modules.files.items():
        crate = modules.module_of.get(path, ("", ()))[0]
        for spec in (s for s in facts.imports if s.kind == ImportKind.MACRO):
            by_target: dict[str, list[str]] = {}
            for name in spec.names:
                home = homes.get((crate, name), set())
                if len(home) == 1 and path not in home:
                    by_target.setdefault(next(iter(home)), []).append(name)
            edges.extend(
                ImportEdge(path, target, tuple(names), ImportKind.MACRO, spec.line, len(names))
                for target, names in by_target.items())
    return edges


def _macro_homes(modules: RustModules) -> dict[tuple[str, str], set[str]]:
    """(crate dir, macro name) -> the files whose `macro_rules!` define it."""
    defined: dict[tuple[str, str], set[str]] = {}
    for path, facts in modules.files.items():
        crate = modules.module_of.get(path, ("", ()))[0]
        for spec in facts.imports:
            if spec.kind == ImportKind.MACRO_RULES:
                for name in spec.names:
                    defined.setdefault((crate, name), set()).add(path)
    return defined
