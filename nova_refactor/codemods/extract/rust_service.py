"""extract-service for a Rust binary crate: the service's modules become the workspace member
crate `services/<name>-service`, a library (the moved `mod` tree) with a small actix-web or
axum binary serving the routes the service owns; the monolith depends on it and keeps serving
every route through it.

Text-level like extract-common (the compiler judges the result). In the moved files every
`crate::a::b` path is classified by the module it names: the service's own stays `crate::`,
the shared library's becomes `<name>_common::` (extract-common must have run), another
service's becomes `<other>_service::` when the proposal cuts that edge and that service was
extracted first (a crate cannot depend on the monolith, nor two crates on each other), and
anything that stays in the monolith is refused with its file and line. In the monolith each
`mod x;` of a moved module becomes `use <crate>::x;` where it stood, and its `crate::x` paths
name the new crate, as extract-common does.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from nova_refactor.codemods.extract import rust_contracts, rust_paths
from nova_refactor.codemods.extract import rust_service_axum as axum
from nova_refactor.codemods.extract import rust_service_bins as bins
from nova_refactor.codemods.extract import rust_service_files as files
from nova_refactor.codemods.extract import rust_service_inline as inline
from nova_refactor.codemods.extract import rust_service_layers as service_layers
from nova_refactor.codemods.extract import rust_service_names as names
from nova_refactor.codemods.extract import rust_service_state as state
from nova_refactor.codemods.extract.moves import Moved
from nova_refactor.codemods.extract.proposal_file import ExtractProposal, ServiceSpec, package_stem
from nova_refactor.codemods.extract.rust import (
    RustModule,
    _declarations,
    _dependency_lines,
    _paths,
    crate_names,
    module_parts,
    move_modules,
)
from nova_refactor.codemods.plan import Skipped
from nova_refactor.frontends.rust.syntax import parse
from nova_refactor.vocabulary import SkipKind

SERVICES_FOLDER = "services"


@dataclass(frozen=True, slots=True)
class ServiceCrate:
    name: str  # the proposal's service name, e.g. streams
    folder: str  # services/streams-service
    package: str  # streams-service
    ident: str  # streams_service


def service_crate(name: str) -> ServiceCrate:
    stem = package_stem(name).replace("_", "-")
    package = f"{stem}-service"
    return ServiceCrate(name, f"{SERVICES_FOLDER}/{package}", package, package.replace("-", "_"))


def crate_of_ident(ident: str) -> ServiceCrate:
    """The service crate a plan names by its identifier (`streams_service`)."""
    return service_crate(ident.removesuffix("_service"))


@dataclass(slots=True)
class Links:
    """Where the moved code's paths lead: the crates the service depends on, per path kind."""

    common: tuple[str, str] = ("", "")  # (folder, ident) of the shared library crate
    services: dict[str, ServiceCrate] = field(default_factory=dict)  # used other services
    uses_common: bool = False


# Writes the Cargo.toml files once the moved code is known: the root package's own
# (`_root_manifest`) or, for a member of a virtual workspace, rust_workspace's.
ServiceManifests = Callable[[ServiceCrate, Moved], None]


def plan_rust_service(root: Path, proposal: ExtractProposal, service: ServiceSpec,
                      crates: Path | None = None,
                      manifests: ServiceManifests | None = None) -> Moved:
    """`crates`: the folder `services/` and `libs/` are under (the workspace root when `root`
    is a member of a virtual workspace; `root` itself otherwise)."""
    moved = Moved()
    crate = service_crate(service.name)
    why = _unusable(root, crate)
    if why:
        moved.refusals.append(Skipped(SkipKind.UNSUPPORTED, why))  # `why` names the file
        return moved
    crates = crates or root
    pending = _pending(root, crates, crate, service, moved)
    if moved.refusals or not pending:  # nothing pending: already extracted, nothing to do
        return moved
    texts = {m.old_path: (root / m.old_path).read_text(encoding="utf-8") for m in pending}
    links = Links(common=crate_names(root)[:2])
    rewritten = _rewrite_paths((root, crates), proposal, service, pending, texts, links, moved)
    routes = files.owned_routes(service, pending, rewritten, moved.refusals)
    if moved.refusals:
        return moved
    move_modules(pending, crate.ident, rewritten, moved)
    _scaffold(root, proposal, service, crate, pending, routes, links, moved)
    if moved.refusals:  # the scaffold's own (axum's state type): nothing is planned
        moved.texts.clear()
        return moved
    _declarations(root, crate.ident, pending, moved)
    _paths(root, crate.ident, {m.parts for m in pending}, set(texts), moved)
    if manifests is None:
        _root_manifest(root, crate, moved)
        _contracts(root, proposal, moved)
    else:  # contracts.toml's paths are the package's; a workspace's span two crate roots
        manifests(crate, moved)
    return moved


def _contracts(root: Path, proposal: ExtractProposal, moved: Moved) -> None:
    """contracts.toml follows the modules (the gate's `boundaries` rule reads it); a file the
    user wrote is left alone and reported."""
    if rust_contracts.written_by_hand(root):
        moved.reported.append("contracts.toml: written by hand, not updated nor checked")
        return
    folders = [crate_names(root)[0], *(service_crate(s.name).folder for s in proposal.services)]
    place = rust_contracts.placed(root, proposal, folders, moved.moving)
    moved.texts["contracts.toml"] = rust_contracts.contracts_text(proposal, place)
    moved.lines.append("write contracts.toml (services and shared library at their places "
                       "after the move; checked with the gate's rule boundaries)")


def _pending(root: Path, crates: Path, crate: ServiceCrate, service: ServiceSpec,
             moved: Moved) -> list[RustModule]:
    """The service's modules still to move; one neither here nor there is refused."""
    modules = [RustModule(p, f"{crate.folder}/{p}", module_parts(p)) for p in service.modules
               if p.startswith("src/") and p.endswith(".rs")]
    here = [m for m in modules if (root / m.old_path).is_file()]
    moved.refusals += [Skipped(SkipKind.MISSING, "in the proposal but not found", m.old_path)
                       for m in modules
                       if m not in here and not (crates / m.new_path).is_file()]
    return _declared(root, here, moved)


def _declared(root: Path, modules: list[RustModule], moved: Moved) -> list[RustModule]:
    """A file no parent declares is no module (the new crate would compile it): it stays."""
    pending = []
    for module in modules:
        parent = rust_paths.undeclared_in(root, module.parts)
        if parent:
            moved.reported.append(f"{module.old_path}: left where it is, not compiled in the "
                                  f"crate ({parent} declares no `mod {module.parts[-1]};`)")
        else:
            pending.append(module)
    return pending


def _unusable(root: Path, crate: ServiceCrate) -> str:
    if not (root / "Cargo.toml").is_file():
        return f"{root}: no Cargo.toml at the root"
    manifest = crate_names(root)[2]
    package = manifest.get("package")
    if not isinstance(package, dict):
        return ("Cargo.toml: a virtual workspace manifest; extract-service works on the package "
                "being split (run it in its folder)")
    if package.get("name") == crate.package:
        return (f"Cargo.toml: the package is already named {crate.package}; rename the service "
                "in the proposal")
    if not _framework(root):
        return ("Cargo.toml: neither actix-web nor axum among the dependencies; the Rust "
                "service scaffold (its routes, binary and route test) is written for those two")
    return ""


def _framework(root: Path) -> str:
    """The web framework the generated files are written for: actix-web first, then axum."""
    names = _dependency_lines(root)
    return next((f for f in ("actix_web", "axum") if f in names or f.replace("_", "-") in names),
                "")


def _module_owners(proposal: ExtractProposal) -> dict[tuple[str, ...], tuple[str, str]]:
    """Module path -> (owner, file) for every Rust module the proposal names."""
    owners: dict[tuple[str, ...], tuple[str, str]] = {}
    groups = [("shared", proposal.shared), ("entrypoint", proposal.entrypoints),
              *((s.name, s.modules) for s in proposal.services)]
    for owner, paths in groups:
        for path in paths:
            if path.startswith("src/") and path.endswith(".rs"):
                owners[module_parts(path)] = (owner, path)
    return owners


def _rewrite_paths(roots: tuple[Path, Path], proposal: ExtractProposal, service: ServiceSpec,
                   pending: list[RustModule], texts: dict[str, str], links: Links,
                   moved: Moved) -> dict[str, str]:
    """Each moved file with its `crate::` paths pointed at the crate that now holds them
    (`roots`: the package being split, and the folder `libs/` and `services/` are under);
    top-level `use super::..` and grouped `use crate::a::{..}` written out first
    (rust_paths)."""
    member, crates = roots
    owners = _module_owners(proposal)
    cut = {(e.source, e.target): e.names for e in proposal.edges}
    out = {}
    for module in pending:
        text = rust_paths.absolute_super(texts[module.old_path], module.parts)
        lines = rust_paths.split_groups(text, owners, service.name).splitlines(keepends=True)
        for number, line in enumerate(lines, 1):
            site = (f"{module.old_path}:{number}", module.old_path, service.name)

            def pointed(match: re.Match[str], site: tuple[str, str, str] = site) -> str:
                found = rust_paths.resolve(member, owners, tuple(match.group(1).split("::")))
                return _target(crates, found, match.group(0), site, cut, links, moved)

            lines[number - 1] = rust_paths.CRATE_PATH.sub(pointed, line)
        out[module.old_path] = "".join(lines)
        _extracted_uses(crates, out[module.old_path], (module.old_path, service.name), owners,
                        cut, links, moved)
    return out


def _extracted_uses(root: Path, text: str, site: tuple[str, str],
                    owners: dict[tuple[str, ...], tuple[str, str]],
                    cut: dict[tuple[str, str], tuple[str, ...]], links: Links,
                    moved: Moved) -> None:
    """Paths an earlier extraction already pointed at its crate (`user_common::x`,
    `streams_service::x`): the shared library is fine, another service only over a cut edge."""
    source, service = site
    if re.search(rf"\b{links.common[1]}::", text):
        links.uses_common = True
    for owner, paths in {o: p for o, p in _services_of(owners).items() if o != service}.items():
        other = service_crate(owner)
        for number, line in enumerate(text.splitlines(), 1):
            for match in re.finditer(rf"\b{other.ident}::(\w+)(?:::(\w+))?", line):
                found = _owner_of(owners, match.group(1), match.group(2))
                target = found[1] if found is not None else ""
                if target in paths and (source, target) in cut:
                    links.services[owner] = other
                else:
                    moved.refusals.append(Skipped(
                        SkipKind.DEPENDENCY, f"the service uses {match.group(0)} (service "
                        f"{owner}), an edge the proposal does not cut; move it in the "
                        "proposal, or the use out of the service", source, number))


def _services_of(owners: dict[tuple[str, ...], tuple[str, str]]) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for owner, path in owners.values():
        if owner not in ("shared", "entrypoint"):
            found.setdefault(owner, set()).add(path)
    return found


def _owner_of(owners: dict[tuple[str, ...], tuple[str, str]], first: str, second: str | None
              ) -> tuple[str, str] | None:
    if second is not None and (first, second) in owners:
        return owners[(first, second)]
    return owners.get((first,))


def _target(root: Path, found: rust_paths.Resolved | None, text: str,
            site: tuple[str, str, str], cut: dict[tuple[str, str], tuple[str, ...]],
            links: Links, moved: Moved) -> str:
    where, source, service = site
    owner, path = (found.owner, found.file) if found is not None else ("", "")
    if found is not None and found.followed:  # the name is a child's, re-exported
        text = "crate::" + "::".join(found.segments)
    if owner == service:
        return text
    if owner == "shared":
        return _to_common(root, text, path, where, links, moved)
    if owner not in ("", "entrypoint") and (source, path) in cut:
        return _to_service(root, text, (owner, path), where, links, moved)
    moved.refusals.append(_stays(where, text, (owner, path), service))
    return text


def _at(kind: SkipKind, where: str, message: str) -> Skipped:
    """A refusal at `where` (`path:line`)."""
    path, _, line = where.rpartition(":")
    return Skipped(kind, message, path, int(line))


def _stays(where: str, text: str, found: tuple[str, str], service: str) -> Skipped:
    """Refused: the path names a module no crate the service may depend on holds. The message
    names the module's file as the proposal lists it and the one edit that lets it move."""
    owner, path = found
    into = (' the proposal\'s "shared" modules (then run extract-common) or service '
            f'{service}\'s "modules"')
    if owner == "" and path:
        why = f'is in {path}, in no group of the proposal: add "{path}" to{into}'
    elif owner == "":
        why = ("names no module of the proposal: write the path of the module that defines "
               f"it, or add that module to{into}")
    elif owner == "entrypoint":
        why = f'is in {path}, an entrypoint that stays in the monolith: add "{path}" to{into}'
    else:
        why = (f"is in {path} of service {owner}, an edge the proposal does not cut: move "
               f'"{path}" from service {owner} to{into}')
    return _at(SkipKind.DEPENDENCY, where,
               f"the service uses {text}, which {why}; a service crate may depend only on the "
               "shared library and on the services the proposal cuts edges to")


def _to_common(root: Path, text: str, path: str, where: str, links: Links,
               moved: Moved) -> str:
    folder, ident = links.common
    if not (root / folder / path).is_file():
        moved.refusals.append(_at(SkipKind.DEPENDENCY, where,
                                  f"the service uses {text} of the shared library, which is "
                                  f"not in {folder} yet; run extract-common first"))
        return text
    links.uses_common = True
    return text.replace("crate::", f"{ident}::", 1)


def _to_service(root: Path, text: str, target: tuple[str, str], where: str, links: Links,
                moved: Moved) -> str:
    owner, path = target
    other = service_crate(owner)
    if not (root / other.folder / path).is_file():
        moved.refusals.append(_at(SkipKind.DEPENDENCY, where,
                                  f"the service uses {text} of service {owner}; the proposal "
                                  "cuts this edge (a call to be), but until then it is an "
                                  f"import: extract service {owner} first (a crate cannot "
                                  "depend on the monolith)"))
        return text
    links.services[owner] = other
    return text.replace("crate::", f"{other.ident}::", 1)


def _scaffold(root: Path, proposal: ExtractProposal, service: ServiceSpec, crate: ServiceCrate,
              pending: list[RustModule], routes: list[files.OwnedRoute], links: Links,
              moved: Moved) -> None:
    code = "\n".join(moved.texts[m.new_path] for m in pending)
    edges = files.edges_into(root, proposal, service, pending, crate)
    others = files.other_routes(proposal, service)
    if _framework(root) == "axum":
        made = _axum_files(root, (proposal, service, crate), code, routes, others, links, moved)
    else:
        wiring = _wiring(root, (proposal, service, crate), links, state.needed_data(code),
                         ("actix_web", routes))
        made = {
            f"{crate.folder}/Cargo.toml": files.manifest(root, crate, code, links,
                                                         ("actix_web", *wiring.crates)),
            f"{crate.folder}/src/routes.rs": files.routes_rs(crate, routes),
            f"{crate.folder}/src/main.rs": bins.actix_main(crate, routes, wiring),
            f"{crate.folder}/tests/routes.rs": files.routes_test(crate, routes, others),
        }
        _wiring_lines(wiring, moved)
    made[f"{crate.folder}/src/lib.rs"] = _crate_lints(root) + files.lib_rs(
        crate, [m.parts for m in pending], _macro_crate(root, links))
    made[f"{crate.folder}/README.md"] = files.readme(crate, pending, routes, edges, links)
    for path, text in made.items():
        moved.texts[path] = text
        moved.created.append(path)
        moved.lines.append(f"create {path}")
    moved.lines += [f"edge {edge}" for edge in edges]


Target = tuple[ExtractProposal, ServiceSpec, ServiceCrate]


def _axum_files(root: Path, target: Target, code: str, routes: list[files.OwnedRoute],
                others: list[tuple[str, str]], links: Links, moved: Moved) -> dict[str, str]:
    """routes.rs, the binary and the route test on axum; tokio serves, tower drives the test
    when the monolith has it (its test needs no state then)."""
    crate = target[2]
    state_type = axum.state_type(code, moved.refusals)
    wiring = _wiring(root, target, links, {state_type} - {""}, ("axum", routes))
    tower = "tower" in _dependency_lines(root)
    framework = ("axum", "tokio", "tower") if tower and not state_type else ("axum", "tokio")
    foreign = files.foreign_routes(routes, others)
    _wiring_lines(wiring, moved)
    return {
        f"{crate.folder}/Cargo.toml": files.manifest(root, crate, code, links,
                                                     (*framework, *wiring.crates)),
        f"{crate.folder}/src/routes.rs": axum.routes_rs(crate, routes, state_type,
                                                        bins.grouped(wiring)),
        f"{crate.folder}/src/main.rs": bins.axum_main(crate, routes, state_type, wiring),
        f"{crate.folder}/tests/routes.rs": axum.routes_test(crate, routes, foreign, state_type,
                                                            tower),
    }


def _wiring(root: Path, target: Target, links: Links, needed: set[str],
            served: tuple[str, list[files.OwnedRoute]]) -> state.Wiring:
    """What the binary takes from the monolith's `main`: the state the handlers extract
    (`needed`), the middleware around the owned routes."""
    proposal, service, crate = target
    framework, routes = served
    entry = root / state.ENTRYPOINT
    if not entry.is_file():
        return state.Wiring(blocked=[f"{t}: no {state.ENTRYPOINT} builds it"
                                     for t in sorted(needed)])
    read = inline.source(root)  # after split-entrypoint, init's and configure's bodies
    tree = parse(read.text).root_node
    externals = frozenset(ident for ident, line in _dependency_lines(root).items()
                          if "path" not in line.split("=", 1)[1])
    common = links.common[1] if links.uses_common or (root / links.common[0]).is_dir() else ""
    scope = names.Scope(_module_owners(proposal), service.name, crate.ident, common,
                        frozenset(o.ident for o in links.services.values()), externals,
                        read.imports, monolith=_library(root))
    found = service_layers.owned_layers(root, [(r.method, r.path) for r in routes])
    sites = service_layers.Sites(root, service_layers.Site(tree, read.where, None), read.origin,
                                 inline.file_imports)
    wiring = state.wire(state.Main(tree, read.where), scope, needed, framework, found, sites)
    links.uses_common |= scope.uses_common
    wiring.crates = sorted(scope.crates)
    return wiring


def _library(root: Path) -> str:
    """The ident main.rs names the package's own library by, when it has one (lib + bin)."""
    package = crate_names(root)[2].get("package")
    name = package.get("name", "") if isinstance(package, dict) else ""
    return str(name).replace("-", "_") if (root / "src/lib.rs").is_file() else ""


def _wiring_lines(wiring: state.Wiring, moved: Moved) -> None:
    """The plan says what the binary repeats of `main`, what it leaves out, what blocks it."""
    moved.lines += [f"bin: repeats {c}" for c in wiring.carried]
    moved.lines += [f"bin: {n}" for n in wiring.notes]
    moved.lines += [f"bin: cannot build {b}; the binary stops at start (exit code 2) until "
                    "that is written" for b in wiring.blocked]


_LINT = re.compile(r"^#!\[(?:allow|warn|deny|forbid|expect)\(.*\)\]\s*$", re.M)


def _crate_lints(root: Path) -> str:
    """The monolith's crate-level lint levels (`#![allow(..)]` in lib.rs or main.rs) held for
    the moved code too: the new crate keeps them (Nova's `dependency_on_unit_never_type_fallback`
    is an error otherwise)."""
    found = [m.group(0).strip() for p in ("src/lib.rs", "src/main.rs") if (root / p).is_file()
             for m in _LINT.finditer((root / p).read_text(encoding="utf-8"))]
    return "".join(f"{line}\n" for line in dict.fromkeys(found))


def _macro_crate(root: Path, links: Links) -> str:
    """The shared library's ident when the monolith takes its macros (`#[macro_use] extern
    crate`): the service's lib does the same, its moved code may use them."""
    main = next((root / p for p in ("src/main.rs", "src/lib.rs") if (root / p).is_file()), None)
    ident = links.common[1]
    if main is None or not ident:
        return ""
    text = main.read_text(encoding="utf-8")
    return ident if re.search(rf"#\[macro_use\]\s*extern crate {ident};", text) else ""


def _root_manifest(root: Path, crate: ServiceCrate, moved: Moved) -> None:
    """The new crate becomes a workspace member and a dependency of the monolith."""
    text = moved.texts.get("Cargo.toml") or (root / "Cargo.toml").read_text(encoding="utf-8")
    dependency = f'{crate.package} = {{ path = "{crate.folder}" }}'
    if re.search(r"^\[workspace\]", text, re.M):
        text = re.sub(r"members\s*=\s*\[", f'members = ["{crate.folder}", ', text, count=1)
        text = text.replace("[dependencies]\n", f"[dependencies]\n{dependency}\n", 1)
    else:
        text = text.replace("[dependencies]\n", f'[workspace]\nmembers = ["{crate.folder}"]'
                            f"\n\n[dependencies]\n{dependency}\n", 1)
    moved.texts["Cargo.toml"] = text
    moved.lines.append(f"Cargo.toml: workspace member {crate.folder} and dependency "
                       f"{crate.package}")
